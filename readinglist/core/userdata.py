"""The user's own data: stars, status, notes, tags, reading lists, saved searches.

Each function is one user action done in one store transaction. It queues the
papers whose index documents change in the outbox and returns what changed, so a
front end refreshes only that.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from readinglist.core.models import (
    Changes,
    ImportRecord,
    ReadingList,
    SavedSearch,
    Status,
)
from readinglist.core.store import Store, now

# Fewer characters of an id would name a paper only in a tiny library.
MIN_ID_PREFIX = 3
# Papers listed when a prefix starts several ids.
CANDIDATES_SHOWN = 5


class UserDataError(ValueError):
    """A user action that cannot be done as asked; the message says why."""


def _known(store: Store, ids: Sequence[str]) -> list[str]:
    found = store.existing_ids(ids)
    missing = [i for i in ids if i not in found]
    if missing:
        raise UserDataError(f"no paper with id {', '.join(missing)}")
    return found


def _update_papers(
    store: Store, ids: Sequence[str], assignments: str, params: Sequence[object]
) -> Changes:
    ids = _known(store, ids)
    with store.transaction() as conn:
        conn.executemany(
            f"UPDATE papers SET {assignments}, modified = ? WHERE id = ?",
            [(*params, now(), i) for i in ids],
        )
        store.enqueue(conn, ids)
    return Changes(papers=frozenset(ids))


def set_starred(store: Store, ids: Sequence[str], starred: bool) -> Changes:
    """Star or unstar papers."""
    return _update_papers(store, ids, "starred = ?", (int(starred),))


def set_status(store: Store, ids: Sequence[str], status: Status) -> Changes:
    """Set the read status of papers."""
    return _update_papers(store, ids, "status = ?", (str(status),))


def set_note(store: Store, paper_id: str, text: str) -> Changes:
    """Replace a paper's note."""
    return _update_papers(store, [paper_id], "note = ?", (text,))


def _clean_tags(tags: Sequence[str]) -> list[str]:
    # Commas separate tags in the index and in BibTeX keywords.
    cleaned = (" ".join(t.replace(",", " ").split()) for t in tags)
    return list(dict.fromkeys(t for t in cleaned if t))


def set_tags(store: Store, paper_id: str, tags: Sequence[str]) -> Changes:
    """Replace a paper's tags."""
    [paper_id] = _known(store, [paper_id])
    with store.transaction() as conn:
        conn.execute("DELETE FROM tags WHERE paper_id = ?", (paper_id,))
        conn.executemany(
            "INSERT INTO tags (paper_id, tag) VALUES (?, ?)",
            [(paper_id, t) for t in _clean_tags(tags)],
        )
        conn.execute("UPDATE papers SET modified = ? WHERE id = ?", (now(), paper_id))
        store.enqueue(conn, [paper_id])
    return Changes(papers=frozenset([paper_id]))


# -- reading lists ---------------------------------------------------------------


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


def _members(conn: sqlite3.Connection, list_id: int) -> list[str]:
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
        members = _members(conn, list_id)
        store.enqueue(conn, members)
    return Changes(papers=frozenset(members), lists=True)


def delete_list(store: Store, name: str) -> Changes:
    """Delete a reading list; its papers stay in the library."""
    with store.transaction() as conn:
        list_id = _list_id(conn, name)
        members = _members(conn, list_id)
        conn.execute("DELETE FROM lists WHERE id = ?", (list_id,))
        store.enqueue(conn, members)
    return Changes(papers=frozenset(members), lists=True)


def add_to_list(store: Store, name: str, ids: Sequence[str]) -> Changes:
    """Append papers to a reading list, keeping those already there in place."""
    ids = _known(store, ids)
    with store.transaction() as conn:
        list_id = _list_id(conn, name)
        present = set(_members(conn, list_id))
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
        present = set(_members(conn, list_id))
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
        members = _members(conn, list_id)
        if paper_id not in members:
            raise UserDataError(f"paper {paper_id} is not in {name!r}")
        members.remove(paper_id)
        members.insert(max(0, min(position, len(members))), paper_id)
        conn.executemany(
            "UPDATE list_items SET position = ? WHERE list_id = ? AND paper_id = ?",
            [(n, list_id, i) for n, i in enumerate(members)],
        )
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
    return _members(store.conn, _list_id(store.conn, name))


# -- saved searches and imports ------------------------------------------------


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


_BROUGHT_PAPERS = (
    # The import was the first source of at least one paper still here.
    "SELECT 1 FROM sources s WHERE s.import_id = ? AND NOT EXISTS ("
    " SELECT 1 FROM sources t WHERE t.paper_id = s.paper_id AND t.import_id < ?)"
    " LIMIT 1"
)


