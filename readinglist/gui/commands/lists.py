"""The commands on reading lists and saved searches, as the user meets them.

They ask what they need in small non-blocking dialogs (a name, which list),
check it as it is typed, and hand the change to
:class:`~readinglist.gui.commands.list_actions.ListActions`, so every one of them can
be undone. A command about "the list" means the one shown; when none is
shown, it asks which.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QDialog, QWidget

from readinglist.core.library import Library
from readinglist.gui.commands.list_actions import ListActions
from readinglist.gui.commands.paper_actions import PaperActions
from readinglist.gui.search import SearchController
from readinglist.gui.text import quoted
from readinglist.gui.widgets.list_picker import ListPicker
from readinglist.gui.widgets.name_dialog import NameDialog
from readinglist.gui.widgets.sidebar import Sidebar

CANNOT_MOVE = (
    "Papers move within a reading list: choose the list in the sidebar, clear "
    "the search, and sort by List Order."
)


class ListCommands(QObject):
    """Runs list and saved-search commands for the window.

    Args:
        window: the main window, parent of the dialogs.
        library: the open library (read for names and counts).
        lists: the undoable list actions.
        papers: the undoable paper actions (for taking papers out of a list).
        search: the search controller (which list is shown, the query).
        sidebar: the sidebar (which entry is chosen).
        selected: the selected papers' ids in table order.
        shown: the ids in the table, in order.
        notify: shows a short message in the status bar.
    """

    def __init__(
        self,
        window: QWidget,
        library: Library,
        *,
        lists: ListActions,
        papers: PaperActions,
        search: SearchController,
        sidebar: Sidebar,
        selected: Callable[[], list[str]],
        shown: Callable[[], list[str]],
        notify: Callable[[str], None],
    ) -> None:
        super().__init__(window)
        self._window = window
        self._library = library
        self._lists = lists
        self._papers = papers
        self._search = search
        self._sidebar = sidebar
        self._selected = selected
        self._shown = shown
        self._notify = notify
        self.dialog: QDialog | None = None
        sidebar.rename_requested.connect(self.rename_entry)
        sidebar.delete_requested.connect(self.delete_entry)

    # -- dialogs ----------------------------------------------------------------

    def _open(self, dialog: QDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _: self._closed(dialog))
        self.dialog = dialog
        dialog.open()

    def _closed(self, dialog: QDialog) -> None:
        # A picker that led to a name dialog closes after that one opened.
        if self.dialog is dialog:
            self.dialog = None
            self._window.activateWindow()

    def _pick(self, title: str, prompt: str, then: Callable[[str], None]) -> None:
        choices = self._library.lists()
        if not choices:
            self._notify("There are no reading lists yet; Add to List makes one.")
            return
        picker = ListPicker(
            choices,
            "",
            self._window,
            title=title,
            prompt=prompt,
            allow_new=False,
            verb="chooses",
        )
        picker.chosen.connect(lambda name, _new: then(name))
        self._open(picker)

    def _list_check(self, keep: str = "") -> Callable[[str], tuple[bool, str]]:
        taken = {rl.name.casefold() for rl in self._library.lists()} - {keep.casefold()}

        def check(name: str) -> tuple[bool, str]:
            if "," in name:
                return False, "A list name cannot hold a comma (exports use commas "
                "between list names)."
            if name.casefold() in taken:
                return False, f"A list named {quoted(name)} already exists."
            return True, ""

        return check

    # -- reading lists ---------------------------------------------------------

    def new_list(self) -> None:
        """Ask for a name and make an empty reading list."""
        dialog = NameDialog(
            "New Reading List",
            "Name of the new list:",
            self._window,
            check=self._list_check(),
            action="Create",
        )
        dialog.chosen.connect(self._lists.create)
        self._open(dialog)

    def rename_list(self) -> None:
        """Ask for a new name for the list shown (or one to choose)."""
        self.rename_list_named(self._search.request.list_name)

    def rename_list_named(self, name: str | None) -> None:
        """Ask for a new name for list ``name`` (None: ask which list first).

        Args:
            name: the list to rename.
        """
        if name is None:
            self._pick(
                "Rename Reading List", "Rename which list?", self.rename_list_named
            )
            return
        dialog = NameDialog(
            "Rename Reading List",
            f"New name for {quoted(name)}:",
            self._window,
            text=name,
            check=self._list_check(keep=name),
            action="Rename",
        )
        dialog.chosen.connect(lambda new: self._rename_list(name, new))
        self._open(dialog)

    def _rename_list(self, name: str, new_name: str) -> None:
        if new_name == name:
            return

        # Stay on the list under its new name; an undo goes back likewise.
        self._lists.rename(
            name,
            new_name,
            on_done=lambda _: self._sidebar.follow(f"list:{name}", f"list:{new_name}"),
            on_undone=lambda _: self._sidebar.follow(
                f"list:{new_name}", f"list:{name}"
            ),
        )

    def delete_list(self) -> None:
        """Delete the list shown (or one to choose); Undo brings it back."""
        self.delete_list_named(self._search.request.list_name)

    def delete_list_named(self, name: str | None) -> None:
        """Delete list ``name`` (None: ask which list first).

        Args:
            name: the list to delete.
        """
        if name is None:
            self._pick(
                "Delete Reading List", "Delete which list?", self.delete_list_named
            )
            return
        self._lists.delete(name)
        self._notify(f"Deleted the list {quoted(name)}. Undo brings it back.")

    def remove_from_list(self) -> None:
        """Take the selected papers out of the list shown (or one they are in)."""
        ids = self._selected()
        if not ids:
            return
        shown = self._search.request.list_name
        if shown is not None:
            self._papers.remove_from_list(shown, ids)
            return
        member_of = sorted(
            {name for paper in self._library.papers(ids) for name in paper.lists},
            key=str.casefold,
        )
        if not member_of:
            self._notify("The selected papers are in no reading list.")
            return
        counts = {rl.name: rl for rl in self._library.lists()}
        picker = ListPicker(
            [counts[n] for n in member_of if n in counts],
            "",
            self._window,
            title="Remove from Reading List",
            prompt="Take the selected papers out of:",
            allow_new=False,
            verb="takes them out",
        )
        picker.chosen.connect(
            lambda name, _new: self._papers.remove_from_list(name, ids)
        )
        self._open(picker)

    def move(self, step: int) -> None:
        """Move the selected papers one place up (-1) or down (+1) in the list.

        Args:
            step: -1 for up, 1 for down.
        """
        request = self._search.request
        if not request.reorderable or request.list_name is None:
            self._notify(CANNOT_MOVE)
            return
        order = self._shown()
        moving = [i for i in order if i in set(self._selected())]
        if not moving:
            return
        # The table may lag a quick second press by a moment; the move itself
        # counts places in the list as it is then.
        first, last = order.index(moving[0]), order.index(moving[-1])
        if (step < 0 and first > 0) or (step > 0 and last < len(order) - 1):
            self._lists.shift(request.list_name, moving, step)

    def drop(self, ids: Sequence[str], before: str | None) -> None:
        """Papers were dragged to just before ``before`` in the list shown.

        Args:
            ids: the papers dragged, in table order.
            before: the paper they were dropped in front of; None for the end.
        """
        name = self._search.request.list_name
        if name is not None and self._search.request.reorderable:
            self._lists.move(name, ids, before)

    # -- saved searches --------------------------------------------------------

    def _search_names(self) -> dict[str, str]:
        return {s.name.casefold(): s.name for s in self._library.saved_searches()}

    def save_search(self, query: str) -> None:
        """Ask for a name and save ``query`` under it.

        Args:
            query: the text in the search field.
        """
        query = query.strip()
        if not query:
            self._notify(
                "Type a query in the search field first; then it can be saved."
            )
            return
        names = self._search_names()

        def check(name: str) -> tuple[bool, str]:
            if name.casefold() in names:
                return (
                    True,
                    f"Replaces the saved search {quoted(names[name.casefold()])}.",
                )
            return True, ""

        dialog = NameDialog(
            "Save Search",
            f"Save {quoted(query)} in the sidebar as:",
            self._window,
            text=" ".join(query.split())[:60],
            check=check,
        )
        dialog.chosen.connect(lambda name: self._lists.save_search(name, query))
        self._open(dialog)

    def _pick_search(
        self, title: str, prompt: str, then: Callable[[str], None]
    ) -> None:
        saved = self._library.saved_searches()
        if not saved:
            self._notify(
                "There are no saved searches yet; Save Search keeps the query typed."
            )
            return
        picker = ListPicker(
            saved,
            "",
            self._window,
            title=title,
            prompt=prompt,
            allow_new=False,
            verb="chooses",
        )
        picker.chosen.connect(lambda name, _new: then(name))
        self._open(picker)

    def _chosen_search(self) -> str | None:
        key = self._sidebar.key
        return key.removeprefix("saved:") if key.startswith("saved:") else None

    def rename_search(self) -> None:
        """Ask for a new name for the saved search chosen (or one to pick)."""
        self.rename_search_named(self._chosen_search())

    def rename_search_named(self, name: str | None) -> None:
        """Ask for a new name for saved search ``name`` (None: ask which first).

        Args:
            name: the saved search to rename.
        """
        if name is None:
            self._pick_search(
                "Rename Saved Search", "Rename which search?", self.rename_search_named
            )
            return
        names = self._search_names()
        names.pop(name.casefold(), None)

        def check(new: str) -> tuple[bool, str]:
            if new.casefold() in names:
                return False, f"A saved search named {quoted(new)} already exists."
            return True, ""

        dialog = NameDialog(
            "Rename Saved Search",
            f"New name for {quoted(name)}:",
            self._window,
            text=name,
            check=check,
            action="Rename",
        )

        def chosen(new: str) -> None:
            if new == name:
                return
            self._lists.rename_search(
                name,
                new,
                on_done=lambda _: self._sidebar.follow(f"saved:{name}", f"saved:{new}"),
                on_undone=lambda _: self._sidebar.follow(
                    f"saved:{new}", f"saved:{name}"
                ),
            )

        dialog.chosen.connect(chosen)
        self._open(dialog)

    def delete_search(self) -> None:
        """Delete the saved search chosen (or one to pick); Undo brings it back."""
        self.delete_search_named(self._chosen_search())

    def delete_search_named(self, name: str | None) -> None:
        """Delete saved search ``name`` (None: ask which first).

        Args:
            name: the saved search to delete.
        """
        if name is None:
            self._pick_search(
                "Delete Saved Search", "Delete which search?", self.delete_search_named
            )
            return
        self._lists.delete_search(name)
        self._notify(f"Deleted the saved search {quoted(name)}. Undo brings it back.")

    # -- from the sidebar ------------------------------------------------------

    def rename_entry(self, key: str) -> None:
        """Rename the sidebar entry ``key`` (a list or a saved search)."""
        kind, _, name = key.partition(":")
        (self.rename_list_named if kind == "list" else self.rename_search_named)(name)

    def delete_entry(self, key: str) -> None:
        """Delete the sidebar entry ``key`` (a list or a saved search)."""
        kind, _, name = key.partition(":")
        (self.delete_list_named if kind == "list" else self.delete_search_named)(name)
