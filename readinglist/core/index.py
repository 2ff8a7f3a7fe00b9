"""The Whoosh full-text index: derived from the store, rebuilt whenever in doubt.

It keeps what search and a result row need (id, title, year, date, upvotes,
starred, status) as stored fields, and indexes but does not store the long text
(abstract, note): highlights are cut from the store's copy of that text. Segments
are committed as separate files, which keeps opening a searcher and a one-paper
update cheap (see DESIGN.md section 8).
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from whoosh import fields, index
from whoosh.analysis import StandardAnalyzer, StemmingAnalyzer
from whoosh.searching import Searcher
from whoosh.writing import IndexWriter

INDEX_SCHEMA_VERSION = 1
VERSION_FILE = "readinglist-index.json"

# Bulk work above this many papers uses two writer processes (one per core).
BULK_THRESHOLD = 2000

Progress = Callable[[int, int], bool]
"""Called with (done, total); returning False asks the work to stop."""


class IndexUnusableError(Exception):
    """The index cannot be used and must be rebuilt."""


def make_schema() -> fields.Schema:
    """The index schema; bump INDEX_SCHEMA_VERSION whenever it changes."""
    stem = StemmingAnalyzer()
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        title=fields.TEXT(stored=True, analyzer=stem, field_boost=2.0),
        # Unstemmed title words: type-ahead prefixes and "did you mean" read these.
        words=fields.TEXT(analyzer=StandardAnalyzer(), phrase=False, spelling=True),
        abstract=fields.TEXT(analyzer=stem),
        note=fields.TEXT(analyzer=stem),
        tag=fields.KEYWORD(commas=True, lowercase=True, scorable=True),
        list=fields.KEYWORD(commas=True, lowercase=True),
        org=fields.TEXT(),
        key=fields.ID(),
        imports=fields.KEYWORD(commas=True),
        year=fields.NUMERIC(int, stored=True, sortable=True),
        date=fields.ID(stored=True, sortable=True),
        upvotes=fields.NUMERIC(int, stored=True, sortable=True, default=0),
        added=fields.NUMERIC(float, sortable=True),
        starred=fields.BOOLEAN(stored=True),
        status=fields.KEYWORD(stored=True, lowercase=True),
    )


@dataclass(frozen=True, slots=True)
class IndexDoc:
    """What the index holds for one paper, read from the store."""

    fields: dict[str, Any]


def docs_from_store(conn: sqlite3.Connection, ids: Sequence[str]) -> Iterator[IndexDoc]:
    """Index documents for ``ids`` (or every paper when ``ids`` is empty)."""
    base = (
        "SELECT p.id, p.title, p.abstract, p.note, p.organisation, p.published, "
        "p.upvotes, p.added, p.starred, p.status, p.citekey, "
        "(SELECT group_concat(tag, ',') FROM tags t WHERE t.paper_id = p.id) AS tags, "
        "(SELECT group_concat(l.name, ',') FROM list_items li "
        " JOIN lists l ON l.id = li.list_id WHERE li.paper_id = p.id) AS lists, "
        "(SELECT group_concat(import_id, ',') FROM sources s "
        " WHERE s.paper_id = p.id) AS imports "
        "FROM papers p"
    )
    if ids:
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for row in conn.execute(f"{base} WHERE p.id IN ({marks})", chunk):
                yield _doc(row)
    else:
        for row in conn.execute(base):
            yield _doc(row)


def _doc(row: sqlite3.Row) -> IndexDoc:
    published = row["published"]
    values: dict[str, Any] = {
        "id": row["id"],
        "title": row["title"],
        "words": row["title"],
        "abstract": row["abstract"] or "",
        "note": row["note"] or "",
        "tag": row["tags"] or "",
        "list": row["lists"] or "",
        "org": row["organisation"] or "",
        "key": row["citekey"] or "",
        "imports": row["imports"] or "",
        "upvotes": row["upvotes"] or 0,
        "added": float(row["added"]),
        "starred": bool(row["starred"]),
        "status": row["status"],
    }
    if published:
        values["date"] = published
        values["year"] = int(published[:4])
    return IndexDoc(values)


class Index:
    """The on-disk Whoosh index of one library, with one long-lived searcher."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._ix: index.Index | None = None
        self._searcher: Searcher | None = None

    # -- opening --------------------------------------------------------------

    def is_usable(self) -> bool:
        """True when an index of the current schema opens cleanly."""
        try:
            meta = json.loads((self.path / VERSION_FILE).read_text("utf-8"))
            if meta.get("schema") != INDEX_SCHEMA_VERSION:
                return False
            ix = index.open_dir(str(self.path))
            with ix.searcher() as searcher:
                searcher.doc_count()
        except Exception:
            return False
        self._ix = ix
        return True

    def create(self) -> None:
        """Start an empty index, wiping whatever was in the folder."""
        self.close()
        if self.path.exists():
            shutil.rmtree(self.path)
        self.path.mkdir(parents=True)
        self._ix = index.create_in(str(self.path), make_schema())
        (self.path / VERSION_FILE).write_text(
            json.dumps({"schema": INDEX_SCHEMA_VERSION}), "utf-8"
        )

    @property
    def ix(self) -> index.Index:
        """The open Whoosh index."""
        if self._ix is None:
            raise IndexUnusableError("the index is not open")
        return self._ix

    def searcher(self) -> Searcher:
        """The shared searcher, refreshed if a write happened since it was made."""
        current = self._searcher
        if current is not None and current.up_to_date():
            return current
        # Not Searcher.refresh(): in whoosh3 it keeps stale copies of segments
        # that gained deletions (and fails on an empty index). With segments in
        # separate files, opening a new searcher costs about a millisecond.
        if current is not None:
            current.close()
        self._searcher = self.ix.searcher()
        return self._searcher

    def close(self) -> None:
        """Release the searcher and the index."""
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None
        if self._ix is not None:
            self._ix.close()
            self._ix = None

    # -- writing --------------------------------------------------------------

    def update(self, docs: Iterable[IndexDoc], deleted: Iterable[str] = ()) -> None:
        """Replace the documents of a few papers and drop deleted ones; commit."""
        writer = self.ix.writer(timeout=10.0, compound=False)
        try:
            for paper_id in deleted:
                writer.delete_by_term("id", paper_id)
            for doc in docs:
                writer.update_document(**doc.fields)
        except BaseException:
            writer.cancel()
            raise
        # The default policy merges only small segments, so one-paper commits
        # do not pile up segments that every search would have to visit.
        writer.commit()

    def add_many(
        self,
        docs: Iterable[IndexDoc],
        total: int,
        progress: Progress | None = None,
        *,
        replace: bool = True,
    ) -> bool:
        """Index many papers in one writer; False if cancelled (nothing committed).

        Two writer processes are used for large batches; if they fail (Whoosh's
        multiprocess writer is fragile), the batch is redone with one writer.
        """
        if total >= BULK_THRESHOLD:
            try:
                return self._add_many(docs, total, progress, replace, procs=2)
            except Exception:
                return self._add_many(docs, total, progress, replace, procs=1)
        return self._add_many(docs, total, progress, replace, procs=1)

    def _add_many(
        self,
        docs: Iterable[IndexDoc],
        total: int,
        progress: Progress | None,
        replace: bool,
        procs: int,
    ) -> bool:
        if procs > 1:
            writer: IndexWriter = self.ix.writer(
                procs=procs,
                multisegment=True,
                limitmb=128,
                timeout=10.0,
                compound=False,
            )
        else:
            writer = self.ix.writer(limitmb=128, timeout=10.0, compound=False)
        try:
            add = writer.update_document if replace else writer.add_document
            for done, doc in enumerate(docs, 1):
                add(**doc.fields)
                if (
                    progress is not None
                    and done % 500 == 0
                    and not progress(done, total)
                ):
                    writer.cancel()
                    return False
        except BaseException:
            writer.cancel()
            raise
        writer.commit(merge=False)
        if progress is not None:
            progress(total, total)
        return True

    def rebuild(
        self, conn: sqlite3.Connection, progress: Progress | None = None
    ) -> bool:
        """Recreate the index from the store; False if cancelled."""
        total = int(conn.execute("SELECT count(*) FROM papers").fetchone()[0])
        self.create()
        return self.add_many(docs_from_store(conn, ()), total, progress, replace=False)

    # -- checking -------------------------------------------------------------

    def stored_rows(self) -> dict[str, dict[str, Any]]:
        """Every indexed paper's stored fields, by id."""
        searcher = self.searcher()
        return {f["id"]: f for f in searcher.all_stored_fields()}

    def doc_count(self) -> int:
        """How many papers the index holds."""
        return int(self.searcher().doc_count())
