"""Did you mean: a spelling index over the title words papers hold.

Whoosh's corrector walks the whole lexicon with an edit-distance automaton
for every unknown word: one to five seconds at 100,000 papers. Here each
index segment's words go, once, into a symmetric-delete table (the method of
SymSpell): every word is filed under the strings its first letters leave when
up to two letters are deleted, and a lookup files the unknown word the same
way and checks the few words it meets. The table is numpy arrays (a sorted
column of hashed deletes and the word each came from), so it is saved next to
the segment and loaded again in a millisecond or two: a one-shot command
line search suggests as fast as the app, which builds nothing twice.

Building a 100,000-paper segment's table takes seconds, so a batch import or
rebuild builds it after its commit (:func:`prepare`), and the idle warm-up
builds any that are missing (warmup.py); a search builds only small
segments' tables itself, and never waits for a segment another thread is
adding (it suggests from the tables already in).

The tables only ever grow (a segment's words are added when the segment is
first seen), so they may hold words no paper has any more. That is why a
candidate is checked against the index as it is now before it is offered,
and candidates are ranked by how many papers have them now: a suggestion is
always a word some paper has.
"""

from __future__ import annotations

import contextlib
import os
import re
import threading
import time
import zlib
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
from rapidfuzz.distance import OSA
from whoosh.reading import IndexReader

from readinglist.core.index import postings, termtables
from readinglist.core.index.analysis import fold

FIELD = "words"
# Two edits, a swap of neighbours counting as one (as ``word~2``).
MAX_EDITS = 2
# As SymSpell: deletes of the first seven letters only, which keeps the table
# small and still finds slips later in long words.
PREFIX_LENGTH = 7
# Words this short are left alone: too many words are two edits away.
MIN_LENGTH = 3
# A search builds the tables of segments up to this size itself (a commit's
# small segment: milliseconds); larger ones are built after a batch import
# or by the idle warm-up, and saved.
INLINE_DOCS = 5000
YIELD_EVERY = 200
SAVED = "spelling-{name}-{size}.npz"

Key = tuple[str, str, int, int]
Counter = Callable[[str], int]
"""How many papers (not deleted) hold a word now."""


@dataclass(frozen=True, slots=True)
class Table:
    """One segment's words, filed under their deletes (hashed, sorted)."""

    words: list[str]
    keys: npt.NDArray[np.uint32]
    owners: npt.NDArray[np.int32]

    def lookup(self, word: str) -> set[str]:
        """The words filed under any delete of ``word`` (not yet checked)."""
        return self.lookup_hashed(hashed_deletes(word))

    def lookup_hashed(self, wanted: npt.NDArray[np.uint32]) -> set[str]:
        """The words filed under any of the hashed deletes ``wanted``."""
        if not len(self.keys):
            return set()
        starts = np.searchsorted(self.keys, wanted, side="left")
        ends = np.searchsorted(self.keys, wanted, side="right")
        hits = [self.owners[s:e] for s, e in zip(starts, ends, strict=True) if e > s]
        if not hits:
            return set()
        return {self.words[i] for i in np.unique(np.concatenate(hits)).tolist()}


def _hash(text: str) -> int:
    # Stable across processes (str hashes are not); a collision only adds a
    # candidate that the distance check then drops.
    return zlib.crc32(text.encode("utf-8"))


def hashed_deletes(word: str) -> npt.NDArray[np.uint32]:
    """The hashes a lookup of ``word`` searches for."""
    return np.fromiter((_hash(d) for d in _deletes(word)), dtype=np.uint32)


def _deletes(word: str) -> set[str]:
    """``word``'s first letters, and what is left with one or two deleted."""
    found = {word[:PREFIX_LENGTH]}
    edge = set(found)
    for _ in range(MAX_EDITS):
        edge = {w[:i] + w[i + 1 :] for w in edge for i in range(len(w))}
        found |= edge
    return found


