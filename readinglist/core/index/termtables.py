"""Each segment's words and postings, saved with it: prefixes and fuzzy terms
without decoding.

A two-letter prefix (``re*``) stands for hundreds of words in each segment of
a 100,000-paper library; decoding their posting lists one by one cost up to
half a second, every time a new short prefix was asked. So after a batch
commit (:func:`prepare`, with the spelling tables) each segment's words of the
text fields are written once, sorted, with all their postings end to end. The
words a prefix stands for are then one range of that list and their postings
one slice of the arrays; a fuzzy term's words are found by comparing the
words that share its required start (rapidfuzz's optimal string alignment
distance, a swap of neighbours counting as one edit).

A segment without a saved table (a small one a commit added, one merged since)
is read as before, term by term (expansion.py); both give the same words and
postings. The tables are a copy of what the segment holds, deleted documents
included, so they stay valid as long as the segment's files do.
"""

from __future__ import annotations

import bisect
import contextlib
import os
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from rapidfuzz.distance import OSA
from rapidfuzz.process import cdist
from whoosh.reading import IndexReader

from readinglist.core.index import postings
from readinglist.core.index.postings import Ints, read_into

# The fields whose words prefix and fuzzy terms expand to (the default ones).
FIELDS = ("title", "abstract", "note")
SAVED = "terms-{name}-{size}.npz"
_UTF8_MAX = b"\xff"  # sorts after every UTF-8 byte


@dataclass(frozen=True, slots=True)
class Table:
    """One field of one segment: sorted words, and their postings end to end."""

    terms: list[bytes]
    starts: Ints  # postings of terms[i] are docs[starts[i]:starts[i + 1]]
    docs: npt.NDArray[Any]  # segment document numbers (deleted ones too)
    weights: npt.NDArray[Any]
    _texts: list[list[str]] = field(default_factory=lambda: [])
    _lengths: list[Ints] = field(default_factory=lambda: [])
    _array: list[npt.NDArray[np.object_]] = field(default_factory=lambda: [])

    @property
    def nbytes(self) -> int:
        """Memory the table takes, about."""
        arrays = self.starts.nbytes + self.docs.nbytes + self.weights.nbytes
        return int(arrays + 60 * len(self.terms))

    def prefix_rows(self, prefix: bytes) -> tuple[int, int]:
        """The range of ``terms`` that start with ``prefix``."""
        low = bisect.bisect_left(self.terms, prefix)
        return low, bisect.bisect_left(self.terms, prefix + _UTF8_MAX, low)

    def texts(self) -> list[str]:
        """The terms as text (worked out once)."""
        if not self._texts:
            self._texts.append([t.decode("utf-8") for t in self.terms])
        return self._texts[0]

    def text_array(self) -> npt.NDArray[np.object_]:
        """The terms as text, in an array (to pick many at once)."""
        if not self._array:
            self._array.append(np.array(self.texts(), dtype=np.object_))
        return self._array[0]

    def lengths(self) -> Ints:
        """The length of each term's text (worked out once)."""
        if not self._lengths:
            texts = self.texts()
            self._lengths.append(np.fromiter(map(len, texts), np.int64, len(texts)))
        return self._lengths[0]

    def within(self, text: str, distance: int, prefix_length: int) -> Ints:
        """Rows of the words within ``distance`` edits of ``text`` (a swap of
        neighbours counting as one) that start with its first ``prefix_length``
        letters."""
        start = text[:prefix_length]
        low, high = self.prefix_rows(start.encode("utf-8"))
        if low == high:
            return np.zeros(0, dtype=np.int64)
        # Only words whose length is within reach are compared.
        gap = np.abs(self.lengths()[low:high] - len(text))
        rows = np.flatnonzero(gap <= distance) + low
        if not len(rows):
            return rows.astype(np.int64)
        found: npt.NDArray[np.int32] = cdist(
            [text],
            self.text_array()[rows],
            scorer=OSA.distance,
            score_cutoff=distance,
            dtype=np.int32,
        )[0]
        return rows[found <= distance].astype(np.int64)

    def postings_of(self, rows: Ints) -> tuple[Any, Any, Ints]:
        """(docs, weights, row of each posting) of the words at ``rows``."""
        starts = self.starts[rows]
        sizes = self.starts[rows + 1] - starts
        owner = np.repeat(np.arange(len(rows), dtype=np.int64), sizes)
        if len(rows) and rows[-1] - rows[0] + 1 == len(rows):
            # A prefix's words are one range: its postings one slice.
            span = slice(int(starts[0]), int(starts[-1] + sizes[-1]))
            return self.docs[span], self.weights[span], owner
        at = np.repeat(starts - np.cumsum(sizes) + sizes, sizes) + np.arange(
            int(sizes.sum()), dtype=np.int64
        )
        return self.docs[at], self.weights[at], owner


def saved_path(leaf: IndexReader) -> Path | None:
    """Where a segment's tables are saved (None for an index in memory)."""
    folder, name, size, _ = postings.segment_key(leaf)
    if folder.startswith("memory-"):
        return None
    return Path(folder) / SAVED.format(name=name, size=size)


