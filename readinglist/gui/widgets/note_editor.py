"""The note editor: plain text that saves itself as the user types.

A pause of half a second in typing, leaving the editor, switching to another
paper and closing the window all save the note, so none is ever lost. The
editor only asks for the save (``save_requested``); the window does the write
and reports back with :meth:`NoteEditor.mark_saved` or
:meth:`NoteEditor.mark_failed`.

The saves of one editing burst (from starting to type until the editor is
left or shows another paper) carry the same :attr:`NoteEditor.burst` number,
so they undo as one step.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QPlainTextEdit, QWidget

SAVE_DELAY_MS = 500


class NoteEditor(QPlainTextEdit):
    """Edits the note of one paper at a time.

    Signals:
        save_requested(str, str): paper id and note text to store.
        state_changed(str): "Saving…", "Saved" or why saving failed.
        escaped(): Esc was pressed; the window moves focus back to the results.
    """

    save_requested = Signal(str, str)
    state_changed = Signal(str)
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
        self._pending = 0
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

    def load(self, paper_id: str | None, text: str) -> None:
        """Show the note of ``paper_id``, saving the current one first.

        Args:
            paper_id: the paper now shown, or None to disable the editor.
            text: its stored note.
        """
        if paper_id == self._paper_id and paper_id is not None:
            return
        self.flush()
        self.burst += 1
        self._pending = 0
        self._set_text(paper_id, text)
        self.setEnabled(paper_id is not None)
        self.state_changed.emit("")

    def reload(self, paper_id: str, text: str) -> None:
        """Show a note changed from outside (an undo), unless one is being typed.

        Args:
            paper_id: the paper whose stored note this is.
            text: the stored note.
        """
        if (
            paper_id != self._paper_id
            or self._dirty
            or self._pending
            or text == self.toPlainText()
        ):
            return
        self.burst += 1
        self._set_text(paper_id, text)
        self.moveCursor(self.textCursor().MoveOperation.End)

    def _set_text(self, paper_id: str | None, text: str) -> None:
        self._loading = True
        try:
            self._paper_id = paper_id
            self.setPlainText(text)
        finally:
            self._loading = False

    def flush(self) -> None:
        """Hand unsaved text over for saving now."""
        self._timer.stop()
        if self._dirty and self._paper_id is not None:
            self._dirty = False
            self._pending += 1
            self.state_changed.emit("Saving\N{HORIZONTAL ELLIPSIS}")
            self.save_requested.emit(self._paper_id, self.toPlainText())

    def mark_saved(self, paper_id: str) -> None:
        """The window stored the note of ``paper_id``."""
        if paper_id != self._paper_id:
            return
        self._pending = max(0, self._pending - 1)
        if not self._dirty:
            self.state_changed.emit("Saved")

    def mark_failed(self, paper_id: str, reason: str) -> None:
        """Storing the note failed: keep it as unsaved and try again later.

        Args:
            paper_id: the paper whose note was not stored.
            reason: why, for the state line.
        """
        if paper_id == self._paper_id:
            self._pending = max(0, self._pending - 1)
            self._dirty = True
            self._timer.start(SAVE_DELAY_MS * 4)
            self.state_changed.emit(f"Not saved yet: {reason}")

    def _edited(self) -> None:
        if self._loading or self._paper_id is None:
            return
        self._dirty = True
        self.state_changed.emit("Edited")
        self._timer.start()

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
