"""What the index holds for a paper: the schema, and documents read from the store.

The index keeps what checking it and a result row need (id, title, year, date,
upvotes, starred, status) as stored fields, and indexes but does not store the
long text (abstract, note): highlights are cut from the store's copy of it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from whoosh import columns, fields
from whoosh.analysis import KeywordAnalyzer

from readinglist.core.index.analysis import (
    EdgeGrams,
    FastFrequency,
    FastPositions,
    FoldAccents,
    folding,
)


def _text(analyzer: Any, fmt: Any, *, stored: bool = False) -> fields.TEXT:
    field = fields.TEXT(stored=stored, analyzer=analyzer)
    # The fast formats give the analyzer's own terms (see analysis.py).
    field.format = fmt
    return field


def _keywords(*, scorable: bool = False) -> fields.KEYWORD:
    field = fields.KEYWORD(commas=True, lowercase=True, scorable=scorable)
    field.analyzer = KeywordAnalyzer(lowercase=True, commas=True) | FoldAccents()
    return field


def make_schema() -> fields.Schema:
    """The index schema; bump INDEX_SCHEMA_VERSION whenever it changes."""
    stem = folding(stem_words=True)
    plain = folding(stem_words=False)
    words = _text(plain, FastFrequency())
    words.spelling = True
    return fields.Schema(
        id=fields.ID(stored=True, unique=True, sortable=True),
        title=_text(stem, FastPositions(field_boost=2.0), stored=True),
        # Unstemmed title words: an exact form ranks above a stem-only match,
        # and "did you mean" suggests these.
        words=words,
        # The starts of title words: the unfinished last word while typing.
        typeahead=fields.FieldType(EdgeGrams(), plain),
        abstract=_text(stem, FastPositions()),
        note=_text(stem, FastPositions()),
        tag=_keywords(scorable=True),
        list=_keywords(),
        org=fields.TEXT(analyzer=plain),
        key=fields.ID(),
        imports=fields.KEYWORD(commas=True),
        # One term per year (no tiers): a range spans a handful of years.
        year=fields.NUMERIC(int, bits=16, stored=True, sortable=True, shift_step=0),
        date=fields.ID(stored=True, sortable=True),
        # Sort keys only: a column each, no terms to index.
        upvotes=fields.NUMERIC(
            int, stored=True, sortable=True, shift_step=0, default=0
        ),
        added=fields.COLUMN(columns.NumericColumn("d")),
        starred=fields.BOOLEAN(stored=True),
        status=fields.KEYWORD(stored=True, lowercase=True),
    )


@dataclass(frozen=True, slots=True)
class IndexDoc:
    """What the index holds for one paper, read from the store."""

    fields: dict[str, Any]

    @property
    def paper_id(self) -> str:
        """The paper's id."""
        return str(self.fields["id"])


_DOC_SELECT = (
    "SELECT p.id, p.title, p.abstract, p.note, p.organisation, p.published, "
    "p.upvotes, p.added, p.starred, p.status, p.citekey, "
    "(SELECT group_concat(tag, ',') FROM tags t WHERE t.paper_id = p.id) AS tags, "
    "(SELECT group_concat(l.name, ',') FROM list_items li "
    " JOIN lists l ON l.id = li.list_id WHERE li.paper_id = p.id) AS lists, "
    "(SELECT group_concat(import_id, ',') FROM sources s "
    " WHERE s.paper_id = p.id) AS imports "
    "FROM papers p"
)


def docs_from_store(conn: sqlite3.Connection, ids: Sequence[str]) -> Iterator[IndexDoc]:
    """Index documents for the papers ``ids`` that exist (none for no ids)."""
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for row in conn.execute(f"{_DOC_SELECT} WHERE p.id IN ({marks})", chunk):
            yield _doc(row)


def all_docs(conn: sqlite3.Connection) -> Iterator[IndexDoc]:
    """Index documents for every paper in the store."""
    for row in conn.execute(_DOC_SELECT):
        yield _doc(row)


def _doc(row: sqlite3.Row) -> IndexDoc:
    published = row["published"]
    values: dict[str, Any] = {
        "id": row["id"],
        "title": row["title"],
        "words": row["title"],
        "typeahead": row["title"],
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
