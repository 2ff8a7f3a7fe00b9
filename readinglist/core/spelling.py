"""Did you mean: a spelling index over the title words papers hold.

Whoosh's corrector walks the whole lexicon with an edit-distance automaton
for every unknown word: one to five seconds at 100,000 papers. Here the
words of each index segment go, once, into a symmetric-delete dictionary
(``symspellpy``): a lookup is a handful of dictionary probes, well under a
millisecond. Adding a 100,000-paper segment's words takes seconds, so it is
done by the idle warm-up (warmup.py) as soon as the library is searched;
a search adds only small segments' words itself, and never waits for a
segment another thread is adding (it suggests from the words already in).

The dictionary only ever grows (a segment's words are added when the segment
is first seen), so it may hold words no paper has any more. That is why a
candidate is checked against the index as it is now before it is offered,
and candidates are ranked by how many papers have them now: a suggestion is
always a word some paper has.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Collection, Iterable, Sequence

from symspellpy import SymSpell, Verbosity
from whoosh.reading import IndexReader

from readinglist.core import postings
from readinglist.core.analysis import fold

FIELD = "words"
# Two edits, a swap of neighbours counting as one (as ``word~2``).
MAX_EDITS = 2
# symspellpy's default: deletes of the first seven letters only, which keeps
# the dictionary small and still finds slips later in long words.
PREFIX_LENGTH = 7
# Words this short are left alone: too many words are two edits away.
MIN_LENGTH = 3
# A search adds the words of segments up to this size itself (a commit's small
# segment: milliseconds); larger ones are the idle warm-up's to add.
INLINE_DOCS = 5000
YIELD_EVERY = 200

Key = tuple[str, str, int, int]
Counter = Callable[[str], int]
"""How many papers (not deleted) hold a word now."""


class Speller:
    """The known words of one index folder, as symmetric-delete dictionaries.

    Words arrive a segment at a time; each batch of new words becomes a
    dictionary of its own, built without holding the lock, so a lookup never
    waits for a large segment being added.
    """

    def __init__(self) -> None:
        self._parts: list[SymSpell] = []
        self._known: set[str] = set()
        self._done: set[Key] = set()
        self._busy: set[Key] = set()
        self._lock = threading.Lock()

    def claim(
        self, leaves: Iterable[IndexReader], *, most_docs: int | None = None
    ) -> list[tuple[Key, IndexReader]]:
        """The segments whose words are neither in nor being added; now claimed.

        Args:
            leaves: segment readers.
            most_docs: leave out segments with more documents than this.
        """
        out = []
        with self._lock:
            for leaf in leaves:
                if most_docs is not None and leaf.doc_count_all() > most_docs:
                    continue
                key = postings.segment_key(leaf)
                if key not in self._done and key not in self._busy:
                    self._busy.add(key)
                    out.append((key, leaf))
        return out

    def add(self, key: Key, words: Iterable[str]) -> None:
        """Add one segment's words (claimed with :meth:`claim`)."""
        with self._lock:
            fresh = {w for w in words if w not in self._known}
        part = None
        if fresh:
            part = SymSpell(
                max_dictionary_edit_distance=MAX_EDITS, prefix_length=PREFIX_LENGTH
            )
            for n, word in enumerate(fresh):
                part.create_dictionary_entry(word, 1)
                if n % YIELD_EVERY == 0:
                    # Building is pure Python: let a waiting search run.
                    time.sleep(0)
        with self._lock:
            if part is not None:
                self._parts.append(part)
                self._known |= fresh
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
        return [
            (int(s.distance), str(s.term))
            for part in parts
            for s in part.lookup(word, Verbosity.ALL, max_edit_distance=MAX_EDITS)
        ]


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


def catch_up(
    speller: Speller, leaves: Sequence[IndexReader], *, most_docs: int | None = None
) -> None:
    """Add the words of segments the speller has not seen (nor is adding).

    Args:
        speller: the index folder's speller.
        leaves: the index's segment readers.
        most_docs: leave larger segments to someone else (the warm-up).
    """
    for key, leaf in speller.claim(leaves, most_docs=most_docs):
        try:
            words = words_of(leaf)
        except Exception:
            speller.release(key)
            raise
        speller.add(key, words)


def best_word(speller: Speller, word: str, count: Counter) -> str | None:
    """The known word closest to ``word``; of the closest, the most common."""
    ranked: list[tuple[int, int, str]] = []
    for edits, candidate in speller.candidates(word):
        if candidate != word:
            ranked.append((edits, -count(candidate), candidate))
    ranked.sort()
    for _, minus, candidate in ranked:
        if minus < 0:
            return candidate
    return None


def suggestion(
    text: str, speller: Speller, count: Counter, skip: Collection[str]
) -> str | None:
    """``text`` with each word no title has replaced by the best known word.

    Args:
        text: the query as typed.
        speller: the index's spelling dictionary.
        count: how many papers hold a title word now.
        skip: words left as they are (the query language's operators).

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
            and not count(word)
        ):
            found = best_word(speller, word, count)
            if found is not None:
                out.append(found)
                changed = True
                continue
        out.append(token)
    return "".join(out) if changed else None
