"""Putting deleted papers back: the undo of a delete.

A deleted paper must come back with everything the user gave it (star, status,
note, tags, its places in reading lists) and with where it was imported from,
so :func:`capture` takes a snapshot of the rows a delete removes and
:func:`reinsert` writes them back.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from readinglist.core.models import Changes
from readinglist.core.store.database import Store, now
from readinglist.core.store.lists import list_members, renumber

# The user's own data: on a paper that came back by another way (imported
# again since the delete), these are restored and the rest is left alone.
_USER_COLUMNS = ("starred", "status", "note")


@dataclass(frozen=True, slots=True)
class PaperSnapshot:
    """Everything the library holds about one paper, as rows.

    Attributes:
        paper_id: the paper.
        row: every column of its ``papers`` row, by column name.
        tags: its tags.
        places: each reading list it is in, with its 0-based place there.
        sources: (import id, path, line) for each import that saw it.
    """

    paper_id: str
    row: dict[str, object]
    tags: tuple[str, ...]
    places: tuple[tuple[str, int], ...]
    sources: tuple[tuple[int, str, int], ...]


def capture(store: Store, ids: Sequence[str]) -> list[PaperSnapshot]:
    """Snapshots of these papers, to be put back by :func:`reinsert`.

    Args:
        store: the library's store.
        ids: the papers about to be deleted; unknown ids are skipped.

    Returns:
        One snapshot per known paper, in the order given.
    """
    conn = store.conn
    snapshots: list[PaperSnapshot] = []
    for paper_id in dict.fromkeys(ids):
        row = conn.execute("SELECT * FROM papers WHERE id = ?", (paper_id,)).fetchone()
        if row is None:
            continue
        tags = tuple(
            str(r[0])
            for r in conn.execute(
                "SELECT tag FROM tags WHERE paper_id = ? ORDER BY tag", (paper_id,)
            )
        )
        places = []
        # In the order the paper joined its lists, so it goes back the same way.
        for list_id, name in conn.execute(
            "SELECT l.id, l.name FROM lists l JOIN list_items li ON li.list_id = l.id "
            "WHERE li.paper_id = ? ORDER BY li.rowid",
            (paper_id,),
        ).fetchall():
            places.append((str(name), list_members(conn, list_id).index(paper_id)))
        sources = tuple(
            (int(r[0]), str(r[1]), int(r[2]))
            for r in conn.execute(
                "SELECT import_id, path, line FROM sources WHERE paper_id = ? "
                "ORDER BY import_id",
                (paper_id,),
            )
        )
        # A Row iterates over its values, so pair them with the column names.
        columns = dict(zip(row.keys(), tuple(row), strict=True))
        snapshots.append(PaperSnapshot(paper_id, columns, tags, tuple(places), sources))
    return snapshots


def _put_row(conn: sqlite3.Connection, snapshot: PaperSnapshot) -> None:
    here = conn.execute(
        "SELECT 1 FROM papers WHERE id = ?", (snapshot.paper_id,)
    ).fetchone()
    row = dict(snapshot.row)
    if here is not None:
        assignments = ", ".join(f"{column} = ?" for column in _USER_COLUMNS)
        conn.execute(
            f"UPDATE papers SET {assignments}, modified = ? WHERE id = ?",
            (*(row[c] for c in _USER_COLUMNS), now(), snapshot.paper_id),
        )
        return
    citekey = row.get("citekey")
    if (
        citekey is not None
        and conn.execute(
            "SELECT 1 FROM papers WHERE citekey = ?", (citekey,)
        ).fetchone()
    ):
        # Another paper took the key since; this one gets a new key when next
        # exported rather than failing to come back.
        row["citekey"] = None
    row["modified"] = now()
    columns = ", ".join(row)
    marks = ", ".join("?" * len(row))
    conn.execute(
        f"INSERT INTO papers ({columns}) VALUES ({marks})", tuple(row.values())
    )


def _put_places(conn: sqlite3.Connection, snapshot: PaperSnapshot) -> bool:
    placed = False
    for name, index in snapshot.places:
        found = conn.execute("SELECT id FROM lists WHERE name = ?", (name,)).fetchone()
        if found is None:  # the list itself is gone: nothing to go back into
            continue
        list_id = int(found[0])
        members = list_members(conn, list_id)
        if snapshot.paper_id in members:
            continue
        members.insert(min(index, len(members)), snapshot.paper_id)
        conn.execute(
            "INSERT INTO list_items (list_id, paper_id, position) VALUES (?, ?, ?)",
            (list_id, snapshot.paper_id, len(members)),
        )
        renumber(conn, list_id, members)
        placed = True
    return placed


def reinsert(store: Store, snapshots: Sequence[PaperSnapshot]) -> Changes:
    """Put captured papers back, with their user data and list places.

    A paper that is in the library again (imported since) keeps its record and
    gets its star, status, note, tags and list places back. A list that no
    longer exists is skipped; a place past a list's end goes at the end.

    Args:
        store: the library's store.
        snapshots: what :func:`capture` returned before the delete.

    Returns:
        The papers put back, and whether lists and imports changed.
    """
    ids = [s.paper_id for s in snapshots]
    placed = False
    with store.transaction() as conn:
        for snapshot in snapshots:
            _put_row(conn, snapshot)
            conn.executemany(
                "INSERT OR IGNORE INTO tags (paper_id, tag) VALUES (?, ?)",
                [(snapshot.paper_id, tag) for tag in snapshot.tags],
            )
            conn.executemany(
                "INSERT OR IGNORE INTO sources (paper_id, import_id, path, line) "
                "SELECT ?, id, ?, ? FROM imports WHERE id = ?",
                [
                    (snapshot.paper_id, path, line, import_id)
                    for import_id, path, line in snapshot.sources
                ],
            )
            placed = _put_places(conn, snapshot) or placed
        store.enqueue(conn, ids)
    return Changes(papers=frozenset(ids), lists=placed, imports=True)
