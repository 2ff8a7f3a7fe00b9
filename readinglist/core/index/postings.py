"""Posting lists and per-document values as numpy arrays, decoded once, cached.

Whoosh answers a query by stepping Python matcher objects through every
matching document, a few microseconds each; at 100,000 papers a common word
matches most of them. Here a posting list is decoded block by block straight
into arrays (document numbers, weights, and on demand positions), so a query
becomes a handful of vectorised set operations.

Segments never change once written (only their deletions do), so what is
decoded for a segment stays valid until the segment is merged away. One
process-wide cache, bounded in bytes, keeps the most recently used arrays; a
commit that adds a small segment leaves every other segment's arrays cached.
"""

from __future__ import annotations

import os
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from itertools import accumulate
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt
from whoosh.codec.whoosh3 import W3LeafMatcher, byte_to_length
from whoosh.reading import IndexReader, TermNotFound

from readinglist.core.index import whoosh_private
from readinglist.core.index.analysis import FastPositions

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]
T = TypeVar("T")

# Decoded arrays kept across queries, in bytes. The most used posting lists of
# a 100,000-paper library fit; a query touching more decodes the rest again.
CACHE_BYTES = 160 * 1024 * 1024
_EMPTY_INTS: Ints = np.zeros(0, dtype=np.int64)
_EMPTY_FLOATS: Floats = np.zeros(0, dtype=np.float64)
Ints32 = npt.NDArray[np.int32]
Floats32 = npt.NDArray[np.float32]
# Whoosh keeps field lengths as one byte; this turns the byte back.
_LENGTHS = np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)


@dataclass(frozen=True, slots=True)
class Postings:
    """One term's postings in one segment: ascending document numbers, weights.

    Kept compact (32 bits each); widened where they are computed with.
    """

    docs: Ints32
    weights: Floats32

    @property
    def nbytes(self) -> int:
        """Memory the arrays take."""
        return int(self.docs.nbytes + self.weights.nbytes)


@dataclass(frozen=True, slots=True)
class Positions:
    """Where a term occurs in each document of its postings (flattened)."""

    starts: Ints  # index into ``flat`` of each posting's first position
    flat: npt.NDArray[np.uint32]

    @property
    def nbytes(self) -> int:
        """Memory the arrays take."""
        return int(self.starts.nbytes + self.flat.nbytes)


NO_POSTINGS = Postings(np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32))


class Cache:
    """A least-recently-used store of decoded arrays, bounded in bytes."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.used = 0
        self._items: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, make: Callable[[], T], size: Callable[[T], int]) -> T:
        """The cached value for ``key``, made (and kept) if missing."""
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
                return found[0]  # type: ignore[no-any-return]
        value = make()
        nbytes = size(value) + 200  # the key and the entry
        with self._lock:
            if key not in self._items:
                self._items[key] = (value, nbytes)
                self.used += nbytes
            while self.used > self.max_bytes and len(self._items) > 1:
                _, (_, dropped) = self._items.popitem(last=False)
                self.used -= dropped
        return value

    def clear(self) -> None:
        """Forget everything (tests, and after the index is rebuilt)."""
        with self._lock:
            self._items.clear()
            self.used = 0


CACHE = Cache(CACHE_BYTES)
# Each open segment reader's key, worked out once (it costs a stat).
_KEYS: weakref.WeakKeyDictionary[IndexReader, tuple[str, str, int, int]] = (
    weakref.WeakKeyDictionary()
)


def segment_key(leaf: IndexReader) -> tuple[str, str, int, int]:
    """A name for a segment's files as they are now, unlike any other's.

    Segment names are random, but a copied library folder has the same ones,
    so the folder is part of the key; and the postings file's size and time,
    in case the files were replaced under the same name.
    """
    known = _KEYS.get(leaf)
    if known is not None:
        return known
    name = str(leaf.segment().segment_id())
    folder = getattr(leaf.storage(), "folder", None)
    key = (f"memory-{id(leaf.storage())}", name, 0, 0)
    if folder is not None:
        try:
            found = os.stat(os.path.join(folder, f"{name}.pst"))
            key = (str(folder), name, found.st_size, found.st_mtime_ns)
        except OSError:
            key = (str(folder), name, 0, 0)
    _KEYS[leaf] = key
    return key


def postings(
    leaf: IndexReader, field: str, term: bytes, *, held: bool = False
) -> Postings:
    """The postings of ``term`` in one segment (deleted documents included).

    ``held``: the segment is known to hold the term (an expansion of its own
    lexicon), so it need not be looked up twice.
    """
    key = segment_key(leaf)
    return CACHE.get(
        (key, field, term, "p"),
        lambda: _decode(leaf, field, term, values=False, held=held)[0],
        lambda p: p.nbytes,
    )


def doc_frequency(leaf: IndexReader, field: str, term: bytes) -> int:
    """How many documents of one segment hold ``term`` (deleted ones too).

    Read from the term dictionary once, then cached: an AND orders its parts
    by it and BM25 needs it, for every segment, on every search.
    """
    key = segment_key(leaf)
    found = CACHE.get(
        (key, field, term, "df"),
        lambda: int(leaf.doc_frequency(field, term)),
        lambda _: 8,
    )
    return found


def positions(leaf: IndexReader, field: str, term: bytes) -> Positions:
    """Where ``term`` occurs, aligned with :func:`postings` of the same term.

    Decoding the positions decodes the postings too (they share the blocks),
    so both are kept.
    """
    key = segment_key(leaf)

    def make() -> Positions:
        found, values = _decode(leaf, field, term, values=True)
        CACHE.get((key, field, term, "p"), lambda: found, lambda p: p.nbytes)
        return _positions(leaf.schema[field].format, values)

    return CACHE.get((key, field, term, "v"), make, lambda p: p.nbytes)


def _matcher(leaf: IndexReader, field: str, term: bytes, held: bool) -> Any:
    """The segment's own matcher, deleted documents included (see live())."""
    try:
        terms = whoosh_private.terms_table(leaf)
        if terms is None:
            return leaf.postings(field, term)
        if not held and (field, term) not in leaf:
            return None
        return terms.matcher(field, term, leaf.schema[field].format)
    except TermNotFound:
        return None


