"""The real app, quit with Ctrl+Q just after it starts one kind of background work.

Run as ``python -m tests.e2e.quit_app KIND LIBRARY [ARG]`` with KIND one of
search, import (ARG: a listing file), export (ARG: the file to write), rebuild,
note (ARG: the note's text) or session (ARG: how many rounds of searching,
starring, notes and the palette come first). The app starts as ``readinglist --library
LIBRARY`` does; once its window shows, the work starts the way the user starts
it and the quit command follows at once, before the work has finished. The
process's exit status is the app's.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from readinglist import cli
from readinglist.gui.main_window import MainWindow

CTRL = Qt.KeyboardModifier.ControlModifier


def _search(window: MainWindow, arg: str) -> None:
    window.focus_search()
    QTest.keyClicks(window.search_field, "diffusion mod")
    window.search.run()  # now, not after the typing pause


def _import(window: MainWindow, arg: str) -> None:
    window.import_files([Path(arg)])


def _export(window: MainWindow, arg: str) -> None:
    window.settings.setValue("export/source", "all")
    window.commands.trigger("export")
    dialog = window.exporter.dialog
    assert dialog is not None
    dialog.path.setText(arg)
    QTest.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)


def _rebuild(window: MainWindow, arg: str) -> None:
    window.commands.trigger("index-rebuild")


def _note(window: MainWindow, arg: str) -> None:
    window.table.setFocus()
    QTest.keyClick(window.table, Qt.Key.Key_J)
    QTest.keyClick(window.table, Qt.Key.Key_N)
    QTest.keyClicks(window.paper_view.note, arg)


def _session(window: MainWindow, arg: str) -> None:
    # A working hour compressed: every keystroke and action sends signals
    # and calls Qt, which is what wore the binding's counts down (test_binding).
    for turn in range(int(arg)):
        window.focus_search()
        QTest.keyClicks(window.search_field, f"diffusion model {turn}")
        QTest.keyClick(window.search_field, Qt.Key.Key_Escape)
        window.table.setFocus()
        QTest.keyClick(window.table, Qt.Key.Key_J)
        QTest.keyClick(window.table, Qt.Key.Key_S)
        QTest.keyClick(window.table, Qt.Key.Key_N)
        QTest.keyClicks(window.paper_view.note, f"note {turn} ")
        QTest.keyClick(window.paper_view.note, Qt.Key.Key_Escape)
        QTest.keyClick(window.table, Qt.Key.Key_K, CTRL)
        palette = QApplication.focusWidget()
        if palette is not None:
            QTest.keyClicks(palette, "star")
            QTest.keyClick(palette, Qt.Key.Key_Escape)
        window.tasks.settle()


START: dict[str, Callable[[MainWindow, str], None]] = {
    "session": _session,
    "search": _search,
    "import": _import,
    "export": _export,
    "rebuild": _rebuild,
    "note": _note,
}


def main(kind: str, library: str, arg: str = "") -> int:
    """Run the app on ``library``; start ``kind`` of work, then quit."""
    app = QApplication(sys.argv[:1])

    def the_window() -> None:
        shown = [
            w
            for w in app.topLevelWidgets()
            if isinstance(w, MainWindow) and w.isVisible()
        ]
        if not shown or shown[0].model.rowCount() == 0:
            QTimer.singleShot(20, the_window)
            return
        window = shown[0]
        START[kind](window, arg)
        # Ctrl+Q, from wherever the keyboard is (a progress dialog may have it).
        focus = app.focusWidget() or window
        QTest.keyClick(focus, Qt.Key.Key_Q, CTRL)
        if window.isVisible():
            window.commands.trigger("quit")  # a modal dialog took the keys

    QTimer.singleShot(0, the_window)
    return cli.main(["--library", library])


if __name__ == "__main__":
    raise SystemExit(main(*sys.argv[1:]))
