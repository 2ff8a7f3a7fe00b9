"""The app opens where the user left it: search, sidebar entry, sort and paper."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from readinglist.core import Library
from tests.unit.gui.conftest import WindowFactory, wait_idle
from tests.unit.gui.drive import type_keys
from tests.unit.gui.test_search import click_sidebar
from tests.unit.gui.test_selection import click_row, selected, shown


def test_the_search_sort_and_paper_come_back(
    qtbot: QtBot, open_window: WindowFactory, sample_library_dir: Path
) -> None:
    with Library.open(sample_library_dir) as lib:
        ids, _ = lib.search_ids("model")
        lib.set_starred(ids[:12], True)
    window = open_window(sample_library_dir)
    click_sidebar(qtbot, window, "starred")
    window.search_field.setFocus()
    type_keys(window.search_field, "model")
    wait_idle(qtbot, window)
    box = window.sort_box
    box.setCurrentIndex(box.findData("date"))
    box.activated.emit(box.currentIndex())
    wait_idle(qtbot, window)
    click_row(window, 7)
    picked, rows = window.model.paper_id(7), window.model.ids()
    window.close()

    again = open_window(sample_library_dir)
    wait_idle(qtbot, again)
    assert again.search_field.text() == "model"
    assert again.sidebar.key == "starred"
    assert again.sort_box.currentData() == "date"
    assert again.model.ids() == rows
    assert selected(again) == [picked] == [shown(again)]
