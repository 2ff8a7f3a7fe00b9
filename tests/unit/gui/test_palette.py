"""The command palette, the keyboard help and the About box, from the keyboard."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from readinglist import __version__
from readinglist.core.paths import config_dir
from readinglist.gui.commands.catalog import COMMANDS, plain_title
from readinglist.gui.main_window import MainWindow
from readinglist.gui.matching import Entry, fuzzy, rank
from readinglist.gui.widgets.about import LICENCE
from tests.unit.gui.conftest import wait_idle
from tests.unit.gui.drive import press, shortcut, type_keys
from tests.unit.gui.test_actions import select_rows


def open_palette(qtbot: QtBot, window: MainWindow, keys: str = "Ctrl+K") -> None:
    """Press the palette's key on the table and wait for its filter."""
    window.table.setFocus()
    shortcut(window.table, keys)
    palette = window.overlays.palette
    assert palette.isVisible()
    qtbot.waitUntil(palette.filter.hasFocus)


def test_fuzzy_matching_prefers_word_starts() -> None:
    found = fuzzy("stn", "Star / Unstar")
    assert found is not None and found[1] == [0, 1, 8]
    assert fuzzy("xyz", "Star / Unstar") is None
    entries = [
        Entry("command", "a", "Add to List", also="list-add"),
        Entry("command", "b", "Star / Unstar", also="paper-star"),
        Entry("list", "c", "Starred reading"),
        Entry("command", "d", "Export", enabled=False),
    ]
    assert [e.key for e, _ in rank(entries, "star")] == ["b", "c"]
    assert [e.key for e, _ in rank(entries, "add l")] == ["a"]
    assert [e.key for e, _ in rank(entries, "paper-st")] == ["b"]
    assert [e.key for e, _ in rank(entries, "")] == ["a", "b", "c", "d"]


def test_ctrl_k_type_enter_runs_a_command(qtbot: QtBot, window: MainWindow) -> None:
    [paper_id] = select_rows(window, range(1, 2))
    open_palette(qtbot, window)
    palette = window.overlays.palette
    assert len(palette.texts()) == len(COMMANDS) - 1
    type_keys(palette.filter, "star")
    assert palette.texts()[0] == "Star / Unstar"
    assert window.library.stats()["starred"] == 0  # typing ran nothing
    press(palette.filter, Qt.Key.Key_Return)
    wait_idle(qtbot, window)
    assert not palette.isVisible()
    assert window.library.paper(paper_id).starred
    assert window.table.hasFocus()


def test_the_palette_shows_keys_and_moves_with_arrows(
    qtbot: QtBot, window: MainWindow
) -> None:
    open_palette(qtbot, window, "Ctrl+Shift+P")
    palette = window.overlays.palette
    type_keys(palette.filter, "ex")
    current = palette.current()
    assert current is not None and current.key == "export"
    assert current.detail == "Ctrl+E"
    assert len(palette.texts()) > 1
    press(palette.filter, Qt.Key.Key_Down)
    after = palette.current()
    assert after is not None and after.key != "export"
    press(palette.filter, Qt.Key.Key_Up)
    again = palette.current()
    assert again is not None and again.key == "export"
    press(palette.filter, Qt.Key.Key_Escape)
    assert not palette.isVisible()
    assert window.table.hasFocus()
    assert window.exporter.dialog is None


def test_the_palette_jumps_to_a_list(qtbot: QtBot, window: MainWindow) -> None:
    ids = window.model.ids()[3:6][::-1]
    window.library.create_list("Thesis reading")
    window.library.add_to_list("Thesis reading", ids)
    window.library.save_search("Reasoning", "reasoning")
    window.search_field.setText("diffusion")
    window.refresh_sidebar()
    wait_idle(qtbot, window)
    open_palette(qtbot, window)
    palette = window.overlays.palette
    type_keys(palette.filter, "thesis")
    assert palette.texts()[0] == "Thesis reading"
    current = palette.current()
    assert current is not None and current.detail == "Reading list, 3 papers"
    press(palette.filter, Qt.Key.Key_Return)
    wait_idle(qtbot, window)
    assert window.sidebar.key == "list:Thesis reading"
    assert window.search_field.text() == ""
    assert window.model.ids() == ids
    open_palette(qtbot, window)
    type_keys(palette.filter, "reason")
    press(palette.filter, Qt.Key.Key_Return)
    wait_idle(qtbot, window)
    assert window.sidebar.key == "saved:Reasoning"
    # A saved search opens as its query typed.
    assert window.search_field.text() == "reasoning"
    expected = window.library.search_ids("reasoning", typeahead=True)[0]
    assert window.model.ids() == expected


def test_ctrl_k_works_from_the_search_field_and_closes_again(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.search_field.setFocus()
    shortcut(window.search_field, "Ctrl+K")
    palette = window.overlays.palette
    assert palette.isVisible()
    shortcut(palette.filter, "Ctrl+K")
    assert not palette.isVisible()
    assert window.search_field.hasFocus()


def test_a_disabled_command_says_so(qtbot: QtBot, window: MainWindow) -> None:
    open_palette(qtbot, window)
    palette = window.overlays.palette
    type_keys(palette.filter, "redo")
    current = palette.current()
    assert current is not None and current.key == "redo"
    assert not current.enabled
    press(palette.filter, Qt.Key.Key_Return)
    assert "cannot be used just now" in window.statusBar().currentMessage()


def test_the_help_lists_every_binding(qtbot: QtBot, window: MainWindow) -> None:
    window.table.setFocus()
    press(window.table, Qt.Key.Key_Question)
    help_ = window.overlays.help
    assert help_.isVisible() and help_.hasFocus()
    text = help_.text()
    for name in COMMANDS:
        assert plain_title(name) in text
        for key in window.commands.key_texts(name):
            assert key in text
    assert str(config_dir() / "keys.toml") in text
    # Keys do nothing behind the help; its own key closes it.
    press(help_, Qt.Key.Key_S)
    wait_idle(qtbot, window)
    assert window.library.stats()["starred"] == 0
    press(help_, Qt.Key.Key_Question)
    assert not help_.isVisible()
    press(window.table, Qt.Key.Key_F1)
    assert help_.isVisible()
    press(help_, Qt.Key.Key_Escape)
    assert not help_.isVisible()


def test_a_question_mark_in_the_search_field_is_typed(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.search_field.setFocus()
    type_keys(window.search_field, "why?")
    assert window.search_field.text() == "why?"
    assert not window.overlays.help.isVisible()


def test_the_about_box_names_the_library(qtbot: QtBot, window: MainWindow) -> None:
    window.commands.trigger("about")
    about = window.overlays.about
    assert about is not None
    qtbot.waitUntil(about.isVisible)
    assert about.title.text() == f"Reading List {__version__}"
    assert about.library.text() == str(window.library.path)
    assert about.settings.text() == str(config_dir())
    assert about.licence.text() == LICENCE
    assert "Qt 6." in about.versions.text() and "PySide6" in about.versions.text()
    assert about.summary.text().startswith("A keyboard-first reading-list manager")
    about.reject()
    qtbot.waitUntil(lambda: window.overlays.about is None)


def test_the_app_is_named_for_the_desktop(qapp: QApplication) -> None:
    from readinglist.gui.app import configure  # noqa: PLC0415 -- sets app names

    configure(qapp)
    assert qapp.desktopFileName() == "io.github.readinglist.ReadingList"
