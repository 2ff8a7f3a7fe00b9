"""Reading lists and saved searches: make, rename, delete, reorder, all undoable."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from pytestqt.qtbot import QtBot

from readinglist.gui.main_window import MainWindow
from readinglist.gui.models.sidebar import COUNT_ROLE
from readinglist.gui.widgets.list_picker import ListPicker
from readinglist.gui.widgets.name_dialog import NameDialog
from tests.unit.gui.conftest import wait_idle
from tests.unit.gui.drive import press, shortcut, type_keys
from tests.unit.gui.test_actions import select_rows
from tests.unit.gui.test_undo import undo


def make_list(qtbot: QtBot, window: MainWindow, name: str, ids: list[str]) -> None:
    """Make list ``name`` holding ``ids`` in order, and show it."""
    window.library.create_list(name)
    window.apply_changes(window.library.add_to_list(name, ids))
    wait_idle(qtbot, window)
    assert window.sidebar.select(f"list:{name}")
    wait_idle(qtbot, window)
    assert window.model.ids() == ids


def name_dialog(qtbot: QtBot, window: MainWindow) -> NameDialog:
    """The name dialog the last command opened, with its field focused."""
    dialog = window.list_commands.dialog
    assert isinstance(dialog, NameDialog)
    qtbot.waitUntil(dialog.field.hasFocus)
    return dialog


def answer(qtbot: QtBot, window: MainWindow, text: str) -> None:
    """Type ``text`` over the name suggested and press Enter."""
    dialog = name_dialog(qtbot, window)
    type_keys(dialog.field, text)
    press(dialog.field, Qt.Key.Key_Return)
    wait_idle(qtbot, window)


def some_ids(window: MainWindow, count: int) -> list[str]:
    """Papers from the middle of the table, in an order unlike the table's."""
    return window.model.ids()[5 : 5 + count][::-1]


def test_a_list_shows_in_its_order_and_alt_keys_move(
    qtbot: QtBot, window: MainWindow
) -> None:
    ids = some_ids(window, 4)
    make_list(qtbot, window, "Thesis", ids)
    assert window.sort_box.currentData() == "list"
    assert window.model.reorderable
    select_rows(window, range(2, 3))
    shortcut(window.table, "Alt+Up")
    wait_idle(qtbot, window)
    moved = [ids[0], ids[2], ids[1], ids[3]]
    assert window.library.list_ids("Thesis") == moved
    assert window.model.ids() == moved
    assert window.paper_view.paper is not None
    assert window.paper_view.paper.paper_id == ids[2]
    shortcut(window.table, "Alt+Down")
    shortcut(window.table, "Alt+Down")
    wait_idle(qtbot, window)
    assert window.library.list_ids("Thesis") == [ids[0], ids[1], ids[3], ids[2]]
    undo(qtbot, window)
    undo(qtbot, window)
    assert window.library.list_ids("Thesis") == moved
    undo(qtbot, window)
    assert window.library.list_ids("Thesis") == ids


def test_moving_is_offered_only_in_a_list(qtbot: QtBot, window: MainWindow) -> None:
    moves = ("Move Up in List", "Move Down in List")

    def offered() -> list[str]:
        """The moves the result table's context menu shows."""
        texts = [a.text().replace("&", "") for a in window.table.actions()]
        visible = [a.isVisible() for a in window.table.actions()]
        return [t for t, v in zip(texts, visible, strict=True) if v and t in moves]

    select_rows(window, range(2, 3))
    before = window.model.ids()
    assert offered() == []
    shortcut(window.table, "Alt+Up")
    wait_idle(qtbot, window)
    assert window.model.ids() == before
    ids = some_ids(window, 4)
    make_list(qtbot, window, "Thesis", ids)
    assert offered() == list(moves)
    # In a list sorted otherwise, the key says how to move papers.
    box = window.sort_box
    box.setCurrentIndex(box.findData("date"))
    box.activated.emit(box.currentIndex())
    wait_idle(qtbot, window)
    select_rows(window, range(2, 3))
    shortcut(window.table, "Alt+Up")
    wait_idle(qtbot, window)
    assert "sort by List Order" in window.statusBar().currentMessage()
    assert window.library.list_ids("Thesis") == ids


