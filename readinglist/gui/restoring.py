"""Restoring the library from a backup, from the window.

The same core call as ``readinglist restore`` (``Library.restore``): the
file is checked to be a sound Reading List backup, the library as it is is
copied into ``backups/``, replaced in one step, and its index rebuilt. Here
the user picks the backup from a list of the library's own (or browses for a
file), sees what it holds and confirms; the file is inspected on the read
lane first, so a file that is no backup is refused with the library's reason
before anything is asked or changed.

The note being typed is saved before the restore (it is then part of the
copy kept); a note that cannot be saved stops the restore, which would
otherwise replace it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from readinglist import DISPLAY_NAME
from readinglist.core.backup.restoring import BackupInfo, Restored, inspect
from readinglist.core.backup.snapshots import backup_dir, listing
from readinglist.core.errors import BackupError
from readinglist.core.library import Library
from readinglist.gui.progress import ProgressJob
from readinglist.gui.tasks import Task, TaskContext, Tasks
from readinglist.gui.text import sentence
from readinglist.gui.undo import message, papers
from readinglist.gui.widgets.note_editor import NoteEditor
from readinglist.gui.widgets.restore_dialog import RestoreDialog


def _lists(count: int) -> str:
    return f"{count:,} reading list" + ("" if count == 1 else "s")


def restored_text(done: Restored) -> str:
    """What a restore did, for the status bar and the messages.

    Args:
        done: the library's account of the restore.

    Returns:
        What was restored from where, and where the old library was kept.
    """
    source = done.source
    return (
        f"Restored {papers(source.papers)} and {_lists(source.lists)} from "
        f"{source.path}. The library as it was before is kept in {done.kept}; "
        "restore that file to go back."
    )


class RestoreController(QObject):
    """Runs "Restore from Backup" for the window, one restore at a time.

    Args:
        library: the open library.
        tasks: the window's task helper.
        window: the main window.
        note: the note editor, saved before a restore.

    Signals:
        started(): the restore itself began (the backup was checked and the
            user confirmed).
        restored(Restored): the library was replaced by the backup.
        failed(str): the backup was refused or the restore broke; why.
        changed(): the library may be another now (restored, or broken
            part-way): the window reads it all again.
    """

    started = Signal()
    restored = Signal(object)
    failed = Signal(str)
    changed = Signal()

    def __init__(
        self, library: Library, tasks: Tasks, window: QWidget, note: NoteEditor
    ) -> None:
        super().__init__(window)
        self._library = library
        self._tasks = tasks
        self._window = window
        self._note = note
        self._task: Task | None = None
        self.dialog: RestoreDialog | None = None
        self.confirm: QMessageBox | None = None
        self._job: ProgressJob | None = None

    @property
    def busy(self) -> bool:
        """True while a backup is checked or restored."""
        return self._task is not None and not self._task.done

    @property
    def progress(self) -> QProgressDialog | None:
        """The progress dialog, while the restore runs."""
        return self._job.dialog if self._job is not None else None

    def open_dialog(self) -> None:
        """List the library's backups to pick one (a non-blocking dialog)."""
        if self.busy or self.dialog is not None:
            return
        folder = self._library.path
        dialog = RestoreDialog(listing(folder), backup_dir(folder), self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.chosen.connect(self.check)
        dialog.finished.connect(self._dialog_closed)
        self.dialog = dialog
        dialog.open()

    def _dialog_closed(self) -> None:
        self.dialog = None

    def check(self, path: Path) -> None:
        """See whether ``path`` can be restored; if so, ask to confirm.

        Args:
            path: the backup file the user picked.
        """
        library = self._library

        def work(ctx: TaskContext) -> tuple[BackupInfo, dict[str, int]]:
            return inspect(path), library.stats()

        self._task = self._tasks.run(work, on_success=self._ask, on_error=self._refused)

    def _refused(self, exc: Exception) -> None:
        text = sentence(message(exc))
        if isinstance(exc, BackupError) and "nothing" not in text:
            text += " Nothing was changed."
        self.failed.emit(text)

    def _ask(self, found: tuple[BackupInfo, dict[str, int]]) -> None:
        info, now = found
        box = QMessageBox(
            QMessageBox.Icon.Question, DISPLAY_NAME, "", parent=self._window
        )
        box.setObjectName("restoreConfirm")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText("Restore the library from this backup?")
        box.setInformativeText(
            f"{info.path.name} holds {papers(info.papers)} and {_lists(info.lists)}; "
            f"the library now holds {papers(now.get('papers', 0))} and "
            f"{_lists(now.get('lists', 0))}.\n\n"
            "Everything in the library now is replaced by the backup. A copy of "
            "the library as it is now is kept in the backups folder first, so "
            "you can go back."
        )
        restore = box.addButton("Restore", QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        box.buttonClicked.connect(
            lambda button: self.start(info.path) if button is restore else None
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(self._confirm_closed)
        self.confirm = box
        box.open()

    def _confirm_closed(self) -> None:
        self.confirm = None

    def start(self, path: Path) -> None:
        """Save the note being typed, then restore ``path`` (no more questions).

        Args:
            path: a backup file (checked again by the library).
        """
        self._note.flush()
        # Queued behind that save on the write lane, so its answer is in.
        self._task = self._tasks.run(
            lambda ctx: None, on_success=lambda _: self._begin(path), lane="write"
        )

    def _begin(self, path: Path) -> None:
        failures = self._note.failures
        if failures:
            reason = sentence(next(iter(failures.values())))
            self.failed.emit(
                f"A note is not saved yet, and restoring would replace it. {reason} "
                "Once it is saved (or copied elsewhere), restore again. Nothing "
                "was changed."
            )
            return
        library = self._library

        def work(ctx: TaskContext) -> Restored:
            def progress(done: int, total: int) -> bool:
                ctx.report((done, total))
                return True

            return library.restore(path, progress)

        self._job = job = ProgressJob(
            self._tasks,
            self._window,
            title="Restoring",
            text=f"Restoring from {path.name}\N{HORIZONTAL ELLIPSIS}",
            name="restoreProgress",
        )
        self._task = job.run(
            work, on_success=self._done, on_error=self._broke, on_progress=self._advance
        )
        self.started.emit()

    def _advance(self, value: object) -> None:
        if self._job is None or not isinstance(value, tuple):
            return
        done, total = value
        self._job.step(
            done,
            max(total, 1),
            f"Rebuilding the search index: {done:,} of {total:,} papers",
        )

    def _done(self, done: Restored) -> None:
        self.changed.emit()
        self.restored.emit(done)

    def _broke(self, exc: Exception) -> None:
        if not isinstance(exc, BackupError):
            # Past the check, the store may already be the backup's.
            self.changed.emit()
        self._refused(exc)
