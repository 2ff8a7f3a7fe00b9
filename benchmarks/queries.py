"""The queries the benchmark asks, each in the app's language and in FTS5's.

Queries are drawn (with a fixed seed) from the corpus's own titles and
abstracts, the way a reader searches a library they know: one to three topic
words, a phrase, the start of a word with ``*`` (and a short start of two or
three letters), a field, the starred papers, and a query typed one key at a
time with the last word matched as a prefix. Then the queries that used to
cost the most: a misspelt word (no result, so a suggestion is made), a query
typed key by key that ends in a misspelt word, ``a OR b`` / ``a NOT b``
typed key by key, and a misspelt word searched fuzzily (``word~``).
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from whoosh.analysis import STOP_WORDS

from readinglist.core.index.analysis import MIN_WORD
from readinglist.core.index.search import MIN_PREFIX

SEED = 7
KINDS = (
    "words",
    "typeahead",
    "phrase",
    "prefix",
    "field",
    "starred",
    "typo",
    "typeahead-empty",
    "typeahead-operators",
    "short-prefix",
    "fuzzy",
)
_STOP = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "can",
        "for",
        "from",
        "in",
        "into",
        "is",
        "it",
        "of",
        "on",
        "or",
        "our",
        "the",
        "this",
        "to",
        "via",
        "we",
        "with",
        "without",
        "under",
        "towards",
        "toward",
        "using",
        "what",
        "when",
        "how",
        "do",
        "does",
        "not",
        "all",
        "its",
        "their",
        "is",
        "vs",
    ]
)


def query_words(titles: Sequence[str]) -> Iterator[list[str]]:
    """Runs of content words in titles, lowercased: what people search for."""
    for title in titles:
        words: list[str] = []
        for raw in title.split():
            word = raw.strip(".,:;()[]{}\"'?!").lower()
            if word.isalpha() and word not in _STOP and len(word) > 2:
                words.append(word)
            elif words:
                yield words
                words = []
        if words:
            yield words


@dataclass(frozen=True, slots=True)
class Query:
    """One query: its class, the app's text and the FTS5 equivalent."""

    kind: str
    text: str
    fts: str
    typeahead: bool = False


def _terms(words: Sequence[str]) -> str:
    """Words as FTS5 needs them: quoted, joined by AND, stop words left out
    (the app's analyzer drops them too)."""
    kept = [w for w in words if len(w) >= MIN_WORD and w.lower() not in STOP_WORDS]
    return " AND ".join(f'"{w}"' for w in kept)


def typed(text: str, kind: str = "typeahead") -> list[Query]:
    """Every state of the search field while ``text`` is typed, key by key.

    The app matches the unfinished last word as the start of a title word
    (and as a whole word everywhere); the FTS5 query does the same with a
    prefix query on the title column. A state with nothing to search (one
    letter, a stop word) is answered without a search by both.
    """
    out: list[Query] = []
    for end in range(1, len(text) + 1):
        shown = text[:end]
        if shown.endswith(" "):
            continue  # a space alone changes nothing the user waits for
        *head, last = shown.split()
        fts = _terms(head)
        if len(last) >= MIN_PREFIX:
            either = f'("{last}" OR title : "{last}"*)'
            fts = f"{fts} AND {either}" if fts else either
        elif _terms([last]):
            fts = f"{fts} AND {_terms([last])}" if fts else _terms([last])
        out.append(Query(kind, shown, fts, typeahead=True))
    return out


def misspelt(word: str, rng: random.Random) -> str:
    """``word`` with one typing slip: two letters swapped, one doubled or one
    dropped (never the first letter, which people rarely get wrong)."""
    at = rng.randrange(1, len(word) - 1)
    match rng.randrange(3):
        case 0:
            return word[:at] + word[at + 1] + word[at] + word[at + 2 :]
        case 1:
            return word[:at] + word[at] + word[at:]
    return word[:at] + word[at + 1 :]


def typed_operator(left: str, operator: str, right: str) -> list[Query]:
    """The keys of ``left OPERATOR right`` once the operator is typed: each
    state of the last word, in type-ahead mode."""
    out: list[Query] = []
    head = _terms([left])
    for end in range(1, len(right) + 1):
        last = right[:end]
        if len(last) >= MIN_PREFIX:
            tail = f'("{last}" OR title : "{last}"*)'
        else:
            tail = _terms([last])
        if not tail:
            continue
        fts = f"{head} {operator} {tail}"
        out.append(Query("typeahead-operators", f"{left} {operator} {last}", fts, True))
    return out


