"""Starting the app: the Qt application, opening the library, the main window.

The library opens on a worker thread, since a missing or outdated search index
is rebuilt then, which takes a while on a big library; a progress dialog shows
if it does. A library that cannot be opened (another window holds it, the
folder cannot be written) gets a clear message and exit status 2, never a
traceback.
"""

from __future__ import annotations

import signal
import sys
import traceback
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from types import TracebackType

import shiboken6
from PySide6.QtCore import QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog

from readinglist import APP_NAME, DISPLAY_NAME, __version__
from readinglist.core.library import Library
from readinglist.gui.main_window import MainWindow
from readinglist.gui.progress import ProgressJob
from readinglist.gui.tasks import TaskContext, Tasks

CANNOT_OPEN = 2
SHOW_PROGRESS_AFTER_MS = 300
DESKTOP_ID = "io.github.readinglist.ReadingList"
"""The desktop entry's id (packaging/linux), so the desktop matches windows to it."""


def app_icon() -> QIcon:
    """The app icon, drawn from the bundled SVG."""
    svg = resources.files("readinglist.resources") / "readinglist.svg"
    return QIcon(str(svg))


def configure(app: QApplication) -> None:
    """Name the app (settings, desktop entry), set its icon and style.

    Fusion draws the same on every Linux desktop and follows the system
    palette, so light and dark both come from the platform.

    Args:
        app: the application to set up.
    """
    QApplication.setApplicationName(APP_NAME)
    QApplication.setOrganizationName(APP_NAME)
    QApplication.setApplicationVersion(__version__)
    QGuiApplication.setDesktopFileName(DESKTOP_ID)
    app.setWindowIcon(app_icon())
    app.setStyle("Fusion")


class Launcher(QObject):
    """Opens the library off the GUI thread, then shows the window or the error.

    Args:
        folder: the library folder.
        settings: where the window keeps its state (default: the app's).
        files: files to import once the window is shown ("Open with").

    Signals:
        opened(MainWindow): the window is shown.
        failed(int): the library could not be opened; the exit status to use,
            sent once the user has read the message.
    """

    opened = Signal(object)
    failed = Signal(int)

    def __init__(
        self,
        folder: Path,
        settings: QSettings | None = None,
        files: Sequence[Path] = (),
    ) -> None:
        super().__init__()
        self.folder = folder
        self.settings = settings
        self.files = [Path(f) for f in files]
        self.tasks = Tasks(self)
        self.window: MainWindow | None = None
        self.error_box: QMessageBox | None = None
        self._job: ProgressJob | None = None
        self._stopping = False

    @property
    def progress(self) -> QProgressDialog | None:
        """The progress dialog, while the library opens."""
        return self._job.dialog if self._job is not None else None

    def stop(self) -> None:
        """Close the window or the error box, now or as soon as one shows.

        A failure to open is then reported without waiting for a click.
        """
        self._stopping = True
        if self.window is not None:
            self.window.close()
        elif self.error_box is not None:
            self.error_box.done(0)

    def start(self) -> None:
        """Begin opening the library."""
        folder = self.folder

        def work(ctx: TaskContext) -> Library:
            def progress(done: int, total: int) -> bool:
                ctx.report((done, total))
                return True

            return Library.open(folder, progress=progress)

        self._job = ProgressJob(
            self.tasks,
            None,
            title=DISPLAY_NAME,
            text=f"Opening the library in {folder}\N{HORIZONTAL ELLIPSIS}",
            modal=False,
            show_after_ms=SHOW_PROGRESS_AFTER_MS,
        )
        self._job.run(
            work,
            on_success=self._opened,
            on_error=self._failed,
            on_progress=self._advance,
        )

    def close_progress(self) -> None:
        """Close the progress dialog now, if it is open (the app is closing)."""
        if self._job is not None:
            self._job.close(at_once=True)

    def _advance(self, value: object) -> None:
        if self._job is None or not isinstance(value, tuple):
            return
        done, total = value
        self._job.step(
            done,
            max(total, 1),
            f"Building the search index: {done:,} of {total:,} papers",
        )

    def _opened(self, library: Library) -> None:
        self.window = MainWindow(library, self.settings, app_icon())
        self.window.show()
        self.opened.emit(self.window)
        if self._stopping:
            self.window.close()
        elif self.files:
            # Once shown, so the import's progress has a window to sit on.
            window, files = self.window, self.files
            QTimer.singleShot(0, lambda: window.import_files(files))

    def _failed(self, exc: Exception) -> None:
        reason = exc.args[0] if exc.args and isinstance(exc.args[0], str) else str(exc)
        reason = reason or type(exc).__name__
        # Also on stderr, for whoever started the app from a terminal.
        sys.stderr.write(f"{APP_NAME}: {reason}\n")
        if self._stopping:
            self.failed.emit(CANNOT_OPEN)
            return
        box = QMessageBox(QMessageBox.Icon.Critical, DISPLAY_NAME, "")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText("The library cannot be opened.")
        box.setInformativeText(reason)
        box.setStandardButtons(QMessageBox.StandardButton.Close)
        box.finished.connect(lambda _: self.failed.emit(CANNOT_OPEN))
        self.error_box = box
        box.open()


