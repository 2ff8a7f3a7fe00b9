"""The results pane: the paper table, a line of hints above it, and an empty state.

The hint line says when a query cannot be read (gently, while the previous
results stay) or that the table shows papers like one paper. An empty result
shows a message with a "did you mean" suggestion instead of a bare table: a
link to click, and a line saying which key takes it. While the search index
cannot answer (it is being rebuilt, or a rebuild stopped part-way) the table
gives way to the library's word on it, with the rebuild's progress or a button
to finish it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent, QMouseEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from readinglist.gui.models.papers import PaperTableModel
from readinglist.gui.text import blend, link_colour
from readinglist.gui.widgets import columns

PAUSED = "Search is paused"
"""The status line while the index's notice stands in for the results."""

_MOVE_KEYS = frozenset(
    {
        Qt.Key.Key_Home,
        Qt.Key.Key_End,
        Qt.Key.Key_Up,
        Qt.Key.Key_Down,
        Qt.Key.Key_PageUp,
        Qt.Key.Key_PageDown,
    }
)


class LinkLabel(QLabel):
    """Plain text that looks and acts like a link.

    Signals:
        clicked(): the label was clicked.
    """

    clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        font = QFont(self.font())
        font.setUnderline(True)
        self.setFont(font)
        self.setForegroundRole(QPalette.ColorRole.Link)
        self._colour_link()

    def _colour_link(self) -> None:
        # The theme's link colour, made readable on its base (dark themes
        # often keep a pure blue link colour).
        palette = QPalette()  # nothing set but the one colour below
        colour = link_colour(QApplication.palette(self))
        palette.setColor(QPalette.ColorRole.Link, colour)
        self._recolouring = True
        self.setPalette(palette)
        self._recolouring = False

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        recolouring = getattr(self, "_recolouring", True)
        changes = (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange)
        if event.type() in changes and not recolouring:
            self._colour_link()

    def mouseReleaseEvent(self, ev: QMouseEvent) -> None:
        if ev.button() == Qt.MouseButton.LeftButton and self.rect().contains(
            ev.position().toPoint()
        ):
            self.clicked.emit()
        super().mouseReleaseEvent(ev)


class PaperTable(QTableView):
    """The result table: rows of papers, multi-select, sorted by the search."""

    def __init__(self, model: PaperTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("paperTable")
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_moved)
        self._focus_moved(None, None)
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setShowGrid(False)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setTabKeyNavigation(False)
        vertical = self.verticalHeader()
        vertical.hide()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        )
        columns.set_up(self)
        self.setSortingEnabled(True)
        header.setSortIndicator(-1, Qt.SortOrder.DescendingOrder)
        # Rows can be dragged only while a reading list is shown in its order:
        # the model's flags allow it then, and it asks for the move itself.
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setDragDropOverwriteMode(False)
        self.setDropIndicatorShown(True)

    def _focus_moved(self, old: QWidget | None, new: QWidget | None) -> None:
        # Selected rows draw in the accent colour only while keys come here;
        # otherwise grey (as in Zotero), so the user sees where S or j goes.
        # A signal rather than a paint override: this runs once per move.
        palette = QPalette(self.palette())
        app = QApplication.palette()
        text = app.color(QPalette.ColorRole.Text)
        grey = blend(text, app.color(QPalette.ColorRole.Base), 0.18)
        focused = new is self
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            accent = focused and group == QPalette.ColorGroup.Active
            palette.setColor(
                group,
                QPalette.ColorRole.Highlight,
                app.color(group, QPalette.ColorRole.Highlight) if accent else grey,
            )
            palette.setColor(
                group,
                QPalette.ColorRole.HighlightedText,
                app.color(group, QPalette.ColorRole.HighlightedText)
                if accent
                else text,
            )
        self.setPalette(palette)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Qt lets Ctrl+Home, Ctrl+arrows and Ctrl+PgUp move the current row
        # without the selection; then the paper shown is not the one S, R or
        # Del act on. Such keys select the row they move to (Shift still
        # extends, Ctrl+Space still toggles). Not an override of
        # selectionCommand: Qt calls that with no event, and the bindings
        # then release None once too often until the interpreter aborts.
        modifiers = event.modifiers()
        super().keyPressEvent(event)
        if (
            modifiers & Qt.KeyboardModifier.ControlModifier
            and not modifiers & Qt.KeyboardModifier.ShiftModifier
            and event.key() in _MOVE_KEYS
            and self.currentIndex().isValid()
        ):
            flags = QItemSelectionModel.SelectionFlag
            self.selectionModel().select(
                self.currentIndex(), flags.ClearAndSelect | flags.Rows
            )

    def keyboardSearch(self, search: str) -> None:
        # Letters are commands here (s, r, l...), and a type-to-find search would
        # read every row of a lazy model; the search field is the way to find.
        return


