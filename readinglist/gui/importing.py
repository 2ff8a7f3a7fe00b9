"""Importing files from the window: progress that can be cancelled, then a summary.

The import runs on the write lane of the task helper. The work reports each
file as it starts it; the progress dialog shows that, and its Cancel button
asks the import to stop before the next file (files already read stay
imported). The summary dialog then says what each file added, and lists
every problem with its file and line. Pasted text takes the same way, named
"Pasted text" and the time in place of a file name.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QProgressDialog, QWidget

from readinglist.core.library import Library
from readinglist.core.models import ImportReport
from readinglist.core.paths import sample_paths
from readinglist.gui.progress import ProgressJob
from readinglist.gui.tasks import Task, TaskContext, Tasks
from readinglist.gui.widgets.import_summary import ImportSummary

FILE_FILTER = "Listings and bibliographies (*.txt *.bib *.ris *.json);;All files (*)"


class ImportController(QObject):
    """Runs one import at a time for the window.

    Signals:
        started(): an import began (the window disables importing).
        finished(ImportReport): it ended, completely or cancelled.
        failed(str): it broke; the message says how.
        notice(str): a short word for the status bar (nothing to paste).
    """

    started = Signal()
    finished = Signal(object)
    failed = Signal(str)
    notice = Signal(str)

    def __init__(self, library: Library, tasks: Tasks, window: QWidget) -> None:
        super().__init__(window)
        self._library = library
        self._tasks = tasks
        self._window = window
        self._task: Task | None = None
        self._job: ProgressJob | None = None
        self.summary: ImportSummary | None = None

    @property
    def busy(self) -> bool:
        """True while an import runs."""
        return self._task is not None and not self._task.done

    @property
    def progress(self) -> QProgressDialog | None:
        """The progress dialog, while an import runs."""
        return self._job.dialog if self._job is not None else None

    def choose_files(self) -> None:
        """Ask for files to import with a non-blocking dialog, then import them."""
        if self.busy:
            return
        dialog = QFileDialog(
            self._window, "Import Files", str(Path.home()), FILE_FILTER
        )
        dialog.setObjectName("importDialog")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.filesSelected.connect(lambda files: self.start([Path(f) for f in files]))
        dialog.open()

    def load_samples(self) -> None:
        """Import the bundled sample listings (dated in the year they were taken)."""
        self.start(sample_paths(), samples=True)

    def paste(self) -> None:
        """Import the clipboard's text as if it were a file (in the background)."""
        text = QGuiApplication.clipboard().text()
        if not text.strip():
            self.notice.emit(
                "The clipboard holds no text to import. Select a Daily Papers "
                "page (or BibTeX, RIS, CSL-JSON) in a browser, copy it, and "
                "paste again."
            )
            return
        if self.busy:
            self.notice.emit("Another import is still running; paste again after it.")
            return
        # The time tells pastes apart in Recent Imports; no slash, not a path.
        label = time.strftime("Pasted text, %d %b %H:%M:%S")
        library = self._library
        job = self._new_job(1)

        def work(ctx: TaskContext) -> ImportReport:
            ctx.report((0, 1, label))
            return library.import_text(text, label)

        self._run(job, work, show_summary=True)

    def start(
        self, paths: Sequence[Path], *, show_summary: bool = True, samples: bool = False
    ) -> bool:
        """Import ``paths`` in the background.

        Args:
            paths: the files to read.
            show_summary: open the summary dialog when done.
            samples: the files are the bundled samples: the library imports
                them with their known year.

        Returns:
            False when another import is still running.
        """
        if self.busy or not paths:
            return False
        todo = [Path(p) for p in paths]
        job = self._new_job(len(todo))
        stop = job.stop
        library = self._library

        def work(ctx: TaskContext) -> ImportReport:
            def progress(done: int, total: int, path: str) -> bool:
                ctx.report((done, total, path))
                return not stop.is_set()

            if samples:
                return library.import_samples(progress=progress)
            return library.import_files(todo, progress=progress)

        return self._run(job, work, show_summary=show_summary)

    def _new_job(self, files: int) -> ProgressJob:
        return ProgressJob(
            self._tasks,
            self._window,
            title="Importing",
            text="Reading files\N{HORIZONTAL ELLIPSIS}",
            name="importProgress",
            # One file shows a busy bar: the import reports whole files only.
            steps=files if files > 1 else 0,
            stopping="Stopping after this file\N{HORIZONTAL ELLIPSIS}",
        )

    def _run(
        self,
        job: ProgressJob,
        work: Callable[[TaskContext], ImportReport],
        *,
        show_summary: bool,
    ) -> bool:
        self._job = job
        self._task = job.run(
            work,
            on_success=lambda report: self._done(report, show_summary),
            on_error=self._broke,
            on_progress=self._advance,
        )
        self.started.emit()
        return True

    def cancel(self) -> None:
        """Stop before the next file."""
        if self._job is not None:
            self._job.cancel()

    def _advance(self, value: object) -> None:
        if self._job is None or not isinstance(value, tuple):
            return
        done, total, path = value
        text = f"Importing {Path(path).name} ({done + 1} of {total})" if path else None
        self._job.step(done, text=text)

    def _done(self, report: ImportReport, show_summary: bool) -> None:
        self.finished.emit(report)
        if show_summary:
            self.summary = ImportSummary(report, self._window)
            self.summary.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.summary.destroyed.connect(self._forget_summary)
            self.summary.open()

    def _forget_summary(self) -> None:
        self.summary = None

    def _broke(self, exc: Exception) -> None:
        self.failed.emit(f"The import stopped: {exc}")
