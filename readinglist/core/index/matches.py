"""Sets of matching documents with their scores, and the operations on them.

A query's answer is a :class:`Matches`: ascending global document numbers and
a score for each. AND, OR and NOT become sorted-array intersections, unions
and differences of them (evaluate.py walks the query tree).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from readinglist.core.index.postings import Floats, Ints


@dataclass(frozen=True, slots=True)
class Matches:
    """Matching documents (ascending global numbers) and their scores."""

    docs: Ints
    scores: Floats

    def __len__(self) -> int:
        return len(self.docs)


NOTHING = Matches(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64))


def union(parts: Sequence[Matches], *, best: float | None = None) -> Matches:
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


def restrict(matches: Matches, docs: Ints) -> Matches:
    """``matches`` limited to ``docs`` (which must be a subset of its docs)."""
    where = np.searchsorted(matches.docs, docs)
    return Matches(docs, matches.scores[where])


def intersect(parts: Sequence[Matches]) -> Matches:
    """Documents in every part, scores summed."""
    if not parts or any(not len(p) for p in parts):
        return NOTHING
    ordered = sorted(parts, key=len)
    docs = ordered[0].docs
    for part in ordered[1:]:
        docs = np.intersect1d(docs, part.docs, assume_unique=True)
        if not len(docs):
            return NOTHING
    scores = sum((restrict(p, docs).scores for p in parts), np.zeros(len(docs)))
    return Matches(docs, scores)


def minus(matches: Matches, other: Matches) -> Matches:
    if not len(other) or not len(matches):
        return matches
    keep = ~np.isin(matches.docs, other.docs, assume_unique=True)
    return Matches(matches.docs[keep], matches.scores[keep])


def boosted(matches: Matches, boost: float) -> Matches:
    return matches if boost == 1.0 else Matches(matches.docs, matches.scores * boost)


def inside(docs: Ints, offset: int, size: int) -> Ints:
    """The part of ascending global ``docs`` in a segment, as its own numbers."""
    start, end = np.searchsorted(docs, (offset, offset + size))
    return np.asarray(docs[start:end] - offset, dtype=np.int64)


def positions_of(haystack: Any, needles: Any) -> Ints:
    """Where in ascending ``haystack`` each of ``needles`` that it holds is."""
    at = np.searchsorted(haystack, needles)
    ok = at < len(haystack)
    ok[ok] = haystack[at[ok]] == needles[ok]
    return np.asarray(at[ok], dtype=np.int64)


def only(matches: Matches, within: Ints | None) -> Matches:
    """``matches`` limited to ``within`` (when given)."""
    if within is None:
        return matches
    keep = np.isin(matches.docs, within, assume_unique=True)
    return Matches(matches.docs[keep], matches.scores[keep])


def as_bytes(fieldobj: Any, term: str | bytes) -> bytes:
    # Some expansions (fuzzy terms) come as text, others as bytes.
    return fieldobj.to_bytes(term) if isinstance(term, str) else term
