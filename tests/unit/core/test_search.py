"""Search as a user types it: fields, operators, sorting, highlights, suggestions."""

from __future__ import annotations

import pytest

from readinglist.core import Library
from readinglist.core.identity import fold_title, paper_id_for

BLACKBOX = (
    "Opening the Blackbox: Accelerating Neural Differential Equations by "
    "Regularizing Internal Solver Heuristics"
)
BLACKBOX_ID = paper_id_for(fold_title(BLACKBOX))


def _titles(lib: Library, query: str, **kwargs: object) -> list[str]:
    result = lib.search(query, limit=500, **kwargs)  # type: ignore[arg-type]
    assert result.error is None, result.error
    return [h.title for h in result.hits]


def test_words_search_title_abstract_and_note(sample_library: Library) -> None:
    result = sample_library.search("blackbox solver heuristics", limit=5)
    assert result.total >= 1
    top = result.hits[0]
    assert top.paper_id == BLACKBOX_ID
    assert top.title == BLACKBOX
    assert top.year == 2021 and top.date == "2021-05-09"
    assert top.score > 0

    sample_library.set_note(BLACKBOX_ID, "zanzibar reading group pick")
    assert _titles(sample_library, "zanzibar") == [BLACKBOX]


def test_highlights_mark_the_matched_words(sample_library: Library) -> None:
    hit = sample_library.search("regularization", limit=50).hits[0]
    assert hit.highlights
    for highlight in hit.highlights:
        marked = [highlight.text[s:e].lower() for s, e in highlight.matches]
        assert marked and all(m.startswith("regulariz") for m in marked), marked


def test_highlight_whole_abstract_of_one_paper(sample_library: Library) -> None:
    spans = sample_library.highlights(BLACKBOX_ID, "differential equations")
    fields = {h.field for h in spans}
    assert {"title", "abstract"} <= fields
    abstract = next(h for h in spans if h.field == "abstract")
    assert abstract.text == sample_library.paper(BLACKBOX_ID).abstract
    assert len(abstract.matches) >= 4


def test_field_queries(sample_library: Library) -> None:
    assert _titles(sample_library, 'org:"Stanford AI"') == [
        "Intelligence per Watt: Measuring Intelligence Efficiency of Local AI"
    ]
    in_2021 = sample_library.search("year:2021", limit=500)
    assert in_2021.total > 0 and all(h.year == 2021 for h in in_2021.hits)
    ranged = sample_library.search("year:[2022 TO 2023]", limit=500)
    assert ranged.total > 0
    assert all(h.year in (2022, 2023) for h in ranged.hits)
    assert {h.year for h in ranged.hits} == {2022, 2023}
    titled = _titles(sample_library, "title:blackbox")
    assert titled == [BLACKBOX]


def test_boolean_phrase_prefix_and_fuzzy(sample_library: Library) -> None:
    privacy = set(_titles(sample_library, "privacy"))
    federated = set(_titles(sample_library, "federated"))
    both = set(_titles(sample_library, "privacy AND federated"))
    assert both and both == privacy & federated
    assert set(_titles(sample_library, "privacy NOT federated")) == privacy - federated
    assert set(_titles(sample_library, "privacy OR federated")) == privacy | federated

    phrase = _titles(sample_library, '"local differential privacy"')
    assert phrase and len(phrase) < len(privacy)
    assert "Federated Heavy Hitter Analytics with Local Differential Privacy" in phrase

    # With slop, the words may stand apart, but still in order.
    near = "Federated Heavy Hitter Analytics with Local Differential Privacy"
    assert near not in _titles(sample_library, '"local privacy"')
    assert near in _titles(sample_library, '"local privacy"~2')
    assert near not in _titles(sample_library, '"privacy local"~2')

    assert BLACKBOX in _titles(sample_library, "blackb*")
    assert BLACKBOX in _titles(sample_library, "blackbx~")


def test_typeahead_matches_an_unfinished_last_word(sample_library: Library) -> None:
    assert sample_library.search("blackb").total == 0
    typed = sample_library.search("blackb", typeahead=True)
    assert [h.paper_id for h in typed.hits] == [BLACKBOX_ID]
    narrowed = sample_library.search("neural differential blackb", typeahead=True)
    assert narrowed.hits[0].paper_id == BLACKBOX_ID


@pytest.mark.parametrize("sort", ["date", "upvotes", "added"])
def test_sorting(sample_library: Library, sort: str) -> None:
    hits = sample_library.search("model", limit=500, sort=sort).hits
    assert len(hits) > 20
    if sort == "date":
        dates = [h.date for h in hits if h.date]
        assert dates == sorted(dates, reverse=True)
    if sort == "upvotes":
        votes = [h.upvotes or 0 for h in hits]
        assert votes == sorted(votes, reverse=True) and votes[0] == 53


def test_unknown_sort_is_refused(sample_library: Library) -> None:
    with pytest.raises(ValueError, match="unknown sort"):
        sample_library.search("model", sort="colour")


def test_empty_query_lists_everything_newest_first(sample_library: Library) -> None:
    result = sample_library.search("", limit=10)
    assert result.total == sample_library.stats()["papers"]


def test_did_you_mean(sample_library: Library) -> None:
    result = sample_library.search("difusion modles")
    assert result.total == 0
    assert result.suggestion is not None
    assert result.suggestion.startswith("diffusion model")
    assert sample_library.search(result.suggestion).total > 0


def test_more_like_this(sample_library: Library) -> None:
    result = sample_library.more_like_this(BLACKBOX_ID, limit=5)
    assert result.hits
    assert BLACKBOX_ID not in [h.paper_id for h in result.hits]
    assert any("Differential" in h.title for h in result.hits)


@pytest.mark.parametrize(
    "query", ["title:(", '"unclosed', "AND OR", "year:[2020 TO", "*", ")))", "~~"]
)
def test_odd_queries_never_raise(sample_library: Library, query: str) -> None:
    result = sample_library.search(query, typeahead=True)
    assert result.total >= 0


def test_scope_restricts_results(sample_library: Library) -> None:
    sample_library.set_starred(BLACKBOX_ID, True)
    assert sample_library.search("differential", scope="starred:yes").total == 1
    assert sample_library.search("", scope="starred:yes").total == 1
