"""Notes that could not be saved: telling the user, and not closing over them.

The note editor keeps a note whose save failed and tries again (see
:mod:`readinglist.gui.widgets.note_editor`); the paper view shows a banner.
:class:`NoteKeeper` connects the saves to the editor, says in the status bar
(and once per spell of failures, in the messages) why a note is not saved,
and, when the window is about to close with such a note, asks first: closing
would lose it.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QAbstractButton, QMainWindow, QMessageBox

from readinglist import DISPLAY_NAME
from readinglist.core.library import Library
from readinglist.gui.commands.paper_actions import PaperActions
from readinglist.gui.messages import MessageLog
from readinglist.gui.tasks import Tasks
from readinglist.gui.text import sentence
from readinglist.gui.widgets.note_editor import NoteEditor


class NoteKeeper(QObject):
    """Sees every note to the store, or to the user's attention.

    Args:
        window: the main window.
        library: the open library (for the titles of unsaved notes).
        tasks: the window's task helper (settled before closing).
        note: the note editor.
        actions: where notes are saved.
        messages: the window's message log.
    """

    def __init__(
        self,
        window: QMainWindow,
        library: Library,
        *,
        tasks: Tasks,
        note: NoteEditor,
        actions: PaperActions,
        messages: MessageLog,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._library = library
        self._tasks = tasks
        self._note = note
        self._messages = messages
        self._may_lose = False
        self.close_box: QMessageBox | None = None
        note.save_requested.connect(
            lambda paper_id, text: actions.save_note(paper_id, text, note.burst)
        )
        actions.note_saved.connect(note.mark_saved)
        actions.note_failed.connect(self._failed)
        actions.index_behind.connect(messages.add)
        actions.note_orphaned.connect(self._orphaned)

    def _failed(self, paper_id: str, reason: str) -> None:
        first = not self._note.failures
        self._note.mark_failed(paper_id, reason)
        text = (
            f"A note could not be saved yet: {reason} It is kept, and saved "
            "again as soon as the disk takes it."
        )
        if first:
            self._messages.add(text)
        else:
            self._window.statusBar().showMessage(sentence(text), 10000)

    def _orphaned(self, paper_id: str, text: str) -> None:
        # Its paper is gone, so the note cannot be stored; the messages keep
        # the text for the user to copy.
        self._messages.add(
            "A note was typed on a paper that was deleted meanwhile, so it could "
            f"not be saved. Its text, kept here: \u201c{text}\u201d"
        )

    def may_close(self) -> bool:
        """Whether the window may close now without losing a note.

        Saves the note being typed and waits for the answer. If a note is
        still not saved, asks (without blocking) whether to close anyway and
        returns False; closing the window again after "Close Anyway" passes.
        """
        if self._may_lose:
            return True
        self._note.flush()
        if self._note.waiting:
            self._tasks.settle()
        unsaved = self._note.unsaved()
        if not unsaved:
            return True
        if self.close_box is None:
            self._ask(unsaved)
        return False

    def _ask(self, unsaved: dict[str, str]) -> None:
        count = len(unsaved)
        reason = sentence(next(iter(self._note.failures.values()), ""))
        box = QMessageBox(
            QMessageBox.Icon.Warning, DISPLAY_NAME, "", parent=self._window
        )
        box.setObjectName("unsavedNotes")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(
            "A note could not be saved."
            if count == 1
            else f"{count} notes could not be saved."
        )
        box.setInformativeText(
            f"{reason} If you close now, what you typed is lost. Keep the window "
            "open and Reading List keeps trying; the text is under Show Details "
            "to copy."
        )
        box.setDetailedText("\n\n".join(self._described(unsaved)))
        keep = box.addButton("Keep Open", QMessageBox.ButtonRole.RejectRole)
        lose = box.addButton("Close Anyway", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)

        def clicked(button: QAbstractButton) -> None:
            if button is lose:
                self._may_lose = True
                self._window.close()

        box.buttonClicked.connect(clicked)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(self._box_closed)
        self.close_box = box
        box.open()

    def _box_closed(self) -> None:
        self.close_box = None

    def _described(self, unsaved: dict[str, str]) -> list[str]:
        found = {p.paper_id: p.title for p in self._library.papers(list(unsaved))}
        return [
            f"{found.get(paper_id, paper_id)}:\n{text}"
            for paper_id, text in unsaved.items()
        ]