def make_queries(
    titles: Sequence[str],
    organisations: Sequence[str],
    *,
    words: int = 200,
    typed_queries: int = 40,
    each: int = 50,
    seed: int = SEED,
) -> list[Query]:
    """The benchmark's queries, in a fixed order.

    Args:
        titles: titles to draw topic words, phrases and prefixes from.
        organisations: organisation names that occur in the corpus.
        words: how many one-to-three-word queries.
        typed_queries: how many queries to type key by key.
        each: how many phrase, prefix and field queries.
        seed: the random seed.

    Returns:
        The queries; the same arguments always give the same list.
    """
    rng = random.Random(seed)
    runs = list(query_words(rng.sample(list(titles), min(len(titles), 5000))))
    pairs = [r for r in runs if len(r) >= 2]
    long_words = sorted({w for r in runs for w in r if len(w) >= 7})
    out: list[Query] = []
    for _ in range(words):
        chosen = _run(rng, runs, (1, 1, 2, 2, 2, 3))
        out.append(Query("words", " ".join(chosen), _terms(chosen)))
    for _ in range(typed_queries):
        out += typed(" ".join(_run(rng, runs, (1, 2, 2, 3))))
    for _ in range(each):
        phrase = " ".join(_run(rng, pairs, (2, 2, 3)))
        out.append(Query("phrase", f'"{phrase}"', f'"{phrase}"'))
    for _ in range(each):
        start = rng.choice(long_words)[: rng.choice((4, 5, 5, 6))]
        out.append(Query("prefix", f"{start}*", f'"{start}"*'))
    for n in range(each):
        word = rng.choice(rng.choice(runs))
        out.append(_field(n, word, rng, organisations))
    out += _hard(rng, runs, long_words, each)
    for n in range(each // 2):
        if n % 2:
            word = rng.choice(rng.choice(runs))
            out.append(
                Query("starred", f"starred:yes {word}", f'starred : yes AND "{word}"')
            )
        else:
            out.append(Query("starred", "starred:yes", "starred : yes"))
    # Drawn apart, so that adding them left every query above as it was.
    return out + _fuzzy(random.Random(seed + 1), long_words, each)


def _fuzzy(rng: random.Random, long_words: Sequence[str], each: int) -> list[Query]:
    """``word~`` and ``word~2`` for a misspelt long word. FTS5 has no fuzzy
    search: its column times the word spelt right, what the user meant."""
    out: list[Query] = []
    for n in range(each):
        word = rng.choice(long_words)
        tilde = "~2" if n % 3 == 2 else "~"
        out.append(Query("fuzzy", f"{misspelt(word, rng)}{tilde}", f'"{word}"'))
    return out


def _hard(
    rng: random.Random,
    runs: Sequence[list[str]],
    long_words: Sequence[str],
    each: int,
) -> list[Query]:
    """Typos, typed queries ending in a typo, typed OR/NOT and short prefixes."""
    out: list[Query] = []
    for _ in range(each):
        chosen = _run(rng, runs, (1, 1, 2))
        slip = misspelt(rng.choice(long_words), rng)
        words = [*chosen[:-1], slip] if len(chosen) > 1 else [slip]
        out.append(Query("typo", " ".join(words), _terms(words)))
    for _ in range(each // 5):
        chosen = _run(rng, runs, (1, 2))
        slip = misspelt(rng.choice(long_words), rng)
        out += typed(" ".join([*chosen, slip]), "typeahead-empty")
    for n in range(each // 5):
        left, right = rng.choice(runs)[0], rng.choice(rng.choice(runs))
        out += typed_operator(left, ("OR", "NOT")[n % 2], right)
    for _ in range(each):
        start = rng.choice(long_words)[: rng.choice((2, 3, 3))]
        out.append(Query("short-prefix", f"{start}*", f'"{start}"*'))
    return out


def _run(
    rng: random.Random, runs: Sequence[list[str]], sizes: Sequence[int]
) -> list[str]:
    """Consecutive words from one title run, as many as a random size."""
    run = rng.choice(runs)
    size = min(len(run), rng.choice(sizes))
    start = rng.randrange(len(run) - size + 1)
    return run[start : start + size]


def _field(
    n: int, word: str, rng: random.Random, organisations: Sequence[str]
) -> Query:
    match n % 5:
        case 0 | 1:
            return Query("field", f"title:{word}", f'title : "{word}"')
        case 2:
            return Query("field", f"abstract:{word}", f'abstract : "{word}"')
        case 3:
            org = rng.choice(organisations)
            return Query("field", f'org:"{org}"', f'org : "{org.lower()}"')
    year = rng.choice((2023, 2024, 2025))
    return Query("field", f"year:{year} {word}", f'year : {year} AND "{word}"')
