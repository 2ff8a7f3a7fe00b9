"""Long work with a progress dialog: the one helper every such job goes through.

Opening a library, importing, rebuilding the index and restoring a backup all
run one work function on a lane of :class:`~readinglist.gui.tasks.Tasks` while
a :class:`ProgressJob` shows how far it got. The dialog appears only if the
work takes a moment, shows its text as plain text (file names are data), and
closes before the job's result or error is handed on. With a Cancel button,
Cancel sets :attr:`ProgressJob.stop`, which the work checks between steps, and
says the job is stopping; the work decides where it can stop safely.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

import shiboken6
from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QLabel, QProgressDialog, QWidget

from readinglist.gui.tasks import Lane, Task, TaskContext, Tasks

T = TypeVar("T")

SHOW_AFTER_MS = 400
"""Work done sooner than this never shows its dialog."""


class ProgressJob(QObject):
    """One piece of long work and its progress dialog.

    Args:
        tasks: the task helper the work runs on.
        parent: the window the dialog belongs to (None: a dialog of its own).
        title: the dialog's window title.
        text: what it says until the first step is reported.
        name: the dialog's object name.
        steps: how many steps the bar counts (0: a busy bar until told).
        stopping: the text Cancel shows; None for a job that cannot be
            cancelled (no Cancel button).
        modal: block the window while it runs (the job holds the library).
        show_after_ms: how long the work may take before the dialog shows.
    """

    def __init__(
        self,
        tasks: Tasks,
        parent: QWidget | None,
        *,
        title: str,
        text: str,
        name: str = "",
        steps: int = 0,
        stopping: str | None = None,
        modal: bool = True,
        show_after_ms: int = SHOW_AFTER_MS,
    ) -> None:
        super().__init__(tasks)
        self._tasks = tasks
        self._stopping = stopping
        self.stop = threading.Event()
        """Set by Cancel; the work checks it between steps."""
        dialog = QProgressDialog(parent)
        if name:
            dialog.setObjectName(name)
        dialog.setWindowTitle(title)
        label = QLabel(dialog)
        label.setTextFormat(Qt.TextFormat.PlainText)
        dialog.setLabel(label)
        dialog.setLabelText(text)
        if stopping is None:
            dialog.setCancelButton(None)
        else:
            dialog.setCancelButtonText("Cancel")
            dialog.canceled.connect(self.cancel)
        if modal:
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumWidth(420)
        dialog.setRange(0, steps)
        dialog.setMinimumDuration(show_after_ms)
        dialog.setValue(0)
        self.dialog: QProgressDialog | None = dialog

    def run(
        self,
        work: Callable[[TaskContext], T],
        *,
        on_success: Callable[[T], None],
        on_error: Callable[[Exception], None],
        on_progress: Callable[[object], None],
        lane: Lane = "write",
    ) -> Task:
        """Run ``work`` off the GUI thread; close the dialog before the outcome.

        Args:
            work: called on a worker; reports progress with ``ctx.report``.
            on_success: called with the work's result, the dialog closed.
            on_error: called with the work's exception, the dialog closed.
            on_progress: called with each reported value, to call :meth:`step`.
            lane: the task lane ("write": the job changes the library).

        Returns:
            The running task.
        """

        def succeeded(result: T) -> None:
            self.close()
            on_success(result)

        def failed(exc: Exception) -> None:
            self.close()
            on_error(exc)

        return self._tasks.run(
            work,
            on_success=succeeded,
            on_error=failed,
            on_progress=on_progress,
            lane=lane,
        )

    @property
    def stopped(self) -> bool:
        """True once Cancel was pressed."""
        return self.stop.is_set()

    def step(self, done: int, total: int = 0, text: str | None = None) -> None:
        """Show how far the work got.

        Args:
            done: steps done.
            total: steps in all; 0 keeps the bar as it is.
            text: what is happening now; kept back once the job is stopping,
                so "Stopping…" stays.
        """
        dialog = self.dialog
        if dialog is None:
            return
        if text is not None and not self.stopped:
            dialog.setLabelText(text)
        if total:
            dialog.setRange(0, total)
        if dialog.maximum():
            dialog.setValue(done)

    def cancel(self) -> None:
        """Ask the work to stop at its next step, and say so."""
        self.stop.set()
        if self.dialog is not None and self._stopping is not None:
            self.dialog.setLabelText(self._stopping)

    def close(self, *, at_once: bool = False) -> None:
        """Close the dialog (closing it must not count as Cancel).

        Args:
            at_once: delete it now, not from the event loop (which may not
                run again: the app is closing).
        """
        dialog, self.dialog = self.dialog, None
        if dialog is not None and shiboken6.isValid(dialog):
            if self._stopping is not None:
                dialog.canceled.disconnect(self.cancel)
            dialog.close()
            if at_once:
                shiboken6.delete(dialog)
            else:
                dialog.deleteLater()
