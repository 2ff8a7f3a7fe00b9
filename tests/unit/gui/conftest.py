"""Fixtures for the GUI tests: a real window over a real library, offscreen.

Window state goes to a settings file in the test's temp folder, and the
settings folder (where ``keys.toml`` is read) is the test's own, never the
user's. The ``fault`` fixture makes note saves fail as on a full disk.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from readinglist.core import Library
from readinglist.core.errors import StorageError
from readinglist.core.models import Changes
from readinglist.gui.app import app_icon
from readinglist.gui.main_window import MainWindow

WindowFactory = Callable[[Path], MainWindow]

HERE = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the tests in this folder as GUI tests."""
    for item in items:
        if HERE in Path(item.path).parents:
            item.add_marker(pytest.mark.gui)


@pytest.fixture(autouse=True)
def config_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The settings folder of the app in this test (empty at first)."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    folder = tmp_path / "config" / "readinglist"
    folder.mkdir(parents=True)
    return folder


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    """Window state kept in a file of the test's own."""
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def wait_idle(qtbot: QtBot, window: MainWindow, timeout: int = 10000) -> None:
    """Wait until every search, action and import has been delivered."""
    qtbot.waitUntil(
        lambda: not window.tasks.busy and not window.search.pending, timeout=timeout
    )


@pytest.fixture
def open_window(qtbot: QtBot, settings: QSettings) -> Iterator[WindowFactory]:
    """Opens windows over library folders, and closes them after the test."""
    windows: list[MainWindow] = []

    def make(folder: Path) -> MainWindow:
        """Open a window over the library in ``folder``."""
        window = MainWindow(Library.open(folder), settings, app_icon())
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        wait_idle(qtbot, window)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close()


@pytest.fixture
def window(open_window: WindowFactory, sample_library_dir: Path) -> MainWindow:
    """A window over a library holding the sample papers."""
    return open_window(sample_library_dir)


FULL = (
    "the disk that holds the library is full; nothing was changed. "
    "Please free some space and try again."
)


class DiskFault:
    """Makes ``Library.set_note`` fail as on a full disk while ``on``."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.on = True
        self.attempts = 0
        real = Library.set_note

        def set_note(lib: Library, paper_id: str, text: str) -> Changes:
            self.attempts += 1
            if self.on:
                raise StorageError(FULL)
            return real(lib, paper_id, text)

        monkeypatch.setattr(Library, "set_note", set_note)


@pytest.fixture
def fault(monkeypatch: pytest.MonkeyPatch) -> Iterator[DiskFault]:
    """A full disk for notes, mended after the test so windows can close."""
    made = DiskFault(monkeypatch)
    yield made
    made.on = False
