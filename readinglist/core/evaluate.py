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
        # As Whoosh counts it (deleted documents too), from the term dictionary:
        # no posting list is decoded for it.
        return sum(
            postings.doc_frequency(leaf, field, btext) for leaf, _ in self.leaves
        )

    # -- documents of the whole index ------------------------------------------

    def every(self, within: Ints | None = None) -> Ints:
        """Every document not deleted (among ``within``, if given)."""
        parts = []
        for (leaf, offset), alive in zip(self.leaves, self._live, strict=True):
            if within is None:
                local = np.arange(leaf.doc_count_all(), dtype=np.int64)
            else:
                local = _inside(within, offset, leaf.doc_count_all())
            parts.append((local if alive is None else local[alive[local]]) + offset)
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

    def run(self, q: query.Query, within: Ints | None = None) -> Matches:
        """The documents ``q`` matches (among ``within``, if given), with scores.

        ``within`` (ascending) lets an AND work only on the documents its
        most selective part matched, instead of scoring and merging every
        document each part matches.
        """
        if isinstance(q, query.Term):
            return self.term(q.fieldname, q.text, q.boost, within)
        if isinstance(q, query.And):
            return _boosted(self._and(q.subqueries, within), q.boost)
        if isinstance(q, query.DisjunctionMax):
            parts = [self.run(s, within) for s in q.subqueries]
            return _boosted(_union(parts, best=q.tiebreak), q.boost)
        if isinstance(q, query.Or):
            return _boosted(
                _union([self.run(s, within) for s in q.subqueries]), q.boost
            )
        if isinstance(q, query.Not):
            docs = self.every(within)
            rest = _minus(Matches(docs, np.zeros(len(docs))), self.run(q.query, docs))
            return Matches(rest.docs, np.full(len(rest.docs), q.boost))
        if isinstance(q, query.AndNot):
            found = self.run(q.a, within)
            return _boosted(_minus(found, self.run(q.b, found.docs)), q.boost)
        if isinstance(q, query.AndMaybe):
            return _boosted(self._and_maybe(q.a, q.b, within), q.boost)
        if isinstance(q, query.Require):
            found = self.run(q.a, within)
            needed = self.run(q.b, found.docs)
            return _boosted(_restrict(found, needed.docs), q.boost)
        if isinstance(q, query.Phrase):
            return self.phrase(q.fieldname, list(q.words), q.slop, q.boost, within)
        if isinstance(q, query.Every):
            docs = self.every(within)
            return Matches(docs, np.full(len(docs), q.boost))
        if isinstance(q, _NullQuery):
            return NOTHING
        if isinstance(q, query.NumericRange):
            return self.run(q._compile_query(self.readers[0]), within)
        if isinstance(q, query.ConstantScoreQuery):
            found = self.run(q.child, within)
            return Matches(found.docs, np.full(len(found), q.score))
        if isinstance(q, query.MultiTerm):
            return self.expanded(q, within)
        return _only(self._by_whoosh(q), within)

    def _and(self, subqueries: Sequence[query.Query], within: Ints | None) -> Matches:
        wanted = [s for s in subqueries if not isinstance(s, query.Not)]
        unwanted = [s.query for s in subqueries if isinstance(s, query.Not)]
        if wanted:
            # The most selective part first; the others only look at its docs.
            wanted.sort(key=self._estimate)
            found = self.run(wanted[0], within)
            for sub in wanted[1:]:
                if not len(found):
                    return NOTHING
                found = _intersect([found, self.run(sub, found.docs)])
        else:
            docs = self.every(within)
            found = Matches(docs, np.zeros(len(docs)))
        for sub in unwanted:
            found = _minus(found, self.run(sub, found.docs))
        # Whoosh scores a NOT inside an AND as a match of its boost (its
        # inverse matcher's score), added to every document's score.
        negated = sum(s.boost for s in subqueries if isinstance(s, query.Not))
        if negated and len(found):
            found = Matches(found.docs, found.scores + negated)
        return found

    def _estimate(self, q: query.Query) -> int:
        """About how many documents ``q`` matches (to order the parts of an AND)."""
        if isinstance(q, query.Term) and q.fieldname in self.schema:
            try:
                return self._df(q.fieldname, self.schema[q.fieldname].to_bytes(q.text))
            except ValueError:
                return 0
        if isinstance(q, query.And):
            return min((self._estimate(s) for s in q.subqueries), default=self.total)
        if isinstance(q, query.Or):
            return min(self.total, sum(self._estimate(s) for s in q.subqueries))
        return self.total

    def _and_maybe(
        self, a: query.Query, b: query.Query, within: Ints | None
    ) -> Matches:
        required = self.run(a, within)
        extra = self.run(b, required.docs)
        both = np.intersect1d(required.docs, extra.docs, assume_unique=True)
        scores = required.scores.copy()
        scores[np.searchsorted(required.docs, both)] += _restrict(extra, both).scores
        return Matches(required.docs, scores)

    # -- leaves -----------------------------------------------------------------

    def _candidate_leaves(
        self, within: Ints | None
    ) -> Iterator[tuple[int, IndexReader, int, Ints | None]]:
        """(leaf index, leaf, offset, its own numbers of ``within``) to read.

        Leaves holding none of ``within`` are left out: their lists need not be
        decoded (a starred paper's newest version, say, sits in one small
        segment). Without ``within``, every leaf, with None.
        """
        for n, (leaf, offset) in enumerate(self.leaves):
            if within is None:
                yield n, leaf, offset, None
                continue
            wanted = _inside(within, offset, leaf.doc_count_all())
            if len(wanted):
                yield n, leaf, offset, wanted

    def _leaf_postings(
        self, field: str, term: bytes, within: Ints | None = None
    ) -> Iterator[tuple[int, Ints, Floats]]:
        """(leaf index, local docs, weights) of a term, deleted documents left out.

        With ``within`` (global numbers), only those documents.
        """
        for n, leaf, _, wanted in self._candidate_leaves(within):
            found = postings.postings(leaf, field, term)
            if not len(found.docs):
                continue
            if wanted is None:
                docs = found.docs.astype(np.int64)
                weights = found.weights.astype(np.float64)
            else:
                at = _positions_of(found.docs, wanted)
                docs = found.docs[at].astype(np.int64)
                weights = found.weights[at].astype(np.float64)
            alive = self._live[n]
            if alive is None:
                yield n, docs, weights
            else:
                keep = alive[docs]
                yield n, docs[keep], weights[keep]

    def term(
        self, field: str, text: Any, boost: float = 1.0, within: Ints | None = None
    ) -> Matches:
        """Documents containing one term, scored by BM25F."""
        if field not in self.schema:
            return NOTHING
        fieldobj = self.schema[field]
        try:
            btext = fieldobj.to_bytes(text)
        except ValueError:
            return NOTHING
        return self._term_bytes(field, btext, boost, within)

    def _term_bytes(
        self, field: str, btext: bytes, boost: float, within: Ints | None = None
    ) -> Matches:
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
        for n, local, weights in self._leaf_postings(field, btext, within):
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

    def expanded(self, q: query.MultiTerm, within: Ints | None = None) -> Matches:
        """A prefix, wildcard or fuzzy term: the terms it stands for, OR-ed.

        Scored as Whoosh's own search scores it (even a "constant score"
        one, whose weighting Whoosh's searcher replaces by BM25F): each term
        by BM25F with the query's boost, summed. Each segment expands the
        term in its own lexicon, as Whoosh's segment matchers do.
        """
        field = q.field()
        if field not in self.schema:
            return NOTHING
        fieldobj = self.schema[field]
        terms = sorted(
            {_as_bytes(fieldobj, t) for leaf, _ in self.leaves for t in q._btexts(leaf)}
        )
        return self.any_of(field, terms, q.boost, within)

    def any_of(
        self,
        field: str,
        terms: Sequence[bytes],
        boost: float,
        within: Ints | None = None,
    ) -> Matches:
        """Documents holding any of ``terms``, each term scored as :meth:`term`.

        A two-letter prefix stands for thousands of terms: each segment's
        lists are scored in one pass over their concatenation, not one by one.
        """
        fieldobj = self.schema[field]
        counts = [self._df(field, t) for t in terms]
        terms = [t for t, df in zip(terms, counts, strict=True) if df]
        if not terms:
            return NOTHING
        weight = np.ones(len(terms))
        if fieldobj.scorable:
            df = np.array([c for c in counts if c], dtype=np.float64)
            weight = np.log(self.total / (df + 1)) + 1
            length = sum(r.field_length(field) for r in self.readers)
            avg = (length / (self.total or 1)) or 1.0
        docs: list[Ints] = []
        scores: list[Floats] = []
        for n, leaf, offset, wanted in self._candidate_leaves(within):
            found = [postings.postings(leaf, field, t) for t in terms]
            sizes = np.fromiter((len(f.docs) for f in found), np.int64, len(found))
            if not sizes.any():
                continue
            local = np.concatenate([f.docs for f in found]).astype(np.int64)
            weights = np.concatenate([f.weights for f in found]).astype(np.float64)
            per_term = np.repeat(weight, sizes)
            keep = np.ones(len(local), dtype=np.bool_)
            if wanted is not None:
                keep &= np.isin(local, wanted)
            alive = self._live[n]
            if alive is not None:
                keep &= alive[local]
            local, weights, per_term = local[keep], weights[keep], per_term[keep]
            if fieldobj.scorable:
                size = postings.lengths(leaf, field)[local]
                norm = K1 * ((1 - B) + B * size / avg)
                part = boost * per_term * (weights * (K1 + 1)) / (weights + norm)
            else:
                part = weights * boost
            docs.append(local + offset)
            scores.append(part)
        if not docs:
            return NOTHING
        every = np.concatenate(docs)
        unique, inverse = np.unique(every, return_inverse=True)
        total = np.bincount(inverse, weights=np.concatenate(scores))
        return Matches(unique, total.astype(np.float64))

    def phrase(
        self,
        field: str,
        words: list[str],
        slop: int,
        boost: float,
        within: Ints | None = None,
    ) -> Matches:
        """Documents where the words follow each other (within ``slop``)."""
        if not words or field not in self.schema:
            return NOTHING
        fieldobj = self.schema[field]
        terms = [fieldobj.to_bytes(w) for w in words]
        if len(terms) > 1 and all(
            any((field, t) in r for r in self.readers) for t in terms
        ):
            # Positions come in the same blocks as the postings: decode both
            # in one pass rather than the postings now and the positions next.
            for _, leaf, _, _ in self._candidate_leaves(within):
                for term in terms:
                    postings.positions(leaf, field, term)
        found = _intersect([self._term_bytes(field, t, boost, within) for t in terms])
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


def _inside(docs: Ints, offset: int, size: int) -> Ints:
    """The part of ascending global ``docs`` in a segment, as its own numbers."""
    start, end = np.searchsorted(docs, (offset, offset + size))
    return np.asarray(docs[start:end] - offset, dtype=np.int64)


def _positions_of(haystack: Any, needles: Any) -> Ints:
    """Where in ascending ``haystack`` each of ``needles`` that it holds is."""
    at = np.searchsorted(haystack, needles)
    ok = at < len(haystack)
    ok[ok] = haystack[at[ok]] == needles[ok]
    return np.asarray(at[ok], dtype=np.int64)


def _only(matches: Matches, within: Ints | None) -> Matches:
    """``matches`` limited to ``within`` (when given)."""
    if within is None:
        return matches
    keep = np.isin(matches.docs, within, assume_unique=True)
    return Matches(matches.docs[keep], matches.scores[keep])


def _as_bytes(fieldobj: Any, term: str | bytes) -> bytes:
    # Some expansions (fuzzy terms) come as text, others as bytes.
    return fieldobj.to_bytes(term) if isinstance(term, str) else term
