"""Text analysis for the index: the same tokens as Whoosh's analyzers, faster.

Indexing 100,000 abstracts spends a large share of its time in Whoosh's
analyzer chain (a generator per filter, a method call per token per filter)
and in pickling each posting's positions. The formats here produce exactly
the terms and positions that ``StemmingAnalyzer`` and ``StandardAnalyzer``
would (a test compares them), in one loop with a cache of stems, and encode
positions as packed integers. Queries still go through the fields' real
analyzers, so the query language is Whoosh's own.

The type-ahead format turns a title into the starts ("edge n-grams") of its
words, so the unfinished last word of a query is one term lookup instead of
a scan of every title word with that prefix.

Every word is folded to plain letters (``régression`` is ``regression``) with
Whoosh's own accent map, in the index and, through :func:`folding` in the
fields' analyzers, in queries; so either spelling finds the other.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Iterator
from typing import Any

from whoosh.analysis import (
    STOP_WORDS,
    Filter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.analysis.analyzers import CompositeAnalyzer
from whoosh.formats import Existence, Frequency, Positions
from whoosh.lang.porter import stem
from whoosh.support.charset import accent_map
from whoosh.system import pack_uint, unpack_uint

# Whoosh's default token pattern (whoosh.analysis.tokenizers.default_pattern).
TOKEN = re.compile(r"[\w\*]+(?:\.?[\w\*]+)*", re.UNICODE)
MIN_WORD = 2
EDGE_MIN = 2
# Longer starts are looked up among the title words (few share them).
EDGE_MAX = 4
_STEMS: dict[str, str] = {}
_STEMS_MAX = 200_000
_HEADER = 4  # pack_uint: the number of positions


def fold(word: str) -> str:
    """A lowercase word with its accents folded, as Whoosh's CharsetFilter does."""
    return word if word.isascii() else word.translate(accent_map)


class FoldAccents(Filter):  # type: ignore[misc]
    """Whoosh's CharsetFilter with its accent map, kept out of the index's
    table of contents (a filter's state is pickled there, with every field)."""

    def __call__(self, tokens: Iterator[Any]) -> Iterator[Any]:
        for token in tokens:
            token.text = fold(token.text)
            yield token


def folding(*, stem_words: bool) -> CompositeAnalyzer:
    """StemmingAnalyzer (or StandardAnalyzer) with accents folded after lowercasing.

    :func:`index_terms` gives the same terms for the index.
    """
    chain = RegexTokenizer() | LowercaseFilter() | FoldAccents() | StopFilter()
    return chain | StemFilter() if stem_words else chain


def stemmed(word: str) -> str:
    """The Porter stem of a lowercase word, cached."""
    found = _STEMS.get(word)
    if found is None:
        if len(_STEMS) >= _STEMS_MAX:
            _STEMS.clear()
        found = _STEMS[word] = stem(word)
    return found


def index_terms(text: str, *, stem_words: bool = True) -> Iterator[tuple[str, int]]:
    """(term, position) for each word of ``text``, as the index sees it.

    Mirrors RegexTokenizer, LowercaseFilter, FoldAccents, StopFilter (minimum
    length two, renumbering) and, with ``stem_words``, StemFilter.
    """
    position = -1
    for number, match in enumerate(TOKEN.finditer(text)):
        word = fold(match.group().lower())
        if len(word) < MIN_WORD or word in STOP_WORDS:
            continue
        # StopFilter numbers kept words on from the first kept word's place.
        position = number if position < 0 else position + 1
        yield (stemmed(word) if stem_words else word), position


def spans(text: str, *, stem_words: bool = True) -> Iterator[tuple[str, int, int]]:
    """(term, start, end) for each indexed word of ``text``: for highlighting."""
    for match in TOKEN.finditer(text):
        word = fold(match.group().lower())
        if len(word) < MIN_WORD or word in STOP_WORDS:
            continue
        yield (stemmed(word) if stem_words else word), match.start(), match.end()


def edges(text: str) -> set[str]:
    """The starts (two to EDGE_MAX characters) of every word of a title."""
    out: set[str] = set()
    for match in TOKEN.finditer(text):
        word = fold(match.group().lower())
        for end in range(EDGE_MIN, min(len(word), EDGE_MAX) + 1):
            out.add(word[:end])
    return out


def encode_positions(positions: list[int]) -> bytes:
    """A posting value: the count, then the positions as 32-bit integers."""
    count = len(positions)
    header: bytes = pack_uint(count)
    return header + struct.pack(f"<{count}I", *positions)


def decode_positions(value: bytes) -> list[int]:
    """The positions in a value made by :func:`encode_positions`."""
    count = (len(value) - _HEADER) // 4
    return list(struct.unpack_from(f"<{count}I", value, _HEADER))


class FastPositions(Positions):  # type: ignore[misc]
    """Positions of stemmed words, for fields analysed by ``StemmingAnalyzer``."""

    stem_words = True

    def word_values(
        self, value: Any, analyzer: Any, **kwargs: Any
    ) -> Iterator[tuple[str, int, float, bytes]]:
        poses: dict[str, list[int]] = {}
        for term, position in index_terms(value, stem_words=self.stem_words):
            found = poses.get(term)
            if found is None:
                poses[term] = [position]
            else:
                found.append(position)
        boost = self.field_boost
        for term, found in poses.items():
            yield term, len(found), len(found) * boost, encode_positions(found)

    def encode(self, poslist: Any) -> bytes:
        return encode_positions(list(poslist))

    def decode_positions(self, valuestring: bytes) -> list[int]:
        return decode_positions(valuestring)

    def decode_frequency(self, valuestring: bytes) -> int:
        return int(unpack_uint(valuestring[:_HEADER])[0])


class FastFrequency(Frequency):  # type: ignore[misc]
    """Frequencies of unstemmed words, for fields analysed by ``StandardAnalyzer``."""

    def word_values(
        self, value: Any, analyzer: Any, **kwargs: Any
    ) -> Iterator[tuple[str, int, float, bytes]]:
        freqs: dict[str, int] = {}
        for term, _ in index_terms(value, stem_words=False):
            freqs[term] = freqs.get(term, 0) + 1
        boost = self.field_boost
        for term, freq in freqs.items():
            yield term, freq, freq * boost, pack_uint(freq)


class EdgeGrams(Existence):  # type: ignore[misc]
    """The starts of a title's words; a document either has one or not."""

    def word_values(
        self, value: Any, analyzer: Any, **kwargs: Any
    ) -> Iterator[tuple[str, int, float, bytes]]:
        boost = self.field_boost
        return ((gram, 1, boost, b"") for gram in edges(value))
