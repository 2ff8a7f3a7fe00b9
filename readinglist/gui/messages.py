"""Messages about the library that must not scroll away: repairs, backups, faults.

The status bar shows a message for a few seconds; some deserve more. What the
library says when it opens (its ``notices``: a backup that failed, an index
that was rebuilt), what a rebuild or a restore did, and a note that could not
be saved are kept in a :class:`MessageLog` for the session. A button at the
right of the status bar counts them, lists the latest in its tooltip and
opens them all in a dialog, as the "messages" command does too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMainWindow,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from readinglist.gui.text import plain_tooltip, sentence

SHOW_MS = 30000
"""How long a new message stays in the status bar (the button stays)."""
TIP_MESSAGES = 5


@dataclass(frozen=True, slots=True)
class Message:
    """One message, with when it was given."""

    when: dt.datetime
    text: str

    def line(self) -> str:
        """The message as one line of the log: "09:12  The index was ..."."""
        return f"{self.when:%H:%M}  {self.text}"


class MessagesDialog(QDialog):
    """Every message of the session, newest last, selectable and copyable."""

    def __init__(self, messages: list[Message], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("messagesDialog")
        self.setWindowTitle("Messages")
        layout = QVBoxLayout(self)
        intro = QLabel(
            "What Reading List had to tell you since the library was opened:",
            self,
        )
        intro.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(intro)
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("messagesText")
        self.text.setReadOnly(True)
        self.text.setPlainText("\n\n".join(m.line() for m in messages))
        layout.addWidget(self.text, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        copy = QPushButton("Copy All", self)
        copy.clicked.connect(
            lambda: QGuiApplication.clipboard().setText(self.text.toPlainText())
        )
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        layout.addWidget(buttons)
        self.resize(600, 320)


class MessageLog(QObject):
    """The session's messages, their status-bar button and their dialog.

    Args:
        window: the main window, whose status bar shows them.

    Signals:
        added(str): a message was added.
    """

    added = Signal(str)

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self._window = window
        self.messages: list[Message] = []
        self.dialog: MessagesDialog | None = None
        self.button = QToolButton(window)
        self.button.setObjectName("messagesButton")
        self.button.setAutoRaise(True)
        self.button.clicked.connect(self.show_all)
        # Its height is settled now, with the glyph it will show: a status bar
        # whose height changes lays itself out again, which shows the widgets
        # a message had hidden under it.
        self.button.setText("\N{WARNING SIGN} 0 messages")
        self.button.hide()
        window.statusBar().addPermanentWidget(self.button)

    def add(self, text: str, *, show: bool = True) -> Message:
        """Keep a message, and show it in the status bar.

        Args:
            text: what to say; made a sentence if it is not one.
            show: also show it in the status bar now.

        Returns:
            The message kept.
        """
        message = Message(dt.datetime.now(), sentence(text))
        self.messages.append(message)
        self._update_button(unread=True)
        if show:
            self._window.statusBar().showMessage(message.text, SHOW_MS)
        if self.dialog is not None:
            self.dialog.text.appendPlainText(f"\n{message.line()}")
        self.added.emit(message.text)
        return message

    def add_all(self, texts: list[str]) -> None:
        """Keep several messages (the library's notices at open), show the first.

        Args:
            texts: the messages, in the order given.
        """
        for text in texts:
            self.add(text, show=False)
        if texts:
            first = self.messages[-len(texts)].text
            more = len(texts) - 1
            if more:
                first += f" ({more} more in Help > Messages.)"
            # Once the window is shown: a message shown before would leave the
            # status bar's own widgets visible underneath it.
            bar = self._window.statusBar()
            QTimer.singleShot(0, bar, lambda: bar.showMessage(first, SHOW_MS))

    def show_all(self) -> None:
        """Open the dialog listing every message (non-blocking)."""
        if self.dialog is not None:
            self.dialog.raise_()
            self.dialog.activateWindow()
            return
        dialog = MessagesDialog(self.messages, self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self._closed)
        self.dialog = dialog
        self._update_button(unread=False)
        dialog.open()

    def _closed(self) -> None:
        self.dialog = None

    def _update_button(self, *, unread: bool) -> None:
        count = len(self.messages)
        if not count:
            self.button.hide()
            return
        noun = "message" if count == 1 else "messages"
        self.button.setText(f"\N{WARNING SIGN} {count} {noun}")
        latest = "\n".join(m.line() for m in self.messages[-TIP_MESSAGES:])
        self.button.setToolTip(plain_tooltip(f"{latest}\n\nClick to see them all."))
        font = QFont(self.button.font())
        # Bold until read, as a mail client marks what is new.
        font.setBold(unread)
        self.button.setFont(font)
        self.button.show()
