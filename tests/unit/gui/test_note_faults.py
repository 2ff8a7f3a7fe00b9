"""A note the disk will not take is kept, shown as unsaved, and saved later.

The fault is injected where the window meets the core: ``Library.set_note``
raises the ``StorageError`` a full disk gives, for as long as the test says
(the ``fault`` fixture).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from readinglist.core import Library
from readinglist.core.errors import SAVED_BUT_NOT_INDEXED, StorageError
from readinglist.gui.main_window import MainWindow
from tests.unit.gui.conftest import FULL, DiskFault, WindowFactory, wait_idle
from tests.unit.gui.drive import click, press, type_keys
from tests.unit.gui.test_actions import select_rows


def type_note(qtbot: QtBot, window: MainWindow, text: str) -> None:
    """Press N on the table and type ``text`` into the note."""
    window.table.setFocus()
    press(window.table, Qt.Key.Key_N)
    note = window.paper_view.note
    qtbot.waitUntil(note.hasFocus)
    type_keys(note, text)


def test_a_note_that_cannot_be_saved_is_kept_then_saved(
    qtbot: QtBot, window: MainWindow, fault: DiskFault
) -> None:
    paper_id = select_rows(window, range(2, 3))[0]
    type_note(qtbot, window, "Compare with the ε-greedy baseline")
    view = window.paper_view
    qtbot.waitUntil(view.banner.isVisible, timeout=5000)

    typed = "Compare with the ε-greedy baseline"
    assert view.note.toPlainText() == typed
    assert view.note_state.text() == f"Not saved yet: {FULL}"
    assert view.banner_text.text().startswith("This note is not saved yet. The disk")
    assert "What you typed stays here" in view.banner_text.text()
    status = window.statusBar().currentMessage()
    assert status.startswith("A note could not be saved yet: the disk")
    assert window.library.paper(paper_id).note == ""

    # Moving on keeps it: the other paper's note shows, then this one again.
    press(view.note, Qt.Key.Key_Escape)
    press(window.table, Qt.Key.Key_J)
    wait_idle(qtbot, window)
    assert view.paper is not None and view.paper.paper_id != paper_id
    assert view.note.toPlainText() == ""
    assert view.banner.isVisible()
    assert view.banner_text.text().startswith("Notes on 1 other paper are not saved")
    press(window.table, Qt.Key.Key_K)
    wait_idle(qtbot, window)
    assert view.note.toPlainText() == typed
    assert window.library.paper(paper_id).note == ""

    # The disk has room again: the next save (here, more typing) stores it.
    fault.on = False
    view.note.setFocus()
    view.note.moveCursor(view.note.textCursor().MoveOperation.End)
    type_keys(view.note, ".")
    qtbot.waitUntil(lambda: view.note_state.text() == "Saved", timeout=5000)
    wait_idle(qtbot, window)
    assert window.library.paper(paper_id).note == typed + "."
    assert not view.banner.isVisible()
    assert view.note.failures == {}


def test_try_again_saves_notes_of_papers_no_longer_shown(
    qtbot: QtBot, window: MainWindow, fault: DiskFault
) -> None:
    first = select_rows(window, range(0, 1))[0]
    type_note(qtbot, window, "first note")
    press(window.paper_view.note, Qt.Key.Key_Escape)
    press(window.table, Qt.Key.Key_J)
    qtbot.waitUntil(lambda: window.paper_view.note.failures != {}, timeout=5000)
    wait_idle(qtbot, window)
    assert window.library.paper(first).note == ""
    fault.on = False
    click(window.paper_view.retry_button)
    wait_idle(qtbot, window)
    assert window.library.paper(first).note == "first note"
    assert not window.paper_view.banner.isVisible()


def test_a_note_saved_but_not_indexed_is_saved(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The store took the note and only the index could not follow: the note
    # is saved (no retries, no "not saved"), and the user hears about the index.
    real = Library.set_note
    calls: list[str] = []

    def index_full(lib: Library, paper_id: str, text: str) -> Any:
        calls.append(text)
        real(lib, paper_id, text)
        raise StorageError(f"the disk is full; {SAVED_BUT_NOT_INDEXED}")

    monkeypatch.setattr(Library, "set_note", index_full)
    paper_id = select_rows(window, range(1, 2))[0]
    type_note(qtbot, window, "kept")
    view = window.paper_view
    qtbot.waitUntil(lambda: view.note_state.text() == "Saved", timeout=5000)
    wait_idle(qtbot, window)
    assert window.library.paper(paper_id).note == "kept"
    assert not view.banner.isVisible()
    assert not view.note.waiting
    assert "search index could not be updated" in window.statusBar().currentMessage()
    assert len(calls) == 1


def test_closing_over_an_unsaved_note_asks_first(
    qtbot: QtBot,
    open_window: WindowFactory,
    sample_library_dir: Path,
    fault: DiskFault,
) -> None:
    window = open_window(sample_library_dir)
    paper_id = select_rows(window, range(3, 4))[0]
    type_note(qtbot, window, "do not lose me")
    window.close()  # before the typing pause: the close itself saves, and fails
    assert window.isVisible()
    box = window.maintenance.notes.close_box
    assert box is not None and box.isVisible()
    assert box.text() == "A note could not be saved."
    assert "If you close now, what you typed is lost" in box.informativeText()
    assert "do not lose me" in box.detailedText()
    keep = next(b for b in box.buttons() if b.text() == "Keep Open")
    click(keep)
    qtbot.waitUntil(lambda: window.maintenance.notes.close_box is None)
    assert window.isVisible()
    assert window.paper_view.note.toPlainText() == "do not lose me"

    fault.on = False
    window.close()  # now the save goes through, and the window closes
    assert not window.isVisible()
    with Library.open(sample_library_dir) as lib:
        assert lib.paper(paper_id).note == "do not lose me"


def test_close_anyway_closes(
    qtbot: QtBot, window: MainWindow, fault: DiskFault
) -> None:
    select_rows(window, range(0, 1))
    type_note(qtbot, window, "let go")
    window.close()
    box = window.maintenance.notes.close_box
    assert isinstance(box, QMessageBox)
    lose = next(b for b in box.buttons() if b.text() == "Close Anyway")
    click(lose)
    qtbot.waitUntil(lambda: not window.isVisible())


def test_a_kept_note_of_a_paper_deleted_meanwhile_goes_to_the_messages(
    qtbot: QtBot, window: MainWindow, fault: DiskFault
) -> None:
    paper_id = select_rows(window, range(0, 1))[0]
    type_note(qtbot, window, "notes on a doomed paper")
    press(window.paper_view.note, Qt.Key.Key_Escape)
    press(window.table, Qt.Key.Key_J)  # the note is now kept, not shown
    qtbot.waitUntil(lambda: paper_id in window.paper_view.note.failures)
    window.apply_changes(window.library.delete_papers([paper_id]))
    fault.on = False
    click(window.paper_view.retry_button)
    wait_idle(qtbot, window)
    # Nowhere to store it, and no endless retries: the text is in the messages.
    assert not window.paper_view.note.waiting
    assert not window.paper_view.banner.isVisible()
    last = window.maintenance.messages.messages[-1].text
    assert "deleted meanwhile" in last
    assert last.endswith("\u201cnotes on a doomed paper\u201d.")
