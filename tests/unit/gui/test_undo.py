"""Undo and redo: every change comes back with Ctrl+Z and goes again with redo."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from readinglist.core.models import Status
from readinglist.gui.main_window import MainWindow
from tests.unit.gui.conftest import wait_idle
from tests.unit.gui.drive import press, shortcut, type_keys
from tests.unit.gui.test_actions import select_rows


def undo(qtbot: QtBot, window: MainWindow) -> None:
    """Press Ctrl+Z on the table and wait for the library."""
    window.table.setFocus()
    shortcut(window.table, "Ctrl+Z")
    wait_idle(qtbot, window)


def redo(qtbot: QtBot, window: MainWindow, keys: str = "Ctrl+Shift+Z") -> None:
    """Press a redo key on the table and wait for the library."""
    window.table.setFocus()
    shortcut(window.table, keys)
    wait_idle(qtbot, window)


def test_s_then_ctrl_z_restores_the_stars(qtbot: QtBot, window: MainWindow) -> None:
    lib = window.library
    [already] = select_rows(window, range(3, 4))
    press(window.table, Qt.Key.Key_S)
    wait_idle(qtbot, window)
    ids = select_rows(window, range(1, 4))
    assert already in ids
    press(window.table, Qt.Key.Key_S)
    wait_idle(qtbot, window)
    assert all(p.starred for p in lib.papers(ids))
    undo_action = window.commands.action("undo")
    assert undo_action.text() == "&Undo Star 3 papers"
    assert undo_action.isEnabled()
    undo(qtbot, window)
    starred = {p.paper_id for p in lib.papers(ids) if p.starred}
    assert starred == {already}
    assert window.model.index(1, 0).data() == ""
    assert window.commands.action("redo").text() == "&Redo Star 3 papers"
    redo(qtbot, window, "Ctrl+Y")
    assert all(p.starred for p in lib.papers(ids))
    undo(qtbot, window)
    undo(qtbot, window)
    assert lib.stats()["starred"] == 0
    assert not window.commands.action("undo").isEnabled()
    assert window.commands.action("undo").text() == "&Undo"


def test_the_edit_menu_says_what_will_be_undone(
    qtbot: QtBot, window: MainWindow
) -> None:
    select_rows(window, range(0, 2))
    press(window.table, Qt.Key.Key_R)
    wait_idle(qtbot, window)
    edit = window.menuBar().actions()[1].menu()
    assert isinstance(edit, QMenu)
    texts = [a.text() for a in edit.actions()]
    assert "&Undo Mark 2 papers as reading" in texts


def test_status_comes_back_per_paper(qtbot: QtBot, window: MainWindow) -> None:
    lib = window.library
    ids = select_rows(window, range(0, 3))
    lib.set_status(ids[1], Status.READ)
    window.apply_changes(lib.set_status(ids[2], Status.READING))
    wait_idle(qtbot, window)
    select_rows(window, range(0, 3))
    press(window.table, Qt.Key.Key_R)
    wait_idle(qtbot, window)
    assert {p.status for p in lib.papers(ids)} == {Status.READING}
    undo(qtbot, window)
    assert [p.status for p in lib.papers(ids)] == [
        Status.UNREAD,
        Status.READ,
        Status.READING,
    ]


def test_a_note_burst_undoes_in_one_step(qtbot: QtBot, window: MainWindow) -> None:
    [paper_id] = select_rows(window, range(2, 3))
    window.library.set_note(paper_id, "before")
    window.show_paper(paper_id)
    note = window.paper_view.note
    assert note.toPlainText() == "before"
    press(window.table, Qt.Key.Key_N)
    for word in (" one", " two", " three"):
        type_keys(note, word)
        # Each pause saves: three saves in one burst.
        note.flush()
        wait_idle(qtbot, window)
        qtbot.waitUntil(lambda: window.paper_view.note_state.text() == "Saved")
    assert window.library.paper(paper_id).note == "before one two three"
    assert window.history.stack.count() == 1
    assert window.commands.action("undo").text() == "&Undo Edit note"
    undo(qtbot, window)
    assert window.library.paper(paper_id).note == "before"
    assert note.toPlainText() == "before"
    redo(qtbot, window)
    assert window.library.paper(paper_id).note == "before one two three"
    assert note.toPlainText() == "before one two three"


def test_leaving_the_note_ends_the_burst(qtbot: QtBot, window: MainWindow) -> None:
    [paper_id] = select_rows(window, range(0, 1))
    note = window.paper_view.note
    press(window.table, Qt.Key.Key_N)
    type_keys(note, "first")
    window.table.setFocus()
    wait_idle(qtbot, window)
    press(window.table, Qt.Key.Key_N)
    type_keys(note, " second")
    window.table.setFocus()
    wait_idle(qtbot, window)
    assert window.history.stack.count() == 2
    undo(qtbot, window)
    assert window.library.paper(paper_id).note == "first"
    assert note.toPlainText() == "first"


def test_a_deleted_paper_comes_back_whole(qtbot: QtBot, window: MainWindow) -> None:
    lib = window.library
    ids = select_rows(window, range(0, 3))
    lib.create_list("Thesis")
    lib.add_to_list("Thesis", ids)
    lib.set_note(ids[1], "keep this")
    window.apply_changes(lib.set_starred(ids[1], True))
    wait_idle(qtbot, window)
    before = lib.paper(ids[1]).to_json()
    count = lib.stats()["papers"]
    select_rows(window, range(1, 2))
    press(window.table, Qt.Key.Key_Delete)
    wait_idle(qtbot, window)
    assert lib.stats()["papers"] == count - 1
    assert ids[1] not in window.model.ids()
    assert "Deleted 1 paper" in window.statusBar().currentMessage()
    assert window.commands.action("undo").text() == "&Undo Delete 1 paper"
    undo(qtbot, window)
    assert lib.paper(ids[1]).to_json() == before
    assert lib.list_ids("Thesis") == ids
    assert ids[1] in window.model.ids()


def test_delete_in_the_search_field_deletes_text_not_papers(
    qtbot: QtBot, window: MainWindow
) -> None:
    count = window.library.stats()["papers"]
    window.search_field.setFocus()
    type_keys(window.search_field, "ab")
    press(window.search_field, Qt.Key.Key_Home)
    press(window.search_field, Qt.Key.Key_Delete)
    wait_idle(qtbot, window)
    assert window.search_field.text() == "b"
    assert window.library.stats()["papers"] == count


def test_a_failed_change_leaves_the_stack(qtbot: QtBot, window: MainWindow) -> None:
    window.library.create_list("Taken")
    window.list_actions.create("Taken")
    qtbot.waitUntil(lambda: window.error_box is not None)
    wait_idle(qtbot, window)
    assert window.error_box is not None
    assert "already exists" in window.error_box.text()
    assert window.history.stack.count() == 0
    assert not window.commands.action("undo").isEnabled()
