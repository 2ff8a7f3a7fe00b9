"""Our evaluator gives Whoosh's own answers, and our analysis Whoosh's terms.

Search runs over numpy arrays (evaluate.py) rather than Whoosh's matchers, and
the index's terms are made by analysis.py rather than Whoosh's analyzers; both
promise Whoosh's results. These tests hold them to it on the sample library:
the same papers, the same scores (within 1e-6) and the same order as
``searcher.search(limit=None)``, for every kind of query.

They run on the sample listings and on a generated corpus of a few thousand
papers (benchmarks/make_corpus.py), written by two writer processes into
several segments.

Three differences are on purpose, and each has a test that checks it is
exactly that difference:

* **BM25F for prefix and fuzzy terms.** Whoosh's parser makes prefix,
  wildcard and fuzzy terms "constant score": Whoosh then scores each expanded
  term with its searcher's BM25F all the same in large segments, but with a
  flat score in small ones (its preloaded union matcher), so a paper's score
  depended on the segment it sat in. We rank every expanded term by BM25F,
  which is what Whoosh gives for the same query with ``constantscore=False``;
  that is what these tests compare against. Same papers either way.
* **A transposition is one edit** (ranking.py): ``balckbox~`` finds
  ``blackbox``. Our fuzzy terms expand to Whoosh's words plus exactly those
  within the distance only when a swap of neighbours counts as one edit.
* **Exact forms weigh more** (ranking.py): each title word also asks for its
  unstemmed form in the ``words`` field. That adds only such terms, and no
  paper: it reorders what Whoosh's own parse finds.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from whoosh import query
from whoosh.qparser import QueryParser
from whoosh.support.levenshtein import damerau_levenshtein, levenshtein

from benchmarks import make_corpus
from readinglist.core import Library
from readinglist.core.index import whoosh_private
from readinglist.core.index.analysis import folding, index_terms
from readinglist.core.index.evaluate import Evaluator
from readinglist.core.index.ranking import EXACT_FIELD, DamerauFuzzyTerm
from readinglist.core.index.search import QueryBuilder, _order

QUERIES = [
    # words
    "diffusion",
    "video diffusion",
    "language models reasoning",
    "transformer",
    "régression",
    # phrases
    '"language model"',
    '"neural differential equations"',
    '"learning to learn"',
    '"diffusion models" video',
    # prefixes and fuzzy terms
    "trans*",
    "regulariz*",
    "di*",
    "regresion~1",
    "Balckbox~",
    "difusion~2",
    # fields and ranges
    "title:transformer",
    "abstract:privacy",
    'org:"Stanford AI"',
    "year:2021",
    "year:[2022 TO 2024]",
    "year:>2023 diffusion",
    # NOT and OR
    "NOT federated",
    "federated OR bandits",
    "diffusion NOT video",
    "privacy AND NOT federated",
    "(video OR image) AND diffusion",
    "learning ANDNOT video",
]
TYPED = ["mod", "model", "diffusion mo", "federated OR ban", "diffusion NOT vi", "ré"]
# Papers in the generated corpus: enough for several segments from two writers.
GENERATED = 3000
# Queries that find nothing in one of the libraries, by design of its words.
MAY_BE_EMPTY = {
    "ré",
    'org:"Stanford AI"',
    "Balckbox~",
    '"learning to learn"',
    "year:2021",
}


def _scored(q: query.Query) -> query.Query:
    """``q`` with its expanding terms scored by BM25F (see the module's note)."""
    if isinstance(q, query.MultiTerm) and q.constantscore:
        q = copy.copy(q)
        q.constantscore = False
        return q
    return q if q.is_leaf() else q.apply(_scored)


@pytest.fixture(scope="module", params=["samples", "generated"])
def library(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Library]:
    folder = tmp_path_factory.mktemp("parity") / "library"
    if request.param == "samples":
        data = Path(__file__).parents[2] / "data" / "listings"
        listings = sorted(data.glob("*.txt"))
    else:
        corpus = tmp_path_factory.mktemp("corpus")
        listings = make_corpus.generate(GENERATED, corpus, per_file=1000).files
    with Library.open(folder) as lib:
        lib.import_files(listings, year=2025)
        # A star and a note (committed at close): more than one segment, and
        # deleted documents in the first.
        first = lib.search("diffusion", limit=2).hits
        lib.set_starred([h.paper_id for h in first], True)
        lib.set_note(first[0].paper_id, "diffusion notes on regression")
    with Library.open(folder) as lib:
        yield lib


@pytest.mark.parametrize(
    ("text", "typeahead"),
    [(q, False) for q in QUERIES] + [(q, True) for q in TYPED],
)
def test_the_evaluator_gives_whooshs_answers(
    library: Library, text: str, typeahead: bool
) -> None:
    searcher = library.index.searcher()
    parsed = QueryBuilder(searcher.schema).build(text, typeahead=typeahead).parsed
    assert parsed is not None
    evaluator = Evaluator(searcher)
    found = evaluator.run(parsed)
    order = _order(evaluator, found, None, len(found))
    ours = list(
        zip(found.docs[order].tolist(), found.scores[order].tolist(), strict=True)
    )
    theirs = [(h.docnum, h.score) for h in searcher.search(_scored(parsed), limit=None)]

    assert [d for d, _ in ours] == [d for d, _ in theirs]
    for (doc, mine), (_, whoosh) in zip(ours, theirs, strict=True):
        assert mine == pytest.approx(whoosh, abs=1e-6), doc
    assert theirs or text in MAY_BE_EMPTY, f"{text!r} should find papers"


def test_index_terms_are_whooshs_analyzer_terms(library: Library) -> None:
    texts = [
        p.title + " " + (p.abstract or "")
        for p in library.papers(library.search_ids("")[0][:200])
    ]
    texts += ["Régression à noyau: Schrödinger, Týr, straße, ÆRØ, naïve café"]
    for stem_words in (True, False):
        analyzer = folding(stem_words=stem_words)
        for text in texts:
            whoosh = [(t.text, t.pos) for t in analyzer(text, positions=True)]
            assert list(index_terms(text, stem_words=stem_words)) == whoosh


def test_the_library_has_several_segments_and_deletions(library: Library) -> None:
    # What makes the comparisons above cover global numbering and scoring.
    searcher = library.index.searcher()
    leaves = [s.reader() for s, _ in searcher.leaf_searchers()]
    assert len(leaves) > 1
    assert any(leaf.has_deletions() for leaf in leaves)


@pytest.fixture
def searcher(library: Library) -> Iterator[Any]:
    """A searcher of the library's index of the test's own."""
    with library.index.ix.searcher() as own:
        yield own


def _parse(searcher: Any, text: str, typeahead: bool = False) -> query.Query:
    parsed = QueryBuilder(searcher.schema).build(text, typeahead=typeahead).parsed
    assert parsed is not None
    return parsed


def _words(found: Iterable[Any]) -> set[str]:
    return {w if isinstance(w, str) else w.decode("utf-8") for w in found}


CONSTANT_SCORE = [
    ("trans*", False),
    ("di*", False),
    ("regresion~1", False),
    ("difusion~2", False),
    ("model", True),
]


def _constant(q: query.Query) -> query.Query:
    """``q`` with its expanding terms constant-score again, as Whoosh parses."""
    if isinstance(q, query.MultiTerm) and not q.constantscore:
        q = copy.copy(q)
        q.constantscore = True
        return q
    return q if q.is_leaf() else q.apply(_constant)


@pytest.mark.parametrize(("text", "typeahead"), CONSTANT_SCORE)
def test_constant_score_is_the_only_change_to_whooshs_query(
    searcher: Any, text: str, typeahead: bool
) -> None:
    # What the evaluator is compared with above differs from the parsed query
    # in the constant-score flag of expanding terms, and in nothing else.
    # (Whoosh's own constant-score path cannot be the reference: across
    # segments it looks up a prefix's words in segments that lack them and
    # fails with TermNotFound.)
    parsed = _parse(searcher, text, typeahead)
    expanding = [q for q in parsed.leaves() if isinstance(q, query.MultiTerm)]
    assert expanding
    assert all(q.constantscore for q in expanding)
    scored = _scored(parsed)
    assert scored != parsed
    assert _constant(scored) == parsed


@pytest.mark.parametrize(
    "text", ["Balckbox~", "regresion~1", "trasnformer~", "difusion~2"]
)
def test_a_transposition_is_the_only_extra_fuzzy_match(
    searcher: Any, text: str
) -> None:
    leaves = [leaf for leaf, _ in searcher.reader().leaf_readers()]
    fuzzy = [
        q for q in _parse(searcher, text).leaves() if isinstance(q, DamerauFuzzyTerm)
    ]
    assert fuzzy
    for q in fuzzy:
        plain = query.FuzzyTerm(
            q.fieldname, q.text, maxdist=q.maxdist, prefixlength=q.prefixlength
        )
        # Segment by segment, as both expand: Whoosh's automaton over one
        # segment counts a swap as two edits. (Over several segments at once
        # Whoosh compares every word by Damerau distance: slow, and not what
        # a one-segment library got.)
        ours = _expanded(q, leaves)
        theirs = _expanded(plain, leaves)
        assert theirs <= ours
        for word in ours - theirs:
            assert levenshtein(word, q.text) > q.maxdist, word
            assert damerau_levenshtein(word, q.text) <= q.maxdist, word


def _expanded(q: query.Query, leaves: list[Any]) -> set[str]:
    return {
        w for leaf in leaves for w in _words(whoosh_private.expanded_terms(q, leaf))
    }


def test_a_transposed_word_is_found(searcher: Any) -> None:
    leaves = [leaf for leaf, _ in searcher.reader().leaf_readers()]
    words = _words(searcher.reader().lexicon("abstract"))

    def swapped(w: str) -> str:
        return w[:2] + w[3] + w[2] + w[4:]

    # A word whose third and fourth letters, swapped, make no other word.
    word = next(
        w
        for w in sorted(words)
        if len(w) > 6 and w.isalpha() and w[2] != w[3] and swapped(w) not in words
    )
    fuzzy = DamerauFuzzyTerm("abstract", swapped(word), maxdist=1, prefixlength=1)
    plain = query.FuzzyTerm("abstract", swapped(word), maxdist=1, prefixlength=1)
    assert word in _expanded(fuzzy, leaves)
    assert word not in _expanded(plain, leaves)


@pytest.mark.parametrize(
    "text", ["transformer", "language models reasoning", "diffusion NOT video"]
)
def test_exact_forms_add_only_words_terms_and_no_paper(
    searcher: Any, text: str
) -> None:
    builder = QueryBuilder(searcher.schema)
    ours = builder.build(text).parsed
    assert ours is not None
    # The same parser without the exact forms: Whoosh's own parse of the text.
    plain = QueryParser.parse(builder.parser, text)
    added = set(ours.all_terms()) - set(plain.all_terms())
    assert added
    assert {field for field, _ in added} == {EXACT_FIELD}
    assert set(plain.all_terms()) <= set(ours.all_terms())
    found = {h.docnum for h in searcher.search(ours, limit=None)}
    assert found == {h.docnum for h in searcher.search(plain, limit=None)}
