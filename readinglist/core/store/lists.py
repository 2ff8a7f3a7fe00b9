"""Reading lists and saved searches: the user's own ways of grouping papers.

Each function is one user action done in one store transaction, or one
question. Renaming or deleting a list queues its papers in the outbox (their
index documents name their lists) and every action returns what changed.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from readinglist.core.models import Changes, ReadingList, SavedSearch
from readinglist.core.store.database import Store, now
from readinglist.core.store.userdata import UserDataError, known


def _list_name(name: str) -> str:
    cleaned = " ".join(name.replace(",", " ").split())
    if not cleaned:
        raise UserDataError("a reading list needs a name")
    return cleaned


def _list_id(conn: sqlite3.Connection, name: str) -> int:
    row = conn.execute("SELECT id FROM lists WHERE name = ?", (name,)).fetchone()
    if row is None:
        raise UserDataError(f"there is no reading list named {name!r}")
    return int(row[0])


def list_members(conn: sqlite3.Connection, list_id: int) -> list[str]:
    """The papers of a list, in order."""
    return [
        r[0]
        for r in conn.execute(
            "SELECT paper_id FROM list_items WHERE list_id = ? ORDER BY position",
            (list_id,),
        )
    ]


def create_list(store: Store, name: str) -> Changes:
    """Create an empty reading list."""
    name = _list_name(name)
    with store.transaction() as conn:
        if conn.execute("SELECT 1 FROM lists WHERE name = ?", (name,)).fetchone():
            raise UserDataError(f"a reading list named {name!r} already exists")
        conn.execute("INSERT INTO lists (name, created) VALUES (?, ?)", (name, now()))
    return Changes(lists=True)


def rename_list(store: Store, name: str, new_name: str) -> Changes:
    """Rename a reading list; its papers are re-indexed under the new name."""
    new_name = _list_name(new_name)
    with store.transaction() as conn:
        list_id = _list_id(conn, name)
        clash = conn.execute(
            "SELECT id FROM lists WHERE name = ?", (new_name,)
        ).fetchone()
        if clash is not None and clash[0] != list_id:
            raise UserDataError(f"a reading list named {new_name!r} already exists")
        conn.execute("UPDATE lists SET name = ? WHERE id = ?", (new_name, list_id))
        members = list_members(conn, list_id)
        store.enqueue(conn, members)
    return Changes(papers=frozenset(members), lists=True)


def delete_list(store: Store, name: str) -> Changes:
    """Delete a reading list; its papers stay in the library."""
    with store.transaction() as conn:
        list_id = _list_id(conn, name)
        members = list_members(conn, list_id)
        conn.execute("DELETE FROM lists WHERE id = ?", (list_id,))
        store.enqueue(conn, members)
    return Changes(papers=frozenset(members), lists=True)


def add_to_list(store: Store, name: str, ids: Sequence[str]) -> Changes:
    """Append papers to a reading list, keeping those already there in place."""
    ids = known(store, ids)
    with store.transaction() as conn:
        list_id = _list_id(conn, name)
        present = set(list_members(conn, list_id))
        end = conn.execute(
            "SELECT coalesce(max(position), -1) FROM list_items WHERE list_id = ?",
            (list_id,),
        ).fetchone()[0]
        new = [i for i in dict.fromkeys(ids) if i not in present]
        conn.executemany(
            "INSERT INTO list_items (list_id, paper_id, position) VALUES (?, ?, ?)",
            [(list_id, i, end + 1 + n) for n, i in enumerate(new)],
        )
        store.enqueue(conn, new)
    return Changes(papers=frozenset(new), lists=True)


def remove_from_list(store: Store, name: str, ids: Sequence[str]) -> Changes:
    """Take papers out of a reading list."""
    with store.transaction() as conn:
        list_id = _list_id(conn, name)
        present = set(list_members(conn, list_id))
        gone = [i for i in dict.fromkeys(ids) if i in present]
        conn.executemany(
            "DELETE FROM list_items WHERE list_id = ? AND paper_id = ?",
            [(list_id, i) for i in gone],
        )
        store.enqueue(conn, gone)
    return Changes(papers=frozenset(gone), lists=True)


def move_in_list(store: Store, name: str, paper_id: str, position: int) -> Changes:
    """Move a paper to ``position`` (0-based, clamped) within a reading list."""
    with store.transaction() as conn:
        list_id = _list_id(conn, name)
        members = list_members(conn, list_id)
        if paper_id not in members:
            raise UserDataError(f"paper {paper_id} is not in {name!r}")
        members.remove(paper_id)
        members.insert(max(0, min(position, len(members))), paper_id)
        conn.executemany(
            "UPDATE list_items SET position = ? WHERE list_id = ? AND paper_id = ?",
            [(n, list_id, i) for n, i in enumerate(members)],
        )
    return Changes(lists=True)


def renumber(conn: sqlite3.Connection, list_id: int, order: Sequence[str]) -> None:
    """Give a list's papers the places of ``order``."""
    conn.executemany(
        "UPDATE list_items SET position = ? WHERE list_id = ? AND paper_id = ?",
        [(n, list_id, paper_id) for n, paper_id in enumerate(order)],
    )


