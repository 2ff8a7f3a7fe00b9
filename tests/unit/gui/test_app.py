"""Starting the app: opening the library, errors, the window's remembered state."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from readinglist.core import Library
from readinglist.gui.app import Launcher, app_icon, run
from readinglist.gui.main_window import MainWindow
from readinglist.gui.models.papers import Column
from tests.unit.gui.conftest import WindowFactory, wait_idle


def test_the_icon_is_drawn(qapp: QApplication) -> None:
    icon = app_icon()
    assert not icon.isNull()
    assert not icon.pixmap(64, 64).isNull()


def test_the_launcher_opens_the_window(
    qtbot: QtBot, sample_library_dir: Path, settings: QSettings
) -> None:
    launcher = Launcher(sample_library_dir, settings)
    with qtbot.waitSignal(launcher.opened, timeout=20000) as blocker:
        launcher.start()
    window = blocker.args[0]
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    wait_idle(qtbot, window)
    assert window.windowTitle() == "Reading List \u2014 sample-library"
    assert window.model.rowCount() == window.library.stats()["papers"] > 0
    window.close()
    launcher.tasks.shutdown()


def test_a_locked_library_gets_a_message_not_a_traceback(
    qtbot: QtBot, sample_library_dir: Path, settings: QSettings
) -> None:
    with Library.open(sample_library_dir):
        launcher = Launcher(sample_library_dir, settings)
        launcher.start()
        qtbot.waitUntil(lambda: launcher.error_box is not None, timeout=20000)
    box = launcher.error_box
    assert box is not None and box.isVisible()
    assert box.text() == "The library cannot be opened."
    assert "open in another Reading List window" in box.informativeText()
    with qtbot.waitSignal(launcher.failed) as blocker:
        box.button(QMessageBox.StandardButton.Close).click()
    assert blocker.args == [2]
    assert launcher.window is None
    launcher.tasks.shutdown()


def test_run_exits_with_2_when_the_library_is_locked(
    qtbot: QtBot, sample_library_dir: Path
) -> None:
    def close_the_box() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            box.button(QMessageBox.StandardButton.Close).click()

    poll = QTimer()
    poll.timeout.connect(close_the_box)
    poll.start(100)
    with Library.open(sample_library_dir):
        code = run(sample_library_dir)
    poll.stop()
    assert code == 2


def test_window_state_is_remembered(
    qtbot: QtBot, open_window: WindowFactory, sample_library_dir: Path
) -> None:
    window = open_window(sample_library_dir)
    # The offscreen screen is 800 pixels wide; the centre needs about 500.
    window.resize(780, 520)
    qtbot.waitUntil(lambda: window.width() == 780)
    window.splitter.setSizes([260, 520])
    assert window.splitter.sizes()[0] == 260
    window.table.setColumnWidth(Column.LISTS, 140)
    window.results_controller.sort("upvotes", True)
    wait_idle(qtbot, window)
    assert window.sidebar.select("starred")
    window.close()

    again = open_window(sample_library_dir)
    assert (again.width(), again.height()) == (780, 520)
    assert again.splitter.sizes()[0] == 260
    assert again.table.columnWidth(Column.LISTS) == 140
    assert again.search.request.sort == "upvotes"
    assert again.sort_box.currentData() == "upvotes"
    assert again.sidebar.key == "starred"
    assert again.search.request.scope == "starred:yes"


def test_files_given_at_start_are_imported(
    qtbot: QtBot, library_dir: Path, settings: QSettings, listing_files: list[Path]
) -> None:
    listing = listing_files[0]
    launcher = Launcher(library_dir, settings, files=[listing])
    with qtbot.waitSignal(launcher.opened, timeout=20000) as blocker:
        launcher.start()
    window = blocker.args[0]
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.importer.summary is not None, timeout=20000)
    wait_idle(qtbot, window)
    imports = window.library.imports()
    assert [Path(record.path).name for record in imports] == [listing.name]
    assert window.model.rowCount() == imports[0].count > 0
    window.close()
    launcher.tasks.shutdown()


def test_the_window_fits_a_small_screen(window: MainWindow) -> None:
    screen = window.screen()
    assert screen is not None
    room = screen.availableGeometry()
    assert window.width() <= room.width()
    assert window.height() <= room.height()
    # What the window needs at least fits a screen 1024 pixels wide.
    assert window.minimumSizeHint().width() <= 1024
    assert window.menuBar().sizeHint().width() < 1024
