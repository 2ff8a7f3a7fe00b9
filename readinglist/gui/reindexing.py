"""Rebuilding the search index from the window, and showing any rebuild's progress.

:class:`RebuildController` runs ``Library.reindex`` (what ``readinglist
reindex`` runs) on the write lane with a progress dialog and Cancel, as
imports do. The dialog is window-modal: a rebuild holds the library for its
whole length, so the window must not ask it for papers meanwhile.

:class:`IndexWatch` shows, where the results go, what the library says while
its index cannot answer: a rebuild under way (from this command, a restore, or
a search or a change that met a damaged index), with its progress, or a
rebuild that stopped part-way, with a button to finish it. It looks at the
library's rebuild status a few times a second while work is running, and says
when the index answers again so the window can search anew.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel, QProgressDialog, QWidget

from readinglist.core.library import Library
from readinglist.gui.progress import ProgressJob
from readinglist.gui.tasks import Task, TaskContext, Tasks
from readinglist.gui.undo import message
from readinglist.gui.widgets.results import PAUSED, ResultsPane

POLL_MS = 200


def indexing_text(done: int, total: int) -> str:
    """ "Indexed 1,200 of 5,000 papers" for a progress label."""
    return f"Indexed {done:,} of {total:,} papers"


class RebuildController(QObject):
    """Runs one rebuild of the search index at a time for the window.

    Signals:
        started(): the rebuild began.
        finished(bool): it ended: True when complete, False when cancelled.
        failed(str): it broke (a full disk); the message says what to do.
    """

    started = Signal()
    finished = Signal(bool)
    failed = Signal(str)

    def __init__(self, library: Library, tasks: Tasks, window: QWidget) -> None:
        super().__init__(window)
        self._library = library
        self._tasks = tasks
        self._window = window
        self._task: Task | None = None
        self._job: ProgressJob | None = None

    @property
    def busy(self) -> bool:
        """True while a rebuild runs."""
        return self._task is not None and not self._task.done

    @property
    def progress(self) -> QProgressDialog | None:
        """The progress dialog, while the rebuild runs."""
        return self._job.dialog if self._job is not None else None

    def start(self) -> None:
        """Rebuild the index from the library in the background (once at a time)."""
        if self.busy:
            return
        self._job = job = ProgressJob(
            self._tasks,
            self._window,
            title="Rebuilding the Search Index",
            text="Reading the library\N{HORIZONTAL ELLIPSIS}",
            name="rebuildProgress",
            stopping="Stopping\N{HORIZONTAL ELLIPSIS}",
        )
        stop = job.stop
        library = self._library

        def work(ctx: TaskContext) -> bool:
            def progress(done: int, total: int) -> bool:
                ctx.report((done, total))
                # The window closing cancels the task: stop then too.
                return not (stop.is_set() or ctx.cancelled)

            return library.reindex(progress)

        self._task = job.run(
            work, on_success=self._done, on_error=self._broke, on_progress=self._advance
        )
        self.started.emit()

    def cancel(self) -> None:
        """Stop the rebuild soon (the index stays incomplete until the next)."""
        if self._job is not None:
            self._job.cancel()

    def _advance(self, value: object) -> None:
        job = self._job
        if job is None or not isinstance(value, tuple) or job.stopped:
            return
        done, total = value
        job.step(done, max(total, 1), indexing_text(done, total))

    def _done(self, done: bool) -> None:
        self.finished.emit(done)

    def _broke(self, exc: Exception) -> None:
        self.failed.emit(f"The search index could not be rebuilt: {message(exc)}")


class IndexWatch(QObject):
    """Shows the library's word on its index where the results go, while needed.

    Args:
        library: the open library (its rebuild status is read, nothing else).
        tasks: the window's task helper; its work may rebuild the index.
        pane: where the results go.
        status: the status bar's result line.

    Signals:
        recovered(): the index answers again after a notice was shown.
    """

    recovered = Signal()

    def __init__(
        self, library: Library, tasks: Tasks, pane: ResultsPane, status: QLabel
    ) -> None:
        super().__init__(pane)
        self._library = library
        self._tasks = tasks
        self._pane = pane
        self._status = status
        self._shown = False
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self.check)
        tasks.busy_changed.connect(self._busy)

    @property
    def shown(self) -> bool:
        """True while the notice stands in for the results."""
        return self._shown

    def _busy(self, busy: bool) -> None:
        if busy:
            self._timer.start()

    def check(self) -> None:
        """Look at the rebuild status now, and keep looking while it changes."""
        status = self._library.rebuilding
        text = status.message()
        if text is not None:
            progress = (status.done, status.total) if status.active else None
            self._pane.show_notice(text, progress, offer_rebuild=not status.active)
            self._status.setText(PAUSED)
            self._shown = True
        elif self._shown:
            self._shown = False
            self.recovered.emit()
        if status.active or self._tasks.busy:
            self._timer.start()
        else:
            self._timer.stop()