def _decode(
    leaf: IndexReader, field: str, term: bytes, *, values: bool, held: bool = False
) -> tuple[Postings, list[bytes]]:
    # Whoosh's Schema has no get().
    scorable = field in leaf.schema and leaf.schema[field].scorable
    if scorable and not leaf.field_length(field):
        # No text at all in this field here (notes, mostly): no term to look up.
        return NO_POSTINGS, []
    matcher = _matcher(leaf, field, term, held)
    if matcher is None:
        return NO_POSTINGS, []
    return read_matcher(matcher, values=values)


def read_matcher(matcher: Any, *, values: bool = False) -> tuple[Postings, list[bytes]]:
    """Every posting of a segment's matcher (and with ``values``, its values)."""
    docs: list[int] = []
    weights: list[float] = []
    found = read_into(matcher, docs, weights, values=values)
    return Postings(
        np.array(docs, dtype=np.int32), np.array(weights, dtype=np.float32)
    ), found


def read_into(
    matcher: Any, docs: list[int], weights: list[float], *, values: bool = False
) -> list[bytes]:
    """Add a matcher's postings to ``docs`` and ``weights``; its values, if asked."""
    if not isinstance(matcher, W3LeafMatcher):
        slow, slow_values = _decode_slowly(matcher, values=values)
        docs.extend(slow.docs.tolist())
        weights.extend(slow.weights.tolist())
        return slow_values
    found: list[bytes] = []
    # Whoosh's own block layout (codec/whoosh3.py): a pickled tuple of
    # delta-coded ids, weights (None when all are 1, one float when all are
    # equal) and values. Reading it directly skips a method call per posting.
    while matcher.is_active():
        ids, block_weights, block_values = whoosh_private.read_block(matcher)
        count = len(ids)
        docs.extend(accumulate(ids))
        if block_weights is None:
            weights.extend([1.0] * count)
        elif isinstance(block_weights, float):
            weights.extend([block_weights] * count)
        else:
            weights.extend(block_weights)
        if values:
            found.extend(block_values)
        whoosh_private.next_block(matcher)
    return found


def _decode_slowly(matcher: Any, *, values: bool) -> tuple[Postings, list[bytes]]:
    docs: list[int] = []
    weights: list[float] = []
    found: list[bytes] = []
    while matcher.is_active():
        docs.append(matcher.id())
        weights.append(matcher.weight())
        if values:
            found.append(matcher.value())
        matcher.next()
    return Postings(
        np.array(docs, dtype=np.int32), np.array(weights, dtype=np.float32)
    ), found


