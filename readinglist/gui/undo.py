"""Undo and redo: every change to the library as a step on a ``QUndoStack``.

A :class:`Step` holds two functions of the library, one that makes the change
and one that takes it back. Both run on the write lane of the task helper, so
they land in the order the user asked for them, never on the GUI thread.
What a step must remember to be undone (the stars before, the list's order)
is read by its own function on that lane, just before the change, so it is
exactly what the change replaced.

A step whose change fails is taken off the stack, and the user is told why.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

import shiboken6
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from readinglist.core.library import Library
from readinglist.core.models import Changes
from readinglist.gui.tasks import TaskContext, Tasks

Action = Callable[[Library], Changes]
Done = Callable[[Changes], None]
Failed = Callable[[str], None]
UNDO_LIMIT = 200
_MERGE_ID = 1


def join(*changes: Changes) -> Changes:
    """Several actions' changes as one.

    Args:
        changes: what each action changed.

    Returns:
        Everything any of them changed.
    """
    return Changes(
        papers=frozenset().union(*(c.papers for c in changes)),
        lists=any(c.lists for c in changes),
        saved_searches=any(c.saved_searches for c in changes),
        imports=any(c.imports for c in changes),
    )


def papers(count: int) -> str:
    """ "1 paper" or "3 papers", for a step's text."""
    return f"{count:,} paper" + ("" if count == 1 else "s")


def message(exc: BaseException) -> str:
    """An exception's message for the user (its first argument if text)."""
    text = exc.args[0] if exc.args and isinstance(exc.args[0], str) else str(exc)
    return text or type(exc).__name__


class Step(QUndoCommand):
    """One undoable change: what does it, what takes it back.

    Args:
        history: runs the functions and owns the stack.
        text: what the Edit menu says after "Undo" ("Star 3 papers").
        do: makes the change; called for the first time when pushed.
        undo: takes it back.
        merge: steps with the same key merge into one (a note typed in
            several saves); None for a step of its own.
        on_done: called with the changes after each successful ``do``.
        on_undone: likewise after each successful ``undo``.
        on_failed: told why, instead of the history's ``failed`` signal.
    """

    def __init__(
        self,
        history: History,
        text: str,
        do: Action,
        undo: Action,
        *,
        merge: Hashable | None = None,
        on_done: Done | None = None,
        on_undone: Done | None = None,
        on_failed: Failed | None = None,
    ) -> None:
        super().__init__(text)
        self._history = history
        self.do = do
        self.undo_action = undo
        self.merge_key = merge
        self.on_done = on_done
        self.on_undone = on_undone
        self.on_failed = on_failed

    def redo(self) -> None:
        self._history.run_step(self, self.do, self.on_done)

    def undo(self) -> None:
        self._history.run_step(self, self.undo_action, self.on_undone)

    def id(self) -> int:
        return _MERGE_ID if self.merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, Step) or other.merge_key != self.merge_key:
            return False
        # The later step's change already ran; keep our way back, take its do.
        self.do = other.do
        return True


class History(QObject):
    """The undo stack, and the lane every library change runs on.

    Signals:
        changed(Changes): a change (or its undoing) is done; refresh that.
        failed(str): a change could not be made; the message says why.
    """

    changed = Signal(object)
    failed = Signal(str)

    def __init__(self, library: Library, tasks: Tasks, parent: QObject | None = None):
        super().__init__(parent)
        self._library = library
        self._tasks = tasks
        self.stack = QUndoStack(self)
        self.stack.setUndoLimit(UNDO_LIMIT)

    def push(
        self,
        text: str,
        do: Action,
        undo: Action,
        *,
        merge: Hashable | None = None,
        on_done: Done | None = None,
        on_undone: Done | None = None,
        on_failed: Failed | None = None,
    ) -> None:
        """Make a change now and put it on the undo stack.

        Args:
            text: what "Undo" will undo, for the Edit menu.
            do: makes the change (on the write lane).
            undo: takes it back (on the write lane).
            merge: a key that merges this step into the top one if equal.
            on_done: called on the GUI thread after each successful ``do``.
            on_undone: called on the GUI thread after each successful ``undo``.
            on_failed: told why a direction failed, instead of ``failed``.
        """
        step = Step(
            self,
            text,
            do,
            undo,
            merge=merge,
            on_done=on_done,
            on_undone=on_undone,
            on_failed=on_failed,
        )
        self.stack.push(step)

    def run(self, action: Action, on_done: Done | None = None) -> None:
        """Make a change that cannot be undone (nothing to take back).

        Args:
            action: the change.
            on_done: called on the GUI thread with what changed.
        """
        self._run(action, on_done, lambda exc: self.failed.emit(message(exc)))

    def run_step(self, step: Step, action: Action, on_done: Done | None) -> None:
        """Run one direction of ``step``; a failure takes the step off the stack.

        Args:
            step: the step being done or undone.
            action: its ``do`` or its ``undo``.
            on_done: called on the GUI thread after success.
        """
        # Read now: a step merged into another is gone by the time it fails.
        tell = step.on_failed or self.failed.emit
        self._run(action, on_done, lambda exc: self._step_failed(step, tell, exc))

    def _run(
        self,
        action: Action,
        on_done: Done | None,
        on_error: Callable[[Exception], None],
    ) -> None:
        library = self._library

        def work(ctx: TaskContext) -> Changes:
            return action(library)

        def done(changes: Changes) -> None:
            self.changed.emit(changes)
            if on_done is not None:
                on_done(changes)

        self._tasks.run(work, on_success=done, on_error=on_error, lane="write")

    def _step_failed(self, step: Step, tell: Failed, exc: Exception) -> None:
        tell(message(exc))
        # A merged step no longer exists; the one it merged into stays.
        if not shiboken6.isValid(step):
            return
        stack = self.stack
        step.setObsolete(True)
        # An obsolete step is dropped, not run, when the stack passes over it.
        index = stack.index()
        if index > 0 and stack.command(index - 1) is step:
            stack.undo()
        elif index < stack.count() and stack.command(index) is step:
            stack.redo()
