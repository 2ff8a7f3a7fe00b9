"""Imports in the store: dedupe, merge, record where papers came from; list imports.

One file is one transaction: either all its good papers are in the library, or
(on a crash or a failed write) none are. A paper already in the library gains
only what it was missing; the user's star, note, status, tags and lists are
never touched by an import.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from readinglist.core.citekeys import make_citekey
from readinglist.core.identity import ID_LENGTH, fold_title, paper_id_for
from readinglist.core.models import FileReport, ImportRecord, ParsedPaper, ParseResult
from readinglist.core.store.database import Store, now

# Fields an import may fill when the library does not know them yet.
FILLABLE = ("abstract", "authors_count", "organisation", "upvotes")


@dataclass(slots=True)
class _Known:
    paper_id: str
    row: sqlite3.Row


def import_parsed(
    store: Store,
    result: ParseResult,
    path: str,
    batch_added: set[str] | None = None,
) -> FileReport:
    """Store the papers of one parsed file in a single transaction.

    A paper read twice by one import (twice in a file, or added by an earlier
    file of the same import) is counted as a duplicate, not as "already in
    the library": the library did not have it before this import.

    Args:
        store: the open, writable store.
        result: what the importer read from the file.
        path: the file's path, recorded as the papers' source.
        batch_added: ids added by earlier files of the same import; the
            papers this file adds are put in it.

    Returns:
        The file's report: how many papers were added, merged or unchanged.
    """
    report = FileReport(
        path=path,
        format=result.format,
        parsed=len(result.papers),
        problems=list(result.problems),
    )
    if not result.papers:
        return report
    with store.transaction() as conn:
        cursor = conn.execute(
            "INSERT INTO imports (path, format, imported_at) VALUES (?, ?, ?)",
            (path, result.format, now()),
        )
        import_id = int(cursor.lastrowid or 0)
        changed: list[str] = []
        seen: set[str] = set()
        for parsed in result.papers:
            ident = fold_title(parsed.title)
            if not ident:
                continue
            known = _lookup(conn, ident)
            if known is None:
                paper_id = _insert(conn, parsed, ident)
                report.added += 1
                report.added_ids.append(paper_id)
                changed.append(paper_id)
            elif known.paper_id in seen:
                report.duplicates += 1
                continue
            elif _merge(conn, known, parsed):
                paper_id = known.paper_id
                report.merged += 1
                changed.append(paper_id)
            else:
                paper_id = known.paper_id
                if batch_added is not None and paper_id in batch_added:
                    report.duplicates += 1
                else:
                    report.unchanged += 1
                changed.append(paper_id)  # its list of imports grew
            seen.add(paper_id)
            conn.execute(
                "INSERT OR IGNORE INTO sources (paper_id, import_id, path, line) "
                "VALUES (?, ?, ?, ?)",
                (paper_id, import_id, path, parsed.line),
            )
        store.enqueue(conn, changed)
    if batch_added is not None:
        batch_added.update(report.added_ids)
    return report


def _lookup(conn: sqlite3.Connection, ident: str) -> _Known | None:
    row = conn.execute("SELECT * FROM papers WHERE ident = ?", (ident,)).fetchone()
    return None if row is None else _Known(row["id"], row)


def _free_id(conn: sqlite3.Connection, ident: str) -> str:
    length = ID_LENGTH
    while True:
        candidate = paper_id_for(ident, length)
        if conn.execute("SELECT 1 FROM papers WHERE id = ?", (candidate,)).fetchone():
            length += 2  # a different title hashed to the same id: lengthen it
            continue
        return candidate


def _key_taken(conn: sqlite3.Connection, key: str) -> bool:
    found = conn.execute("SELECT 1 FROM papers WHERE citekey = ?", (key,)).fetchone()
    return found is not None


def _insert(conn: sqlite3.Connection, parsed: ParsedPaper, ident: str) -> str:
    paper_id = _free_id(conn, ident)
    year = int(parsed.published[:4]) if parsed.published else None
    if parsed.citekey and not _key_taken(conn, parsed.citekey):
        citekey = parsed.citekey
    else:
        citekey = make_citekey(parsed.title, year, lambda k: _key_taken(conn, k))
    stamp = now()
    conn.execute(
        "INSERT INTO papers (id, ident, title, abstract, authors_count, organisation, "
        "published, year_inferred, date_raw, upvotes, links, note, citekey, added, "
        "modified) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            paper_id,
            ident,
            parsed.title,
            parsed.abstract,
            parsed.authors_count,
            parsed.organisation,
            parsed.published,
            int(parsed.year_inferred),
            parsed.date_raw,
            parsed.upvotes,
            json.dumps(list(parsed.links)),
            parsed.note or "",
            citekey,
            stamp,
            stamp,
        ),
    )
    conn.executemany(
        "INSERT OR IGNORE INTO tags (paper_id, tag) VALUES (?, ?)",
        [(paper_id, t) for t in parsed.tags],
    )
    return paper_id


def _merge(conn: sqlite3.Connection, known: _Known, parsed: ParsedPaper) -> bool:
    """Fill what the library lacks from ``parsed``; True if anything changed."""
    row = known.row
    updates: dict[str, object] = {}
    for name in FILLABLE:
        value = getattr(parsed, name)
        if row[name] in (None, "") and value not in (None, ""):
            updates[name] = value
    # Upvotes only grow: a later listing has the more recent count.
    if parsed.upvotes is not None and (row["upvotes"] or 0) < parsed.upvotes:
        updates["upvotes"] = parsed.upvotes
    if parsed.published and (
        row["published"] is None or (row["year_inferred"] and not parsed.year_inferred)
    ):
        updates["published"] = parsed.published
        updates["year_inferred"] = int(parsed.year_inferred)
        updates["date_raw"] = parsed.date_raw
    links = json.loads(row["links"])
    new_links = [link for link in parsed.links if link not in links]
    if new_links:
        updates["links"] = json.dumps(links + new_links)
    # User data from a file (a BibTeX note, tags) only fills what is empty.
    if parsed.note and not row["note"]:
        updates["note"] = parsed.note
    if (
        parsed.tags
        and not conn.execute(
            "SELECT 1 FROM tags WHERE paper_id = ?", (known.paper_id,)
        ).fetchone()
    ):
        conn.executemany(
            "INSERT OR IGNORE INTO tags (paper_id, tag) VALUES (?, ?)",
            [(known.paper_id, t) for t in parsed.tags],
        )
        updates.setdefault("modified", now())
    if not updates:
        return False
    updates["modified"] = now()
    assignments = ", ".join(f"{name} = ?" for name in updates)
    conn.execute(
        f"UPDATE papers SET {assignments} WHERE id = ?",
        (*updates.values(), known.paper_id),
    )
    return True


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
