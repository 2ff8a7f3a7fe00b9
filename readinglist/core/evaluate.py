"""Running a parsed query over posting arrays: which papers match, how well.

The query language stays Whoosh's: its parser builds the query tree, and this
module walks that tree with numpy instead of Whoosh's matchers. A term's
documents come from :mod:`postings` (decoded once, cached); AND, OR and NOT
become sorted-array intersections, unions and differences; a phrase checks
positions for all candidates at once. Scores follow Whoosh's BM25F (same idf,
same field lengths, same boosts), so results rank as they did. A query kind
this module does not know is run by Whoosh itself, only slower.

Document numbers here are the searcher's global ones: a segment's numbers
plus the segment's offset.
"""

from __future__ import annotations

import math
import weakref
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from whoosh import query
from whoosh.query.qcore import _NullQuery
from whoosh.reading import IndexReader
from whoosh.searching import Searcher

from readinglist.core import phrases, postings
from readinglist.core.index import overlay_of
from readinglist.core.postings import Floats, Ints

# Whoosh's BM25F defaults.
B = 0.75
K1 = 1.2


@dataclass(frozen=True, slots=True)
class Matches:
    """Matching documents (ascending global numbers) and their scores."""

    docs: Ints
    scores: Floats

    def __len__(self) -> int:
        return len(self.docs)


NOTHING = Matches(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64))


def _union(parts: Sequence[Matches], *, best: float | None = None) -> Matches:
    """Documents in any part; scores summed (or, with ``best``, the top one
    plus ``best`` times the rest, as DisjunctionMax scores)."""
    parts = [p for p in parts if len(p)]
    if not parts:
        return NOTHING
    if len(parts) == 1:
        return parts[0]
    docs = np.concatenate([p.docs for p in parts])
    scores = np.concatenate([p.scores for p in parts])
    unique, inverse = np.unique(docs, return_inverse=True)
    total = np.bincount(inverse, weights=scores, minlength=len(unique)).astype(
        np.float64
    )
    if best is None:
        return Matches(unique, total)
    top = np.full(len(unique), -np.inf)
    np.maximum.at(top, inverse, scores)
    return Matches(unique, top + best * (total - top))


def _restrict(matches: Matches, docs: Ints) -> Matches:
    """``matches`` limited to ``docs`` (which must be a subset of its docs)."""
    where = np.searchsorted(matches.docs, docs)
    return Matches(docs, matches.scores[where])


def _intersect(parts: Sequence[Matches]) -> Matches:
    """Documents in every part, scores summed."""
    if not parts or any(not len(p) for p in parts):
        return NOTHING
    ordered = sorted(parts, key=len)
    docs = ordered[0].docs
    for part in ordered[1:]:
        docs = np.intersect1d(docs, part.docs, assume_unique=True)
        if not len(docs):
            return NOTHING
    scores = sum((_restrict(p, docs).scores for p in parts), np.zeros(len(docs)))
    return Matches(docs, scores)


def _minus(matches: Matches, other: Matches) -> Matches:
    if not len(other) or not len(matches):
        return matches
    keep = ~np.isin(matches.docs, other.docs, assume_unique=True)
    return Matches(matches.docs[keep], matches.scores[keep])


def _boosted(matches: Matches, boost: float) -> Matches:
    return matches if boost == 1.0 else Matches(matches.docs, matches.scores * boost)


# Where staged papers' documents sit on disk, per (unchanging) disk searcher.
_ON_DISK: weakref.WeakKeyDictionary[Searcher, dict[str, list[int]]] = (
    weakref.WeakKeyDictionary()
)


