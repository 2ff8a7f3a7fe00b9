"""Links read from files: only web addresses are links, and only they open."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from pytestqt.qtbot import QtBot

from readinglist.core import Library
from readinglist.gui.widgets import paper_view
from tests.unit.gui.conftest import WindowFactory
from tests.unit.gui.drive import press
from tests.unit.gui.test_text import anchors as document_anchors

BIB = """\
@misc{local,
  title = {A Paper With A Local Link},
  url = {file:///etc/passwd},
  abstract = {Code at https://github.com/example/code and nothing else.},
}
@misc{share,
  title = {A Paper On A Windows Share},
  url = {smb://host/share},
}
"""


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The addresses handed to the system's URL handlers."""
    calls: list[str] = []

    def open_url(url: QUrl) -> bool:
        calls.append(url.toString())
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", open_url)
    return calls


def anchors(window_view: paper_view.PaperView) -> list[str]:
    """Every link target in the paper view's text."""
    return [href for _, href in document_anchors(window_view.browser.document())]


def test_file_and_smb_links_are_text_and_never_opened(
    qtbot: QtBot,
    open_window: WindowFactory,
    library_dir: Path,
    tmp_path: Path,
    opened: list[str],
) -> None:
    bib = tmp_path / "links.bib"
    bib.write_text(BIB, encoding="utf-8")
    with Library.open(library_dir) as library:
        library.import_files([bib])
    window = open_window(library_dir)
    window.table.setFocus()
    shown: dict[str, list[str]] = {}
    for _ in range(window.model.rowCount()):
        paper = window.paper_view.paper
        assert paper is not None
        shown[paper.title] = anchors(window.paper_view)
        text = window.paper_view.text()
        assert paper.links[0] in text  # kept, as plain text
        press(window.table, Qt.Key.Key_J)
    assert shown["A Paper On A Windows Share"] == []
    assert shown["A Paper With A Local Link"] == ["https://github.com/example/code"]
    # Walk the links of the view from the keyboard and follow each one.
    for _ in range(window.model.rowCount()):
        press(window.table, Qt.Key.Key_Return)
        browser = window.paper_view.browser
        for _ in range(3):
            press(browser, Qt.Key.Key_Tab)
            press(browser, Qt.Key.Key_Return)
        window.table.setFocus()
        press(window.table, Qt.Key.Key_K)
    assert opened and set(opened) == {"https://github.com/example/code"}


def test_a_link_not_shown_is_not_opened(opened: list[str]) -> None:
    shown = frozenset({"https://example.org/a"})
    assert not paper_view.open_shown_link("file:///etc/passwd", shown)
    assert not paper_view.open_shown_link("https://example.org/b", shown)
    assert paper_view.open_shown_link("https://example.org/a", shown)
    assert opened == ["https://example.org/a"]
