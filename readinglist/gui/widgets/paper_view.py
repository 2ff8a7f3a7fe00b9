"""The paper view: one paper's title, facts and abstract, its lists and the note.

The view shows what it is given and asks for changes by signal (star, status,
lists, more like this); the window does the work through the library and
hands the updated paper back. A banner over the note says when a note could
not be saved (and that it is kept and saved again), with a button to retry.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QEvent, QObject, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QFont, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from readinglist.core.models import Highlight, Paper, Status
from readinglist.core.weblinks import WEB_SCHEMES, is_web_url
from readinglist.gui.text import blend, sentence, star_colour
from readinglist.gui.widgets.chips import ChipRow, FlowLayout
from readinglist.gui.widgets.note_editor import NoteEditor
from readinglist.gui.widgets.paper_document import render_paper

STAR_ON = "\N{BLACK STAR}  Starred"
STAR_OFF = "\N{WHITE STAR}  Star"


def _muted_label(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    # A role, not a colour, so the label follows a switch to a dark theme.
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


class PaperView(QWidget):
    """Shows one paper, or a hint when none is selected.

    Signals:
        star_requested(bool): star (True) or unstar the paper.
        status_requested(str): set the read status.
        list_add_requested(): open the list picker.
        list_remove_requested(str): take the paper out of the named list.
        more_like_this_requested(): show papers like this one.
    """

    star_requested = Signal(bool)
    status_requested = Signal(str)
    list_add_requested = Signal()
    list_remove_requested = Signal(str)
    more_like_this_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._paper: Paper | None = None
        self._highlights: tuple[Highlight, ...] = ()
        self._hrefs: frozenset[str] = frozenset()
        self._stack = QStackedWidget(self)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self._stack)

        self._empty = _muted_label(
            "Select a paper to read its abstract and notes.", self
        )
        self._empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._empty.setWordWrap(True)
        self._stack.addWidget(self._empty)

        content = QWidget(self)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._build_actions(content))
        self.splitter = QSplitter(Qt.Orientation.Vertical, content)
        self.splitter.setObjectName("paperSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.browser = QTextBrowser(self.splitter)
        self.browser.setObjectName("paperText")
        self.browser.setOpenLinks(False)
        self.browser.setFrameShape(QFrame.Shape.NoFrame)
        self.browser.document().setDocumentMargin(16)
        self.browser.anchorClicked.connect(self._open_link)
        self.browser.installEventFilter(self)
        self.splitter.addWidget(self.browser)
        self.splitter.addWidget(self._build_note(self.splitter))
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        layout.addWidget(self.splitter, 1)
        self._stack.addWidget(content)

    def _build_actions(self, parent: QWidget) -> QWidget:
        bar = QFrame(parent)
        bar.setObjectName("paperActions")
        column = QVBoxLayout(bar)
        column.setContentsMargins(12, 8, 12, 8)
        column.setSpacing(6)
        # The buttons wrap onto a second line in a narrow window.
        buttons = QWidget(bar)
        row = FlowLayout(buttons, spacing=6)
        self.star_button = QToolButton(bar)
        self.star_button.setCheckable(True)
        self.star_button.setText(STAR_OFF)
        self.star_button.clicked.connect(self.star_requested.emit)
        row.addWidget(self.star_button)
        self.status_box = QComboBox(bar)
        for status in Status:
            self.status_box.addItem(status.value.capitalize(), status.value)
        self.status_box.activated.connect(
            lambda i: self.status_requested.emit(self.status_box.itemData(i))
        )
        row.addWidget(self.status_box)
        self.list_button = QToolButton(bar)
        self.list_button.setText("Add to List\N{HORIZONTAL ELLIPSIS}")
        self.list_button.clicked.connect(self.list_add_requested.emit)
        row.addWidget(self.list_button)
        self.like_button = QToolButton(bar)
        self.like_button.setText("More Like This")
        self.like_button.clicked.connect(self.more_like_this_requested.emit)
        row.addWidget(self.like_button)
        column.addWidget(buttons)
        self.show_keys({})
        self.chips = ChipRow(bar)
        self.chips.remove_clicked.connect(self.list_remove_requested.emit)
        column.addWidget(self.chips)
        return bar

    def _build_note(self, parent: QWidget) -> QWidget:
        panel = QWidget(parent)
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(12, 8, 12, 12)
        layout.setSpacing(4)
        header = QHBoxLayout()
        title = QLabel("Note", panel)
        font = QFont(title.font())
        font.setWeight(QFont.Weight.DemiBold)
        title.setFont(font)
        header.addWidget(title)
        header.addStretch(1)
        self.note_state = _muted_label("", panel)
        header.addWidget(self.note_state)
        layout.addLayout(header)
        layout.addWidget(self._build_banner(panel))
        self.note = NoteEditor(panel)
        self.note.state_changed.connect(self.note_state.setText)
        self.note.state_changed.connect(lambda _: self._show_banner())
        self.note.unsaved_changed.connect(self._show_banner)
        self.retry_button.clicked.connect(self.note.flush)
        title.setBuddy(self.note)
        layout.addWidget(self.note, 1)
        return panel

    def _build_banner(self, parent: QWidget) -> QWidget:
        self.banner = QFrame(parent)
        self.banner.setObjectName("noteBanner")
        self.banner.setAutoFillBackground(True)
        palette = QPalette(self.banner.palette())
        warm = blend(star_colour(palette), palette.color(QPalette.ColorRole.Base), 0.2)
        palette.setColor(QPalette.ColorRole.Window, warm)
        self.banner.setPalette(palette)
        row = QHBoxLayout(self.banner)
        row.setContentsMargins(10, 6, 6, 6)
        self.banner_text = QLabel(self.banner)
        self.banner_text.setObjectName("noteBannerText")
        self.banner_text.setTextFormat(Qt.TextFormat.PlainText)
        self.banner_text.setWordWrap(True)
        row.addWidget(self.banner_text, 1)
        self.retry_button = QPushButton("Try Again", self.banner)
        row.addWidget(self.retry_button, 0, Qt.AlignmentFlag.AlignTop)
        self.banner.hide()
        return self.banner

    def _show_banner(self) -> None:
        failures = self.note.failures
        current = self.note.paper_id
        if not failures:
            self.banner.hide()
            return
        others = len(failures) - (current in failures)
        other_text = f"{others} other paper" + ("" if others == 1 else "s")
        if current in failures:
            text = (
                f"This note is not saved yet. {sentence(failures[current])} What "
                "you typed stays here and is saved as soon as the disk takes it."
            )
            if others:
                text += f" Notes on {other_text} are waiting too."
        else:
            reason = sentence(next(iter(failures.values())))
            text = (
                f"Notes on {other_text} are not saved yet. {reason} They are "
                "kept and saved as soon as the disk takes them."
            )
        self.banner_text.setText(text)
        self.banner.show()

    def show_keys(self, keys: Mapping[str, str]) -> None:
        """Name the keys of the buttons' commands in their tooltips.

        Args:
            keys: the first key of each command by name ("paper-star": "S").
        """
        tips = (
            (self.star_button, "Star or unstar this paper", "paper-star"),
            (self.status_box, "Read status", "paper-status-cycle"),
            (self.list_button, "Add this paper to a reading list", "list-add"),
            (self.like_button, "Show papers with similar abstracts", "more-like-this"),
        )
        for widget, tip, name in tips:
            key = keys.get(name)
            widget.setToolTip(f"{tip} ({key})" if key else tip)

    # -- showing papers -------------------------------------------------------

    @property
    def paper(self) -> Paper | None:
        """The paper shown, if any."""
        return self._paper

    def show_paper(
        self, paper: Paper | None, highlights: Sequence[Highlight] = ()
    ) -> None:
        """Show ``paper`` with the query's matches marked, or the empty hint.

        Showing the same paper again refreshes its facts, star, status and
        lists but leaves the note being typed alone.

        Args:
            paper: the paper, or None for the hint.
            highlights: where the current query matched.
        """
        same = (
            paper is not None
            and self._paper is not None
            and paper.paper_id == self._paper.paper_id
        )
        self._paper = paper
        self._highlights = tuple(highlights)
        if paper is None:
            self.note.load(None, "")
            self._stack.setCurrentIndex(0)
            return
        self._stack.setCurrentIndex(1)
        self._render(keep_scroll=same)
        self.star_button.setChecked(paper.starred)
        self.star_button.setText(STAR_ON if paper.starred else STAR_OFF)
        self.status_box.setCurrentIndex(self.status_box.findData(paper.status.value))
        self.chips.set_names(paper.lists)
        self.chips.setVisible(bool(paper.lists))
        self.note.load(paper.paper_id, paper.note)
        if same:
            self.note.reload(paper.paper_id, paper.note)

    def text(self) -> str:
        """The shown title, facts and abstract as plain text."""
        return self.browser.toPlainText()

    def _render(self, *, keep_scroll: bool = True) -> None:
        if self._paper is None:
            return
        scroll = self.browser.verticalScrollBar().value() if keep_scroll else 0
        self._hrefs = render_paper(
            self.browser.document(),
            self._paper,
            self._highlights,
            self.browser.palette(),
            self.browser.font(),
        )
        self.browser.verticalScrollBar().setValue(scroll)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Match and link colours come from the browser's palette: redraw once it
        # has changed (the system switched between light and dark).
        if watched is self.browser and event.type() in (
            QEvent.Type.PaletteChange,
            QEvent.Type.FontChange,
        ):
            self._render()
        return super().eventFilter(watched, event)

    def _open_link(self, url: QUrl) -> None:
        open_shown_link(url.toString(), self._hrefs)


def open_shown_link(href: str, shown: frozenset[str]) -> bool:
    """Open ``href`` in the browser if it is a web address the view shows.

    The address opened is the text shown, parsed strictly: nothing from a file
    reaches the system's URL handlers unless it reads as an http or https link.

    Args:
        href: the link clicked.
        shown: the links the view drew.

    Returns:
        True if the link was handed to the browser.
    """
    if href not in shown or not is_web_url(href):
        return False
    url = QUrl(href, QUrl.ParsingMode.StrictMode)
    if not url.isValid() or url.scheme().lower() not in WEB_SCHEMES:
        return False
    return QDesktopServices.openUrl(url)
