"""Prefix, wildcard and fuzzy terms, expanded once per segment and cached.

``trans*`` stands for every word of the lexicon that starts with ``trans``;
a two-letter prefix for hundreds in each segment. Ranking them by BM25F
(evaluate.py) needs each word's document frequency and postings. Asking each
segment about every word any segment holds meant a term-dictionary lookup per
word and segment, most of them for words the segment lacks: seconds at
100,000 papers. Here each segment lists only its own words, with their
frequencies from the same walk over its lexicon, and keeps their postings as
one block (documents, weights, and which word each posting is of), so a
search scores a segment in a few vectorised passes.

Segments never change once written, so what is worked out for one stays valid
until it is merged away; it lives in the process-wide cache of postings.py.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

import numpy as np
from whoosh import query
from whoosh.reading import IndexReader

from readinglist.core.index import postings, termtables, whoosh_private
from readinglist.core.index.matches import as_bytes
from readinglist.core.index.postings import Floats, Ints
from readinglist.core.index.ranking import DamerauFuzzyTerm

_NO_INTS: Ints = np.zeros(0, dtype=np.int64)


@dataclass(frozen=True, slots=True)
class Expansion:
    """The words one segment holds for an expanded term, and their frequencies."""

    key: Hashable
    terms: list[bytes]
    dfs: list[int]
    # Where the words are in the segment's saved table, if it has one.
    rows: Ints | None = None

    @property
    def nbytes(self) -> int:
        """Memory the lists take, about."""
        return 80 * len(self.terms)


@dataclass(frozen=True, slots=True)
class Block:
    """One segment's postings of every word of an expansion, end to end."""

    docs: Ints
    weights: Floats
    owner: Ints  # index into Expansion.terms of each posting

    @property
    def nbytes(self) -> int:
        """Memory the arrays take."""
        return int(self.docs.nbytes + self.weights.nbytes + self.owner.nbytes)


def expansion(leaf: IndexReader, field: str, q: query.MultiTerm) -> Expansion:
    """The words of ``leaf`` that ``q`` stands for (in ``field``)."""
    key = (
        postings.segment_key(leaf),
        field,
        "expansion",
        type(q).__name__,
        # What the term is (text, range ends, distance), without its boost.
        tuple(sorted((k, repr(v)) for k, v in vars(q).items() if k != "boost")),
    )
    return postings.CACHE.get(key, lambda: _expand(key, leaf, field, q), _size)


def _size(found: Expansion) -> int:
    return found.nbytes


def _expand(
    key: Hashable, leaf: IndexReader, field: str, q: query.MultiTerm
) -> Expansion:
    fieldobj = leaf.schema[field]
    if fieldobj.scorable and not leaf.field_length(field):
        return Expansion(key, [], [])  # no text in this field here (notes)
    saved = termtables.table(leaf, field)
    if saved is not None and type(q) in (query.Prefix, DamerauFuzzyTerm):
        # The words are a range of the saved table (or, fuzzy, a few of them).
        if isinstance(q, DamerauFuzzyTerm):
            rows = saved.within(q.text, q.maxdist, q.prefixlength)
        else:
            low, high = saved.prefix_rows(as_bytes(fieldobj, q.text))
            rows = np.arange(low, high, dtype=np.int64)
        dfs = saved.starts[rows + 1] - saved.starts[rows]
        terms = [saved.terms[r] for r in rows.tolist()]
        return Expansion(key, terms, dfs.tolist(), rows)
    if type(q) is query.Prefix:
        # The walk over the lexicon gives each word's frequency as well.
        items = [(t, i.doc_frequency()) for t, i in leaf.iter_prefix(field, q.text)]
    else:
        words = sorted(
            {as_bytes(fieldobj, t) for t in whoosh_private.expanded_terms(q, leaf)}
        )
        items = [(t, int(leaf.doc_frequency(field, t))) for t in words]
    items = [(t, df) for t, df in items if df]
    return Expansion(key, [t for t, _ in items], [df for _, df in items])


def block(leaf: IndexReader, field: str, found: Expansion) -> Block:
    """The postings of every word of ``found`` in ``leaf`` (deleted ones too)."""
    if found.rows is not None:
        saved = termtables.table(leaf, field)
        if saved is not None:
            # Slices of arrays already in memory: nothing worth caching.
            docs, weights, owner = saved.postings_of(found.rows)
            return Block(docs, weights, owner)

    def make() -> Block:
        parts = [postings.postings(leaf, field, t, held=True) for t in found.terms]
        if not parts:
            return Block(_NO_INTS, np.zeros(0), _NO_INTS)
        sizes = np.fromiter((len(p.docs) for p in parts), np.int64, len(parts))
        return Block(
            np.concatenate([p.docs for p in parts]).astype(np.int64),
            np.concatenate([p.weights for p in parts]).astype(np.float64),
            np.repeat(np.arange(len(parts), dtype=np.int64), sizes),
        )

    return postings.CACHE.get((found.key, "block"), make, lambda b: b.nbytes)