class Evaluator:
    """Evaluates queries against one searcher (one set of segments)."""

    def __init__(self, searcher: Searcher) -> None:
        self.searcher = searcher
        self.schema = searcher.schema
        overlay = overlay_of(searcher)
        # The index on disk, then the staged changes (staging.py) after it.
        self.readers: list[IndexReader] = [searcher.reader()]
        subs = [(s, o) for s, o in searcher.leaf_searchers()]
        size = int(searcher.reader().doc_count_all())
        if overlay.searcher is not None:
            self.readers.append(overlay.searcher.reader())
            subs += [(s, o + size) for s, o in overlay.searcher.leaf_searchers()]
        # An empty index has one reader of no segment: nothing to read there.
        self._subs = [(s, o) for s, o in subs if s.reader().segment() is not None]
        self.leaves: list[tuple[IndexReader, int]] = [
            (s.reader(), o) for s, o in self._subs
        ]
        self._disk_leaves = sum(1 for _, o in self.leaves if o < size)
        self.total = sum(int(r.doc_count_all()) for r in self.readers)
        self._live = [postings.live(leaf) for leaf, _ in self.leaves]
        if overlay.hidden:
            self._hide(searcher, overlay.hidden)

    def _hide(self, searcher: Searcher, papers: frozenset[str]) -> None:
        """Leave out the documents on disk of papers whose change is staged."""
        known = _ON_DISK.setdefault(searcher, {})
        for paper in papers - known.keys():
            known[paper] = list(searcher.document_numbers(id=paper))
        hidden = [d for p in papers for d in known[p]]
        for n, (leaf, offset) in enumerate(self.leaves):
            size = leaf.doc_count_all()
            mine = [d - offset for d in hidden if offset <= d < offset + size]
            if mine:
                alive = self._live[n]
                alive = np.ones(size, dtype=np.bool_) if alive is None else alive.copy()
                alive[mine] = False
                self._live[n] = alive

    def stored_fields(self, docnum: int) -> dict[str, Any]:
        """The stored fields of a global document number."""
        for leaf, offset in reversed(self.leaves):
            if docnum >= offset:
                return dict(leaf.stored_fields(docnum - offset))
        raise KeyError(docnum)

    def _df(self, field: str, btext: bytes) -> int:
        return sum(int(r.doc_frequency(field, btext)) for r in self.readers)

    # -- documents of the whole index ------------------------------------------

    def every(self) -> Ints:
        """Every document not deleted."""
        parts = []
        for (leaf, offset), alive in zip(self.leaves, self._live, strict=True):
            local = np.arange(leaf.doc_count_all(), dtype=np.int64)
            parts.append((local if alive is None else local[alive]) + offset)
        return np.concatenate(parts) if parts else NOTHING.docs

    def ids(self, docs: Ints) -> list[str]:
        """The paper ids of global document numbers."""
        table = self._table("id", lambda leaf: postings.strings(leaf, "id"))
        return [table[d] for d in docs.tolist()]

    def sort_keys(self, field: str, docs: Ints) -> Any:
        """Values of a sortable field for ``docs``, comparable as numbers."""
        keys = self._table(field, lambda leaf: postings.sort_keys(leaf, field))
        return np.asarray(keys)[docs]

    def _table(self, name: str, per_leaf: Any) -> Any:
        """Per-document values of every leaf, in global document order.

        The part for the segments on disk is kept (it changes only when they
        do); staged documents' values are appended to it for each search.
        """
        disk = self.leaves[: self._disk_leaves]
        key = ("table", name, *(postings.segment_key(leaf) for leaf, _ in disk))

        def join(leaves: list[tuple[IndexReader, int]]) -> Any:
            parts = [per_leaf(leaf) for leaf, _ in leaves]
            if parts and isinstance(parts[0], list):
                return [value for part in parts for value in part]
            return np.concatenate(parts) if parts else np.zeros(0)

        table = postings.CACHE.get(key, lambda: join(disk), lambda t: 8 * len(t))
        staged = self.leaves[self._disk_leaves :]
        if not staged:
            return table
        extra = join(staged)
        if isinstance(table, list):
            return table + list(extra)
        return np.concatenate([table, extra])

    # -- evaluating -------------------------------------------------------------

    def run(self, q: query.Query) -> Matches:
        """The documents ``q`` matches, with their scores."""
        if isinstance(q, query.Term):
            return self.term(q.fieldname, q.text, q.boost)
        if isinstance(q, query.And):
            return _boosted(self._and(q.subqueries), q.boost)
        if isinstance(q, query.DisjunctionMax):
            parts = [self.run(s) for s in q.subqueries]
            return _boosted(_union(parts, best=q.tiebreak), q.boost)
        if isinstance(q, query.Or):
            return _boosted(_union([self.run(s) for s in q.subqueries]), q.boost)
        if isinstance(q, query.Not):
            every = Matches(self.every(), np.full(0, 0.0))
            rest = _minus(
                Matches(every.docs, np.zeros(len(every.docs))), self.run(q.query)
            )
            return Matches(rest.docs, np.full(len(rest.docs), q.boost))
        if isinstance(q, query.AndNot):
            return _boosted(_minus(self.run(q.a), self.run(q.b)), q.boost)
        if isinstance(q, query.AndMaybe):
            return _boosted(self._and_maybe(q.a, q.b), q.boost)
        if isinstance(q, query.Require):
            required = self._and([q.a, q.b])
            return _boosted(_restrict(self.run(q.a), required.docs), q.boost)
        if isinstance(q, query.Phrase):
            return self.phrase(q.fieldname, list(q.words), q.slop, q.boost)
        if isinstance(q, query.Every):
            docs = self.every()
            return Matches(docs, np.full(len(docs), q.boost))
        if isinstance(q, _NullQuery):
            return NOTHING
        if isinstance(q, query.NumericRange):
            return self.run(q._compile_query(self.readers[0]))
        if isinstance(q, query.ConstantScoreQuery):
            found = self.run(q.child)
            return Matches(found.docs, np.full(len(found), q.score))
        if isinstance(q, query.MultiTerm):
            return self.expanded(q)
        return self._by_whoosh(q)

    def _and(self, subqueries: Sequence[query.Query]) -> Matches:
        wanted = [s for s in subqueries if not isinstance(s, query.Not)]
        unwanted = [s.query for s in subqueries if isinstance(s, query.Not)]
        if wanted:
            found = _intersect([self.run(s) for s in wanted])
        else:
            docs = self.every()
            found = Matches(docs, np.zeros(len(docs)))
        for s in unwanted:
            found = _minus(found, self.run(s))
        return found

    def _and_maybe(self, a: query.Query, b: query.Query) -> Matches:
        required = self.run(a)
        extra = self.run(b)
        both = np.intersect1d(required.docs, extra.docs, assume_unique=True)
        scores = required.scores.copy()
        scores[np.searchsorted(required.docs, both)] += _restrict(extra, both).scores
        return Matches(required.docs, scores)

    # -- leaves -----------------------------------------------------------------

    def _leaf_postings(
        self, field: str, term: bytes
    ) -> Iterator[tuple[int, Ints, Floats]]:
        """(leaf index, local docs, weights) of a term, deleted documents left out."""
        for n, (leaf, _) in enumerate(self.leaves):
            found = postings.postings(leaf, field, term)
            if not len(found.docs):
                continue
            alive = self._live[n]
            if alive is None:
                yield n, found.docs, found.weights
            else:
                keep = alive[found.docs]
                yield n, found.docs[keep], found.weights[keep]

    def term(self, field: str, text: Any, boost: float = 1.0) -> Matches:
        """Documents containing one term, scored by BM25F."""
        if field not in self.schema:
            return NOTHING
        fieldobj = self.schema[field]
        try:
            btext = fieldobj.to_bytes(text)
        except ValueError:
            return NOTHING
        return self._term_bytes(field, btext, boost)

    def _term_bytes(self, field: str, btext: bytes, boost: float) -> Matches:
        fieldobj = self.schema[field]
        df = self._df(field, btext)
        if not df:
            return NOTHING
        docs: list[Ints] = []
        scores: list[Floats] = []
        if fieldobj.scorable:
            idf = math.log(self.total / (df + 1)) + 1
            length = sum(r.field_length(field) for r in self.readers)
            avg = (length / (self.total or 1)) or 1.0
        for n, local, weights in self._leaf_postings(field, btext):
            leaf, offset = self.leaves[n]
            if fieldobj.scorable:
                size = postings.lengths(leaf, field)[local]
                norm = K1 * ((1 - B) + B * size / avg)
                scores.append(boost * idf * (weights * (K1 + 1)) / (weights + norm))
            else:
                scores.append(weights * boost)
            docs.append(local + offset)
        if not docs:
            return NOTHING
        return Matches(np.concatenate(docs), np.concatenate(scores))

    def expanded(self, q: query.MultiTerm) -> Matches:
        """A prefix, wildcard or fuzzy term: the union of the terms it stands for."""
        field = q.field()
        if field not in self.schema:
            return NOTHING
        fieldobj = self.schema[field]
        if not q.constantscore:
            terms = {_as_bytes(fieldobj, t) for r in self.readers for t in q._btexts(r)}
            return _union([self._term_bytes(field, t, q.boost) for t in terms])
        # Every document scores the same: a bit per document is all it takes,
        # and each segment is asked only for the terms it has.
        hit = np.zeros(self.total, dtype=np.bool_)
        for n, (leaf, offset) in enumerate(self.leaves):
            alive = self._live[n]
            for term in q._btexts(leaf):
                found = postings.postings(leaf, field, _as_bytes(fieldobj, term))
                docs = found.docs if alive is None else found.docs[alive[found.docs]]
                hit[docs + offset] = True
        docs = np.flatnonzero(hit).astype(np.int64)
        return Matches(docs, np.full(len(docs), q.boost))

    def phrase(self, field: str, words: list[str], slop: int, boost: float) -> Matches:
        """Documents where the words follow each other (within ``slop``)."""
        if not words or field not in self.schema:
            return NOTHING
        fieldobj = self.schema[field]
        terms = [fieldobj.to_bytes(w) for w in words]
        found = _intersect([self._term_bytes(field, t, boost) for t in terms])
        if len(terms) == 1 or not len(found):
            return found
        keep = np.zeros(len(found), dtype=np.bool_)
        for leaf, offset in self.leaves:
            inside = (found.docs >= offset) & (
                found.docs < offset + leaf.doc_count_all()
            )
            if inside.any():
                local = found.docs[inside] - offset
                keep[inside] = phrases.in_order(leaf, field, terms, local, slop)
        return Matches(found.docs[keep], found.scores[keep])

    def _by_whoosh(self, q: query.Query) -> Matches:
        """Any other query, matched and scored by Whoosh's own matchers."""
        docs: list[int] = []
        scores: list[float] = []
        for (sub, offset), alive in zip(self._subs, self._live, strict=True):
            matcher = q.matcher(sub)
            while matcher.is_active():
                if alive is None or alive[matcher.id()]:
                    docs.append(matcher.id() + offset)
                    scores.append(matcher.score())
                matcher.next()
        found = np.array(docs, dtype=np.int64)
        order = np.argsort(found, kind="stable")
        return Matches(found[order], np.array(scores, dtype=np.float64)[order])


def _as_bytes(fieldobj: Any, term: str | bytes) -> bytes:
    # Some expansions (fuzzy terms) come as text, others as bytes.
    return fieldobj.to_bytes(term) if isinstance(term, str) else term
