"""A small dialog that asks for a name: a new list, a saved search, a rename.

It checks the name as it is typed and says plainly why one cannot be used
("A list named “Thesis” already exists."), or what using it will do, instead
of failing after the user pressed Enter. Open it with ``open()``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

Check = Callable[[str], tuple[bool, str]]
"""Judges a cleaned name: whether it may be used, and a line to show."""


def clean_name(text: str) -> str:
    """A name as stored: runs of spaces made one, no spaces at the ends."""
    return " ".join(text.split())


class NameDialog(QDialog):
    """Asks for a name, checking it as it is typed.

    Args:
        title: the window title ("New Reading List").
        prompt: the line above the field ("Name of the new list:").
        parent: the window.
        text: the name to start from (selected, so typing replaces it).
        check: says whether a name may be used and why not (or what it does).
        action: the text of the button that accepts.

    Signals:
        chosen(str): the name, cleaned, once the user accepts it.
    """

    chosen = Signal(str)

    def __init__(
        self,
        title: str,
        prompt: str,
        parent: QWidget | None = None,
        *,
        text: str = "",
        check: Check | None = None,
        action: str = "Save",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("nameDialog")
        self.setWindowTitle(title)
        self._check = check or (lambda name: (True, ""))
        layout = QVBoxLayout(self)
        label = QLabel(prompt, self)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        layout.addWidget(label)
        self.field = QLineEdit(text, self)
        self.field.setObjectName("nameField")
        label.setBuddy(self.field)
        layout.addWidget(self.field)
        self.note = QLabel(self)
        self.note.setObjectName("nameNote")
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setWordWrap(True)
        self.note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout.addWidget(self.note)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
            self,
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(action)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.field.textChanged.connect(self._judge)
        self.setMinimumWidth(380)
        self._judge(text)

    def showEvent(self, event: QShowEvent) -> None:
        # Typing goes straight to the field, replacing the suggested name.
        super().showEvent(event)
        self.activateWindow()
        self.field.setFocus(Qt.FocusReason.PopupFocusReason)
        self.field.selectAll()

    def _judge(self, text: str) -> None:
        name = clean_name(text)
        usable, note = self._check(name) if name else (False, "")
        self.ok.setEnabled(usable)
        self.note.setText(note)
        self.note.setVisible(bool(note))

    def _accept(self) -> None:
        name = clean_name(self.field.text())
        if name and self.ok.isEnabled():
            self.chosen.emit(name)
            self.accept()
