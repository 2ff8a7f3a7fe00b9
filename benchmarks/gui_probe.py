"""Start the real app window on a library and report when its first page shows.

Run as a separate process (``python -m benchmarks.gui_probe LIBRARY``),
offscreen: it starts Qt and the app's own ``Launcher`` exactly as ``app.run``
does, waits until the result table has rows and has been painted, then types
one query and waits for its rows too. It prints one JSON line: the wall-clock
time (``time.time()``) the first page was painted, to compare with the
parent's clock just before it started this process, and the peak RSS.
Nothing in the app is changed or hooked; the probe only watches its widgets.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path

# Before Qt is imported: no display needed.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
from PySide6.QtWidgets import QApplication

from readinglist.gui.app import Launcher, configure
from readinglist.gui.main_window import MainWindow

TIMEOUT_S = 120.0
QUERY = "language models"


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Probe(QObject):
    """Watches the window: first page painted, then the answer to a query."""

    def __init__(self, app: QApplication) -> None:
        super().__init__()
        self.app = app
        self.window: MainWindow | None = None
        self.result: dict[str, float | int | str] = {}
        self._typed_at = 0.0
        self._before: list[str] = []

    def opened(self, window: MainWindow) -> None:
        self.window = window
        self.result["opened_at"] = time.time()
        window.table.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        window = self.window
        if window is None or event.type() != QEvent.Type.Paint:
            return False
        rows = window.model.rowCount()
        if rows and "first_page_at" not in self.result:
            self.result["first_page_at"] = time.time()
            self.result["rows"] = rows
            self.result["rss_first_page_mb"] = _rss_mb()
            QTimer.singleShot(0, self._type)
        elif self._typed_at and rows and window.model.ids() != self._before:
            self.result["query_ms"] = (time.time() - self._typed_at) * 1000
            self.result["query_rows"] = rows
            QTimer.singleShot(0, self._finish)
        return False

    def _type(self) -> None:
        assert self.window is not None
        self._before = self.window.model.ids()
        self._typed_at = time.time()
        # As typed: the search field's text changes, the search runs on its own.
        self.window.search_field.setText(QUERY)

    def _finish(self) -> None:
        self.result["rss_peak_mb"] = _rss_mb()
        if self.window is not None:
            self.window.close()
        self.app.quit()


def main(argv: list[str]) -> int:
    """Open the app on ``argv[0]`` and print the probe's JSON line."""
    folder = Path(argv[0])
    app = QApplication(sys.argv[:1])
    configure(app)
    settings = QSettings(
        str(folder.parent / "probe-settings.ini"), QSettings.Format.IniFormat
    )
    probe = Probe(app)
    launcher = Launcher(folder, settings)
    launcher.opened.connect(probe.opened)
    launcher.failed.connect(app.exit)
    QTimer.singleShot(int(TIMEOUT_S * 1000), app.quit)
    launcher.start()
    app.exec()
    launcher.tasks.shutdown()
    print(json.dumps(probe.result))
    return 0 if "first_page_at" in probe.result else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
