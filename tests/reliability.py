"""Helpers for the reliability tests: what a library holds, as comparable values.

Most read the files directly (SQLite read-only, Whoosh's stored fields), never
through ``Library``, so looking does not change what is looked at. The last part
damages an index the way a disk, a crash or an older version could, and asks an
open library every kind of query, to compare with a sound one.
"""

from __future__ import annotations

import hashlib
import random
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index

from readinglist.core import Library

STORE = "library.sqlite3"


def _connect(folder: Path) -> sqlite3.Connection:
    path = (folder / STORE).resolve()
    return sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)


def store_digest(folder: Path) -> str:
    """A hash of every row of every table of the store, outbox included."""
    conn = _connect(folder)
    try:
        text = "\n".join(conn.iterdump())
    finally:
        conn.close()
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def index_digest(folder: Path) -> str:
    """A hash of the stored fields of every live document in the index."""
    ix = whoosh_index.open_dir(str(folder / "index"))
    try:
        with ix.searcher() as searcher:
            rows = sorted(repr(sorted(f.items())) for f in searcher.all_stored_fields())
    finally:
        ix.close()
    return hashlib.sha256("\n".join(rows).encode("utf-8")).hexdigest()


def library_digest(folder: Path) -> str:
    """The store's and the index's digests together: equal means unchanged."""
    return f"{store_digest(folder)}:{index_digest(folder)}"


def user_data(folder: Path) -> dict[str, Any]:
    """Everything the user made or that an import recorded, outbox left out.

    Two libraries with equal ``user_data`` show the same papers, stars,
    statuses, notes, tags, citation keys, sources, lists in order, saved
    searches and import history.
    """
    conn = _connect(folder)
    try:
        conn.row_factory = sqlite3.Row
        papers = {
            row["id"]: dict(row)
            for row in conn.execute(
                "SELECT id, ident, title, abstract, authors_count, organisation, "
                "published, year_inferred, date_raw, upvotes, links, starred, status, "
                "note, citekey, added FROM papers"
            )
        }
        conn.row_factory = None
        tags = sorted(conn.execute("SELECT paper_id, tag FROM tags").fetchall())
        sources = sorted(
            conn.execute("SELECT paper_id, import_id, path, line FROM sources")
        )
        lists = {
            name: [
                r[0]
                for r in conn.execute(
                    "SELECT paper_id FROM list_items WHERE list_id = ? "
                    "ORDER BY position",
                    (list_id,),
                )
            ]
            for list_id, name in conn.execute("SELECT id, name FROM lists")
        }
        searches = sorted(conn.execute("SELECT name, query FROM saved_searches"))
        imports = sorted(conn.execute("SELECT id, path, format FROM imports"))
    finally:
        conn.close()
    return {
        "papers": papers,
        "tags": tags,
        "sources": sources,
        "lists": lists,
        "saved_searches": searches,
        "imports": imports,
    }


def paper_count(folder: Path) -> int:
    """How many papers the store holds."""
    conn = _connect(folder)
    try:
        return int(conn.execute("SELECT count(*) FROM papers").fetchone()[0])
    finally:
        conn.close()


def listing_text(count: int, start: int = 0, *, seed: int = 0) -> str:
    """A page-layout listing of ``count`` distinct papers numbered from ``start``."""
    words = [
        "sparse",
        "dense",
        "graph",
        "neural",
        "attention",
        "diffusion",
        "scaling",
        "transformer",
        "agent",
        "robot",
        "vision",
        "language",
        "reasoning",
        "memory",
        "retrieval",
    ]
    out = ["Daily Papers", "", "Dec 31", ""]
    for i in range(start, start + count):
        pick = [words[(i * 7 + k * 3 + seed) % len(words)] for k in range(5)]
        title = f"Paper {i}: " + " ".join(w.title() for w in pick)
        abstract = " ".join(words[(i + k + seed) % len(words)] for k in range(50))
        out += [
            title,
            "",
            f"We study {abstract}. Results number {i}.",
            "",
            "  • 3 authors",
            "·",
            f"Oct {1 + i % 28}, 2024 {i % 50}",
            "",
        ]
    return "\n".join(out)


# -- index damage -------------------------------------------------------------

QUERIES = (
    "",
    "attention",
    "diffusion model",
    "solver~",
    "lang*",
    "year:[2023 TO 2025]",
    "starred:yes",
    "status:reading",
    "note:kept",
    'tag:"ode"',
    'list:"Reading group"',
    "NOT video",
)
SORTS = ("relevance", "date", "upvotes", "added")
Answers = dict[tuple[str, str], frozenset[str]]


def answers(lib: Library) -> Answers:
    """What every query gives, in every sort order (as sets: ties may reorder)."""
    found: Answers = {}
    for query in QUERIES:
        for sort in SORTS:
            ids, error = lib.search_ids(query, sort)
            assert error is None, (query, error)
            found[(query, sort)] = frozenset(ids)
            assert lib.search(query, sort=sort, limit=5).error is None
    return found


def add_user_data(lib: Library) -> None:
    """Stars, statuses, notes, tags, a list: fields the index must carry."""
    ids = lib.store.all_ids()
    lib.set_starred(ids[:4], True)
    lib.set_status(ids[2:6], "reading")
    lib.set_note(ids[0], "a note typed is a note kept")
    lib.set_tags(ids[1], ["ode", "solvers"])
    lib.create_list("Reading group")
    lib.add_to_list("Reading group", ids[5:9])
    lib.set_starred(ids[1], False)  # leaves a replaced document behind


def damage(folder: Path, suffix: str, how: str) -> None:
    """Spoil every index file whose name ends with ``suffix`` in one way."""
    rng = random.Random(f"{suffix}-{how}")
    index = folder / "index"
    victims = [p for p in index.iterdir() if p.name.endswith(suffix)]
    assert victims, suffix
    for path in victims:
        data = bytearray(path.read_bytes())
        size = len(data)
        if how == "delete":
            path.unlink()
            continue
        if how == "truncate":
            del data[size // 2 :]
        elif how == "zero":
            data.clear()
        else:
            start, end = {
                "garbage": (0, size),
                "tail": (size * 2 // 3, size),
                "middle": (size * 2 // 5, size * 3 // 5),
            }[how]
            data[start:end] = rng.randbytes(end - start)
        path.write_bytes(bytes(data))


def progress_log() -> tuple[list[tuple[int, int]], Callable[[int, int], bool]]:
    """A progress callback that keeps its calls, and the list it keeps them in."""
    calls: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> bool:
        calls.append((done, total))
        return True

    return calls, progress


def sound_library(folder: Path, listing_files: list[Path]) -> Path:
    """A sound library with user data in ``folder``, for tests to copy.

    Two of the three sample files: two segments, enough words, quick.
    """
    with Library.open(folder) as lib:
        lib.import_files([listing_files[0], listing_files[2]], year=2025)
        add_user_data(lib)
    return folder


def answers_of(folder: Path) -> Answers:
    """:func:`answers` of the library in ``folder``, opened read-only."""
    with Library.open(folder, readonly=True) as lib:
        return answers(lib)
