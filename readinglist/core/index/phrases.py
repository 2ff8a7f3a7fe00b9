"""Checking phrases: do a phrase's words follow each other in a document?

For every candidate document at once: each word's positions there are
gathered from the cached position arrays (postings.positions) as numbers
``candidate << 32 | position``, and a chain of words survives where the next
word's numbers hold the previous one's plus one (or up to ``slop``).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from whoosh.reading import IndexReader

from readinglist.core.index import postings
from readinglist.core.index.postings import Ints


def in_order(
    leaf: IndexReader, field: str, terms: list[bytes], docs: Ints, slop: int
) -> Any:
    """For each of ``docs`` (which hold every term): do the terms follow in order?"""
    # Candidate k's positions of term i as one number, k * 2**32 + position.
    chains: Ints | None = None
    for term in terms:
        keys = _position_keys(leaf, field, term, docs)
        if chains is None:
            chains = keys
            continue
        chains = _near(chains, keys, slop)
        if not len(chains):
            break
    matched = np.zeros(len(docs), dtype=np.bool_)
    if chains is not None and len(chains):
        matched[np.unique(chains >> 32)] = True
    return matched


def _position_keys(leaf: IndexReader, field: str, term: bytes, docs: Ints) -> Ints:
    found = postings.postings(leaf, field, term)
    where = postings.positions(leaf, field, term)
    index = np.searchsorted(found.docs, docs)
    starts = where.starts[index]
    counts = where.starts[index + 1] - starts
    owner = np.repeat(np.arange(len(docs), dtype=np.int64), counts)
    first = np.repeat(starts - np.cumsum(counts) + counts, counts)
    flat = where.flat[first + np.arange(int(counts.sum()), dtype=np.int64)]
    return np.asarray((owner << 32) + flat, dtype=np.int64)


def _followed(wanted: Ints, keys: Ints) -> Ints:
    """The ``wanted`` numbers that ``keys`` hold; both are sorted."""
    # A binary search per number: np.isin hashes both arrays, which cost most
    # of a phrase query's time once its lists were cached.
    if not len(keys):
        return wanted[:0]
    at = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
    found: Ints = wanted[keys[at] == wanted]
    return found


def _near(chains: Ints, keys: Ints, slop: int) -> Ints:
    """Chain ends that a key follows within ``slop`` positions (same document)."""
    if slop <= 1:
        return _followed(chains + 1, keys)
    ends = [_followed(chains + gap, keys) for gap in range(1, slop + 1)]
    return np.unique(np.concatenate(ends))
