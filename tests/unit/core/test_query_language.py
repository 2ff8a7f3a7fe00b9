"""One query language: the app's type-ahead means what the command line means.

The app searches with ``typeahead=True`` at every keystroke; the command line
without. A finished query (its last word followed by a space) must give both
the same papers, and the word still being typed is only widened to a prefix
where it stands. Queries that cannot mean what was written are errors.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readinglist.core import Library

# Words of the sample papers' titles and abstracts, common and rare, plus one
# that is in none of them.
WORDS = [
    "model",
    "language",
    "learning",
    "diffusion",
    "video",
    "federated",
    "bandits",
    "privacy",
    "graph",
    "neural",
    "reinforcement",
    "agent",
    "vision",
    "quantum",
    "robot",
    "transformer",
    "attention",
    "reasoning",
    "zzyzx",
]
FIELDS = ["title", "abstract", "note", "tag", "list", "org"]


@pytest.fixture(scope="module")
def library(_sample_library_template: Path) -> Iterator[Library]:
    """The sample library, only read (the tests here change nothing)."""
    with Library.open(_sample_library_template, readonly=True) as lib:
        yield lib


def cli(lib: Library, text: str) -> list[str]:
    """The papers ``readinglist search`` finds, in order (it calls search)."""
    first = lib.search(text, limit=20)
    assert first.error is None, (text, first.error)
    everything, error = lib.search_ids(text)
    assert error is None
    assert everything[:20] == [h.paper_id for h in first.hits]
    assert len(everything) == first.total
    return everything


def app(lib: Library, text: str) -> list[str]:
    """The papers the app shows for ``text`` as typed so far."""
    found, error = lib.search_ids(text, typeahead=True)
    assert error is None, (text, error)
    return found


# -- finished queries: the same papers in the app and on the command line ---------

word = st.sampled_from(WORDS)
term = st.one_of(
    word,
    st.builds(lambda f, w: f"{f}:{w}", st.sampled_from(FIELDS), word),
    st.builds(lambda a, b: f'"{a} {b}"', word, word),
    st.builds(lambda w: f"{w[:4]}*", word),
    st.sampled_from(
        ["year:2025", "year:[2024 TO 2025]", "year:>2024", "status:unread"]
    ),
    st.sampled_from(["starred:no", "status:read", "starred:yes"]),
)


def _combine(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.builds(lambda a, b: f"{a} {b}", inner, inner),
        st.builds(lambda a, b: f"{a} AND {b}", inner, inner),
        st.builds(lambda a, b: f"{a} OR {b}", inner, inner),
        st.builds(lambda a, b: f"{a} NOT {b}", inner, inner),
        st.builds(lambda a: f"NOT {a}", inner),
        st.builds(lambda a: f"-{a}", term),
        st.builds(lambda a: f"({a})", inner),
    )


queries = st.recursive(term, _combine, max_leaves=5)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(text=queries)
def test_a_finished_query_finds_the_same_papers_in_the_app(
    library: Library, text: str
) -> None:
    assert app(library, text + " ") == cli(library, text)


# -- the word being typed is widened where it stands ------------------------------


@pytest.mark.parametrize(
    ("typed", "at_least", "at_most"),
    [
        ("federated OR bandi", "federated OR title:bandits", "federated OR bandi*"),
        ("NOT federa", "NOT federa*", "NOT title:federated"),
        ("diffusion NOT vid", "diffusion NOT vid*", "diffusion NOT title:video"),
        ("diffusion -vid", "diffusion NOT vid*", "diffusion NOT title:video"),
        ("(video OR diffus", "video OR title:diffusion", "video OR diffus*"),
        ("language (model OR agen", "language model", "language (model OR agen*)"),
        ("diffusion year:202", "diffusion year:2025", "diffusion year:>2019"),
    ],
)
def test_the_unfinished_word_keeps_its_operator(
    library: Library, typed: str, at_least: str, at_most: str
) -> None:
    # Type-ahead widens the last word to the starts of title words (the
    # command line's prefix* looks in every field): what the app shows lies
    # between the two.
    shown = set(app(library, typed))
    assert set(cli(library, at_least)) <= shown <= set(cli(library, at_most))
    assert shown


@pytest.mark.parametrize(
    ("typed", "finished"),
    [
        ("year:202", "year:[2020 TO 2029]"),
        ("status:rea", "status:reading OR status:read"),
        ("starred:n", "starred:no"),
        ("starred:ye", "starred:yes"),
    ],
)
def test_a_field_value_being_typed_matches_what_it_starts(
    library: Library, typed: str, finished: str
) -> None:
    assert set(app(library, typed)) == set(cli(library, finished))


# -- what is plainly still being typed ---------------------------------------------


@pytest.mark.parametrize(
    ("typed", "finished"),
    [
        ('"language mod', '"language mod"'),
        ("diffusion NOT ", "diffusion"),
        ("diffusion AND", "diffusion"),
        ("(video OR diffusion ", "(video OR diffusion)"),
        ("diffusion title:", "diffusion"),
    ],
)
def test_the_app_finishes_what_is_being_typed(
    library: Library, typed: str, finished: str
) -> None:
    assert app(library, typed) == cli(library, finished)


# -- -word and +word ---------------------------------------------------------------


def test_minus_excludes_like_not(library: Library) -> None:
    minus = cli(library, "privacy -federated")
    assert minus == cli(library, "privacy NOT federated")
    assert set(minus).isdisjoint(cli(library, "federated"))
    assert minus


def test_plus_requires_inside_or(library: Library) -> None:
    required = set(cli(library, "federated OR +bandits"))
    assert required == set(cli(library, "bandits"))


# -- errors -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("foo:bar", r'no field "foo".*the fields are title'),
        ("year:abc", r'year: takes a year.*not "abc"'),
        ("status:done", r'status: takes unread, reading or read, not "done"'),
        ("starred:maybe", r'starred: takes yes or no, not "maybe"'),
        ("year:[2024 TO", r'range "\[2024 TO" at character 6 is never closed'),
        ('"unterminated', r"quote at character 1 is never closed"),
        ("diffusion (video OR audio", r'"\(" at character 11 is never closed'),
        ("diffusion video)", r'"\)" at character 16 has no "\("'),
        ("AND", r"AND at character 1 needs a word or phrase on each side"),
        ("diffusion OR", r"OR at character 11 needs a word"),
        ("NOT", r"NOT at character 1 needs a word or phrase after it"),
        ("title: diffusion", r'nothing follows "title:" at character 1'),
    ],
)
def test_a_query_that_cannot_be_read_says_why_and_where(
    library: Library, text: str, says: str
) -> None:
    result = library.search(text)
    assert result.error is not None
    assert re.search(says, result.error), result.error
    assert result.total == 0


def test_starred_maybe_does_not_find_the_starred_papers(
    sample_library: Library,
) -> None:
    paper = sample_library.search("diffusion").hits[0].paper_id
    sample_library.set_starred(paper, True)
    assert [h.paper_id for h in sample_library.search("starred:yes").hits] == [paper]
    assert sample_library.search("starred:maybe").error is not None


def test_the_app_is_strict_about_finished_mistakes(library: Library) -> None:
    for text in ("foo:bar ", "status:done ", "year:abc ", "a ) b "):
        assert library.search_ids(text, typeahead=True)[1] is not None, text
