"""Ranking as a reader expects it: exact forms first, ranked prefixes and fuzzy
terms, a swap of two letters as one slip, accents folded, quick suggestions."""

from __future__ import annotations

from pathlib import Path

from readinglist.core import Library
from readinglist.core.identity import fold_title, paper_id_for

BLACKBOX = (
    "Opening the Blackbox: Accelerating Neural Differential Equations by "
    "Regularizing Internal Solver Heuristics"
)
SCHRODINGER = "Schrödinger"
NEUTRAL = (
    "We study a problem that matters in practice and report results on "
    "several public benchmarks with careful ablations."
)


def _listing(folder: Path, titles: list[str]) -> Path:
    """A listing file in the page's compact layout: title, abstract, ..."""
    lines = ["Get trending papers in your email inbox!"]
    for n, title in enumerate(titles):
        lines += [("Subscribe" if n == 0 else "") + title, f"{NEUTRAL} Case {n}."]
    path = folder / "listing.txt"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def _titles(lib: Library, text: str, **kwargs: object) -> list[str]:
    result = lib.search(text, limit=500, **kwargs)  # type: ignore[arg-type]
    assert result.error is None, result.error
    return [h.title for h in result.hits]


def test_an_exact_word_ranks_above_a_stem_only_match(
    library_dir: Path, tmp_path: Path
) -> None:
    exact = "Transformers at Scale for Kernel Regression in Large Sparse Systems"
    titles = [
        "Spectrally Transformed Kernel Regression",
        "Transform Once: Efficient Operators",
        exact,
    ]
    with Library.open(library_dir) as lib:
        lib.import_files([_listing(tmp_path, titles)], year=2025)
        assert _titles(lib, "transformers")[0] == exact
        # The stemmed forms still match, below the exact one.
        assert sorted(_titles(lib, "transformers")) == sorted(titles)
        assert _titles(lib, "title:transformed")[0] == titles[0]


def test_accents_are_folded_both_ways(
    sample_library: Library, library_dir: Path, tmp_path: Path
) -> None:
    schrodinger = _titles(sample_library, "schrödinger")
    assert len(schrodinger) == 1 and SCHRODINGER in schrodinger[0]
    assert _titles(sample_library, "Schrodinger") == schrodinger
    (hit,) = sample_library.search("schrodinger").hits
    (title,) = [h for h in hit.highlights if h.field == "title"]
    assert [title.text[a:b] for a, b in title.matches] == [SCHRODINGER]
    assert _titles(sample_library, "schrod*") == schrodinger
    assert _titles(sample_library, "régression") == _titles(
        sample_library, "regression"
    )
    assert _titles(sample_library, "régression")

    with Library.open(library_dir) as lib:
        lib.import_files([_listing(tmp_path, ["Régression à noyau"])], year=2025)
        assert _titles(lib, "regression noyau") == ["Régression à noyau"]
        assert _titles(lib, "régr", typeahead=True) == ["Régression à noyau"]


def test_fuzzy_counts_two_swapped_letters_as_one_edit(sample_library: Library) -> None:
    # "balckbox" is two edits from "blackbox" for Levenshtein, one for Lucene.
    assert _titles(sample_library, "Balckbox~") == [BLACKBOX]
    assert _titles(sample_library, "Balckbox~1") == [BLACKBOX]
    assert _titles(sample_library, "Blakcbxo~1") == []
    assert _titles(sample_library, "Blakcbxo~2") == [BLACKBOX]


def test_prefix_and_fuzzy_hits_are_ranked_by_relevance(
    sample_library: Library,
) -> None:
    # Within one field: before, every hit of a prefix or fuzzy term scored
    # the same and they came in the order the papers were added.
    for text in ("title:regulariz*", "abstract:regresion~1", "abstract:diffus*"):
        hits = sample_library.search(text, limit=500).hits
        scores = [h.score for h in hits]
        assert len(hits) >= 3 and len(set(scores)) > 1, text
        assert scores == sorted(scores, reverse=True)
    # A short title full of the word ranks above a long one that has it once.
    top = _titles(sample_library, "title:regulariz*")
    assert top[-1] == BLACKBOX, top


def test_suggestions_are_words_papers_have(sample_library: Library) -> None:
    assert sample_library.search("transfromer").suggestion == "transformer"
    empty = sample_library.search("diffusoin modles")
    assert empty.total == 0
    assert empty.suggestion == "diffusion models"
    assert sample_library.search("qzxv").suggestion is None
    # A swap of two letters is one edit here too.
    assert sample_library.search("balckbox").suggestion == "blackbox"


def test_a_suggestion_never_names_a_word_no_paper_has_any_more(
    sample_library: Library,
) -> None:
    blackbox = paper_id_for(fold_title(BLACKBOX))
    assert sample_library.search("blackbxo").suggestion == "blackbox"
    sample_library.delete_papers([blackbox])
    assert sample_library.search("blackbox").total == 0
    assert sample_library.search("blackbxo").suggestion != "blackbox"
