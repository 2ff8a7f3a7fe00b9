"""Stars, read status, lists and notes, from the keyboard and the paper view."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, Qt
from pytestqt.qtbot import QtBot

from readinglist.core import Library
from readinglist.core.models import Status
from readinglist.gui.main_window import MainWindow
from readinglist.gui.models.papers import STAR, Column
from readinglist.gui.models.sidebar import COUNT_ROLE
from readinglist.gui.widgets.list_picker import ListPicker
from tests.unit.gui.conftest import WindowFactory, wait_idle
from tests.unit.gui.drive import press, type_keys

FLAGS = QItemSelectionModel.SelectionFlag


def select_rows(window: MainWindow, rows: range) -> list[str]:
    """Make these rows selected (the first current) with the table focused."""
    selection = window.table.selectionModel()
    first = window.model.index(rows[0], Column.TITLE)
    selection.setCurrentIndex(first, FLAGS.ClearAndSelect | FLAGS.Rows)
    for row in rows[1:]:
        selection.select(window.model.index(row, 0), FLAGS.Select | FLAGS.Rows)
    window.table.setFocus()
    return [str(window.model.paper_id(r)) for r in rows]


def sidebar_count(window: MainWindow, key: str) -> object:
    """The count the sidebar shows for entry ``key``."""
    return window.sidebar.entry(key).data(COUNT_ROLE)


def test_s_stars_the_selected_papers(qtbot: QtBot, window: MainWindow) -> None:
    ids = select_rows(window, range(2, 5))
    press(window.table, Qt.Key.Key_S)
    wait_idle(qtbot, window)
    assert all(p.starred for p in window.library.papers(ids))
    assert [window.model.index(r, Column.STAR).data() for r in range(2, 5)] == [
        STAR
    ] * 3
    assert window.model.index(0, Column.STAR).data() == ""
    assert sidebar_count(window, "starred") == 3
    assert window.paper_view.star_button.isChecked()
    press(window.table, Qt.Key.Key_S)
    wait_idle(qtbot, window)
    assert not any(p.starred for p in window.library.papers(ids))
    assert sidebar_count(window, "starred") == 0


def test_typing_s_in_the_search_field_does_not_star(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.search_field.setFocus()
    type_keys(window.search_field, "s")
    press(window.search_field, Qt.Key.Key_S)
    wait_idle(qtbot, window)
    assert window.search_field.text() == "ss"
    assert window.library.stats()["starred"] == 0


def test_typing_in_the_note_runs_no_command(qtbot: QtBot, window: MainWindow) -> None:
    note = window.paper_view.note
    note.setFocus()
    type_keys(note, "slrjkn")
    wait_idle(qtbot, window)
    stats = window.library.stats()
    assert note.toPlainText() == "slrjkn"
    assert (stats["starred"], stats["reading"], stats["lists"]) == (0, 0, 0)
    assert window.findChild(ListPicker) is None


def test_r_cycles_the_read_status(qtbot: QtBot, window: MainWindow) -> None:
    [paper_id] = select_rows(window, range(1, 2))
    seen = []
    for _ in range(3):
        press(window.table, Qt.Key.Key_R)
        wait_idle(qtbot, window)
        seen.append(window.library.paper(paper_id).status)
    assert seen == [Status.READING, Status.READ, Status.UNREAD]


def test_status_from_the_paper_view(qtbot: QtBot, window: MainWindow) -> None:
    [paper_id] = select_rows(window, range(0, 1))
    box = window.paper_view.status_box
    box.setCurrentIndex(box.findData("read"))
    box.activated.emit(box.currentIndex())
    wait_idle(qtbot, window)
    assert window.library.paper(paper_id).status == Status.READ
    assert window.model.index(0, Column.STATUS).data() == "Read"
    assert sidebar_count(window, "read") == 1


def test_l_adds_to_a_new_list_and_then_to_it_again(
    qtbot: QtBot, window: MainWindow
) -> None:
    first = select_rows(window, range(0, 2))
    press(window.table, Qt.Key.Key_L)
    picker = window.findChild(ListPicker)
    assert picker is not None and picker.isVisible()
    qtbot.waitUntil(picker.filter.hasFocus)
    type_keys(picker.filter, "Reading group")
    press(picker.filter, Qt.Key.Key_Return)
    wait_idle(qtbot, window)
    assert window.library.list_ids("Reading group") == first
    assert sidebar_count(window, "list:Reading group") == 2
    assert window.model.index(0, Column.LISTS).data() == "Reading group"
    assert [c.name for c in window.paper_view.chips.chips()] == ["Reading group"]

    [third] = select_rows(window, range(2, 3))
    press(window.table, Qt.Key.Key_L)
    picker = window.paper_commands.list_picker
    assert picker is not None
    qtbot.waitUntil(picker.filter.hasFocus)
    type_keys(picker.filter, "group")
    assert picker.choices.currentItem().text().startswith("Reading group")
    press(picker.filter, Qt.Key.Key_Return)
    wait_idle(qtbot, window)
    assert window.library.list_ids("Reading group") == [*first, third]


def test_a_list_chip_takes_the_paper_out(qtbot: QtBot, window: MainWindow) -> None:
    [paper_id] = select_rows(window, range(0, 1))
    window.library.create_list("Thesis")
    window.apply_changes(window.library.add_to_list("Thesis", [paper_id]))
    wait_idle(qtbot, window)
    [chip] = window.paper_view.chips.chips()
    assert chip.name == "Thesis"
    chip.remove_clicked.emit("Thesis")
    wait_idle(qtbot, window)
    assert window.library.list_ids("Thesis") == []
    assert window.paper_view.chips.chips() == []


def test_sidebar_lists_scope_the_table(qtbot: QtBot, window: MainWindow) -> None:
    ids = window.model.ids()[3:5]
    window.library.create_list("Thesis reading")
    window.apply_changes(window.library.add_to_list("Thesis reading", ids))
    wait_idle(qtbot, window)
    assert window.sidebar.select("list:Thesis reading")
    wait_idle(qtbot, window)
    assert window.model.ids() == ids
    assert window.windowTitle() == "Reading List \u2014 Thesis reading"


def test_a_note_is_saved_as_you_type_and_found_again(
    qtbot: QtBot, open_window: WindowFactory, sample_library_dir: Path
) -> None:
    window = open_window(sample_library_dir)
    paper_id = select_rows(window, range(4, 5))[0]
    press(window.table, Qt.Key.Key_N)
    note = window.paper_view.note
    assert note.hasFocus()
    type_keys(note, "Compare with the ε-greedy baseline")
    qtbot.waitUntil(
        lambda: window.paper_view.note_state.text() == "Saved", timeout=5000
    )
    assert window.library.paper(paper_id).note == "Compare with the ε-greedy baseline"
    window.close()

    again = open_window(sample_library_dir)
    again.search_field.setText("baseline greedy")
    wait_idle(qtbot, again)
    assert paper_id in again.model.ids()
    assert again.model.row_of(paper_id) is not None
    row = again.model.row_of(paper_id)
    again.table.selectRow(row if row is not None else 0)
    assert again.paper_view.note.toPlainText() == "Compare with the ε-greedy baseline"


def test_a_note_typed_just_before_closing_is_kept(
    qtbot: QtBot, open_window: WindowFactory, sample_library_dir: Path
) -> None:
    window = open_window(sample_library_dir)
    paper_id = select_rows(window, range(0, 1))[0]
    window.paper_view.note.setFocus()
    type_keys(window.paper_view.note, "read section 3 first")
    window.close()
    with Library.open(sample_library_dir) as lib:
        assert lib.paper(paper_id).note == "read section 3 first"


def test_a_note_is_saved_when_moving_to_another_paper(
    qtbot: QtBot, window: MainWindow
) -> None:
    paper_id = select_rows(window, range(0, 1))[0]
    window.paper_view.note.setFocus()
    type_keys(window.paper_view.note, "first")
    window.table.setFocus()
    press(window.table, Qt.Key.Key_J)
    wait_idle(qtbot, window)
    assert window.library.paper(paper_id).note == "first"
    assert window.paper_view.note.toPlainText() == ""


def test_escape_in_the_note_returns_to_the_table(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.search_field.setText("diffusion")
    wait_idle(qtbot, window)
    window.paper_view.note.setFocus()
    press(window.paper_view.note, Qt.Key.Key_Escape)
    assert window.table.hasFocus()
    assert window.search_field.text() == "diffusion"
