"""The list picker: type to filter reading lists, Enter to choose, or name a new one.

It is a small non-blocking dialog: the window opens it with ``open()`` and
listens for :attr:`ListPicker.chosen`. Besides adding papers to a list it
picks the list (or saved search) to rename, delete or take papers out of.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from readinglist.core.models import ReadingList, SavedSearch

NEW_ROLE = Qt.ItemDataRole.UserRole + 1
NAME_ROLE = Qt.ItemDataRole.UserRole + 2


class ListPicker(QDialog):
    """Picks (or creates) the reading list to add papers to.

    Args:
        lists: the existing lists, with counts (or saved searches).
        what: what is being added, for the prompt ("3 papers").
        parent: the window.
        title: the window title.
        prompt: the line above the filter (default "Add {what} to:").
        allow_new: offer to create a list of the name typed.
        verb: what Enter does, for the hint line.

    Signals:
        chosen(str, bool): the list name, and True when it is to be created.
    """

    chosen = Signal(str, bool)

    def __init__(
        self,
        lists: Sequence[ReadingList | SavedSearch],
        what: str,
        parent: QWidget | None = None,
        *,
        title: str = "Add to Reading List",
        prompt: str | None = None,
        allow_new: bool = True,
        verb: str = "adds",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("listPicker")
        self.setWindowTitle(title)
        self._lists = list(lists)
        self._allow_new = allow_new
        layout = QVBoxLayout(self)
        label = QLabel(prompt or f"Add {what} to:", self)
        label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(label)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText(
            "Type to filter, or name a new list" if allow_new else "Type to filter"
        )
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._refill)
        self.filter.installEventFilter(self)
        layout.addWidget(self.filter)
        self.choices = QListWidget(self)
        self.choices.itemActivated.connect(self._choose)
        layout.addWidget(self.choices)
        hint = QLabel(f"Enter {verb} \N{MIDDLE DOT} Esc cancels", self)
        hint.setEnabled(False)
        layout.addWidget(hint)
        self.resize(360, 320)
        self._refill("")

    def showEvent(self, event: QShowEvent) -> None:
        # Typing goes straight to the filter, whatever had focus before.
        super().showEvent(event)
        self.activateWindow()
        self.filter.setFocus(Qt.FocusReason.PopupFocusReason)

    def _refill(self, text: str) -> None:
        wanted = " ".join(text.split())
        folded = wanted.casefold()
        self.choices.clear()
        exact = any(rl.name.casefold() == folded for rl in self._lists)
        if wanted and not exact and self._allow_new:
            item = QListWidgetItem(
                f"Create list \N{LEFT DOUBLE QUOTATION MARK}"
                f"{wanted}\N{RIGHT DOUBLE QUOTATION MARK}"
            )
            item.setData(NEW_ROLE, True)
            item.setData(NAME_ROLE, wanted)
            self.choices.addItem(item)
        for rl in self._lists:
            if folded in rl.name.casefold():
                if isinstance(rl, ReadingList):
                    detail = f"{rl.count} paper" + ("" if rl.count == 1 else "s")
                else:
                    detail = rl.query
                item = QListWidgetItem(f"{rl.name}    ({detail})")
                item.setData(NEW_ROLE, False)
                item.setData(NAME_ROLE, rl.name)
                self.choices.addItem(item)
        # Prefer an existing list over creating one when the filter matches it.
        best = next(
            (
                row
                for row in range(self.choices.count())
                if not self.choices.item(row).data(NEW_ROLE)
            ),
            0,
        )
        if self.choices.count():
            self.choices.setCurrentRow(best)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Up, Down and Enter in the filter move and choose in the list below.
        if (
            watched is self.filter
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
        ):
            key = event.key()
            if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
                step = -1 if key == Qt.Key.Key_Up else 1
                row = self.choices.currentRow() + step
                if 0 <= row < self.choices.count():
                    self.choices.setCurrentRow(row)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._choose(self.choices.currentItem())
                return True
        return super().eventFilter(watched, event)

    def _choose(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        self.chosen.emit(str(item.data(NAME_ROLE)), bool(item.data(NEW_ROLE)))
        self.accept()
