"""Our evaluator gives Whoosh's own answers, and our analysis Whoosh's terms.

Search runs over numpy arrays (evaluate.py) rather than Whoosh's matchers, and
the index's terms are made by analysis.py rather than Whoosh's analyzers; both
promise Whoosh's results. These tests hold them to it on the sample library:
the same papers, the same scores (within 1e-6) and the same order as
``searcher.search(limit=None)``, for every kind of query.

One difference is on purpose. Whoosh's parser makes prefix, wildcard and
fuzzy terms "constant score": Whoosh then scores each expanded term with its
searcher's BM25F all the same in large segments, but with a flat score in
small ones (its preloaded union matcher), so a paper's score depended on the
segment it sat in. We rank every expanded term by BM25F, which is what Whoosh
gives for the same query with ``constantscore=False``; that is what these
tests compare against.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path

import pytest
from whoosh import query

from readinglist.core import Library
from readinglist.core.index.analysis import folding, index_terms
from readinglist.core.index.evaluate import Evaluator
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


def _scored(q: query.Query) -> query.Query:
    """``q`` with its expanding terms scored by BM25F (see the module's note)."""
    if isinstance(q, query.MultiTerm) and q.constantscore:
        q = copy.copy(q)
        q.constantscore = False
        return q
    return q if q.is_leaf() else q.apply(_scored)


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    folder = tmp_path_factory.mktemp("parity") / "library"
    listings = sorted((Path(__file__).parents[2] / "data" / "listings").glob("*.txt"))
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
    assert theirs or text in {"ré"}, f"{text!r} should find papers"


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
