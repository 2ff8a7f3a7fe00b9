"""Reading-list chips: small rounded labels that wrap like words in a line.

Each chip names a list the paper is in and has a button to take it out. The
names are user data, so they are plain-text labels (a list called ``R&D`` shows
an ampersand, not a keyboard mnemonic).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLayoutItem,
    QSizePolicy,
    QToolButton,
    QWidget,
)


class FlowLayout(QLayout):
    """Lays widgets out left to right, wrapping onto new lines as needed."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._gap = spacing
        self.setContentsMargins(QMargins(0, 0, 0, 0))

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        return size

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        x, y, line = rect.x(), rect.y(), 0
        for item in self._items:
            hint = item.sizeHint()
            if x + hint.width() > rect.right() + 1 and line > 0:
                x, y, line = rect.x(), y + line + self._gap, 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._gap
            line = max(line, hint.height())
        return y + line - rect.y()


class Chip(QFrame):
    """One list name with a small remove button.

    Signals:
        remove_clicked(str): the list to take the paper out of.
    """

    remove_clicked = Signal(str)

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.setObjectName("chip")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 1, 2, 1)
        layout.setSpacing(2)
        label = QLabel(name, self)
        label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(label)
        remove = QToolButton(self)
        remove.setText("\N{MULTIPLICATION SIGN}")
        remove.setAutoRaise(True)
        remove.setToolTip("Take the paper out of this list")
        remove.setAccessibleName(f"Remove from {name}")
        remove.setCursor(Qt.CursorShape.PointingHandCursor)
        remove.clicked.connect(lambda: self.remove_clicked.emit(self.name))
        layout.addWidget(remove)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)


class ChipRow(QWidget):
    """The lists a paper is in, as chips.

    Signals:
        remove_clicked(str): take the paper out of the named list.
    """

    remove_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = FlowLayout(self)
        self._names: tuple[str, ...] = ()
        self._chips: list[Chip] = []

    def set_names(self, names: Sequence[str]) -> None:
        """Show one chip per list name."""
        if tuple(names) == self._names:
            return
        self._names = tuple(names)
        while (item := self._layout.takeAt(0)) is not None:
            widget = item.widget()
            if widget is not None:
                widget.deleteLater()
        self._chips = []
        for name in names:
            chip = Chip(name, self)
            chip.remove_clicked.connect(self.remove_clicked)
            self._layout.addWidget(chip)
            self._chips.append(chip)
        self._layout.invalidate()
        self.updateGeometry()

    def chips(self) -> list[Chip]:
        """The chips shown, in order."""
        return list(self._chips)
