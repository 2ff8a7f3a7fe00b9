"""Prefix and fuzzy terms from the tables saved with each segment give the same
papers, scores and words as reading the index term by term.

The corpus is generated: words of a small alphabet, so that short prefixes
stand for many words and most words have neighbours one or two edits away.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from readinglist.core import Library
from readinglist.core.index import postings, termtables
from readinglist.core.index.evaluate import Evaluator
from readinglist.core.index.ranking import DamerauFuzzyTerm
from readinglist.core.index.search import QueryBuilder, _order

SEED = 5
LETTERS = "abcdeo"


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(LETTERS) for _ in range(rng.randint(3, 8)))


def _listing(path: Path, rng: random.Random, papers: int) -> Path:
    """A listing in the page's compact layout: title line, abstract line."""
    lines = ["Get trending papers in your email inbox!"]
    for n in range(papers):
        title = " ".join(_word(rng) for _ in range(rng.randint(3, 7)))
        abstract = " ".join(_word(rng) for _ in range(rng.randint(20, 40)))
        lines += [("Subscribe" if n == 0 else "") + f"{title} {n}", abstract + "."]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    folder = tmp_path_factory.mktemp("termtables")
    rng = random.Random(SEED)
    with Library.open(folder / "library") as lib:
        # Two batch imports (tables saved), then stars: a small segment the
        # tables do not cover, and deleted documents in the large ones.
        for n in range(2):
            lib.import_files([_listing(folder / f"l{n}.txt", rng, 150)], year=2025)
        ids = lib.search_ids("")[0]
        lib.set_starred(rng.sample(ids, 12), True)
    with Library.open(folder / "library") as lib:
        yield lib


def _words(library: Library) -> list[str]:
    searcher = library.index.searcher()
    return sorted({t.decode() for t in searcher.reader().lexicon("abstract")})


def _results(library: Library, text: str) -> list[tuple[int, float]]:
    searcher = library.index.searcher()
    parsed = QueryBuilder(searcher.schema).build(text).parsed
    assert parsed is not None
    evaluator = Evaluator(searcher)
    found = evaluator.run(parsed)
    order = _order(evaluator, found, None, len(found))
    return list(
        zip(found.docs[order].tolist(), found.scores[order].tolist(), strict=True)
    )


def _queries(library: Library) -> list[str]:
    rng = random.Random(SEED)
    words = _words(library)
    out = [f"{a}{b}*" for a in LETTERS for b in LETTERS]
    out += [f"{w[:3]}*" for w in rng.sample(words, 10)]
    for word in rng.sample(words, 12):
        slip = word[0] + word[2] + word[1] + word[3:]
        out += [f"{slip}~", f"{slip}~2", f"title:{word}~1", f"{word}~2/0"]
    return out


def test_the_tables_were_saved_at_import(library: Library) -> None:
    searcher = library.index.searcher()
    leaves = [sub.reader() for sub, _ in searcher.leaf_searchers()]
    tabled = [leaf for leaf in leaves if termtables.table(leaf, "abstract")]
    assert tabled and len(tabled) < len(leaves)


def test_prefix_and_fuzzy_queries_match_the_term_by_term_reading(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = _queries(library)
    postings.CACHE.clear()
    fast = {text: _results(library, text) for text in texts}
    postings.CACHE.clear()
    monkeypatch.setattr(termtables, "table", lambda leaf, field: None)
    slow = {text: _results(library, text) for text in texts}
    postings.CACHE.clear()
    assert sum(1 for found in slow.values() if len(found) > 1) > len(texts) // 2
    for text in texts:
        assert [d for d, _ in fast[text]] == [d for d, _ in slow[text]], text
        assert [s for _, s in fast[text]] == pytest.approx(
            [s for _, s in slow[text]], rel=1e-12
        ), text


@pytest.mark.parametrize("distance", [0, 1, 2])
@pytest.mark.parametrize("prefix", [0, 1, 2])
def test_fuzzy_words_are_every_word_within_reach(
    library: Library, monkeypatch: pytest.MonkeyPatch, distance: int, prefix: int
) -> None:
    searcher = library.index.searcher()
    leaves = [sub.reader() for sub, _ in searcher.leaf_searchers()]
    leaf = next(leaf for leaf in leaves if termtables.table(leaf, "abstract"))
    saved = termtables.table(leaf, "abstract")
    assert saved is not None
    lexicon = saved.texts()
    assert lexicon == [t.decode() for t in leaf.lexicon("abstract")]
    rng = random.Random(distance * 10 + prefix)
    words = rng.sample(lexicon, 10) + [_word(rng) for _ in range(10)]
    terms = [
        DamerauFuzzyTerm("abstract", w, maxdist=distance, prefixlength=prefix)
        for w in words
    ]
    from_tables = [set(t._btexts(leaf)) for t in terms]
    monkeypatch.setattr(termtables, "table", lambda leaf, field: None)
    from_lexicon = [set(t._btexts(leaf)) for t in terms]
    for word, table_words, lexicon_words in zip(
        words, from_tables, from_lexicon, strict=True
    ):
        expected = {
            w
            for w in lexicon
            if w.startswith(word[:prefix]) and _osa(w, word) <= distance
        }
        assert table_words == expected, word
        assert lexicon_words == expected, word


def _osa(a: str, b: str) -> int:
    """Optimal string alignment distance, written out (the reference)."""
    rows = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        rows[i][0] = i
    for j in range(len(b) + 1):
        rows[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            rows[i][j] = min(
                rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost
            )
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                rows[i][j] = min(rows[i][j], rows[i - 2][j - 2] + 1)
    return rows[len(a)][len(b)]


def test_a_damaged_table_is_read_around(
    sample_library_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Library.open(sample_library_dir) as lib:
        expected = [(h.paper_id, h.score) for h in lib.search("re*", limit=50).hits]
    saved = sorted((sample_library_dir / "index").glob("terms-*.npz"))
    assert saved
    for n, path in enumerate(saved):
        # Not a table at all, or one cut short.
        path.write_bytes(b"not a table" if n % 2 else path.read_bytes()[:300])
    postings.CACHE.clear()
    with Library.open(sample_library_dir) as lib:
        found = [(h.paper_id, h.score) for h in lib.search("re*", limit=50).hits]
    postings.CACHE.clear()
    assert [i for i, _ in found] == [i for i, _ in expected]
    assert [s for _, s in found] == pytest.approx([s for _, s in expected])