def set_list_order(store: Store, name: str, ids: Sequence[str]) -> Changes:
    """Put a reading list's papers in the order of ``ids``.

    Papers of the list that ``ids`` leaves out follow, in their present order;
    ids not in the list are ignored.

    Args:
        store: the library's store.
        name: the reading list.
        ids: its papers in the wanted order.

    Returns:
        A change to the lists (no paper's index entry changes).

    Raises:
        UserDataError: there is no list of that name.
    """
    with store.transaction() as conn:
        found = conn.execute("SELECT id FROM lists WHERE name = ?", (name,)).fetchone()
        if found is None:
            raise UserDataError(f"there is no reading list named {name!r}")
        list_id = int(found[0])
        members = list_members(conn, list_id)
        present = set(members)
        wanted = [i for i in dict.fromkeys(ids) if i in present]
        chosen = set(wanted)
        renumber(conn, list_id, wanted + [i for i in members if i not in chosen])
    return Changes(lists=True)


def lists(store: Store) -> list[ReadingList]:
    """Every reading list with its paper count, by name."""
    rows = store.conn.execute(
        "SELECT l.name, count(li.paper_id) FROM lists l "
        "LEFT JOIN list_items li ON li.list_id = l.id "
        "GROUP BY l.id ORDER BY l.name COLLATE NOCASE"
    )
    return [ReadingList(name, count) for name, count in rows]


def list_ids(store: Store, name: str) -> list[str]:
    """The papers of a reading list, in order."""
    return list_members(store.conn, _list_id(store.conn, name))


# -- saved searches -------------------------------------------------------------


def save_search(store: Store, name: str, query: str) -> Changes:
    """Save (or replace) a named search."""
    name = " ".join(name.split())
    if not name:
        raise UserDataError("a saved search needs a name")
    with store.transaction() as conn:
        conn.execute(
            "INSERT INTO saved_searches (name, query, created) VALUES (?, ?, ?) "
            "ON CONFLICT(name) DO UPDATE SET query = excluded.query",
            (name, query, now()),
        )
    return Changes(saved_searches=True)


def delete_saved_search(store: Store, name: str) -> Changes:
    """Forget a saved search."""
    with store.transaction() as conn:
        gone = conn.execute("DELETE FROM saved_searches WHERE name = ?", (name,))
        if not gone.rowcount:
            raise UserDataError(f"there is no saved search named {name!r}")
    return Changes(saved_searches=True)


def saved_searches(store: Store) -> list[SavedSearch]:
    """Every saved search, by name."""
    rows = store.conn.execute(
        "SELECT name, query FROM saved_searches ORDER BY name COLLATE NOCASE"
    )
    return [SavedSearch(name, query) for name, query in rows]