def test_rows_dropped_in_a_list_move_there(qtbot: QtBot, window: MainWindow) -> None:
    ids = some_ids(window, 5)
    make_list(qtbot, window, "Group", ids)
    model = window.model
    data = model.mimeData([model.index(3, 0), model.index(4, 0)])
    action = Qt.DropAction.MoveAction
    assert model.canDropMimeData(data, action, 1, 0, QModelIndex())
    assert model.dropMimeData(data, action, 1, 0, QModelIndex())
    wait_idle(qtbot, window)
    assert window.library.list_ids("Group") == [ids[0], ids[3], ids[4], ids[1], ids[2]]
    undo(qtbot, window)
    assert window.library.list_ids("Group") == ids
    window.sidebar.select("all")
    wait_idle(qtbot, window)
    assert not window.model.reorderable
    assert not model.canDropMimeData(data, action, 1, 0, QModelIndex())


def test_deleting_a_list_and_undoing_restores_its_order(
    qtbot: QtBot, window: MainWindow
) -> None:
    ids = some_ids(window, 4)
    make_list(qtbot, window, "Reading group", ids)
    window.commands.trigger("list-delete")
    wait_idle(qtbot, window)
    assert [rl.name for rl in window.library.lists()] == []
    assert window.sidebar.key == "all"
    assert "Undo brings it back" in window.statusBar().currentMessage()
    undo(qtbot, window)
    assert window.library.list_ids("Reading group") == ids
    assert window.sidebar.entry("list:Reading group").data(COUNT_ROLE) == 4


def test_a_list_is_renamed_from_the_sidebar(qtbot: QtBot, window: MainWindow) -> None:
    ids = some_ids(window, 2)
    make_list(qtbot, window, "Draft", ids)
    window.sidebar.setFocus()
    press(window.sidebar, Qt.Key.Key_F2)
    answer(qtbot, window, "Thesis")
    assert [rl.name for rl in window.library.lists()] == ["Thesis"]
    assert window.sidebar.key == "list:Thesis"
    assert window.model.ids() == ids
    assert window.windowTitle() == "Reading List \u2014 Thesis"
    undo(qtbot, window)
    assert [rl.name for rl in window.library.lists()] == ["Draft"]
    assert window.sidebar.key == "list:Draft"


def test_a_taken_name_is_refused_while_typing(qtbot: QtBot, window: MainWindow) -> None:
    window.library.create_list("Thesis")
    window.commands.trigger("list-new")
    dialog = name_dialog(qtbot, window)
    type_keys(dialog.field, "thesis")
    assert not dialog.ok.isEnabled()
    assert dialog.note.text() == "A list named \u201cthesis\u201d already exists."
    type_keys(dialog.field, " notes")
    assert dialog.ok.isEnabled()
    press(dialog.field, Qt.Key.Key_Return)
    wait_idle(qtbot, window)
    assert [rl.name for rl in window.library.lists()] == ["Thesis", "thesis notes"]
    assert (
        window.commands.action("undo").text()
        == "&Undo New list \u201cthesis notes\u201d"
    )


def test_shift_l_takes_papers_out_and_undo_puts_them_back(
    qtbot: QtBot, window: MainWindow
) -> None:
    ids = some_ids(window, 4)
    make_list(qtbot, window, "Thesis", ids)
    select_rows(window, range(1, 3))
    shortcut(window.table, "Shift+L")
    wait_idle(qtbot, window)
    assert window.library.list_ids("Thesis") == [ids[0], ids[3]]
    assert window.model.ids() == [ids[0], ids[3]]
    undo(qtbot, window)
    assert window.library.list_ids("Thesis") == ids


