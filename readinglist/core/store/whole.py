"""The whole record as plain values, and a new store filled from such values.

The JSON backup is made from these records and restored through
:func:`write_new`; the file's format and its checks are in
``readinglist.core.backup.jsonbackup``.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from readinglist.core.identity import fold_title
from readinglist.core.store.database import Store

# Kept in tables of their own, not in a paper's row.
_OWN_TABLES = ("tags", "sources")


def paper_records(store: Store, fields: Sequence[str]) -> list[dict[str, object]]:
    """Every paper with ``fields`` (columns, tags, sources), oldest first."""
    conn = store.conn
    tags: dict[str, list[str]] = {}
    for paper_id, tag in conn.execute("SELECT paper_id, tag FROM tags ORDER BY tag"):
        tags.setdefault(paper_id, []).append(tag)
    sources: dict[str, list[dict[str, object]]] = {}
    for paper_id, import_id, path, line in conn.execute(
        "SELECT paper_id, import_id, path, line FROM sources ORDER BY import_id"
    ):
        sources.setdefault(paper_id, []).append(
            {"import": import_id, "path": path, "line": line}
        )
    papers = []
    for row in conn.execute("SELECT * FROM papers ORDER BY added, id"):
        paper = {name: row[name] for name in fields if name not in _OWN_TABLES}
        paper["links"] = json.loads(row["links"])
        paper["starred"] = bool(row["starred"])
        paper["year_inferred"] = bool(row["year_inferred"])
        paper["tags"] = tags.get(row["id"], [])
        paper["sources"] = sources.get(row["id"], [])
        papers.append(paper)
    return papers


def list_records(store: Store) -> list[dict[str, object]]:
    """Every reading list with its papers in order, oldest list first."""
    conn = store.conn
    return [
        {
            "name": name,
            "created": created,
            "papers": [
                r[0]
                for r in conn.execute(
                    "SELECT paper_id FROM list_items WHERE list_id = ? "
                    "ORDER BY position",
                    (list_id,),
                )
            ],
        }
        for list_id, name, created in conn.execute(
            "SELECT id, name, created FROM lists ORDER BY id"
        )
    ]


def saved_search_records(store: Store) -> list[dict[str, object]]:
    """Every saved search, by name."""
    return [
        {"name": n, "query": q, "created": c}
        for n, q, c in store.conn.execute(
            "SELECT name, query, created FROM saved_searches ORDER BY name"
        )
    ]


def import_records(store: Store) -> list[dict[str, object]]:
    """Every import, oldest first."""
    return [
        {"id": i, "path": p, "format": f, "imported_at": t}
        for i, p, f, t in store.conn.execute(
            "SELECT id, path, format, imported_at FROM imports ORDER BY id"
        )
    ]


def meta_values(store: Store) -> dict[str, str]:
    """The library's own settings."""
    return dict(store.conn.execute("SELECT key, value FROM meta").fetchall())


def write_new(
    target: Path,
    *,
    papers: list[dict[str, Any]],
    lists: list[dict[str, Any]],
    saved_searches: list[dict[str, Any]],
    imports: list[dict[str, Any]],
    meta: dict[str, str],
) -> None:
    """Make a new store at ``target`` holding these records, in one transaction.

    Raises:
        sqlite3.IntegrityError: the records contradict each other.
    """
    store = Store(target)
    try:
        with store.transaction() as conn:
            _insert_imports(conn, imports)
            _insert_papers(conn, papers)
            _insert_lists(conn, lists)
            conn.executemany(
                "INSERT INTO saved_searches (name, query, created) VALUES (?, ?, ?)",
                [(s["name"], s["query"], s["created"]) for s in saved_searches],
            )
            conn.executemany(
                "INSERT INTO meta (key, value) VALUES (?, ?)", list(meta.items())
            )
            # Foreign keys are checked at each statement, but say so plainly if
            # any slipped.
            if conn.execute("PRAGMA foreign_key_check").fetchone() is not None:
                raise sqlite3.IntegrityError("a reference to a missing record")
    finally:
        store.close()


def _insert_imports(conn: sqlite3.Connection, imports: list[dict[str, Any]]) -> None:
    conn.executemany(
        "INSERT INTO imports (id, path, format, imported_at) VALUES (?, ?, ?, ?)",
        [(i["id"], i["path"], i["format"], i["imported_at"]) for i in imports],
    )


def _insert_papers(conn: sqlite3.Connection, papers: list[dict[str, Any]]) -> None:
    for paper in papers:
        conn.execute(
            "INSERT INTO papers (id, ident, title, abstract, authors_count, "
            "organisation, published, year_inferred, date_raw, upvotes, links, "
            "starred, status, note, citekey, added, modified) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                paper["id"],
                fold_title(paper["title"]) or paper["id"],
                paper["title"],
                paper["abstract"],
                paper["authors_count"],
                paper["organisation"],
                paper["published"],
                int(paper["year_inferred"]),
                paper["date_raw"],
                paper["upvotes"],
                json.dumps(paper["links"]),
                int(paper["starred"]),
                paper["status"],
                paper["note"],
                paper["citekey"],
                paper["added"],
                paper["modified"],
            ),
        )
        conn.executemany(
            "INSERT OR IGNORE INTO tags (paper_id, tag) VALUES (?, ?)",
            [(paper["id"], tag) for tag in paper["tags"]],
        )
        conn.executemany(
            "INSERT OR IGNORE INTO sources (paper_id, import_id, path, line) "
            "VALUES (?, ?, ?, ?)",
            [
                (paper["id"], s["import"], s["path"], s["line"])
                for s in paper["sources"]
            ],
        )


def _insert_lists(conn: sqlite3.Connection, lists: list[dict[str, Any]]) -> None:
    for entry in lists:
        cursor = conn.execute(
            "INSERT INTO lists (name, created) VALUES (?, ?)",
            (entry["name"], entry["created"]),
        )
        conn.executemany(
            "INSERT INTO list_items (list_id, paper_id, position) VALUES (?, ?, ?)",
            [(cursor.lastrowid, i, n) for n, i in enumerate(entry.get("papers", []))],
        )