def _report_unexpected(
    kind: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> None:
    """Show an error that escaped a slot, instead of losing it on stderr."""
    details = "".join(traceback.format_exception(kind, exc, tb))
    sys.stderr.write(details)
    box = QMessageBox(QMessageBox.Icon.Critical, DISPLAY_NAME, "")
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(
        "Something went wrong. Your library is safe, but the last action may "
        "not have finished."
    )
    box.setInformativeText(str(exc) or kind.__name__)
    box.setDetailedText(details)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()


def run(library: Path, files: Sequence[Path] = ()) -> int:
    """Run the app on the library in folder ``library``.

    Args:
        library: the library folder (created if missing).
        files: files to import once the window is up (opened "with" the app).

    Returns:
        The exit status: 0 after a normal close, 2 if the library could not be
        opened.
    """
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    configure(app)
    # Not yet: the error box may be the only window for a while.
    app.setQuitOnLastWindowClosed(False)
    launcher = Launcher(library, files=files)
    status = {"code": 0}

    def opened(window: MainWindow) -> None:
        app.setQuitOnLastWindowClosed(True)
        app.aboutToQuit.connect(window.shutdown)

    def failed(code: int) -> None:
        status["code"] = code
        app.exit(code)

    launcher.opened.connect(opened)
    launcher.failed.connect(failed)

    def stop() -> None:
        # Closing the window saves the note being typed and quits; closing the
        # error box exits with status 2.
        launcher.stop()

    # Ctrl+C and a polite kill close the window properly, so notes are saved.
    # The handler only queues the work: it may run between any two lines.
    handlers = {
        signum: signal.signal(signum, lambda *_: QTimer.singleShot(0, stop))
        for signum in (signal.SIGINT, signal.SIGTERM)
    }
    wake = QTimer()
    wake.timeout.connect(lambda: None)
    wake.start(250)  # lets Python see those signals while Qt's loop runs
    previous_hook = sys.excepthook
    sys.excepthook = _report_unexpected
    try:
        launcher.start()
        code = app.exec()
    finally:
        wake.stop()
        sys.excepthook = previous_hook
        for signum, handler in handlers.items():
            signal.signal(signum, handler)
        dispose(launcher)
        app.setQuitOnLastWindowClosed(True)
    return status["code"] or code


def dispose(launcher: Launcher) -> None:
    """End the session in order: workers, notes, library, then the widgets.

    A normal quit has already done the first three as the window closed
    (:meth:`MainWindow.shutdown` is idempotent); any other way out of the event
    loop gets them here. The widgets are then deleted while Python is whole,
    rather than by the interpreter's exit, which frees what is left in no
    particular order, Qt objects included.

    Args:
        launcher: the launcher whose window (if it opened) is to go.
    """
    window, launcher.window = launcher.window, None
    if window is not None:
        window.shutdown()
    launcher.tasks.shutdown()
    launcher.close_progress()
    for widget in (window, launcher.error_box):
        if widget is not None and shiboken6.isValid(widget):
            shiboken6.delete(widget)
    launcher.error_box = None
