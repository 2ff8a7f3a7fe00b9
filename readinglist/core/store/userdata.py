"""The user's own data on papers: stars, status, notes, tags; deleting papers.

Each function is one user action done in one store transaction. It queues the
papers whose index documents change in the outbox and returns what changed, so a
front end refreshes only that.
"""

from __future__ import annotations

from collections.abc import Sequence

from readinglist.core.models import Changes, Status
from readinglist.core.store.database import Store, now

# Fewer characters of an id would name a paper only in a tiny library.
MIN_ID_PREFIX = 3
# Papers listed when a prefix starts several ids.
CANDIDATES_SHOWN = 5


class UserDataError(ValueError):
    """A user action that cannot be done as asked; the message says why."""


def known(store: Store, ids: Sequence[str]) -> list[str]:
    """The ids, each checked to name a paper.

    Raises:
        UserDataError: naming the ids no paper has.
    """
    found = store.existing_ids(ids)
    missing = [i for i in ids if i not in found]
    if missing:
        raise UserDataError(f"no paper with id {', '.join(missing)}")
    return found


def _update_papers(
    store: Store, ids: Sequence[str], assignments: str, params: Sequence[object]
) -> Changes:
    ids = known(store, ids)
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
    [paper_id] = known(store, [paper_id])
    with store.transaction() as conn:
        conn.execute("DELETE FROM tags WHERE paper_id = ?", (paper_id,))
        conn.executemany(
            "INSERT INTO tags (paper_id, tag) VALUES (?, ?)",
            [(paper_id, t) for t in _clean_tags(tags)],
        )
        conn.execute("UPDATE papers SET modified = ? WHERE id = ?", (now(), paper_id))
        store.enqueue(conn, [paper_id])
    return Changes(papers=frozenset([paper_id]))


def delete_papers(store: Store, ids: Sequence[str]) -> Changes:
    """Remove papers and everything attached to them."""
    ids = known(store, ids)
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