def imports(store: Store, limit: int) -> list[ImportRecord]:
    """The most recent imports, newest first, with their paper counts.

    Each file is listed once, by its latest import that added papers: like a
    reference manager's import batches, an import that only met papers the
    library had already is not news, and a file read three times is one entry.
    """
    conn = store.conn
    shown: set[str] = set()
    rows: list[tuple[int, str, float, int]] = []
    # Newest first, stopping at ``limit`` files: a file's older imports are
    # skipped unread, and most imports that added papers say so at their
    # first source row.
    for import_id, path, at in conn.execute(
        "SELECT id, path, imported_at FROM imports ORDER BY id DESC"
    ).fetchall():
        if path in shown:
            continue
        if conn.execute(_BROUGHT_PAPERS, (import_id, import_id)).fetchone() is None:
            continue
        shown.add(path)
        count = store.count(
            "SELECT count(*) FROM sources WHERE import_id = ?", (import_id,)
        )
        rows.append((int(import_id), str(path), float(at), count))
        if len(rows) >= limit:
            break
    return [ImportRecord(int(a), b, float(c), int(d)) for a, b, c, d in rows]


def delete_papers(store: Store, ids: Sequence[str]) -> Changes:
    """Remove papers and everything attached to them."""
    ids = _known(store, ids)
    with store.transaction() as conn:
        conn.executemany("DELETE FROM papers WHERE id = ?", [(i,) for i in ids])
        store.enqueue(conn, ids)
    return Changes(papers=frozenset(ids), lists=True, imports=True)


def stats(store: Store) -> dict[str, int]:
    """Counts of papers, stars, notes, lists and pending index updates."""
    count = store.count
    # One pass over the papers for all their counts: each pass reads the whole
    # table (abstracts included), about 80 ms at 100,000 papers.
    row = store.conn.execute(
        "SELECT count(*), total(starred != 0), total(note != ''), "
        "total(status = 'unread'), total(status = 'reading'), "
        "total(status = 'read') FROM papers"
    ).fetchone()
    papers, starred, notes, unread, reading, read = (int(v) for v in row)
    return {
        "papers": papers,
        "starred": starred,
        "notes": notes,
        "lists": count("SELECT count(*) FROM lists"),
        "unread": unread,
        "reading": reading,
        "read": read,
        "saved_searches": count("SELECT count(*) FROM saved_searches"),
        "pending_index": count("SELECT count(DISTINCT paper_id) FROM outbox"),
    }


def title_ranks(store: Store) -> dict[str, int]:
    """Each paper's place in title order (folded titles, as identity folds them).

    The folded title is the paper's identity key, which SQLite keeps in a
    unique index, so this reads the index in order rather than sorting.
    """
    rows = store.conn.execute("SELECT id FROM papers ORDER BY ident")
    return {paper_id: place for place, (paper_id,) in enumerate(rows)}


class TitleOrder:
    """:func:`title_ranks`, read again only when papers came or went.

    Reading the order of 100,000 papers takes about a second; a paper's
    folded title never changes (it is the paper's identity), so the order
    holds until papers are added or deleted. Their count and highest row
    number tell an addition; a deletion is told by :meth:`forget`, since a
    row number freed by a deletion may be taken again.
    """

    def __init__(self) -> None:
        self._key: tuple[object, ...] | None = None
        self._ranks: dict[str, int] = {}

    def ranks(self, store: Store) -> dict[str, int]:
        """Every paper's place in title order, by id."""
        count, last = store.conn.execute(
            "SELECT count(*), max(rowid) FROM papers"
        ).fetchone()
        key = (id(store), count, last)
        if key != self._key:
            self._ranks = title_ranks(store)
            self._key = key
        return self._ranks

    def forget(self) -> None:
        """Papers were deleted: read the order again next time."""
        self._key = None


def resolve(store: Store, ref: str) -> str:
    """The id of the one paper ``ref`` names: an id, an id prefix or a citekey.

    Raises:
        KeyError: why ``ref`` names no single paper: none has it, it is too
            short to be a prefix, or it starts several ids (listed).
    """
    ref = ref.strip()
    if store.existing_ids([ref]):
        return ref
    row = store.conn.execute(
        "SELECT id FROM papers WHERE citekey = ?", (ref,)
    ).fetchone()
    if row is not None:
        return str(row[0])
    if len(ref) < MIN_ID_PREFIX:
        raise KeyError(
            f"{ref!r} is too short to name a paper: give at least "
            f"{MIN_ID_PREFIX} characters of its id, or its citation key"
        )
    rows = store.conn.execute(
        "SELECT id, title FROM papers WHERE id LIKE ? ESCAPE '\\' ORDER BY id "
        f"LIMIT {CANDIDATES_SHOWN + 1}",
        (ref.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%",),
    ).fetchall()
    if len(rows) == 1:
        return str(rows[0][0])
    if rows:
        shown = "; ".join(
            f"{pid} ({_short(title)})" for pid, title in rows[:CANDIDATES_SHOWN]
        )
        more = ", and more" if len(rows) > CANDIDATES_SHOWN else ""
        raise KeyError(
            f"{ref!r} starts more than one paper id: {shown}{more}; type more of it"
        )
    raise KeyError(f"no paper with id or citation key {ref!r}")


def _short(title: str, width: int = 50) -> str:
    title = " ".join(title.split())
    return title if len(title) <= width else title[: width - 1].rstrip() + "…"
