"""After each search the top hit is current, unless the user moved meanwhile."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from readinglist.gui.main_window import MainWindow
from tests.unit.gui.conftest import wait_idle
from tests.unit.gui.drive import press, type_keys
from tests.unit.gui.test_selection import click_row, selected, shown


def top_hit(window: MainWindow, query: str) -> str:
    ids, error = window.library.search_ids(query, typeahead=True)
    assert error is None and len(ids) > 2
    return ids[0]


def test_the_top_hit_is_current_after_typing_on(
    qtbot: QtBot, window: MainWindow
) -> None:
    field = window.search_field
    field.setFocus()
    type_keys(field, "gra")
    wait_idle(qtbot, window)
    # The user looks at the third hit, then goes on typing.
    window.table.setFocus()
    press(window.table, Qt.Key.Key_Down)
    press(window.table, Qt.Key.Key_Down)
    third = window.model.paper_id(2)
    assert shown(window) == third
    field.setFocus()
    type_keys(field, "ph")
    wait_idle(qtbot, window)
    best = top_hit(window, "graph")
    assert third in window.model.ids() and third != best
    assert window.table.currentIndex().row() == 0
    assert selected(window) == [best] == [shown(window)]
    press(field, Qt.Key.Key_Return)
    press(window.table, Qt.Key.Key_S)
    wait_idle(qtbot, window)
    assert [
        p.paper_id for p in window.library.papers([best, str(third)]) if p.starred
    ] == [best]


def test_a_row_picked_before_the_answer_came_stays_current(
    qtbot: QtBot, window: MainWindow
) -> None:
    picked = window.model.paper_id(4)
    assert picked != top_hit(window, "graph")
    field = window.search_field
    field.setFocus()
    type_keys(field, "graph")
    # Still the old rows: the answer waits for typing to pause.
    assert window.search.pending
    click_row(window, 4)
    wait_idle(qtbot, window)
    assert picked in window.model.ids()
    assert selected(window) == [picked] == [shown(window)]


def test_clearing_the_search_keeps_the_paper_the_user_is_on(
    qtbot: QtBot, window: MainWindow
) -> None:
    field = window.search_field
    field.setFocus()
    type_keys(field, "graph")
    wait_idle(qtbot, window)
    click_row(window, 2)
    picked = window.model.paper_id(2)
    press(window.table, Qt.Key.Key_Escape)
    wait_idle(qtbot, window)
    assert field.text() == ""
    assert selected(window) == [picked] == [shown(window)]
