"""User actions on papers: star, read status, notes, delete, lists.

Each is an undoable step (see :mod:`readinglist.gui.undo`): a library call on
the write lane of the task helper, so actions never overlap and land in the
order the user made them, with its way back. What changed comes back through
the history's ``changed`` signal for the window to refresh just that; a
refused action (a list name taken) comes back as a message.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject, Signal

from readinglist.core.errors import StorageError
from readinglist.core.library import Library
from readinglist.core.models import Changes, Status
from readinglist.core.store.undelete import PaperSnapshot
from readinglist.gui.text import quoted
from readinglist.gui.undo import Done, History, join, message, papers


class PaperActions(QObject):
    """Runs user actions on papers against the library, as undoable steps.

    Signals:
        note_saved(str): the note of this paper id is stored.
        note_failed(str, str): the note of this paper id was not stored, and why.
        index_behind(str): a change was stored but the search index could not
            follow (a full disk); the message says what happens next.
        note_orphaned(str, str): a note (paper id, text) could not be stored
            because its paper was deleted in the meantime.
    """

    note_saved = Signal(str)
    note_failed = Signal(str, str)
    index_behind = Signal(str)
    note_orphaned = Signal(str, str)

    def __init__(self, history: History, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.history = history

    def star(self, ids: Sequence[str], starred: bool) -> None:
        """Star (or unstar) these papers.

        Args:
            ids: the papers.
            starred: True to star them, False to unstar.
        """
        ids = list(ids)
        if not ids:
            return
        before: dict[str, bool] = {}

        def do(lib: Library) -> Changes:
            if not before:
                before.update({p.paper_id: p.starred for p in lib.papers(ids)})
            return lib.set_starred(ids, starred)

        def undo(lib: Library) -> Changes:
            on = [i for i, was in before.items() if was]
            off = [i for i, was in before.items() if not was]
            return join(lib.set_starred(on, True), lib.set_starred(off, False))

        verb = "Star" if starred else "Unstar"
        self.history.push(f"{verb} {papers(len(ids))}", do, undo)

    def set_status(self, ids: Sequence[str], status: Status | str) -> None:
        """Set the read status of these papers.

        Args:
            ids: the papers.
            status: unread, reading or read.
        """
        ids = list(ids)
        if not ids:
            return
        status = Status(status)
        before: dict[str, Status] = {}

        def do(lib: Library) -> Changes:
            if not before:
                before.update({p.paper_id: p.status for p in lib.papers(ids)})
            return lib.set_status(ids, status)

        def undo(lib: Library) -> Changes:
            done = [
                lib.set_status([i for i, s in before.items() if s == old], old)
                for old in set(before.values())
            ]
            return join(*done)

        self.history.push(f"Mark {papers(len(ids))} as {status.value}", do, undo)

    def save_note(self, paper_id: str, text: str, burst: int = 0) -> None:
        """Store a paper's note; saves of one editing burst undo as one step.

        Args:
            paper_id: the paper.
            text: the whole note, replacing the stored one.
            burst: which editing burst of the note editor the text comes from.
        """
        before: list[str] = []
        behind: list[str] = []
        gone: list[bool] = []

        def do(lib: Library) -> Changes:
            if not before:
                try:
                    before.append(lib.paper(paper_id).note)
                except KeyError:
                    # Deleted meanwhile: no retry can store it (see saved).
                    gone.append(True)
                    return Changes()
            try:
                return lib.set_note(paper_id, text)
            except StorageError as exc:
                # The store may have taken the note and only the index fallen
                # behind: then the note is saved, and trying again would fail
                # the same way for nothing.
                if lib.paper(paper_id).note != text:
                    raise
                behind.append(message(exc))
                return Changes(papers=frozenset({paper_id}))

        def undo(lib: Library) -> Changes:
            return lib.set_note(paper_id, before[0]) if before else Changes()

        def saved(changes: Changes) -> None:
            self.note_saved.emit(paper_id)
            if behind:
                self.index_behind.emit(behind.pop())
            if gone:
                self.note_orphaned.emit(paper_id, text)

        def failed(reason: str) -> None:
            # Not an error box: the editor shows "Not saved yet" and retries.
            self.note_failed.emit(paper_id, reason)

        self.history.push(
            "Edit note",
            do,
            undo,
            merge=("note", paper_id, burst),
            on_done=saved,
            on_failed=failed,
        )

    def delete(
        self,
        ids: Sequence[str],
        *,
        on_done: Done | None = None,
        on_undone: Done | None = None,
    ) -> None:
        """Delete these papers; undo puts them back with all their user data.

        Args:
            ids: the papers.
            on_done: called after each time they are deleted (and redone).
            on_undone: called after each time Undo brought them back.
        """
        ids = list(ids)
        if not ids:
            return
        kept: list[PaperSnapshot] = []

        def do(lib: Library) -> Changes:
            if not kept:
                kept.extend(lib.snapshot_papers(ids))
            return lib.delete_papers(ids)

        def undo(lib: Library) -> Changes:
            return lib.restore_papers(kept)

        self.history.push(
            f"Delete {papers(len(ids))}", do, undo, on_done=on_done, on_undone=on_undone
        )

    def add_to_list(self, name: str, ids: Sequence[str], *, create: bool) -> None:
        """Add papers to list ``name``, making the list first if ``create``.

        Args:
            name: the reading list.
            ids: the papers to append.
            create: make the list first (the user typed a new name).
        """
        ids = list(ids)
        added: set[str] = set()

        def do(lib: Library) -> Changes:
            made = lib.create_list(name) if create else Changes()
            changes = lib.add_to_list(name, ids) if ids else Changes()
            added.update(changes.papers)
            return join(made, changes)

        def undo(lib: Library) -> Changes:
            if create:
                return lib.delete_list(name)
            return lib.remove_from_list(name, sorted(added))

        self.history.push(f"Add {papers(len(ids))} to {quoted(name)}", do, undo)

    def remove_from_list(self, name: str, ids: Sequence[str]) -> None:
        """Take papers out of list ``name``; undo puts them back in place.

        Args:
            name: the reading list.
            ids: the papers to take out.
        """
        ids = list(ids)
        if not ids:
            return
        order: list[str] = []

        def do(lib: Library) -> Changes:
            if not order:
                order.extend(lib.list_ids(name))
            return lib.remove_from_list(name, ids)

        def undo(lib: Library) -> Changes:
            back = [i for i in ids if i in order]
            return join(lib.add_to_list(name, back), lib.set_list_order(name, order))

        text = f"Remove {papers(len(ids))} from {quoted(name)}"
        self.history.push(text, do, undo)
