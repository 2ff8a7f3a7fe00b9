"""Where keys go after the palette, and how the focused result row looks."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
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


def selected_row_colour(window: MainWindow) -> QColor:
    """The background colour drawn at the left end of the current row."""
    table = window.table
    rect = table.visualRect(table.currentIndex())
    image = table.viewport().grab().toImage()
    return image.pixelColor(rect.left() + 2, rect.center().y())


def near(one: QColor, other: QColor) -> bool:
    """True when two colours look the same (the style may shade a little)."""
    pairs = (
        (one.red(), other.red()),
        (one.green(), other.green()),
        (one.blue(), other.blue()),
    )
    return all(abs(a - b) <= 8 for a, b in pairs)


def test_the_selection_looks_active_only_while_the_results_have_the_keys(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.table.setFocus()
    qtbot.waitUntil(window.table.hasFocus)
    focused = selected_row_colour(window)
    accent = window.table.palette().color(window.table.palette().ColorRole.Highlight)
    assert near(focused, accent)
    shortcut(window.table, "/")
    assert window.search_field.hasFocus()
    unfocused = selected_row_colour(window)
    assert not near(unfocused, focused)
    base = window.table.palette().color(window.table.palette().ColorRole.Base)
    assert not near(unfocused, base)