class ResultsPane(QWidget):
    """The table with its hint line and empty state.

    Signals:
        suggestion_clicked(str): the user took the "did you mean" suggestion.
        like_closed(): the user left the "more like this" result.
    """

    suggestion_clicked = Signal(str)
    like_closed = Signal()
    rebuild_requested = Signal()

    def __init__(self, model: PaperTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)

        self.hint_bar = QFrame(self)
        self.hint_bar.setObjectName("hintBar")
        self.hint_bar.setAutoFillBackground(True)
        self.hint_bar.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        hint_row = QHBoxLayout(self.hint_bar)
        hint_row.setContentsMargins(10, 5, 6, 5)
        self.hint = QLabel(self.hint_bar)
        self.hint.setObjectName("queryHint")
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        self.hint.setWordWrap(True)
        hint_row.addWidget(self.hint, 1)
        self.hint_close = QToolButton(self.hint_bar)
        self.hint_close.setText("Back to Search")
        self.hint_close.setAutoRaise(True)
        self.hint_close.clicked.connect(self.like_closed.emit)
        hint_row.addWidget(self.hint_close)
        self.hint_bar.hide()
        layout.addWidget(self.hint_bar)

        self.offered = False
        """True while a "did you mean" is offered."""
        self.stack = QStackedWidget(self)
        self.table = PaperTable(model, self.stack)
        self.stack.addWidget(self.table)
        self.stack.addWidget(self._build_empty())
        self.stack.addWidget(self._build_notice())
        layout.addWidget(self.stack, 1)

    def _build_empty(self) -> QWidget:
        panel = QWidget(self.stack)
        panel.setAutoFillBackground(True)
        panel.setBackgroundRole(QPalette.ColorRole.Base)
        column = QVBoxLayout(panel)
        column.addStretch(1)
        self.empty_message = QLabel(panel)
        self.empty_message.setObjectName("emptyMessage")
        self.empty_message.setTextFormat(Qt.TextFormat.PlainText)
        self.empty_message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_message.setWordWrap(True)
        font = QFont(self.empty_message.font())
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.empty_message.setFont(font)
        column.addWidget(self.empty_message)
        row = QHBoxLayout()
        row.setSpacing(0)
        row.addStretch(1)
        self.suggestion_prefix = QLabel("Did you mean\N{NO-BREAK SPACE}", panel)
        row.addWidget(self.suggestion_prefix)
        self.suggestion = LinkLabel(panel)
        self.suggestion.setObjectName("suggestion")
        self.suggestion.clicked.connect(
            lambda: self.suggestion_clicked.emit(self.suggestion.text())
        )
        row.addWidget(self.suggestion)
        self.suggestion_suffix = QLabel("?", panel)
        row.addWidget(self.suggestion_suffix)
        row.addStretch(1)
        column.addLayout(row)
        self.suggestion_keys = QLabel(panel)
        self.suggestion_keys.setObjectName("suggestionKeys")
        self.suggestion_keys.setTextFormat(Qt.TextFormat.PlainText)
        self.suggestion_keys.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.suggestion_keys.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        column.addWidget(self.suggestion_keys)
        self._suggestion_key = "Enter"
        tips = QLabel(
            "Search looks in titles, abstracts and notes: try fewer words, "
            "or a prefix such as diffu*.",
            panel,
        )
        tips.setWordWrap(True)
        tips.setAlignment(Qt.AlignmentFlag.AlignCenter)
        tips.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        column.addSpacing(6)
        column.addWidget(tips)
        column.addStretch(2)
        return panel

    def _build_notice(self) -> QWidget:
        panel = QWidget(self.stack)
        panel.setObjectName("indexNoticePage")
        panel.setAutoFillBackground(True)
        panel.setBackgroundRole(QPalette.ColorRole.Base)
        column = QVBoxLayout(panel)
        column.setContentsMargins(32, 0, 32, 0)
        column.addStretch(1)
        self.notice = QLabel(panel)
        self.notice.setObjectName("indexNotice")
        self.notice.setTextFormat(Qt.TextFormat.PlainText)
        self.notice.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.notice.setWordWrap(True)
        font = QFont(self.notice.font())
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.notice.setFont(font)
        column.addWidget(self.notice)
        column.addSpacing(10)
        self.notice_progress = QProgressBar(panel)
        self.notice_progress.setObjectName("indexProgress")
        self.notice_progress.setMaximumWidth(420)
        column.addWidget(self.notice_progress, 0, Qt.AlignmentFlag.AlignHCenter)
        self.rebuild_button = QPushButton("Rebuild Search Index", panel)
        self.rebuild_button.setObjectName("rebuildButton")
        self.rebuild_button.clicked.connect(self.rebuild_requested.emit)
        column.addWidget(self.rebuild_button, 0, Qt.AlignmentFlag.AlignHCenter)
        column.addStretch(2)
        return panel

    def show_notice(
        self,
        text: str,
        progress: tuple[int, int] | None = None,
        *,
        offer_rebuild: bool = False,
    ) -> None:
        """Show why the index cannot answer now, where the results go.

        Args:
            text: the library's message, plain text.
            progress: papers done and in all, while a rebuild runs.
            offer_rebuild: show the button that rebuilds the index.
        """
        self.notice.setText(text)
        self.notice_progress.setVisible(progress is not None)
        if progress is not None:
            done, total = progress
            self.notice_progress.setRange(0, max(total, 1))
            self.notice_progress.setValue(min(done, max(total, 1)))
        self.rebuild_button.setVisible(offer_rebuild)
        self.hint_bar.hide()
        self.stack.setCurrentIndex(2)

    @property
    def notice_shown(self) -> bool:
        """True while the index's notice stands in for the results."""
        return self.stack.currentIndex() == 2

    def show_hint(self, text: str, *, closable: bool = False) -> None:
        """Show ``text`` above the table; an empty text hides the line.

        Args:
            text: the hint, plain text.
            closable: offer a button that leaves "more like this".
        """
        self.hint.setText(text)
        self.hint_close.setVisible(closable)
        self.hint_bar.setVisible(bool(text))

    def set_suggestion_key(self, key: str) -> None:
        """Name the key that takes a suggestion (the user may have changed it).

        Args:
            key: the key's text, such as "Enter"; empty if it has none.
        """
        self._suggestion_key = key

    def show_empty(self, message: str, suggestion: str | None) -> None:
        """Replace the table with ``message`` and an optional suggestion.

        Args:
            message: why the table is empty, plain text.
            suggestion: a query to offer as a link, or None.
        """
        self.empty_message.setText(message)
        offered = bool(suggestion)
        for widget in (self.suggestion_prefix, self.suggestion, self.suggestion_suffix):
            widget.setVisible(offered)
        self.suggestion.setText((suggestion or "").strip())
        key = self._suggestion_key
        self.suggestion_keys.setText(f"Press {key} to search for it" if key else "")
        self.suggestion_keys.setVisible(offered and bool(key))
        self.offered = offered
        self.stack.setCurrentIndex(1)

    def show_table(self) -> None:
        """Show the table (there are results)."""
        self.stack.setCurrentIndex(0)

    @property
    def empty(self) -> bool:
        """True while the empty state is shown."""
        return self.stack.currentIndex() == 1
