"""Restoring the library from a backup, from the window.

Opening the sample library for writing makes the day's automatic backup, so
every test starts with one backup in the list, taken before its changes.
"""

from __future__ import annotations

from pathlib import Path
from typing import cast

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox
from pytestqt.qtbot import QtBot

from readinglist.core.backup.snapshots import listing
from readinglist.gui.main_window import MainWindow
from readinglist.gui.widgets.restore_dialog import RestoreDialog
from tests.reliability import store_digest
from tests.unit.gui.conftest import DiskFault, wait_idle
from tests.unit.gui.drive import click, press
from tests.unit.gui.test_actions import select_rows
from tests.unit.gui.test_note_faults import type_note
from tests.unit.gui.test_rebuild import run_command

DATA = Path(__file__).parents[2] / "data"


def restore_dialog(qtbot: QtBot, window: MainWindow) -> RestoreDialog:
    """Open "Restore from Backup" from the palette; the dialog it shows."""
    run_command(qtbot, window, "restore backup")
    dialog = window.maintenance.restore.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def confirm_box(qtbot: QtBot, window: MainWindow) -> QMessageBox:
    """The question asked once the backup was checked."""
    qtbot.waitUntil(lambda: window.maintenance.restore.confirm is not None)
    box = window.maintenance.restore.confirm
    assert box is not None and box.isVisible()
    return box


def test_restore_the_daily_backup_from_the_file_menu(
    qtbot: QtBot, window: MainWindow
) -> None:
    library = window.library
    (daily,) = listing(library.path)
    papers = library.stats()["papers"]
    ids = select_rows(window, range(0, 2))
    press(window.table, Qt.Key.Key_S)  # changes made after the backup
    wait_idle(qtbot, window)
    library.create_list("Made after the backup")
    window.apply_changes(library.add_to_list("Made after the backup", ids))
    wait_idle(qtbot, window)
    assert window.sidebar.entry("list:Made after the backup").isValid()
    assert window.history.stack.count() == 1

    file_menu = cast(QMenu, window.menuBar().actions()[0].menu())
    names = [a.objectName() for a in file_menu.actions()]
    assert "backup-restore" in names and "index-rebuild" in names

    dialog = restore_dialog(qtbot, window)
    assert dialog.list.topLevelItemCount() == 1
    row = dialog.list.topLevelItem(0)
    assert row is not None
    assert (row.text(1), row.text(2)) == ("Daily copy", daily[0].name)
    assert dialog.list.hasFocus()
    press(dialog.list, Qt.Key.Key_Return)  # Restore… is the default button

    box = confirm_box(qtbot, window)
    assert box.text() == "Restore the library from this backup?"
    informative = box.informativeText()
    assert f"holds {papers:,} papers and 0 reading lists" in informative
    assert "the library now holds" in informative and "1 reading list." in informative
    restore = next(b for b in box.buttons() if b.text() == "Restore")
    click(restore)
    qtbot.waitUntil(lambda: not window.maintenance.restore.busy, timeout=30000)
    wait_idle(qtbot, window)

    assert not any(p.starred for p in library.papers(ids))
    assert library.lists() == []
    assert not window.sidebar.entry("list:Made after the backup").isValid()
    assert window.model.rowCount() == papers
    assert window.history.stack.count() == 0  # undo would cross the restore
    status = window.statusBar().currentMessage()
    assert status.startswith(f"Restored {papers:,} papers and 0 reading lists from")
    reasons = [reason for _, _, reason in listing(library.path)]
    assert reasons.count("before-restore") == 1
    assert library.check() == []


def test_a_file_that_is_no_backup_is_refused_and_nothing_changes(
    qtbot: QtBot, window: MainWindow
) -> None:
    before = store_digest(window.library.path)
    backups = listing(window.library.path)
    dialog = restore_dialog(qtbot, window)
    click(dialog.browse_button)
    browser = dialog.findChild(QFileDialog, "restoreFileDialog")
    assert browser is not None and browser.isVisible()
    not_a_backup = DATA / "bad" / "markup.txt"
    browser.fileSelected.emit(str(not_a_backup))

    qtbot.waitUntil(lambda: window.error_box is not None, timeout=5000)
    box = window.error_box
    assert box is not None
    assert box.text().startswith(f"{not_a_backup} is not a Reading List backup")
    assert box.text().endswith("Nothing was changed.")
    assert window.maintenance.restore.confirm is None  # nothing was asked
    wait_idle(qtbot, window)
    assert store_digest(window.library.path) == before
    assert listing(window.library.path) == backups  # not even a copy made


def test_with_no_backups_the_dialog_offers_browse(
    qtbot: QtBot, window: MainWindow
) -> None:
    for path, _, _ in listing(window.library.path):
        path.unlink()
    dialog = restore_dialog(qtbot, window)
    assert not dialog.list.isVisible()
    assert dialog.empty.isVisible()
    assert "There are no backups in" in dialog.empty.text()
    assert not dialog.restore_button.isEnabled()
    assert dialog.browse_button.isDefault()
    dialog.reject()


def test_a_note_that_cannot_be_saved_stops_a_restore(
    qtbot: QtBot, window: MainWindow, fault: DiskFault
) -> None:
    select_rows(window, range(0, 1))
    type_note(qtbot, window, "typed on a full disk")
    qtbot.waitUntil(window.paper_view.banner.isVisible, timeout=5000)
    before = store_digest(window.library.path)
    (backup, _, _) = listing(window.library.path)[0]
    window.maintenance.restore.start(backup)  # as after "Restore" is clicked
    qtbot.waitUntil(lambda: window.error_box is not None, timeout=5000)
    box = window.error_box
    assert box is not None
    assert box.text().startswith("A note is not saved yet")
    assert box.text().endswith("Nothing was changed.")
    assert store_digest(window.library.path) == before
    assert window.paper_view.note.toPlainText() == "typed on a full disk"
