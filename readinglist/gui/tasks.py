"""Background work: the one helper that runs functions off the GUI thread.

A work function runs on a worker thread and never touches a widget. It receives a
:class:`TaskContext` to report progress and to see whether the user cancelled.
Its result, its progress reports and any exception it raises come back to the
GUI thread as Qt signals, where the callbacks given to :meth:`Tasks.run` run.

There are three lanes of one thread each. Library changes (imports, stars,
notes) go to the "write" lane, so they never overlap and land in the order they
were asked for. Searches and counts go to the "read" lane, so a typed query
never waits in the pool's queue behind a long import. "Did you mean"
suggestions go to the "suggest" lane, so the next keystroke's results never
wait behind one.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Literal, TypeVar, cast

from PySide6.QtCore import (
    QCoreApplication,
    QObject,
    QRunnable,
    QThreadPool,
    Signal,
    Slot,
)

T = TypeVar("T")
Lane = Literal["read", "write", "suggest"]


class TaskContext:
    """What a work function may use: progress reports and the cancel flag."""

    def __init__(self, signals: _Signals, cancelled: threading.Event) -> None:
        self._signals = signals
        self._cancelled = cancelled

    @property
    def cancelled(self) -> bool:
        """True once the user (or a newer task) asked this work to stop."""
        return self._cancelled.is_set()

    def report(self, value: object) -> None:
        """Send a progress value to the GUI thread's ``on_progress`` callback.

        Args:
            value: anything the callback understands, such as (done, total).
        """
        self._signals.progress.emit(value)


class _Signals(QObject):
    progress = Signal(object)
    succeeded = Signal(object)
    failed = Signal(object)


class _Runnable(QRunnable):
    def __init__(
        self,
        work: Callable[[TaskContext], object],
        context: TaskContext,
        signals: _Signals,
    ) -> None:
        super().__init__()
        self._work = work
        self._context = context
        self._signals = signals

    def run(self) -> None:
        try:
            result = self._work(self._context)
        except Exception as exc:  # every failure goes back as a signal
            self._signals.failed.emit(exc)
            return
        self._signals.succeeded.emit(result)


class Task(QObject):
    """One piece of background work, as seen from the GUI thread.

    Its slots live on the GUI thread, so the worker's signals reach them through
    Qt's queued connections: the callbacks never run on the worker.
    """

    finished = Signal()

    def __init__(
        self,
        on_success: Callable[[object], None] | None,
        on_error: Callable[[Exception], None],
        on_progress: Callable[[object], None] | None,
        parent: QObject,
    ) -> None:
        super().__init__(parent)
        self._on_success = on_success
        self._on_error = on_error
        self._on_progress = on_progress
        self._cancel = threading.Event()
        self._done = False
        self.signals = _Signals(self)
        self.signals.progress.connect(self._progress)
        self.signals.succeeded.connect(self._succeeded)
        self.signals.failed.connect(self._failed)

    @property
    def done(self) -> bool:
        """True once the result or the error has been delivered."""
        return self._done

    @property
    def cancelled(self) -> bool:
        """True once :meth:`cancel` was called."""
        return self._cancel.is_set()

    def cancel(self) -> None:
        """Ask the work to stop and drop its result when it arrives."""
        self._cancel.set()

    def context(self) -> TaskContext:
        """The context handed to the work function."""
        return TaskContext(self.signals, self._cancel)

    def detach(self) -> None:
        """Forget the callbacks: the window they belong to is going away."""
        self._on_success = None
        self._on_progress = None
        self._on_error = _ignore
        self._cancel.set()

    @Slot(object)
    def _progress(self, value: object) -> None:
        if self._on_progress is not None and not self._cancel.is_set():
            self._on_progress(value)

    @Slot(object)
    def _succeeded(self, result: object) -> None:
        self._done = True
        callback = self._on_success
        if callback is not None and not self._cancel.is_set():
            callback(result)
        self.finished.emit()

    @Slot(object)
    def _failed(self, error: object) -> None:
        self._done = True
        if not self._cancel.is_set():
            self._on_error(cast(Exception, error))
        self.finished.emit()


def _ignore(error: Exception) -> None:
    """Drop an error nobody is left to show."""


class Tasks(QObject):
    """Runs work functions on the lanes and reports back by signal.

    ``error`` carries the message of any failure that has no ``on_error``
    callback of its own, so the window can show it instead of crashing.
    ``busy_changed`` says when work starts while none was running (True) and
    when the last of it has been delivered (False).
    """

    error = Signal(str)
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lanes: dict[Lane, QThreadPool] = {}
        for lane in ("read", "write", "suggest"):
            pool = QThreadPool(self)
            pool.setMaxThreadCount(1)
            self._lanes[lane] = pool
        self._running: set[Task] = set()
        self._closed = False

    def run(
        self,
        work: Callable[[TaskContext], T],
        *,
        on_success: Callable[[T], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
        on_progress: Callable[[object], None] | None = None,
        lane: Lane = "read",
    ) -> Task:
        """Run ``work`` on a worker thread of ``lane``.

        Args:
            work: called on the worker with a :class:`TaskContext`; must not touch
                widgets.
            on_success: called on the GUI thread with the work's return value.
            on_error: called on the GUI thread with the exception the work raised;
                by default the :attr:`error` signal carries its message.
            on_progress: called on the GUI thread with each reported value.
            lane: "write" for library changes, "suggest" for spelling
                suggestions, "read" for everything else.

        Returns:
            The task, which can be cancelled.
        """
        task = Task(
            cast(Callable[[object], None] | None, on_success),
            on_error or self._report,
            on_progress,
            self,
        )
        if self._closed:
            task.cancel()
            return task
        self._running.add(task)
        if len(self._running) == 1:
            self.busy_changed.emit(True)
        task.finished.connect(lambda: self._forget(task))
        work_fn = cast(Callable[[TaskContext], object], work)
        self._lanes[lane].start(_Runnable(work_fn, task.context(), task.signals))
        return task

    @property
    def busy(self) -> bool:
        """True while some task has not delivered its result yet."""
        return bool(self._running)

    def wait(self, msecs: int = -1) -> bool:
        """Block until every lane is idle; results are delivered by the event loop.

        Returns:
            False if ``msecs`` passed first.
        """
        return all(pool.waitForDone(msecs) for pool in self._lanes.values())

    def shutdown(self) -> None:
        """Cancel everything, wait for the workers, and deliver nothing more."""
        self._closed = True
        for task in list(self._running):
            task.detach()
        self.wait()
        self._running.clear()

    def _report(self, error: Exception) -> None:
        self.error.emit(str(error) or type(error).__name__)

    def settle(self) -> None:
        """Wait for every lane, then deliver every result and error now.

        For a window about to close: the callbacks run (a note save that
        failed says so) before :meth:`shutdown` would drop them.
        """
        self.wait()
        QCoreApplication.sendPostedEvents()

    def _forget(self, task: Task) -> None:
        if task in self._running:
            self._running.discard(task)
            if not self._running:
                self.busy_changed.emit(False)
        task.deleteLater()