def build(words: Iterable[str]) -> Table:
    """The table of ``words``."""
    listed = sorted(set(words))
    keys: list[int] = []
    owners: list[int] = []
    for n, word in enumerate(listed):
        hashed = [_hash(d) for d in _deletes(word)]
        keys.extend(hashed)
        owners.extend([n] * len(hashed))
        if n % YIELD_EVERY == 0:
            # Building is pure Python: let a waiting search run.
            time.sleep(0)
    key_array = np.array(keys, dtype=np.uint32)
    order = np.argsort(key_array, kind="stable")
    return Table(listed, key_array[order], np.array(owners, dtype=np.int32)[order])


def saved_path(key: Key) -> Path | None:
    """Where a segment's table is saved (None for an index in memory)."""
    folder, name, size, _ = key
    if folder.startswith("memory-"):
        return None
    return Path(folder) / SAVED.format(name=name, size=size)


def save(table: Table, path: Path) -> None:
    """Write ``table`` to ``path`` (whole or not at all)."""
    blob = np.frombuffer("\n".join(table.words).encode("utf-8"), dtype=np.uint8)
    partial = path.with_suffix(".part")
    with open(partial, "wb") as out:
        np.savez(out, keys=table.keys, owners=table.owners, words=blob)
    os.replace(partial, path)


def load(path: Path) -> Table | None:
    """The table saved at ``path``; None if there is none or it is damaged."""
    try:
        with np.load(path) as saved:
            text = saved["words"].tobytes().decode("utf-8")
            keys = saved["keys"].astype(np.uint32, copy=False)
            owners = saved["owners"].astype(np.int32, copy=False)
    except (OSError, ValueError, KeyError, UnicodeDecodeError, EOFError):
        return None
    words = text.split("\n") if text else []
    if len(keys) != len(owners) or (len(owners) and owners.max() >= len(words)):
        return None
    return Table(words, keys, owners)


class Speller:
    """The known words of one index folder, a table per segment.

    Each segment's table is loaded or built without holding the lock, so a
    lookup never waits for a large segment being added.
    """

    def __init__(self) -> None:
        self._parts: list[Table] = []
        self._done: set[Key] = set()
        self._busy: set[Key] = set()
        self._lock = threading.Lock()

    def claim(
        self, leaves: Iterable[IndexReader], *, most_docs: int | None = None
    ) -> list[tuple[Key, IndexReader]]:
        """The segments whose words are neither in nor being added; now claimed.

        A segment whose table was saved is claimed whatever its size (loading
        it is cheap).

        Args:
            leaves: segment readers.
            most_docs: leave out larger segments whose table must be built.
        """
        out = []
        with self._lock:
            for leaf in leaves:
                key = postings.segment_key(leaf)
                if key in self._done or key in self._busy:
                    continue
                too_big = most_docs is not None and leaf.doc_count_all() > most_docs
                path = saved_path(key)
                if too_big and (path is None or not path.exists()):
                    continue
                self._busy.add(key)
                out.append((key, leaf))
        return out

    def add(self, key: Key, table: Table) -> None:
        """Add one segment's table (claimed with :meth:`claim`)."""
        with self._lock:
            if table.words:
                self._parts.append(table)
            self._done.add(key)
            self._busy.discard(key)

    def release(self, key: Key) -> None:
        """Give up a claim (reading the segment failed)."""
        with self._lock:
            self._busy.discard(key)

    def candidates(self, word: str) -> list[tuple[int, str]]:
        """(edits, word) of every known word within MAX_EDITS of ``word``."""
        with self._lock:
            parts = list(self._parts)
        wanted = hashed_deletes(word)
        near: set[str] = set()
        for part in parts:
            near |= part.lookup_hashed(wanted)
        found = []
        for candidate in near:
            edits = OSA.distance(candidate, word, score_cutoff=MAX_EDITS)
            if edits <= MAX_EDITS:
                found.append((edits, candidate))
        return found


_SPELLERS: dict[str, Speller] = {}
_SPELLERS_LOCK = threading.Lock()


def speller_for(leaves: Sequence[IndexReader]) -> Speller | None:
    """The speller of the index folder these segments belong to."""
    if not leaves:
        return None
    folder = postings.segment_key(leaves[0])[0]
    with _SPELLERS_LOCK:
        found = _SPELLERS.get(folder)
        if found is None:
            found = _SPELLERS[folder] = Speller()
        return found


