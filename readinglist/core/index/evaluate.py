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
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np
from whoosh import query
from whoosh.query.qcore import _NullQuery
from whoosh.reading import IndexReader

from readinglist.core.index import expansion, phrases, postings, whoosh_private
from readinglist.core.index.matches import (
    NOTHING,
    Matches,
    boosted,
    inside,
    intersect,
    minus,
    only,
    positions_of,
    restrict,
    union,
)
from readinglist.core.index.postings import Floats, Ints
from readinglist.core.index.segments import SegmentView

# Whoosh's BM25F defaults.
B = 0.75
K1 = 1.2


class Evaluator(SegmentView):
    """Evaluates queries against one searcher (one set of segments)."""

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
            return boosted(self._and(q.subqueries, within), q.boost)
        if isinstance(q, query.DisjunctionMax):
            parts = [self.run(s, within) for s in q.subqueries]
            return boosted(union(parts, best=q.tiebreak), q.boost)
        if isinstance(q, query.Or):
            return boosted(union([self.run(s, within) for s in q.subqueries]), q.boost)
        if isinstance(q, query.Not):
            docs = self.every(within)
            rest = minus(Matches(docs, np.zeros(len(docs))), self.run(q.query, docs))
            return Matches(rest.docs, np.full(len(rest.docs), q.boost))
        if isinstance(q, query.AndNot):
            found = self.run(q.a, within)
            return boosted(minus(found, self.run(q.b, found.docs)), q.boost)
        if isinstance(q, query.AndMaybe):
            return boosted(self._and_maybe(q.a, q.b, within), q.boost)
        if isinstance(q, query.Require):
            found = self.run(q.a, within)
            needed = self.run(q.b, found.docs)
            return boosted(restrict(found, needed.docs), q.boost)
        if isinstance(q, query.Phrase):
            return self.phrase(q.fieldname, list(q.words), q.slop, q.boost, within)
        if isinstance(q, query.Every):
            docs = self.every(within)
            return Matches(docs, np.full(len(docs), q.boost))
        if isinstance(q, _NullQuery):
            return NOTHING
        if isinstance(q, query.NumericRange):
            return self.run(whoosh_private.compiled(q, self.readers[0]), within)
        if isinstance(q, query.ConstantScoreQuery):
            found = self.run(q.child, within)
            return Matches(found.docs, np.full(len(found), q.score))
        if isinstance(q, query.MultiTerm):
            return self.expanded(q, within)
        return only(self._by_whoosh(q), within)

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
                found = intersect([found, self.run(sub, found.docs)])
        else:
            docs = self.every(within)
            found = Matches(docs, np.zeros(len(docs)))
        for sub in unwanted:
            found = minus(found, self.run(sub, found.docs))
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
        scores[np.searchsorted(required.docs, both)] += restrict(extra, both).scores
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
            wanted = inside(within, offset, leaf.doc_count_all())
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
                at = positions_of(found.docs, wanted)
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
        term in its own lexicon, as Whoosh's segment matchers do, and only
        its own words are looked up there (expansion.py).
        """
        field = q.field()
        if field not in self.schema:
            return NOTHING
        fieldobj = self.schema[field]
        found = [expansion.expansion(leaf, field, q) for leaf, _ in self.leaves]
        # A word's frequency in the whole index, for its idf.
        totals: dict[bytes, int] = {}
        for part in found:
            for term, df in zip(part.terms, part.dfs, strict=True):
                totals[term] = totals.get(term, 0) + df
        if not totals:
            return NOTHING
        avg = 1.0
        if fieldobj.scorable:
            length = sum(r.field_length(field) for r in self.readers)
            avg = (length / (self.total or 1)) or 1.0
        docs: list[Ints] = []
        scores: list[Floats] = []
        for n, leaf, offset, wanted in self._candidate_leaves(within):
            part = found[n]
            if not part.terms:
                continue
            chosen, summed = self._expanded_leaf(
                n, leaf, part, q.boost, avg, totals, wanted
            )
            docs.append(chosen + offset)
            scores.append(summed)
        if not docs:
            return NOTHING
        return Matches(np.concatenate(docs), np.concatenate(scores))

    def _expanded_leaf(  # noqa: PLR0917 -- private, called once
        self,
        n: int,
        leaf: IndexReader,
        part: expansion.Expansion,
        boost: float,
        avg: float,
        totals: dict[bytes, int],
        wanted: Ints | None,
    ) -> tuple[Ints, Floats]:
        """One segment's documents holding any word of ``part``, scores summed."""
        field = part.key[1]  # type: ignore[index]
        block = expansion.block(leaf, field, part)
        if self.schema[field].scorable:
            df = np.array([totals[t] for t in part.terms], dtype=np.float64)
            idf = np.log(self.total / (df + 1)) + 1
            size = postings.lengths(leaf, field)[block.docs]
            norm = K1 * ((1 - B) + B * size / avg)
            weights = block.weights
            each = boost * idf[block.owner] * (weights * (K1 + 1)) / (weights + norm)
        else:
            each = block.weights * boost
        # Per document, by counting into an array as long as the segment: no
        # sort of every posting, as merging the lists would take.
        count = leaf.doc_count_all()
        summed = np.bincount(block.docs, weights=each, minlength=count)
        present = np.zeros(count, dtype=np.bool_)
        present[block.docs] = True
        alive = self._live[n]
        if alive is not None:
            present &= alive
        chosen = np.flatnonzero(present) if wanted is None else wanted[present[wanted]]
        return chosen.astype(np.int64), summed[chosen].astype(np.float64)

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
        # The rarest word first; the others are scored only where it occurs.
        rarest = sorted(set(terms), key=lambda t: self._df(field, t))
        found = self._term_bytes(field, rarest[0], boost, within)
        for term in rarest[1:]:
            if not len(found):
                return NOTHING
            found = intersect([found, self._term_bytes(field, term, boost, found.docs)])
        if len(set(terms)) < len(terms) and len(found):
            # A word said twice counts twice, as in Whoosh's phrase scoring.
            repeats = [t for t in rarest if terms.count(t) > 1]
            for term in repeats:
                again = self._term_bytes(field, term, boost, found.docs)
                found = Matches(
                    found.docs, found.scores + (terms.count(term) - 1) * again.scores
                )
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
