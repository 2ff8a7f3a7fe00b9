"""The note editor: plain text that saves itself as the user types.

A pause of half a second in typing, leaving the editor, switching to another
paper and closing the window all save the note, so none is ever lost. The
editor only asks for the save (``save_requested``); the window does the write
and reports back with :meth:`NoteEditor.mark_saved` or
:meth:`NoteEditor.mark_failed`.

The saves of one editing burst (from starting to type until the editor is
left or shows another paper) carry the same :attr:`NoteEditor.burst` number,
so they undo as one step.

A save that fails (a full disk, a read-only folder) loses nothing: the text
stays in the editor, or, if the user has moved on to another paper, in the
editor's keeping, shown again when that paper is, and it is handed over again
at the next save trigger and after a growing pause, until it is stored.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QPlainTextEdit, QWidget

SAVE_DELAY_MS = 500
RETRY_FIRST_MS = 2000
RETRY_MAX_MS = 30000


class NoteEditor(QPlainTextEdit):
    """Edits the note of one paper at a time.

    Signals:
        save_requested(str, str): paper id and note text to store.
        state_changed(str): "Saving…", "Saved" or why saving failed.
        unsaved_changed(): a note's save failed, or one that had failed is
            stored at last (see :attr:`failures`).
        escaped(): Esc was pressed; the window moves focus back to the results.
    """

    save_requested = Signal(str, str)
    state_changed = Signal(str)
    unsaved_changed = Signal()
    escaped = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noteEditor")
        self.setPlaceholderText(
            "Write a note on this paper. It is saved as you type and found by search."
        )
        self.setTabChangesFocus(True)
        self._paper_id: str | None = None
        self._dirty = False
        self._loading = False
        # Per paper: saves handed over and not yet answered, and the newest
        # text among them.
        self._in_flight: dict[str, int] = {}
        self._sent: dict[str, str] = {}
        # Notes whose save failed: why, and (for papers not shown) the text.
        self._failures: dict[str, str] = {}
        self._kept: dict[str, str] = {}
        self._retry_ms = RETRY_FIRST_MS
        self.burst = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_DELAY_MS)
        self._timer.timeout.connect(self.flush)
        self.textChanged.connect(self._edited)
        self.setEnabled(False)

    @property
    def paper_id(self) -> str | None:
        """The paper whose note is being edited."""
        return self._paper_id

    @property
    def dirty(self) -> bool:
        """True while there is typed text not yet handed over for saving."""
        return self._dirty

    @property
    def failures(self) -> dict[str, str]:
        """Why saving failed, by paper, for every note not stored yet."""
        return dict(self._failures)

    @property
    def waiting(self) -> bool:
        """True while a save is unanswered or a failed note waits for a retry."""
        return bool(self._in_flight or self._failures or self._dirty)

    def unsaved(self) -> dict[str, str]:
        """The text of every note typed but not stored, by paper."""
        notes = {**self._sent, **self._kept}
        if self._paper_id is not None and (
            self._dirty or self._paper_id in self._failures
        ):
            notes[self._paper_id] = self.toPlainText()
        return {pid: text for pid, text in notes.items() if pid in self._failures}

    def load(self, paper_id: str | None, text: str) -> None:
        """Show the note of ``paper_id``, saving the current one first.

        A note of that paper not stored yet is shown instead of ``text``:
        it is newer.

        Args:
            paper_id: the paper now shown, or None to disable the editor.
            text: its stored note.
        """
        if paper_id == self._paper_id and paper_id is not None:
            return
        self.flush()
        self.burst += 1
        kept = None if paper_id is None else self._kept.pop(paper_id, None)
        if kept is None and paper_id in self._in_flight:
            kept = self._sent[paper_id]  # on its way to the store
        self._set_text(paper_id, text if kept is None else kept)
        self._dirty = paper_id is not None and paper_id in self._failures
        self.setEnabled(paper_id is not None)
        reason = self._failures.get(paper_id or "")
        self.state_changed.emit(f"Not saved yet: {reason}" if reason else "")
        if self._dirty:
            self._timer.start(SAVE_DELAY_MS)

    def reload(self, paper_id: str, text: str) -> None:
        """Show a note changed from outside (an undo), unless one is being typed.

        Args:
            paper_id: the paper whose stored note this is.
            text: the stored note.
        """
        if (
            paper_id != self._paper_id
            or self._dirty
            or paper_id in self._in_flight
            or paper_id in self._failures
            or text == self.toPlainText()
        ):
            return
        self.burst += 1
        self._set_text(paper_id, text)
        self.moveCursor(self.textCursor().MoveOperation.End)

    def discard(self) -> None:
        """Forget every note not stored and show none (the library was replaced)."""
        self._timer.stop()
        self._dirty = False
        self._in_flight.clear()
        self._sent.clear()
        self._kept.clear()
        if self._failures:
            self._failures.clear()
            self.unsaved_changed.emit()
        self.burst += 1
        self._set_text(None, "")
        self.setEnabled(False)
        self.state_changed.emit("")

    def _set_text(self, paper_id: str | None, text: str) -> None:
        self._loading = True
        try:
            self._paper_id = paper_id
            self.setPlainText(text)
        finally:
            self._loading = False

    def flush(self) -> None:
        """Hand unsaved text over for saving now, failed notes of others too."""
        self._timer.stop()
        if self._dirty and self._paper_id is not None:
            self._dirty = False
            self._send(self._paper_id, self.toPlainText())
        kept, self._kept = self._kept, {}
        for paper_id, text in kept.items():
            self._send(paper_id, text)

    def _send(self, paper_id: str, text: str) -> None:
        self._in_flight[paper_id] = self._in_flight.get(paper_id, 0) + 1
        self._sent[paper_id] = text
        if paper_id == self._paper_id:
            self.state_changed.emit("Saving\N{HORIZONTAL ELLIPSIS}")
        self.save_requested.emit(paper_id, text)

    def _answered(self, paper_id: str) -> str | None:
        """Count one save of ``paper_id`` answered; its text if it was the last."""
        left = self._in_flight.get(paper_id, 0) - 1
        if left > 0:
            self._in_flight[paper_id] = left
            return None
        self._in_flight.pop(paper_id, None)
        return self._sent.pop(paper_id, "")

    def mark_saved(self, paper_id: str) -> None:
        """The window stored the note of ``paper_id``."""
        if self._answered(paper_id) is None:
            return  # a newer text of it is still on its way
        if self._failures.pop(paper_id, None) is not None:
            if not self._failures:
                self._retry_ms = RETRY_FIRST_MS
            self.unsaved_changed.emit()
        if paper_id == self._paper_id and not self._dirty:
            self.state_changed.emit("Saved")

    def mark_failed(self, paper_id: str, reason: str) -> None:
        """Storing the note failed: keep it as unsaved and try again later.

        Args:
            paper_id: the paper whose note was not stored.
            reason: why, for the state line.
        """
        text = self._answered(paper_id)
        if text is None:
            return  # a newer text of it is still on its way: that one decides
        self._failures[paper_id] = reason
        if paper_id == self._paper_id:
            # What the editor shows is this text, or newer typing.
            self._dirty = True
            self.state_changed.emit(f"Not saved yet: {reason}")
        else:
            self._kept[paper_id] = text
        # Growing pauses: a disk that stays full is not asked every second.
        self._timer.start(self._retry_ms)
        self._retry_ms = min(self._retry_ms * 2, RETRY_MAX_MS)
        self.unsaved_changed.emit()

    def _edited(self) -> None:
        if self._loading or self._paper_id is None:
            return
        self._dirty = True
        self.state_changed.emit("Edited")
        self._timer.start(SAVE_DELAY_MS)

    def event(self, e: QEvent) -> bool:
        # Esc leaves the editor rather than clearing the search behind it.
        if (
            e.type() == QEvent.Type.ShortcutOverride
            and isinstance(e, QKeyEvent)
            and e.key() == Qt.Key.Key_Escape
        ):
            e.accept()
            return True
        return super().event(e)

    def keyPressEvent(self, e: QKeyEvent) -> None:
        if e.key() == Qt.Key.Key_Escape:
            self.flush()
            self.escaped.emit()
            return
        super().keyPressEvent(e)

    def focusOutEvent(self, e: QFocusEvent) -> None:
        self.flush()
        # Typing after coming back is a new burst: a step of its own.
        self.burst += 1
        super().focusOutEvent(e)