def table(leaf: IndexReader, field_name: str) -> Table | None:
    """The saved table of one field of a segment; None if none was saved."""
    if field_name not in FIELDS:
        return None
    key = (postings.segment_key(leaf), field_name, "termtable")
    found: Table | None = postings.CACHE.get(
        key, lambda: _load(leaf, field_name), lambda t: t.nbytes if t else 0
    )
    return found


def words_only(leaf: IndexReader, field_name: str) -> Table:
    """A segment's words of one field, without postings (for fuzzy terms in a
    segment no table was saved for), read once and kept."""

    def make() -> Table:
        terms = list(leaf.lexicon(field_name))
        none = np.zeros(0, dtype=np.int64)
        return Table(terms, np.zeros(len(terms) + 1, dtype=np.int64), none, none)

    key = (postings.segment_key(leaf), field_name, "words-only")
    found: Table = postings.CACHE.get(key, make, lambda t: t.nbytes)
    return found


def _load(leaf: IndexReader, field_name: str) -> Table | None:
    path = saved_path(leaf)
    if path is None:
        return None
    try:
        # Opened here: np.load leaves a file it cannot read open.
        with open(path, "rb") as handle, np.load(handle) as saved:
            blob = saved[f"{field_name}.terms"].tobytes()
            ends = saved[f"{field_name}.ends"].astype(np.int64)
            starts = saved[f"{field_name}.starts"].astype(np.int64)
            docs = saved[f"{field_name}.docs"]
            weights = saved[f"{field_name}.weights"]
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
        return None  # damaged: the segment is read term by term instead
    begins = np.concatenate([[0], ends[:-1]]) if len(ends) else ends
    terms = [blob[b:e] for b, e in zip(begins.tolist(), ends.tolist(), strict=True)]
    if len(starts) != len(terms) + 1 or not starts[-1] == len(docs) == len(weights):
        return None
    return Table(terms, starts, docs, weights)


def build(leaf: IndexReader) -> dict[str, npt.NDArray[Any]]:
    """The arrays of a segment's tables, one set per field it has text in."""
    arrays: dict[str, npt.NDArray[Any]] = {}
    for name in FIELDS:
        if name not in leaf.schema or not leaf.field_length(name):
            continue
        terms: list[bytes] = []
        starts: list[int] = [0]
        docs: list[int] = []
        weights: list[float] = []
        for term, matcher in _matchers(leaf, name):
            read_into(matcher, docs, weights)
            terms.append(term)
            starts.append(len(docs))
        arrays[f"{name}.terms"] = np.frombuffer(b"".join(terms), dtype=np.uint8)
        arrays[f"{name}.ends"] = np.cumsum([len(t) for t in terms], dtype=np.int64)
        arrays[f"{name}.starts"] = np.array(starts, dtype=np.int64)
        arrays[f"{name}.docs"] = _compact(np.array(docs, dtype=np.int64))
        # As postings.Postings holds them, so both give the same scores.
        arrays[f"{name}.weights"] = _compact(np.array(weights, dtype=np.float32))
    return arrays


def _compact(values: npt.NDArray[Any]) -> npt.NDArray[Any]:
    """``values`` in the smallest type that holds them exactly (a third of the
    disk a table of 32-bit numbers would take, for word counts and the
    document numbers of a segment)."""
    for kind in (np.uint8, np.uint16, np.uint32):
        if not len(values):
            return values.astype(kind)
        narrow = values.astype(kind)
        if values.min() >= 0 and np.array_equal(narrow, values):
            return narrow
    return values


def _matchers(leaf: IndexReader, name: str) -> Iterator[tuple[bytes, Any]]:
    """Every term of a field in one segment, in order, with its postings' matcher.

    One walk over the term dictionary: each term's postings are read from the
    term information the walk yields, not looked up again by name.
    """
    terms = getattr(leaf, "_terms", None)
    codec = getattr(terms, "_codec", None)
    postfile = getattr(terms, "_postfile", None)
    fmt = leaf.schema[name].format
    for term, info in leaf.iter_field(name):
        if codec is None:
            yield term, leaf.postings(name, term)
        else:
            yield term, codec.postings_reader(postfile, info, fmt, term=(name, term))


def save(leaf: IndexReader, path: Path) -> None:
    """Write a segment's tables to ``path`` (whole or not at all)."""
    partial = path.with_suffix(".part")
    with open(partial, "wb") as out:
        np.savez(out, **build(leaf))  # type: ignore[arg-type]
    os.replace(partial, path)


def prepare(leaves: Sequence[IndexReader]) -> None:
    """Save the tables of every segment lacking them; delete those of gone
    segments. Run after a batch commit (with the spelling tables)."""
    paths = {saved_path(leaf) for leaf in leaves}
    for leaf in leaves:
        path = saved_path(leaf)
        if path is not None and not path.exists():
            with contextlib.suppress(OSError):
                save(leaf, path)
    for folder in {path.parent for path in paths if path is not None}:
        for old in folder.glob(SAVED.format(name="*", size="*")):
            if old not in paths:
                with contextlib.suppress(OSError):
                    old.unlink()
