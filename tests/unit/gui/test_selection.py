"""The paper shown is the paper the keys act on; Delete keeps the user's place."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from readinglist.core.models import Status
from readinglist.gui.main_window import MainWindow
from readinglist.gui.models.papers import Column
from tests.unit.gui.conftest import wait_idle
from tests.unit.gui.drive import press, shortcut


def click_row(
    window: MainWindow,
    row: int,
    modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    """Click a row of the result table as a user would."""
    table = window.table
    index = window.model.index(row, Column.TITLE)
    table.scrollTo(index)
    QTest.mouseClick(
        table.viewport(),
        Qt.MouseButton.LeftButton,
        modifier,
        table.visualRect(index).center(),
    )


def selected(window: MainWindow) -> list[str]:
    return window.results_controller.selected_ids()


def shown(window: MainWindow) -> str | None:
    paper = window.paper_view.paper
    return paper.paper_id if paper is not None else None


def test_ctrl_home_moves_the_selection_with_the_paper_shown(
    qtbot: QtBot, window: MainWindow
) -> None:
    click_row(window, 5)
    fifth, first = window.model.paper_id(5), window.model.paper_id(0)
    assert selected(window) == [fifth]
    shortcut(window.table, "Ctrl+Home")
    assert shown(window) == first
    assert selected(window) == [first]
    press(window.table, Qt.Key.Key_R)
    press(window.table, Qt.Key.Key_S)
    wait_idle(qtbot, window)
    [top, other] = window.library.papers([str(first), str(fifth)])
    assert (top.status, top.starred) == (Status.READING, True)
    assert (other.status, other.starred) == (Status.UNREAD, False)


def test_ctrl_arrows_and_pages_move_the_selection_too(
    qtbot: QtBot, window: MainWindow
) -> None:
    click_row(window, 2)
    for keys, row in (("Ctrl+Down", 3), ("Ctrl+Up", 2), ("Ctrl+End", None)):
        shortcut(window.table, keys)
        want = window.model.rowCount() - 1 if row is None else row
        assert selected(window) == [window.model.paper_id(want)] == [shown(window)]


def test_s_stars_all_selected_when_any_is_unstarred(
    qtbot: QtBot, window: MainWindow
) -> None:
    click_row(window, 3)
    press(window.table, Qt.Key.Key_S)
    wait_idle(qtbot, window)
    click_row(window, 1)
    click_row(window, 3, Qt.KeyboardModifier.ShiftModifier)
    ids = selected(window)
    assert len(ids) == 3 and shown(window) == ids[-1]
    press(window.table, Qt.Key.Key_S)
    wait_idle(qtbot, window)
    assert all(p.starred for p in window.library.papers(ids))
    press(window.table, Qt.Key.Key_S)
    wait_idle(qtbot, window)
    assert not any(p.starred for p in window.library.papers(ids))


def test_r_changes_only_selected_papers_when_the_shown_one_is_not(
    qtbot: QtBot, window: MainWindow
) -> None:
    click_row(window, 2)
    for _ in range(2):  # row 2 is read; the next status after it is unread
        press(window.table, Qt.Key.Key_R)
        wait_idle(qtbot, window)
    click_row(window, 1)
    click_row(window, 2, Qt.KeyboardModifier.ControlModifier)
    # Ctrl+click again takes row 2 out of the selection but leaves it shown.
    click_row(window, 2, Qt.KeyboardModifier.ControlModifier)
    one, two = window.model.paper_id(1), window.model.paper_id(2)
    assert selected(window) == [one] and shown(window) == two
    press(window.table, Qt.Key.Key_R)
    wait_idle(qtbot, window)
    [first, second] = window.library.papers([str(one), str(two)])
    assert first.status == Status.READING
    assert second.status == Status.READ


def test_delete_keeps_the_place_and_undo_selects_the_papers_again(
    qtbot: QtBot, window: MainWindow
) -> None:
    count = window.model.rowCount()
    window.resize(1150, 750)
    bar = window.table.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    assert bar.value() > 0
    row = window.table.rowAt(window.table.viewport().height() // 2)
    click_row(window, row)
    gone, after = window.model.paper_id(row), window.model.paper_id(row + 1)
    scrolled = bar.value()
    press(window.table, Qt.Key.Key_Delete)
    wait_idle(qtbot, window)
    assert window.model.rowCount() == count - 1
    assert selected(window) == [after] == [shown(window)]
    assert window.table.currentIndex().row() == row
    assert bar.value() == scrolled
    assert window.statusBar().currentMessage() == (
        "Deleted 1 paper. Edit > Undo brings it back."
    )
    shortcut(window.table, "Ctrl+Z")
    wait_idle(qtbot, window)
    assert selected(window) == [gone] == [shown(window)]
    assert window.table.currentIndex().row() == row


def test_delete_of_the_last_rows_selects_the_one_above(
    qtbot: QtBot, window: MainWindow
) -> None:
    last = window.model.rowCount() - 1
    click_row(window, last - 1)
    click_row(window, last, Qt.KeyboardModifier.ShiftModifier)
    above = window.model.paper_id(last - 2)
    press(window.table, Qt.Key.Key_Delete)
    wait_idle(qtbot, window)
    assert selected(window) == [above] == [shown(window)]
    assert window.statusBar().currentMessage() == (
        "Deleted 2 papers. Edit > Undo brings them back."
    )
