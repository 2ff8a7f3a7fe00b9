"""A quick look at every part of the search index before it is trusted.

Whoosh opens an index by reading its table of contents; a damaged segment file
only shows up when a query happens to read the damaged bytes. So before a library
uses its index, :func:`probe` reads a little of every file of every segment (the
first, a middle and the last document's stored fields, sort columns and field
lengths, the first posting list of each field, and every posting list of the
field written last, which sits at the end of the postings file) and compares what
it read with the store. That finds a deleted, truncated, zeroed or overwritten
file in a few milliseconds. Damage the probe cannot see (garbage in the middle of
a large file) is caught when a query meets it; see ``repair``.
"""

from __future__ import annotations

import sqlite3
from collections import deque
from collections.abc import Collection
from itertools import islice
from typing import Any

from whoosh.codec.whoosh3 import byte_to_length, length_to_byte
from whoosh.index import Index as WhooshIndex
from whoosh.reading import IndexReader

from readinglist.core.errors import quiet_after_failure
from readinglist.core.index.engine import docs_from_store

# Stored fields a result row shows; each must match the store.
_STORED = ("title", "starred", "status", "year", "date", "upvotes")
# Sort columns, compared with the store for documents that have a date.
_COLUMNS = ("year", "date", "upvotes", "added")
# Fields whose text is long; see _compare_lengths.
_LONG = ("abstract", "note")
# The last field's terms are walked to find its last; a cap keeps it cheap.
_LAST_FIELD_TERMS = 2000
# How far from each end of a segment to look for a document not deleted.
_SCAN = 64


def probe(
    ix: WhooshIndex, conn: sqlite3.Connection | None, skip: Collection[str] = ()
) -> str | None:
    """Why the index cannot be trusted, or None when the probe found nothing wrong.

    Args:
        ix: the open Whoosh index.
        conn: the store, to compare sampled documents with; None to only read
            (while another process writes, store and index are never read at
            one instant, so a comparison would see differences that are not
            damage).
        skip: ids of segments not to read (found sound before, see probememo).

    Returns:
        A short technical reason (for logs and messages), or None.
    """
    pending = (
        set()
        if conn is None
        else {r[0] for r in conn.execute("SELECT paper_id FROM outbox")}
    )
    try:
        with quiet_after_failure(), ix.reader() as reader:
            for leaf, _ in reader.leaf_readers():
                # An empty index reads as one leaf with no segment at all.
                segment = leaf.segment()
                if segment is not None and segment.segment_id() in skip:
                    continue
                reason = _probe_segment(leaf, conn, pending)
                if reason is not None:
                    return reason
    except Exception as exc:  # any failure to read means damage
        return f"{type(exc).__name__}: {exc}"
    return None


def _probe_segment(
    leaf: IndexReader, conn: sqlite3.Connection | None, pending: set[str]
) -> str | None:
    total = leaf.doc_count_all()
    docnums = _sample(leaf, total)
    stored = {d: leaf.stored_fields(d) for d in docnums}
    ids = [str(fields.get("id")) for fields in stored.values()]
    columns = {n: leaf.column_reader(n) for n in _COLUMNS if leaf.has_column(n)}
    if conn is None:
        for docnum in docnums:
            for column in columns.values():
                column[docnum]
        return _probe_postings(leaf)
    expected = {doc.fields["id"]: doc.fields for doc in docs_from_store(conn, ids)}
    for docnum, fields in stored.items():
        paper_id = fields.get("id")
        if paper_id in pending:
            continue  # the store has moved on; the outbox will catch the index up
        want = expected.get(str(paper_id))
        if want is None:
            return f"the index holds paper {paper_id!r}, which the store lacks"
        reason = _compare(fields, want, {n: c[docnum] for n, c in columns.items()})
        # Analysing long text costs milliseconds: the last document suffices
        # there (a cut column file loses its end first).
        short = docnum != docnums[-1]
        reason = reason or _compare_lengths(leaf, docnum, want, short=short)
        if reason is not None:
            return f"paper {paper_id}: {reason}"
    return _probe_postings(leaf)


def _sample(leaf: IndexReader, total: int) -> list[int]:
    """The first, a middle and the last live document of a segment."""
    if total == 0:
        return []
    live = [d for d in range(min(total, _SCAN)) if not leaf.is_deleted(d)][:1]
    live += [d for d in (total // 2,) if not leaf.is_deleted(d)]
    tail = range(total - 1, max(total - 1 - _SCAN, -1), -1)
    live += [d for d in tail if not leaf.is_deleted(d)][:1]
    return sorted(set(live))


def _compare(
    fields: dict[str, Any], want: dict[str, Any], columns: dict[str, Any]
) -> str | None:
    for name in _STORED:
        if fields.get(name) != want.get(name):
            return f"stored {name} {fields.get(name)!r} != {want.get(name)!r}"
    for name in _COLUMNS:
        if name not in want:
            continue  # no date: the sort column holds a default, not a value
        if name not in columns:
            return f"the {name} column is missing"
        if columns[name] != want[name]:
            return f"column {name} {columns[name]!r} != {want[name]!r}"
    return None


def _compare_lengths(
    leaf: IndexReader, docnum: int, want: dict[str, Any], *, short: bool
) -> str | None:
    """Each scored field's recorded length must be what its text gives."""
    for name, field in leaf.schema.items():
        value = want.get(name)
        if not field.scorable or value is None or (short and name in _LONG):
            continue
        words = sum(freq for _, freq, _, _ in field.index(value))
        # Whoosh keeps lengths as one byte, so compare after the same rounding.
        expected = byte_to_length(length_to_byte(words))
        if (leaf.doc_field_length(docnum, name) or 0) != expected:
            return f"the length of {name} is wrong"
    return None


def scan_all(ix: WhooshIndex) -> str | None:
    """Read every posting list of every term: slow, thorough; for ``check``.

    Returns:
        Why the index cannot be trusted, or None when every byte read well.
    """
    try:
        with quiet_after_failure(), ix.reader() as reader:
            for leaf, _ in reader.leaf_readers():
                for name, term in leaf.all_terms():
                    for _ in leaf.postings(name, term).all_ids():
                        pass
    except Exception as exc:  # any failure to read means damage
        return f"{type(exc).__name__}: {exc}"
    return None


def _probe_postings(leaf: IndexReader) -> str | None:
    names = list(leaf.indexed_field_names())
    for name in names:
        for term in islice(leaf.lexicon(name), 1):
            # The first block finds a damaged start; reading all of a list
            # (every unstarred paper, say) costs 0.1 s at 100,000 papers.
            # Empty is fine: the term's documents may all have been replaced.
            matcher = leaf.postings(name, term)
            if matcher.is_active():
                matcher.id()
    if names:
        last = names[-1]
        tail = deque(islice(leaf.lexicon(last), _LAST_FIELD_TERMS), maxlen=1)
        if tail:
            final = tail[0]
            # The last term's list ends the postings file.
            list(leaf.postings(last, final).all_ids())
    return None