def words_of(leaf: IndexReader) -> list[str]:
    """The title words of one segment (its lexicon of the spelling field)."""
    if FIELD not in leaf.schema:
        return []
    return [term.decode("utf-8") for term in leaf.lexicon(FIELD)]


def table_of(key: Key, leaf: IndexReader, *, keep: bool = True) -> Table:
    """A segment's table: the saved one, or built from its words (and saved).

    Args:
        key: the segment's key (postings.segment_key).
        leaf: the segment's reader.
        keep: save a table that had to be built.
    """
    path = saved_path(key)
    if path is not None:
        found = load(path)
        if found is not None:
            return found
    table = build(words_of(leaf))
    if path is not None and keep:
        # A read-only folder only costs the next process the build.
        with contextlib.suppress(OSError):
            save(table, path)
    return table


def catch_up(
    speller: Speller, leaves: Sequence[IndexReader], *, most_docs: int | None = None
) -> None:
    """Add the tables of segments the speller has not seen (nor is adding).

    Args:
        speller: the index folder's speller.
        leaves: the index's segment readers.
        most_docs: leave building larger segments' tables to someone else.
    """
    for key, leaf in speller.claim(leaves, most_docs=most_docs):
        try:
            table = table_of(key, leaf)
        except Exception:
            speller.release(key)
            raise
        speller.add(key, table)


def prepare(leaves: Sequence[IndexReader]) -> None:
    """Save a table for every segment lacking one; delete those of gone segments.

    Run after a batch commit, so that any later process finds them saved.
    """
    keys = [postings.segment_key(leaf) for leaf in leaves]
    paths = {saved_path(key) for key in keys}
    for key, leaf in zip(keys, leaves, strict=True):
        path = saved_path(key)
        if path is not None and not path.exists():
            with contextlib.suppress(OSError):
                save(build(words_of(leaf)), path)
    folders = {path.parent for path in paths if path is not None}
    for folder in folders:
        for old in folder.glob(SAVED.format(name="*", size="*")):
            if old not in paths:
                with contextlib.suppress(OSError):
                    old.unlink()
    # The words and postings prefix and fuzzy terms expand to, likewise.
    termtables.prepare(leaves)


def best_word(
    speller: Speller, word: str, count: Counter, often: Counter | None = None
) -> str | None:
    """The known word closest to ``word``; of the closest, the most common.

    Args:
        speller: the index's spelling dictionary.
        word: the unknown word.
        count: how many papers hold a word now.
        often: how common a word is, cheaper than ``count`` where it may
            count deleted papers too (the index's document frequency); the
            word chosen is still one ``count`` finds.
    """
    rank = often or count
    ranked: list[tuple[int, int, str]] = []
    for edits, candidate in speller.candidates(word):
        if candidate != word:
            ranked.append((edits, -rank(candidate), candidate))
    ranked.sort()
    for _, minus, candidate in ranked:
        if minus < 0 and (often is None or count(candidate)):
            return candidate
    return None


def suggestion(
    text: str,
    speller: Speller,
    count: Counter,
    skip: Collection[str],
    often: Counter | None = None,
) -> str | None:
    """``text`` with each word no title has replaced by the best known word.

    Args:
        text: the query as typed.
        speller: the index's spelling dictionary.
        count: how many papers hold a title word now.
        skip: words left as they are (the query language's operators).
        often: how common a word is, cheaply (see :func:`best_word`).

    Returns:
        The changed query, or None when no word was changed.
    """
    changed = False
    out: list[str] = []
    for token in re.split(r"(\s+)", text):
        word = fold(token.lower())
        if (
            word.isalpha()
            and len(word) >= MIN_LENGTH
            and token not in skip
            and not _known(word, count, often)
        ):
            found = best_word(speller, word, count, often)
            if found is not None:
                out.append(found)
                changed = True
                continue
        out.append(token)
    return "".join(out) if changed else None


def _known(word: str, count: Counter, often: Counter | None) -> bool:
    """Does some paper hold ``word`` now?"""
    # A word the index has never seen needs no posting list read to say so.
    if often is not None and not often(word):
        return False
    return bool(count(word))
