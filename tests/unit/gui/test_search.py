"""Instant search: typing, scopes, sorting, hints and "did you mean"."""

from __future__ import annotations

import re
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QPalette, QTextDocument
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from readinglist.core.identity import fold_title
from readinglist.core.models import Status
from readinglist.gui.main_window import MainWindow
from readinglist.gui.models.papers import Column
from readinglist.gui.text import match_colour
from tests.unit.gui.conftest import wait_idle
from tests.unit.gui.drive import click, press, shortcut, type_keys


def marked_words(doc: QTextDocument) -> list[str]:
    """The pieces of text drawn with a highlight background."""
    words = []
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if fragment.charFormat().background().style() != Qt.BrushStyle.NoBrush:
                words.append(fragment.text())
            it += 1
        block = block.next()
    return words


def marked_colours(window: MainWindow) -> set[str]:
    """The background colours of the marked words in the paper view."""
    doc = window.paper_view.browser.document()
    colours = set()
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            brush = it.fragment().charFormat().background()
            if brush.style() != Qt.BrushStyle.NoBrush:
                colours.add(brush.color().name())
            it += 1
        block = block.next()
    return colours


def type_query(qtbot: QtBot, window: MainWindow, text: str) -> None:
    """Type ``text`` into the emptied search field and wait for the results."""
    window.search_field.setFocus()
    window.search_field.clear()
    type_keys(window.search_field, text)
    wait_idle(qtbot, window)


def click_sidebar(qtbot: QtBot, window: MainWindow, key: str) -> None:
    """Click the sidebar entry ``key`` and wait for the scoped results."""
    index = window.sidebar.entry(key)
    assert index.isValid(), key
    rect = window.sidebar.visualRect(index)
    click(window.sidebar.viewport(), rect.center())
    wait_idle(qtbot, window)


def test_typing_a_query_updates_the_table(qtbot: QtBot, window: MainWindow) -> None:
    everything = window.model.rowCount()
    type_query(qtbot, window, "diffusion")
    expected, error = window.library.search_ids("diffusion", typeahead=True)
    assert error is None
    assert 0 < window.model.rowCount() < everything
    assert window.model.ids() == expected
    assert re.fullmatch(r"\d+ papers \u2013 \d+ ms", window.status.text())
    assert window.status.text().startswith(f"{len(expected)} papers")


def test_the_first_result_is_shown_with_matches_marked(
    qtbot: QtBot, window: MainWindow
) -> None:
    type_query(qtbot, window, "diffusion")
    shown = window.paper_view.paper
    assert shown is not None
    assert shown.paper_id == window.model.paper_id(0)
    marked = marked_words(window.paper_view.browser.document())
    assert marked
    assert all(word.casefold().startswith("diffusion") for word in marked)


def test_a_dark_palette_redraws_the_matches(
    qtbot: QtBot, window: MainWindow, qapp: QApplication
) -> None:
    type_query(qtbot, window, "diffusion")
    light = qapp.palette()
    dark = QPalette(light)
    for role, colour in (
        (QPalette.ColorRole.Window, "#2b2b2b"),
        (QPalette.ColorRole.Base, "#1e1e1e"),
        (QPalette.ColorRole.Text, "#e8e8e8"),
        (QPalette.ColorRole.WindowText, "#e8e8e8"),
        (QPalette.ColorRole.Highlight, "#2f6fbf"),
    ):
        dark.setColor(role, QColor(colour))
    try:
        qapp.setPalette(dark)
        qtbot.waitUntil(
            lambda: marked_colours(window) == {match_colour(dark).name()}, timeout=3000
        )
        assert window.paper_view.browser.palette().color(
            QPalette.ColorRole.Base
        ) == QColor("#1e1e1e")
    finally:
        qapp.setPalette(light)
    qtbot.waitUntil(lambda: marked_colours(window) == {match_colour(light).name()})


def test_a_partly_typed_word_matches_as_a_prefix(
    qtbot: QtBot, window: MainWindow
) -> None:
    type_query(qtbot, window, "diffus")
    assert window.model.rowCount() > 0


