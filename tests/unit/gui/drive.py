"""Typed helpers that drive widgets with real key presses and mouse clicks.

They go through ``QTest`` like ``qtbot``'s own methods do (shortcuts included),
and type text that is not ASCII as key events carrying that text, which
``QTest.keyClicks`` cannot do. :func:`seen_text` reads text as Qt shows it.
"""

from __future__ import annotations

from PySide6 import QtGui
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QTextDocument
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget


def press(widget: QWidget, key: Qt.Key) -> None:
    """Press and release one key on ``widget`` (shortcuts fire as for a user)."""
    QTest.keyClick(widget, key)


def type_keys(widget: QWidget, text: str) -> None:
    """Type ``text`` into ``widget``, one key press per character.

    Args:
        widget: the widget with focus.
        text: any text; ASCII goes through ``QTest``, the rest as key events
            that carry the character.
    """
    for char in text:
        if char.isascii():
            QTest.keyClicks(widget, char)
            continue
        for kind in (QKeyEvent.Type.KeyPress, QKeyEvent.Type.KeyRelease):
            event = QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char)
            QApplication.sendEvent(widget, event)


def shortcut(widget: QWidget, keys: str) -> None:
    """Press a key sequence such as "Ctrl+I" on ``widget``."""
    QTest.keySequence(widget, QKeySequence(keys))


def click(widget: QWidget, pos: QPoint | None = None) -> None:
    """Left-click ``widget`` at ``pos`` (its centre by default)."""
    QTest.mouseClick(
        widget,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        pos if pos is not None else widget.rect().center(),
    )


def seen_text(text: str) -> str:
    """What a tooltip, a message box or an auto-format label shows for ``text``.

    Qt reads such text as rich text when it looks like markup
    (``Qt.mightBeRichText``): then tags vanish and entities turn into
    characters, which is what this returns too.
    """
    if not QtGui.Qt.mightBeRichText(text):
        return text
    doc = QTextDocument()
    doc.setHtml(text)
    return doc.toPlainText()
