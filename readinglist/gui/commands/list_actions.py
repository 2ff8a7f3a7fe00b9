"""Undoable actions on reading lists and saved searches.

Like the paper actions, each is a step of :mod:`readinglist.gui.undo` that
reads what it needs to be undone on the write lane, just before its change:
a deleted list comes back with its papers in their order, a renamed saved
search gets its name back, a reordered list its old order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject

from readinglist.core.library import Library
from readinglist.core.models import Changes
from readinglist.core.store.userdata import UserDataError
from readinglist.gui.text import quoted
from readinglist.gui.undo import Done, History, join, papers


def _query_of(lib: Library, name: str) -> str | None:
    folded = name.casefold()
    for saved in lib.saved_searches():
        if saved.name.casefold() == folded:
            return saved.query
    return None


class ListActions(QObject):
    """Creates, renames, deletes and reorders lists; saves searches."""

    def __init__(self, history: History, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.history = history

    # -- reading lists --------------------------------------------------------

    def create(self, name: str) -> None:
        """Make an empty reading list.

        Args:
            name: the new list's name.
        """
        self.history.push(
            f"New list {quoted(name)}",
            lambda lib: lib.create_list(name),
            lambda lib: lib.delete_list(name),
        )

    def rename(
        self,
        name: str,
        new_name: str,
        *,
        on_done: Done | None = None,
        on_undone: Done | None = None,
    ) -> None:
        """Rename a reading list.

        Args:
            name: its name now.
            new_name: the name it gets.
            on_done: called after each rename (also on redo).
            on_undone: called after each undo.
        """
        self.history.push(
            f"Rename list {quoted(name)} to {quoted(new_name)}",
            lambda lib: lib.rename_list(name, new_name),
            lambda lib: lib.rename_list(new_name, name),
            on_done=on_done,
            on_undone=on_undone,
        )

    def delete(self, name: str) -> None:
        """Delete a reading list; undo brings it back with its papers in order.

        Args:
            name: the list.
        """
        members: list[str] = []

        def do(lib: Library) -> Changes:
            members[:] = lib.list_ids(name)
            return lib.delete_list(name)

        def undo(lib: Library) -> Changes:
            made = lib.create_list(name)
            # Papers deleted since cannot come back into the list.
            still = {p.paper_id for p in lib.papers(members)}
            back = [i for i in members if i in still]
            return join(made, lib.add_to_list(name, back) if back else Changes())

        self.history.push(f"Delete list {quoted(name)}", do, undo)

    def move(self, name: str, ids: Sequence[str], before: str | None) -> None:
        """Move papers within a list, as a block, to just before another paper.

        Args:
            name: the reading list.
            ids: the papers to move, in the order they should end up.
            before: the paper they go in front of; None for the end.
        """

        def place(order: list[str], moving: list[str]) -> list[str]:
            rest = [i for i in order if i not in moving]
            at = rest.index(before) if before in rest else len(rest)
            return rest[:at] + moving + rest[at:]

        self._reorder(name, ids, place)

    def shift(self, name: str, ids: Sequence[str], step: int) -> None:
        """Move papers one place up (-1) or down (+1) in a list, as a block.

        The places are counted in the list as it is when the move runs, so
        quick presses each move one more place.

        Args:
            name: the reading list.
            ids: the papers to move.
            step: -1 for up, 1 for down.
        """

        def place(order: list[str], moving: list[str]) -> list[str]:
            rest = [i for i in order if i not in moving]
            ahead = [order.index(i) - n for n, i in enumerate(moving)]
            at = ahead[0] - 1 if step < 0 else ahead[-1] + 1
            at = max(0, min(at, len(rest)))
            return rest[:at] + moving + rest[at:]

        self._reorder(name, ids, place)

    def _reorder(
        self,
        name: str,
        ids: Sequence[str],
        place: Callable[[list[str], list[str]], list[str]],
    ) -> None:
        wanted = list(dict.fromkeys(ids))
        if not wanted:
            return
        old: list[str] = []

        def do(lib: Library) -> Changes:
            old[:] = lib.list_ids(name)
            moving = [i for i in old if i in wanted]
            return lib.set_list_order(name, place(old, moving))

        def undo(lib: Library) -> Changes:
            return lib.set_list_order(name, old)

        text = f"Move {papers(len(wanted))} in {quoted(name)}"
        self.history.push(text, do, undo)

    # -- saved searches -------------------------------------------------------

    def save_search(self, name: str, query: str) -> None:
        """Save ``query`` under ``name`` (replacing a search of that name).

        Args:
            name: the saved search's name.
            query: the query text.
        """
        previous: list[str | None] = []

        def do(lib: Library) -> Changes:
            if not previous:
                previous.append(_query_of(lib, name))
            return lib.save_search(name, query)

        def undo(lib: Library) -> Changes:
            if previous[0] is None:
                return lib.delete_saved_search(name)
            return lib.save_search(name, previous[0])

        self.history.push(f"Save search {quoted(name)}", do, undo)

    def rename_search(
        self,
        name: str,
        new_name: str,
        *,
        on_done: Done | None = None,
        on_undone: Done | None = None,
    ) -> None:
        """Give a saved search another name.

        Args:
            name: its name now.
            new_name: the name it gets.
            on_done: called after each rename (also on redo).
            on_undone: called after each undo.
        """

        def move(lib: Library, old: str, new: str) -> Changes:
            query = _query_of(lib, old)
            if query is None:
                raise UserDataError(f"there is no saved search named {old!r}")
            if old.casefold() != new.casefold() and _query_of(lib, new) is not None:
                raise UserDataError(f"a saved search named {new!r} already exists")
            if old.casefold() == new.casefold():
                # The store sees names that differ in case as one name.
                return join(lib.delete_saved_search(old), lib.save_search(new, query))
            # Saved first, so a failure never loses the search.
            return join(lib.save_search(new, query), lib.delete_saved_search(old))

        self.history.push(
            f"Rename search {quoted(name)} to {quoted(new_name)}",
            lambda lib: move(lib, name, new_name),
            lambda lib: move(lib, new_name, name),
            on_done=on_done,
            on_undone=on_undone,
        )

    def delete_search(self, name: str) -> None:
        """Forget a saved search; undo saves it again.

        Args:
            name: the saved search.
        """
        query: list[str] = []

        def do(lib: Library) -> Changes:
            found = _query_of(lib, name)
            if found is None:
                raise UserDataError(f"there is no saved search named {name!r}")
            query[:] = [found]
            return lib.delete_saved_search(name)

        self.history.push(
            f"Delete search {quoted(name)}",
            do,
            lambda lib: lib.save_search(name, query[0]),
        )