def test_a_newer_query_wins(qtbot: QtBot, window: MainWindow) -> None:
    window.search_field.setFocus()
    type_keys(window.search_field, "diffusion")
    window.search.run()
    type_keys(window.search_field, " model")
    wait_idle(qtbot, window)
    expected, _ = window.library.search_ids("diffusion model", typeahead=True)
    assert window.model.ids() == expected


def test_bad_syntax_shows_a_gentle_hint(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    type_query(qtbot, window, "diffusion")
    before = window.model.ids()
    real = window.library.search_ids

    def refuse(query: str, *args: Any, **kwargs: Any) -> tuple[list[str], str | None]:
        if query.startswith("year:"):
            return [], "year needs a number"
        return real(query, *args, **kwargs)

    monkeypatch.setattr(window.library, "search_ids", refuse)
    type_query(qtbot, window, "year:abc")
    assert window.results.hint_bar.isVisible()
    assert "cannot be read yet: year needs a number" in window.results.hint.text()
    assert window.model.ids() == before
    type_query(qtbot, window, "diffusion")
    assert not window.results.hint_bar.isVisible()


def test_no_result_offers_did_you_mean(qtbot: QtBot, window: MainWindow) -> None:
    type_query(qtbot, window, "difusion ")
    assert window.results.empty
    suggestion = window.results.suggestion
    assert suggestion.isVisible()
    assert suggestion.text().strip() == "diffusion"
    click(suggestion, QPoint(2, 2))
    wait_idle(qtbot, window)
    assert window.search_field.text().strip() == "diffusion"
    assert window.model.rowCount() > 0
    assert not window.results.empty


def test_sidebar_entries_scope_the_search(qtbot: QtBot, window: MainWindow) -> None:
    lib = window.library
    some = window.model.ids()[:3]
    lib.set_status(some[:2], Status.READING)
    window.refresh_sidebar()
    wait_idle(qtbot, window)
    click_sidebar(qtbot, window, "reading")
    assert sorted(window.model.ids()) == sorted(some[:2])
    assert window.windowTitle() == "Reading List \u2014 Reading"
    click_sidebar(qtbot, window, "all")
    assert window.model.rowCount() == lib.stats()["papers"]
    assert window.windowTitle().startswith("Reading List \u2014 ")


def test_scope_and_query_combine(qtbot: QtBot, window: MainWindow) -> None:
    imports = window.library.imports()
    click_sidebar(qtbot, window, f"import:{imports[-1].import_id}")
    assert window.model.rowCount() == imports[-1].count
    type_query(qtbot, window, "diffusion")
    expected, _ = window.library.search_ids(
        "diffusion", typeahead=True, scope=f"imports:{imports[-1].import_id}"
    )
    assert window.model.ids() == expected


def test_escape_clears_the_search(qtbot: QtBot, window: MainWindow) -> None:
    everything = window.model.rowCount()
    type_query(qtbot, window, "diffusion")
    press(window.search_field, Qt.Key.Key_Escape)
    wait_idle(qtbot, window)
    assert window.search_field.text() == ""
    assert window.model.rowCount() == everything
    assert window.table.hasFocus()


def test_escape_in_the_abstract_steps_back_to_the_table(
    qtbot: QtBot, window: MainWindow
) -> None:
    type_query(qtbot, window, "diffusion")
    window.paper_view.browser.setFocus()
    press(window.paper_view.browser, Qt.Key.Key_Escape)
    assert window.table.hasFocus()
    assert window.search_field.text() == "diffusion"


def test_slash_moves_to_the_search(qtbot: QtBot, window: MainWindow) -> None:
    window.table.setFocus()
    press(window.table, Qt.Key.Key_Slash)
    assert window.search_field.hasFocus()
    window.table.setFocus()
    shortcut(window.table, "Ctrl+F")
    assert window.search_field.hasFocus()


def test_clicking_the_date_header_sorts_by_date(
    qtbot: QtBot, window: MainWindow
) -> None:
    header = window.table.horizontalHeader()
    pos = QPoint(header.sectionViewportPosition(Column.DATE) + 10, 5)
    click(header.viewport(), pos)
    wait_idle(qtbot, window)
    newest, _ = window.library.search_ids("", "date", typeahead=True)
    assert window.model.ids() == newest
    assert header.sortIndicatorSection() == Column.DATE
    assert window.sort_box.currentData() == "date"
    click(header.viewport(), pos)
    wait_idle(qtbot, window)
    assert window.model.ids() == newest[::-1]
    assert header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder


def test_clicking_the_title_header_sorts_a_to_z_then_z_to_a(
    qtbot: QtBot, window: MainWindow
) -> None:
    header = window.table.horizontalHeader()
    pos = QPoint(header.sectionViewportPosition(Column.TITLE) + 10, 5)
    click(header.viewport(), pos)
    wait_idle(qtbot, window)
    a_to_z, _ = window.library.search_ids("", "title", typeahead=True)
    titles = [fold_title(p.title) for p in window.library.papers(a_to_z)]
    assert titles == sorted(titles)
    assert window.model.ids() == a_to_z
    assert header.sortIndicatorSection() == Column.TITLE
    assert header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
    assert window.sort_box.currentText() == "Sort: Title"
    click(header.viewport(), pos)
    wait_idle(qtbot, window)
    assert window.model.ids() == a_to_z[::-1]
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder


def test_the_sort_menu_sorts_by_title_from_a(qtbot: QtBot, window: MainWindow) -> None:
    box = window.sort_box
    box.setCurrentIndex(box.findData("title"))
    box.activated.emit(box.currentIndex())
    wait_idle(qtbot, window)
    expected, _ = window.library.search_ids("", "title", typeahead=True)
    assert window.model.ids() == expected


def test_a_status_header_click_keeps_the_order(
    qtbot: QtBot, window: MainWindow
) -> None:
    before = window.model.ids()
    header = window.table.horizontalHeader()
    pos = QPoint(header.sectionViewportPosition(Column.STATUS) + 10, 5)
    click(header.viewport(), pos)
    wait_idle(qtbot, window)
    assert window.model.ids() == before
    assert header.sortIndicatorSection() != Column.STATUS


def test_the_sort_menu_reorders(qtbot: QtBot, window: MainWindow) -> None:
    box = window.sort_box
    box.setCurrentIndex(box.findData("upvotes"))
    box.activated.emit(box.currentIndex())
    wait_idle(qtbot, window)
    expected, _ = window.library.search_ids("", "upvotes", typeahead=True)
    assert window.model.ids() == expected
    assert window.table.horizontalHeader().sortIndicatorSection() == Column.UPVOTES


def test_j_and_k_move_through_the_results(qtbot: QtBot, window: MainWindow) -> None:
    window.table.setFocus()
    first = window.model.paper_id(0)
    second = window.model.paper_id(1)
    assert window.paper_view.paper is not None
    assert window.paper_view.paper.paper_id == first
    press(window.table, Qt.Key.Key_J)
    assert window.paper_view.paper.paper_id == second
    press(window.table, Qt.Key.Key_K)
    assert window.paper_view.paper.paper_id == first


def test_enter_goes_from_search_to_results_to_abstract(
    qtbot: QtBot, window: MainWindow
) -> None:
    type_query(qtbot, window, "diffusion")
    press(window.search_field, Qt.Key.Key_Return)
    assert window.table.hasFocus()
    press(window.table, Qt.Key.Key_Return)
    assert window.paper_view.browser.hasFocus()


def test_more_like_this_fills_the_table(qtbot: QtBot, window: MainWindow) -> None:
    type_query(qtbot, window, "diffusion")
    current = window.paper_view.paper
    assert current is not None
    window.table.setFocus()
    press(window.table, Qt.Key.Key_M)
    wait_idle(qtbot, window)
    like = window.library.more_like_this(current.paper_id, 50)
    assert window.model.ids() == [h.paper_id for h in like.hits]
    assert window.results.hint_bar.isVisible()
    assert "Papers like" in window.results.hint.text()
    click(window.results.hint_close)
    wait_idle(qtbot, window)
    expected, _ = window.library.search_ids("diffusion", typeahead=True)
    assert window.model.ids() == expected
