"""Saved searches open as typed; a list opened over a query says it is filtered."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from readinglist.gui.main_window import MainWindow
from tests.unit.gui.conftest import wait_idle
from tests.unit.gui.drive import press, type_keys
from tests.unit.gui.test_export import open_export
from tests.unit.gui.test_search import click_sidebar, marked_words
from tests.unit.gui.test_selection import click_row


def test_a_saved_search_opens_as_its_query_typed(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.library.save_search("Graphs", "graph")
    window.refresh_sidebar()
    wait_idle(qtbot, window)
    field = window.search_field
    field.setFocus()
    type_keys(field, "graph")
    wait_idle(qtbot, window)
    typed = window.model.ids()
    field.clear()
    wait_idle(qtbot, window)
    click_sidebar(qtbot, window, "saved:Graphs")
    assert field.text() == "graph"
    assert window.model.ids() == typed
    assert window.table.currentIndex().row() == 0
    words = marked_words(window.paper_view.browser.document())
    assert words and all(w.lower().startswith("graph") for w in words)
    # Leaving it for another entry leaves its query behind.
    click_sidebar(qtbot, window, "starred")
    assert field.text() == ""


def weekend_list(qtbot: QtBot, window: MainWindow, ids: list[str]) -> None:
    """Make the reading list "Weekend" of ``ids`` and show it in the sidebar."""
    window.library.create_list("Weekend")
    window.library.add_to_list("Weekend", ids)
    window.refresh_sidebar()
    wait_idle(qtbot, window)


def test_a_list_opened_with_a_query_says_it_is_filtered(
    qtbot: QtBot, window: MainWindow
) -> None:
    ids = window.model.ids()[:6]
    weekend_list(qtbot, window, ids)
    field = window.search_field
    field.setFocus()
    type_keys(field, "graph")
    wait_idle(qtbot, window)
    click_sidebar(qtbot, window, "list:Weekend")
    hint = window.results.hint
    assert window.results.hint_bar.isVisible()
    assert hint.text() == (
        "Showing papers of \u201cWeekend\u201d matching \u201cgraph\u201d "
        "\u2014 Esc clears the search"
    )
    assert len(window.model.ids()) < len(ids)
    window.table.setFocus()
    press(window.table, Qt.Key.Key_Escape)
    wait_idle(qtbot, window)
    assert field.text() == ""
    assert not window.results.hint_bar.isVisible()
    assert sorted(window.model.ids()) == sorted(ids)


def test_ctrl_e_in_a_reading_list_offers_that_list(
    qtbot: QtBot, window: MainWindow
) -> None:
    ids = window.model.ids()[:4]
    weekend_list(qtbot, window, ids)
    click_sidebar(qtbot, window, "list:Weekend")
    dialog = open_export(qtbot, window)
    assert dialog.chosen_source().key == "list:Weekend"
    assert dialog.source.currentText() == "Reading list \u201cWeekend\u201d (4)"
    dialog.reject()
    qtbot.waitUntil(lambda: window.exporter.dialog is None)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    # Several papers picked by hand: those are what the user means.
    click_row(window, 1)
    click_row(window, 2, Qt.KeyboardModifier.ShiftModifier)
    dialog = open_export(qtbot, window)
    assert dialog.chosen_source().key == "selection"
    assert dialog.chosen_source().ids == tuple(ids[1:3])
