"""The command palette: type a few letters, press Enter, and it is done.

It lists every command with its keys, and the reading lists and saved
searches to jump to, filtered fuzzily as the user types (see
:mod:`readinglist.gui.matching`). It floats over the top of the window and
keeps every other key to itself while open: Up and Down move, Enter runs,
Esc closes. Under the list, a line says what the current entry does.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import shiboken6
from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeyEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QGraphicsDropShadowEffect,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from readinglist.gui.icons import search_icon
from readinglist.gui.matching import Entry, rank
from readinglist.gui.text import muted_colour

ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1
MATCH_ROLE = Qt.ItemDataRole.UserRole + 2
VISIBLE_ROWS = 11
_MOVES = {
    Qt.Key.Key_Up: -1,
    Qt.Key.Key_Down: 1,
    Qt.Key.Key_PageUp: -VISIBLE_ROWS,
    Qt.Key.Key_PageDown: VISIBLE_ROWS,
}


class _Delegate(QStyledItemDelegate):
    """Draws an entry: its text with the matched letters bold, detail at right."""

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        # No width of its own: a row is as wide as the list's viewport, so the
        # keys at its right end stay clear of the scroll bar.
        return QSize(0, option.fontMetrics.height() + 12)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        entry = index.data(ENTRY_ROLE)
        if not isinstance(entry, Entry):
            return
        marks = set(index.data(MATCH_ROLE) or ())
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        palette = opt.palette
        main = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        soft = main if selected else muted_colour(palette)
        painter.save()
        rect = opt.rect.adjusted(12, 0, -12, 0)
        detail_width = 0
        if entry.detail:
            painter.setPen(soft)
            painter.drawText(
                rect,
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                entry.detail,
            )
            detail_width = opt.fontMetrics.horizontalAdvance(entry.detail) + 24
        self._draw_text(
            painter,
            opt,
            entry,
            rect.adjusted(0, 0, -detail_width, 0),
            marks=marks,
            colour=main if entry.enabled else soft,
        )
        painter.restore()

    @staticmethod
    def _draw_text(
        painter: QPainter,
        opt: QStyleOptionViewItem,
        entry: Entry,
        rect: QRect,
        *,
        marks: set[int],
        colour: QColor,
    ) -> None:
        plain = QFont(opt.font)
        bold = QFont(opt.font)
        bold.setWeight(QFont.Weight.Bold)
        painter.setPen(colour)
        # Runs of plain and bold letters, drawn one after another.
        runs: list[tuple[bool, str]] = []
        for n, char in enumerate(entry.text):
            marked = n in marks
            if runs and runs[-1][0] == marked:
                runs[-1] = (marked, runs[-1][1] + char)
            else:
                runs.append((marked, char))
        widths = [
            QFontMetrics(bold if m else plain).horizontalAdvance(t) for m, t in runs
        ]
        align = Qt.AlignmentFlag.AlignVCenter
        if sum(widths) > rect.width():
            painter.setFont(plain)
            elided = QFontMetrics(plain).elidedText(
                entry.text, Qt.TextElideMode.ElideRight, rect.width()
            )
            painter.drawText(rect, align, elided)
            return
        x = rect.x()
        for (marked, run), width in zip(runs, widths, strict=True):
            painter.setFont(bold if marked else plain)
            painter.drawText(QRect(x, rect.y(), width + 1, rect.height()), align, run)
            x += width


class CommandPalette(QFrame):
    """The palette, floating over the top of ``window``.

    Args:
        window: the main window it floats over.
        passes: whether a key should reach the window's own shortcuts while
            the palette is open (the palette's own keys, to close it).

    Signals:
        chosen(Entry): the user ran an entry; the palette has closed.
        closed(): the palette closed, by choice or not.
    """

    chosen = Signal(object)
    closed = Signal()

    def __init__(
        self, window: QWidget, passes: Callable[[QKeyEvent], bool] | None = None
    ) -> None:
        super().__init__(window)
        self.setObjectName("commandPalette")
        self._passes = passes or (lambda event: False)
        self._entries: list[Entry] = []
        self._return_to: QWidget | None = None
        # Where the text cursor of a line edit was: (position, selection).
        self._return_cursor = (0, 0, 0)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        shadow = QGraphicsDropShadowEffect(self)
        shadow.setBlurRadius(28)
        shadow.setOffset(0, 6)
        shadow.setColor(QColor(0, 0, 0, 90))
        self.setGraphicsEffect(shadow)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        self.filter = self._make_filter()
        layout.addWidget(self.filter)
        self.choices = QListWidget(self)
        self.choices.setObjectName("paletteChoices")
        self.choices.setItemDelegate(_Delegate(self.choices))
        self.choices.setFrameShape(QFrame.Shape.NoFrame)
        self.choices.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.choices.setUniformItemSizes(True)
        # Long texts are elided; sideways scrolling would only hide the keys.
        self.choices.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.choices.itemClicked.connect(self._choose)
        layout.addWidget(self.choices)
        self.tip = QLabel(self)
        self.tip.setObjectName("paletteTip")
        self.tip.setTextFormat(Qt.TextFormat.PlainText)
        self.tip.setIndent(4)
        tip_palette = self.tip.palette()
        tip_palette.setColor(self.tip.foregroundRole(), muted_colour(tip_palette))
        self.tip.setPalette(tip_palette)
        self.choices.currentRowChanged.connect(lambda _: self._show_tip())
        layout.addWidget(self.tip)
        self.hide()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_moved)

    def _make_filter(self) -> QLineEdit:
        """The line the user types into, with a search icon, a bit larger."""
        edit = QLineEdit(self)
        edit.setObjectName("paletteFilter")
        edit.setPlaceholderText("Type a command, a reading list or a saved search")
        edit.setClearButtonEnabled(True)
        font = QFont(edit.font())
        font.setPointSizeF(font.pointSizeF() * 1.12)
        edit.setFont(font)
        edit.setMinimumHeight(edit.sizeHint().height() + 6)
        edit.addAction(
            search_icon(edit.palette()), QLineEdit.ActionPosition.LeadingPosition
        )
        edit.textChanged.connect(self._refill)
        edit.installEventFilter(self)
        return edit

    def popup(self, entries: Sequence[Entry]) -> None:
        """Open with these entries, the filter empty and focused.

        Args:
            entries: every command, list and saved search, in display order.
        """
        self._entries = list(entries)
        self._return_to = back = QApplication.focusWidget()
        if isinstance(back, QLineEdit):
            self._return_cursor = (
                back.cursorPosition(),
                back.selectionStart(),
                len(back.selectedText()),
            )
        self.filter.clear()
        self._refill("")
        self._place()
        self.show()
        self.raise_()
        self.filter.setFocus(Qt.FocusReason.PopupFocusReason)

    def dismiss(self, *, give_back: bool = True) -> None:
        """Close without running anything.

        Args:
            give_back: return the focus to where it was before the palette.
        """
        if not self.isVisible():
            return
        self.hide()
        back = self._return_to
        self._return_to = None
        if give_back and back is not None and shiboken6.isValid(back):
            back.setFocus(Qt.FocusReason.PopupFocusReason)
            if isinstance(back, QLineEdit):
                # Focus selects a line edit's text; then the next key typed
                # would replace the query. Put its cursor back as it was.
                position, start, length = self._return_cursor
                back.deselect()
                if length:
                    back.setSelection(start, length)
                else:
                    back.setCursorPosition(position)
        self.closed.emit()

    def current(self) -> Entry | None:
        """The entry Enter would run."""
        item = self.choices.currentItem()
        entry = item.data(ENTRY_ROLE) if item is not None else None
        return entry if isinstance(entry, Entry) else None

    def texts(self) -> list[str]:
        """The text of each line shown, in order."""
        return [str(self.choices.item(i).text()) for i in range(self.choices.count())]

    def _show_tip(self) -> None:
        entry = self.current()
        self.choices.setVisible(self.choices.count() > 0)
        if entry is None and self.filter.text().strip():
            typed = self.filter.text().strip()
            self.tip.setText(
                "No command, reading list or saved search matches "
                f"\N{LEFT DOUBLE QUOTATION MARK}{typed}\N{RIGHT DOUBLE QUOTATION MARK}."
            )
            return
        hint = "Enter runs \N{MIDDLE DOT} Esc closes"
        if entry is not None and entry.tip:
            hint = f"{entry.tip} \N{MIDDLE DOT} {hint}"
        self.tip.setText(hint)

    def _place(self) -> None:
        parent = self.parentWidget()
        if parent is None:
            return
        width = min(640, parent.width() - 48)
        rows = min(max(self.choices.count(), 1), VISIBLE_ROWS)
        row_height = self.fontMetrics().height() + 12
        self.choices.setFixedHeight(rows * row_height + 4)
        self.setFixedWidth(width)
        self.adjustSize()
        self.move((parent.width() - width) // 2, 48)

    def _refill(self, text: str) -> None:
        self.choices.clear()
        for entry, marks in rank(self._entries, text):
            item = QListWidgetItem(entry.text)
            item.setData(ENTRY_ROLE, entry)
            item.setData(MATCH_ROLE, marks)
            self.choices.addItem(item)
        if self.choices.count():
            self.choices.setCurrentRow(0)
        self._show_tip()
        # As tall as the lines that match, so the window behind shows more.
        self._place()

    def _choose(self, item: QListWidgetItem | None = None) -> None:
        entry = item.data(ENTRY_ROLE) if item is not None else self.current()
        if not isinstance(entry, Entry):
            return
        self.dismiss()
        self.chosen.emit(entry)

    def _focus_moved(self, old: QWidget | None, new: QWidget | None) -> None:
        # Clicking elsewhere closes the palette, as with any popup.
        if self.isVisible() and (new is None or not self.isAncestorOf(new)):
            self.dismiss(give_back=False)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is not self.filter or not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        if event.type() == QEvent.Type.ShortcutOverride:
            # Every key is the palette's while it is open, but its own keys.
            if not self._passes(event):
                event.accept()
            return False
        if event.type() != QEvent.Type.KeyPress:
            return False
        key = event.key()
        if key in _MOVES:
            count = self.choices.count()
            if count:
                row = self.choices.currentRow() + _MOVES[Qt.Key(key)]
                self.choices.setCurrentRow(min(max(row, 0), count - 1))
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._choose()
            return True
        if key == Qt.Key.Key_Escape:
            self.dismiss()
            return True
        return False
