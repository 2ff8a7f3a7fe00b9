"""Commands that take a paper outside the app: its web page, its citation key.

O opens the paper's own page in the browser (or a Hugging Face papers search
for its title when no link is known); Copy Citation Key puts the keys of the
selected papers on the clipboard, ready for ``\\cite{}``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication

from readinglist.core.library import Library
from readinglist.core.models import Paper
from readinglist.core.weblinks import is_web_url, paper_page_url


class PaperLinks(QObject):
    """Opens papers' pages and copies their citation keys.

    Args:
        library: the open library.
        current: the paper shown in the paper view, if any.
        selected: the ids the paper commands act on, in table order.
        parent: the window.

    Signals:
        notice(str): what was done, for the status bar.
    """

    notice = Signal(str)

    def __init__(
        self,
        library: Library,
        current: Callable[[], Paper | None],
        selected: Callable[[], list[str]],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._library = library
        self._current = current
        self._selected = selected

    def open_paper(self) -> None:
        """Open the current paper's page in the browser."""
        paper = self._current()
        if paper is None:
            self.notice.emit("Select a paper to open its page.")
            return
        url = paper_page_url(paper)
        if not is_web_url(url):  # paper_page_url only gives web addresses
            return
        QDesktopServices.openUrl(QUrl(url, QUrl.ParsingMode.StrictMode))
        self.notice.emit(f"Opened {url} in the browser.")

    def copy_citation_keys(self) -> None:
        """Copy the selected papers' citation keys, comma-separated."""
        ids = self._selected()
        if not ids:
            self.notice.emit("Select the papers whose keys to copy first.")
            return
        keys = self._library.citation_keys(ids)
        text = ",".join(keys)
        QGuiApplication.clipboard().setText(text)
        if len(keys) == 1:
            self.notice.emit(f"Copied the citation key {text} for \\cite{{}}.")
        else:
            self.notice.emit(f"Copied {len(keys)} citation keys for \\cite{{}}.")
