"""Paste to import, and what an import reports and lists (issue 20, part 11)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from readinglist.gui.main_window import MainWindow
from readinglist.gui.widgets.name_dialog import NameDialog
from tests.unit.core.test_import_batches import compact_piece
from tests.unit.gui.conftest import WindowFactory, wait_idle
from tests.unit.gui.drive import press, shortcut, type_keys
from tests.unit.gui.test_importing import wait_for_summary


def import_entries(window: MainWindow) -> list[str]:
    """The labels of the sidebar's Recent Imports entries."""
    model = window.sidebar.sidebar_model
    labels: list[str] = []
    for row in range(model.rowCount()):
        heading = model.item(row)
        if heading.text().startswith("Recent Imports"):
            labels = [heading.child(i).text() for i in range(heading.rowCount())]
    return labels


def test_ctrl_v_imports_a_copied_piece_of_a_listing(
    qtbot: QtBot, open_window: WindowFactory, library_dir: Path
) -> None:
    window = open_window(library_dir)
    QGuiApplication.clipboard().setText(compact_piece(3))
    window.activateWindow()
    window.table.setFocus()
    shortcut(window.table, "Ctrl+V")
    summary = wait_for_summary(qtbot, window)
    assert summary.headline.text() == "Read 3 papers from 1 file: 3 added."
    assert window.library.stats()["papers"] == 3
    assert window.model.rowCount() == 3
    paths = [r.path for r in window.library.imports()]
    assert len(paths) == 1
    assert paths[0].startswith("Pasted text")


def test_ctrl_v_in_the_search_field_pastes_text(
    qtbot: QtBot, open_window: WindowFactory, library_dir: Path
) -> None:
    window = open_window(library_dir)
    QGuiApplication.clipboard().setText("diffusion")
    window.search_field.setFocus()
    shortcut(window.search_field, "Ctrl+V")
    wait_idle(qtbot, window)
    assert window.search_field.text() == "diffusion"
    assert window.importer.summary is None
    assert window.library.stats()["papers"] == 0


def test_file_menu_offers_paste_listing(
    qtbot: QtBot, open_window: WindowFactory, library_dir: Path
) -> None:
    window = open_window(library_dir)
    file_menu = window.menuBar().actions()[0].menu()
    names = [a.objectName() for a in file_menu.actions()]  # type: ignore[attr-defined]
    assert "paste-import" in names
    QGuiApplication.clipboard().setText("   ")
    window.commands.action("paste-import").trigger()
    assert "no text to import" in window.statusBar().currentMessage()


def test_a_duplicate_in_the_first_import_is_not_already_in_the_library(
    qtbot: QtBot, open_window: WindowFactory, library_dir: Path, tmp_path: Path
) -> None:
    listing = tmp_path / "daily.txt"
    listing.write_text(compact_piece(2) + compact_piece(1), encoding="utf-8")
    window = open_window(library_dir)
    window.import_files([listing])
    summary = wait_for_summary(qtbot, window)
    text = summary.headline.text()
    assert "already in the library" not in text
    assert text == "Read 3 papers from 1 file: 2 added, 1 duplicate within the file."


def test_recent_imports_list_a_file_once(
    qtbot: QtBot, open_window: WindowFactory, library_dir: Path, tmp_path: Path
) -> None:
    listing = tmp_path / "daily.txt"
    listing.write_text(compact_piece(3), encoding="utf-8")
    window = open_window(library_dir)
    for _ in range(2):
        window.import_files([listing])
        summary = wait_for_summary(qtbot, window)
        summary.close()
        qtbot.waitUntil(lambda: window.importer.summary is None)
    wait_idle(qtbot, window)
    assert import_entries(window) == ["daily.txt"]


def test_l_in_an_empty_library_makes_a_list(
    qtbot: QtBot, open_window: WindowFactory, library_dir: Path
) -> None:
    window = open_window(library_dir)
    window.activateWindow()
    window.sidebar.setFocus()
    press(window.sidebar, Qt.Key.Key_L)
    dialog = window.list_commands.dialog
    assert isinstance(dialog, NameDialog)
    qtbot.waitUntil(dialog.field.hasFocus)
    type_keys(dialog.field, "To read")
    press(dialog.field, Qt.Key.Key_Return)
    wait_idle(qtbot, window)
    assert [rl.name for rl in window.library.lists()] == ["To read"]
