"""Where keys go after the palette, and how the focused result row looks."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from readinglist.gui.main_window import MainWindow
from tests.unit.gui.conftest import wait_idle
from tests.unit.gui.drive import press, shortcut, type_keys


def test_esc_from_the_palette_leaves_the_query_as_it_was(
    qtbot: QtBot, window: MainWindow
) -> None:
    field = window.search_field
    shortcut(window.table, "/")
    type_keys(field, "graph")
    wait_idle(qtbot, window)
    field.setCursorPosition(3)
    shortcut(field, "Ctrl+K")
    palette = window.overlays.palette
    qtbot.waitUntil(palette.filter.hasFocus)
    press(palette.filter, Qt.Key.Key_Escape)
    assert field.hasFocus()
    assert field.selectedText() == ""
    type_keys(field, "s")
    assert field.text() == "grasph"
