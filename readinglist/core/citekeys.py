"""Citation keys: made once from the first author, title and year, then pinned.

``openingBlackboxAccelerating2021``: the first three significant title words,
camel-cased, folded to ASCII, then the year. A clash with a key already taken gets
a suffix a, b, ... z, aa, ab, ...; the library stores the key the first time it is
made and never changes it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from itertools import count

# Words that carry no meaning of their own in a title; skipped when picking the
# words of a key, as JabRef's and Better BibTeX's key patterns do.
STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "nor",
        "of",
        "on",
        "in",
        "at",
        "to",
        "for",
        "from",
        "by",
        "with",
        "without",
        "via",
        "into",
        "onto",
        "over",
        "under",
        "as",
        "is",
        "are",
        "be",
        "its",
        "it",
        "this",
        "that",
        "these",
        "those",
        "we",
        "our",
        "your",
        "their",
        "how",
        "what",
        "when",
        "where",
        "which",
        "who",
        "why",
        "do",
        "does",
        "can",
        "vs",
        "versus",
        "per",
    ]
)

KEY_WORDS = 3

# Letters that Unicode does not decompose into an ASCII base letter plus accents.
_TRANSLITERATION = str.maketrans(
    {
        "ß": "ss",
        "æ": "ae",
        "Æ": "Ae",
        "œ": "oe",
        "Œ": "Oe",
        "ø": "o",
        "Ø": "O",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "Ð": "D",
        "þ": "th",
        "Þ": "Th",
        "\u0131": "i",  # dotless i
    }
)

# A key that BibTeX, biber and LaTeX's \cite all take: no spaces, braces,
# commas, quotes, "#", "%", "~" or backslashes, and ASCII only.
_VALID_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_:.+/-]*")


def is_valid_key(key: str) -> bool:
    """True when ``key`` can be written as a BibTeX citation key as it is."""
    return _VALID_KEY.fullmatch(key) is not None


def _ascii_words(title: str) -> list[str]:
    # "Don't" is one word, not "Don" and "t".
    title = re.sub(r"(?<=\w)['\u2019](?=\w)", "", title.translate(_TRANSLITERATION))
    folded = unicodedata.normalize("NFKD", title)
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return re.findall(r"[A-Za-z0-9]+", folded.encode("ascii", "ignore").decode())


def base_key(title: str, year: int | None, author: str | None = None) -> str:
    """The key before any clash suffix: three significant words and the year.

    With a first author's family name, the key takes Better BibTeX's default
    form: ``smithAcceleratingImageGeneration2024`` (the name lowercased and
    folded to ASCII, then each title word capitalised, then the year).

    Args:
        title: the paper's title, in any script; letters are folded to ASCII.
        year: its publication year, if known.
        author: the first author's family name (or an organisation's name).

    Returns:
        An ASCII key such as ``openingBlackboxAccelerating2021``; ``paper`` plus
        the year when the title has no ASCII-foldable word at all.
    """
    words = [w for w in _ascii_words(title) if w.lower() not in STOP_WORDS]
    if not words:
        words = _ascii_words(title) or ["paper"]
    picked = words[:KEY_WORDS]
    name = "".join(_ascii_words(author or "")).lower()
    if name:
        key = name + "".join(w[:1].upper() + w[1:].lower() for w in picked)
    else:
        key = picked[0].lower()
        key += "".join(w[:1].upper() + w[1:].lower() for w in picked[1:])
    if key[0].isdigit():
        key = "p" + key
    return key + (str(year) if year else "")


def _suffixes() -> Callable[[], str]:
    numbers = count(1)

    def next_suffix() -> str:
        n = next(numbers)
        letters = ""
        while n:
            n, rest = divmod(n - 1, 26)
            letters = chr(ord("a") + rest) + letters
        return letters

    return next_suffix


def make_citekey(
    title: str,
    year: int | None,
    taken: Callable[[str], bool],
    author: str | None = None,
) -> str:
    """A key for a new paper that no other paper holds.

    Args:
        title: the paper's title.
        year: its publication year, if known.
        taken: answers whether a key is already in use in the library.
        author: the first author's family name, when known.

    Returns:
        The base key, or the base key with the first free suffix.
    """
    key = base_key(title, year, author)
    if not taken(key):
        return key
    next_suffix = _suffixes()
    while True:
        candidate = key + next_suffix()
        if not taken(candidate):
            return candidate
