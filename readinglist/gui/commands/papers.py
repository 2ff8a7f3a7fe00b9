"""The commands that act on papers: star, status, lists, note, like, open, delete.

They work on what the user is looking at: the selected rows of the table, or
the paper in the paper view when the command came from there. The library
work itself is done by :class:`~readinglist.gui.commands.paper_actions.PaperActions`.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMainWindow

from readinglist.core.library import Library
from readinglist.gui.commands.paper_actions import PaperActions
from readinglist.gui.results_controller import ResultsController
from readinglist.gui.search import SearchController
from readinglist.gui.undo import papers
from readinglist.gui.widgets.list_picker import ListPicker
from readinglist.gui.widgets.paper_view import PaperView
from readinglist.gui.widgets.results import PaperTable


class PaperCommands(QObject):
    """Runs paper commands for the window and the paper view's buttons."""

    def __init__(
        self,
        window: QMainWindow,
        library: Library,
        *,
        actions: PaperActions,
        results: ResultsController,
        search: SearchController,
        view: PaperView,
        table: PaperTable,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._library = library
        self._actions = actions
        self._results = results
        self._search = search
        self._view = view
        self._table = table
        self.list_picker: ListPicker | None = None
        view.star_requested.connect(lambda on: actions.star(self._current(), on))
        view.status_requested.connect(lambda s: actions.set_status(self._current(), s))
        view.list_add_requested.connect(lambda: self.pick_list(only_current=True))
        view.list_remove_requested.connect(
            lambda name: actions.remove_from_list(name, self._current())
        )
        view.more_like_this_requested.connect(self.more_like_this)
        view.note.escaped.connect(table.setFocus)

    def _current(self) -> list[str]:
        paper = self._view.paper
        return [paper.paper_id] if paper is not None else []

    def selected_ids(self) -> list[str]:
        """The selected papers' ids in table order (the current one if none)."""
        return self._results.selected_ids() or self._current()

    def toggle_star(self) -> None:
        """Star the selected papers; if every one is starred already, unstar them.

        Only the selected rows change (as in Zotero and JabRef), never a paper
        the user cannot see selected.
        """
        chosen = self._library.papers(self._results.selected_ids())
        if chosen:
            starred = not all(paper.starred for paper in chosen)
            self._actions.star([paper.paper_id for paper in chosen], starred)

    def cycle_status(self) -> None:
        """Move the selected papers to the status after the shown paper's.

        The shown paper leads when it is selected; otherwise the first
        selected one does, so the step is always one the user can see.
        """
        chosen = self._library.papers(self._results.selected_ids())
        if not chosen:
            return
        shown = self._view.paper
        lead = next((p for p in chosen if shown and p.paper_id == shown.paper_id), None)
        status = (lead or chosen[0]).status.next()
        self._actions.set_status([paper.paper_id for paper in chosen], status)

    def edit_note(self) -> None:
        """Put the cursor at the end of the current paper's note."""
        note = self._view.note
        if self._view.paper is not None:
            note.setFocus(Qt.FocusReason.ShortcutFocusReason)
            note.moveCursor(note.textCursor().MoveOperation.End)

    def open_current(self) -> None:
        """From the search field go to the results; from the results, the abstract."""
        if self._table.hasFocus() and self._view.paper is not None:
            self._view.browser.setFocus(Qt.FocusReason.ShortcutFocusReason)
            return
        self._table.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if not self._table.currentIndex().isValid():
            self._results.move(1)

    def pick_list(self, *, only_current: bool = False) -> None:
        """Open the list picker for the selected papers (a non-blocking dialog)."""
        ids = self._current() if only_current else self._results.selected_ids()
        if not ids:
            return
        what = "this paper" if len(ids) == 1 else f"{len(ids)} papers"
        picker = ListPicker(self._library.lists(), what, self._window)
        picker.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        picker.chosen.connect(
            lambda name, new: self._actions.add_to_list(name, ids, create=new)
        )
        picker.finished.connect(self._back_to_table)
        self.list_picker = picker
        picker.open()

    def _back_to_table(self) -> None:
        # After the dialog, keys go to the results again.
        self.list_picker = None
        self._window.activateWindow()
        self._table.setFocus(Qt.FocusReason.OtherFocusReason)

    def delete_selected(self) -> None:
        """Delete the selected papers from the library; Undo brings them back.

        The paper that takes the first deleted one's place becomes current,
        so the user keeps their place (as in Zotero); Undo selects the papers
        again.
        """
        rows = self._table.selectionModel().selectedRows()
        ids = self._results.selected_ids()
        if not ids or not rows:
            return
        place = min(index.row() for index in rows)
        results = self._results
        self._actions.delete(
            ids,
            on_done=lambda _: results.keep_place(place),
            on_undone=lambda _: results.bring_back(ids),
        )
        them = "it" if len(ids) == 1 else "them"
        self._window.statusBar().showMessage(
            f"Deleted {papers(len(ids))}. Edit > Undo brings {them} back.", 8000
        )

    def more_like_this(self) -> None:
        """Show papers like the current one in the table."""
        current = self._current()
        if current:
            self._results.keep = current[0]
            self._search.more_like(current[0])