def test_shift_l_outside_a_list_asks_which(qtbot: QtBot, window: MainWindow) -> None:
    [paper_id] = select_rows(window, range(0, 1))
    for name in ("Alpha", "Beta"):
        window.library.create_list(name)
        window.library.add_to_list(name, [paper_id])
    window.library.create_list("Gamma")
    select_rows(window, range(0, 1))
    shortcut(window.table, "Shift+L")
    picker = window.list_commands.dialog
    assert isinstance(picker, ListPicker)
    qtbot.waitUntil(picker.filter.hasFocus)
    assert [picker.choices.item(i).text().split()[0] for i in range(2)] == [
        "Alpha",
        "Beta",
    ]
    type_keys(picker.filter, "bet")
    press(picker.filter, Qt.Key.Key_Return)
    wait_idle(qtbot, window)
    assert window.library.paper(paper_id).lists == ("Alpha",)


def test_ctrl_s_saves_the_search_in_the_sidebar(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.search_field.setFocus()
    type_keys(window.search_field, "diffusion")
    wait_idle(qtbot, window)
    shortcut(window.search_field, "Ctrl+S")
    dialog = name_dialog(qtbot, window)
    assert dialog.field.text() == "diffusion"
    assert dialog.field.selectedText() == "diffusion"
    answer(qtbot, window, "Diffusion papers")
    [saved] = window.library.saved_searches()
    assert (saved.name, saved.query) == ("Diffusion papers", "diffusion")
    entry = window.sidebar.entry("saved:Diffusion papers")
    assert entry.isValid()
    expected = len(window.library.search_ids("diffusion")[0])
    assert entry.data(COUNT_ROLE) == expected > 0
    assert window.search_field.text() == "diffusion"


def test_saved_searches_are_renamed_and_deleted(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.library.save_search("Old name", "reasoning")
    window.refresh_sidebar()
    wait_idle(qtbot, window)
    window.sidebar.select("saved:Old name")
    wait_idle(qtbot, window)
    window.commands.trigger("search-rename")
    answer(qtbot, window, "Reasoning")
    assert [s.name for s in window.library.saved_searches()] == ["Reasoning"]
    assert window.sidebar.key == "saved:Reasoning"
    window.sidebar.setFocus()
    press(window.sidebar, Qt.Key.Key_Delete)
    wait_idle(qtbot, window)
    assert window.library.saved_searches() == []
    undo(qtbot, window)
    [back] = window.library.saved_searches()
    assert (back.name, back.query) == ("Reasoning", "reasoning")
    undo(qtbot, window)
    assert [s.name for s in window.library.saved_searches()] == ["Old name"]


def test_the_sidebar_menu_offers_rename_and_delete(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.library.save_search("Mine", "model")
    window.refresh_sidebar()
    wait_idle(qtbot, window)
    assert window.sidebar.context_menu("all") is None
    menu = window.sidebar.context_menu("saved:Mine")
    assert menu is not None
    assert [a.text() for a in menu.actions()] == [
        "Rename Saved Search\u2026",
        "Delete Saved Search",
    ]
    menu.actions()[1].trigger()
    menu.close()
    wait_idle(qtbot, window)
    assert window.library.saved_searches() == []


def test_renaming_with_no_list_shown_asks_which_first(
    qtbot: QtBot, window: MainWindow
) -> None:
    for name in ("Alpha", "Beta"):
        window.library.create_list(name)
    window.table.setFocus()
    window.commands.trigger("list-rename")
    picker = window.list_commands.dialog
    assert isinstance(picker, ListPicker)
    qtbot.waitUntil(picker.filter.hasFocus)
    type_keys(picker.filter, "bet")
    press(picker.filter, Qt.Key.Key_Return)
    answer(qtbot, window, "Gamma")
    assert [rl.name for rl in window.library.lists()] == ["Alpha", "Gamma"]