def _positions(fmt: Any, values: list[bytes]) -> Positions:
    if isinstance(fmt, FastPositions):
        # Each value is a 4-byte count, then 4 bytes per position: read them
        # all as one array and drop the counts.
        words = np.frombuffer(b"".join(values), dtype="<u4")
        sizes = np.fromiter(map(len, values), dtype=np.int64, count=len(values))
        per = sizes // 4
        keep = np.ones(len(words), dtype=np.bool_)
        keep[np.cumsum(per) - per] = False
        flat = words[keep]
        counts = per - 1
    else:
        decoded = [fmt.decode_positions(v) for v in values]
        counts = np.array([len(d) for d in decoded], dtype=np.int64)
        flat = np.array([p for d in decoded for p in d], dtype=np.uint32)
    starts = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(counts, out=starts[1:])
    return Positions(starts, flat.astype(np.uint32))


# -- per-document values -----------------------------------------------------


def lengths(leaf: IndexReader, field: str) -> Floats:
    """Each document's length in ``field`` (in words), as BM25 uses it."""
    return CACHE.get(
        (segment_key(leaf), field, "lengths"),
        lambda: _LENGTHS[_column(leaf, f"_{field}_len", "B", 0).astype(np.int64)],
        lambda a: int(a.nbytes),
    )


def _column(
    leaf: IndexReader, filename: str, typecode: str, default: float
) -> npt.NDArray[Any]:
    """A fixed-width numeric column of one segment, read in one go.

    Whoosh writes these big-endian, one value per document, and leaves off
    the documents at the end that have the default value.
    """
    total = leaf.doc_count_all()
    kind = np.dtype(">" + typecode)
    out = np.full(total, default, dtype=np.float64 if kind.kind == "f" else np.int64)
    where = whoosh_private.column_file(leaf, filename)
    if where is None:
        return out
    colfile, offset, length = where
    try:
        raw = colfile.get(offset, min(length // kind.itemsize, total) * kind.itemsize)
        count = len(raw) // kind.itemsize
        out[:count] = np.frombuffer(raw, dtype=kind, count=count)
    finally:
        colfile.close()
    return out


def sort_keys(leaf: IndexReader, field: str) -> npt.NDArray[Any]:
    """Per-document values that sort like ``field`` (a sortable field's column)."""
    return CACHE.get(
        (segment_key(leaf), field, "sort"),
        lambda: _sort_keys(leaf, field),
        lambda a: int(a.nbytes),
    )


def _sort_keys(leaf: IndexReader, field: str) -> npt.NDArray[Any]:
    column = leaf.schema[field].column_type
    code = whoosh_private.column_typecode(column)
    if code is None:
        # Text values (dates as YYYY-MM-DD): their order as numbers.
        return np.array(
            [
                int(v.replace("-", "")) if v[:1].isdigit() else 0
                for v in strings(leaf, field)
            ],
            dtype=np.int64,
        )
    return _column(leaf, field, code, whoosh_private.column_default(column))


def strings(leaf: IndexReader, field: str) -> list[str]:
    """Each document's value of a text column (ids, dates), in document order."""
    return CACHE.get(
        (segment_key(leaf), field, "strings"),
        lambda: _strings(leaf, field),
        lambda v: 60 * len(v),
    )


def _strings(leaf: IndexReader, field: str) -> list[str]:
    total = leaf.doc_count_all()
    reader = leaf.column_reader(field, translate=False)
    whole = whoosh_private.string_column(reader, total)
    if whole is None:
        return [bytes(v).decode("utf-8") for v in reader]
    offsets, sizes, blob = whole
    return [
        blob[o : o + s].decode("utf-8") for o, s in zip(offsets, sizes, strict=False)
    ]


def live(leaf: IndexReader) -> npt.NDArray[np.bool_] | None:
    """Which documents of a segment are not deleted; None when none is."""
    if not leaf.has_deletions():
        return None
    segment = leaf.segment()
    # A segment's deletions only ever grow, so their count tells them apart.
    key = (segment_key(leaf), "live", int(segment.deleted_count()))

    def make() -> npt.NDArray[np.bool_]:
        mask = np.ones(leaf.doc_count_all(), dtype=np.bool_)
        mask[np.fromiter(segment.deleted_docs(), dtype=np.int64)] = False
        mask.flags.writeable = False  # shared by every search
        return mask

    return CACHE.get(key, make, lambda m: int(m.nbytes))
