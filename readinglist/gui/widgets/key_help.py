"""The keyboard help: every command and its keys, over a dimmed window.

It is drawn from the keys in effect (the user's own included) and lists what
in the user's key file could not be honoured. It keeps every key to itself
while open, except its own (``?``, F1), which close it like Esc does.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QFont, QKeyEvent, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from readinglist.gui.text import is_dark, muted_colour

_CLOSE_KEYS = {Qt.Key.Key_Escape, Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Q}
_SCROLL_KEYS = {
    Qt.Key.Key_Up: -40,
    Qt.Key.Key_Down: 40,
    Qt.Key.Key_PageUp: -400,
    Qt.Key.Key_PageDown: 400,
}


@dataclass(frozen=True, slots=True)
class HelpRow:
    """One command in the help: what it does, its keys, where they work."""

    title: str
    keys: tuple[str, ...]
    where: str = ""


@dataclass(frozen=True, slots=True)
class HelpSection:
    """The commands of one menu."""

    title: str
    rows: tuple[HelpRow, ...]


def _label(text: str, parent: QWidget, *, muted: bool = False) -> QLabel:
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if muted:
        palette = label.palette()
        palette.setColor(label.foregroundRole(), muted_colour(palette))
        label.setPalette(palette)
    return label


def _keycap(text: str, parent: QWidget) -> QLabel:
    cap = _label(text, parent)
    cap.setObjectName("keycap")
    cap.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return cap


class KeyHelp(QWidget):
    """The overlay; call :meth:`present` to fill and show it.

    Args:
        window: the window it covers.
        passes: whether a key should reach the window's shortcuts while the
            help is open (its own keys, so they close it).

    Signals:
        closed(): the help was closed.
    """

    closed = Signal()

    def __init__(
        self, window: QWidget, passes: Callable[[QKeyEvent], bool] | None = None
    ) -> None:
        super().__init__(window)
        self.setObjectName("keyHelp")
        self._passes = passes or (lambda event: False)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.card = QFrame(self)
        self.card.setObjectName("keyHelpCard")
        self.card.setStyleSheet(
            "#keyHelpCard { background: palette(window); border: 1px solid "
            "palette(mid); border-radius: 10px; }"
            "#keycap { border: 1px solid palette(mid); border-radius: 4px; "
            "background: palette(base); padding: 1px 6px; min-width: 14px; }"
        )
        outer = QVBoxLayout(self.card)
        outer.setContentsMargins(24, 20, 24, 16)
        outer.setSpacing(10)
        self.heading = _label("Keyboard Shortcuts", self.card)
        font = QFont(self.heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setWeight(QFont.Weight.DemiBold)
        self.heading.setFont(font)
        outer.addWidget(self.heading)
        self.source = _label("", self.card, muted=True)
        self.source.setWordWrap(True)
        outer.addWidget(self.source)
        self.problems = _label("", self.card)
        self.problems.setObjectName("keyProblems")
        self.problems.setWordWrap(True)
        outer.addWidget(self.problems)
        self.area = QScrollArea(self.card)
        self.area.setWidgetResizable(True)
        self.area.setFrameShape(QFrame.Shape.NoFrame)
        self.area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        outer.addWidget(self.area, 1)
        self.footer = footer = _label(
            "",
            self.card,
            muted=True,
        )
        footer.setWordWrap(True)
        outer.addWidget(footer)
        window.installEventFilter(self)
        self.hide()

    def present(
        self,
        sections: Sequence[HelpSection],
        *,
        source: str,
        problems: Sequence[str] = (),
        palette_key: str = "",
    ) -> None:
        """Fill the help and show it over the window.

        Args:
            sections: the commands by menu.
            source: where the keys come from, one sentence.
            problems: what in the user's key file was not honoured.
            palette_key: the key that opens the command palette, if any.
        """
        self.source.setText(source)
        finds = f"{palette_key} finds any command by name" if palette_key else ""
        self.footer.setText(
            " \N{MIDDLE DOT} ".join(
                part
                for part in (
                    "Esc closes",
                    finds,
                    "keys without Ctrl or Alt wait while you type in a text field",
                )
                if part
            )
        )
        self.problems.setText(
            "Some of your keys could not be used:\n"
            + "\n".join(f"\N{BULLET} {p}" for p in problems)
        )
        palette = self.problems.palette()
        warning = QColor("#f2b8b5" if is_dark(palette) else "#b3261e")
        palette.setColor(self.problems.foregroundRole(), warning)
        self.problems.setPalette(palette)
        self.problems.setVisible(bool(problems))
        self.area.setWidget(self._grid(sections))
        window = self.parentWidget()
        if window is not None:
            self.setGeometry(window.rect())
        self._place_card()
        self.show()
        self.raise_()
        self.setFocus(Qt.FocusReason.PopupFocusReason)

    def _grid(self, sections: Sequence[HelpSection]) -> QWidget:
        body = QWidget()
        columns = QHBoxLayout(body)
        columns.setContentsMargins(0, 0, 8, 0)
        columns.setSpacing(32)
        sizes = [len(s.rows) + 2 for s in sections]
        # Split where the two columns come out closest in height.
        split = min(
            range(len(sections) + 1),
            key=lambda k: max(sum(sizes[:k]), sum(sizes[k:])),
        )
        for part in (sections[:split], sections[split:]):
            holder = QWidget(body)
            column = QGridLayout(holder)
            column.setContentsMargins(0, 0, 0, 0)
            column.setHorizontalSpacing(16)
            column.setVerticalSpacing(5)
            column.setColumnStretch(0, 1)
            columns.addWidget(holder, 1, Qt.AlignmentFlag.AlignTop)
            for section in part:
                self._section(holder, column, section)
        return body

    def _section(
        self, holder: QWidget, grid: QGridLayout, section: HelpSection
    ) -> None:
        row = grid.rowCount()
        title = _label(section.title.upper(), holder, muted=True)
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 0.82)
        font.setWeight(QFont.Weight.Bold)
        title.setFont(font)
        grid.addWidget(title, row, 0, 1, 2)
        if row:
            grid.setRowMinimumHeight(row, title.sizeHint().height() + 14)
            grid.setAlignment(title, Qt.AlignmentFlag.AlignBottom)
        height = title.fontMetrics().height() + 10
        for entry in section.rows:
            row = grid.rowCount()
            # Every row as tall as a key, so rows without keys line up too.
            grid.setRowMinimumHeight(row, height)
            what = QWidget(holder)
            words = QVBoxLayout(what)
            words.setContentsMargins(0, 0, 0, 0)
            words.setSpacing(0)
            words.addWidget(_label(entry.title, what))
            if entry.where:
                # On a line of its own, wrapped: beside the title it was cut
                # off in a window of 1150 pixels.
                where = _label(entry.where, what, muted=True)
                where.setWordWrap(True)
                words.addWidget(where)
            grid.addWidget(what, row, 0)
            keys = QWidget(holder)
            line = QHBoxLayout(keys)
            line.setContentsMargins(0, 0, 0, 0)
            line.setSpacing(4)
            line.addStretch(1)
            for n, key in enumerate(entry.keys):
                if n:
                    line.addWidget(_label("or", keys, muted=True))
                line.addWidget(_keycap(key, keys))
            if not entry.keys:
                line.addWidget(_label("palette", keys, muted=True))
            # Keys keep their width; a long title gives way instead.
            keys.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
            what.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            grid.addWidget(keys, row, 1, Qt.AlignmentFlag.AlignRight)

    def _place_card(self) -> None:
        width = min(self.width() - 64, 940)
        # As tall as the help needs, but no taller than the window allows.
        inner = width - 48
        parts = [self.heading, self.source, self.problems, self.footer]
        needed = 56 + sum(
            (
                label.heightForWidth(inner)
                if label.wordWrap()
                else label.sizeHint().height()
            )
            + 10
            for label in parts
            if not label.isHidden()
        )
        body = self.area.widget()
        needed += body.sizeHint().height() if body is not None else 0
        height = min(self.height() - 48, needed)
        self.card.setGeometry(
            (self.width() - width) // 2, (self.height() - height) // 2, width, height
        )

    def dismiss(self) -> None:
        """Close the help."""
        if self.isVisible():
            self.hide()
            self.closed.emit()

    def text(self) -> str:
        """Everything the help says, as plain lines (for tests and screen readers)."""
        return "\n".join(label.text() for label in self.findChildren(QLabel))

    def paintEvent(self, event: QPaintEvent) -> None:
        # Dim the window behind, so the card reads as being on top.
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(0, 0, 0, 96))
        painter.end()

    def event(self, e: QEvent) -> bool:
        if (
            e.type() == QEvent.Type.ShortcutOverride
            and isinstance(e, QKeyEvent)
            and not self._passes(e)
        ):
            e.accept()
            return True
        if e.type() == QEvent.Type.Resize:
            self._place_card()
        return super().event(e)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in _SCROLL_KEYS:
            bar = self.area.verticalScrollBar()
            bar.setValue(bar.value() + _SCROLL_KEYS[Qt.Key(key)])
        elif key in _CLOSE_KEYS:
            self.dismiss()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if not self.card.geometry().contains(event.position().toPoint()):
            self.dismiss()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Follow the window's size while shown.
        window = self.parentWidget()
        if watched is window and event.type() == QEvent.Type.Resize:
            self.setGeometry(window.rect())
        return False
