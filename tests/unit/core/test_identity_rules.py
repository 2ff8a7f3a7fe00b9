"""Which records name the same paper: identifiers first, then title, year, author."""

from __future__ import annotations

from readinglist.core.identity import Identity, fold_family, same_paper
from readinglist.core.models import Paper, ParsedPaper
from readinglist.core.recordfields import Name


def ident(
    title: str = "Attention Is All You Need",
    *,
    doi: str | None = None,
    arxiv: str | None = None,
    published: str | None = None,
    author: str | None = None,
) -> Identity:
    authors = (Name(family=author, given="A."),) if author else ()
    return Identity.of(
        ParsedPaper(
            title=title, doi=doi, arxiv=arxiv, published=published, authors=authors
        )
    )


def test_a_shared_doi_is_the_same_paper_whatever_the_titles() -> None:
    a = ident("Calendar", doi="10.1000/ABC")
    b = ident("A different title", doi="10.1000/abc", published="1999")
    assert same_paper(a, b)


def test_a_shared_arxiv_id_ignores_the_version() -> None:
    assert same_paper(
        ident("One", arxiv="2101.00001v1"), ident("Two", arxiv="2101.00001v3")
    )


def test_different_identifiers_are_different_papers_with_one_title() -> None:
    assert not same_paper(ident(doi="10.1000/a"), ident(doi="10.1000/b"))
    assert not same_paper(ident(arxiv="2101.00001"), ident(arxiv="2101.00002"))


def test_one_identifier_on_one_side_leaves_it_to_the_title() -> None:
    assert same_paper(ident(doi="10.1000/a"), ident())
    assert same_paper(ident(doi="10.1000/a"), ident(arxiv="1706.03762"))


def test_the_same_title_needs_years_that_agree() -> None:
    assert same_paper(ident(published="2017-06-12"), ident(published="2017"))
    assert same_paper(ident(published="2017"), ident())
    # A 2007 conference paper and its 2008 journal version are two papers.
    assert not same_paper(ident(published="2007"), ident(published="2008"))


def test_the_same_title_needs_first_authors_that_agree() -> None:
    assert same_paper(ident(author="Vaswani"), ident(author="VASWANI"))
    assert same_paper(ident(author="Müller"), ident(author="Muller"))
    assert same_paper(ident(author="Vaswani"), ident())
    assert not same_paper(ident(author="Vaswani"), ident(author="Knuth"))


def test_titles_are_folded() -> None:
    assert same_paper(ident("Týr-the-Pruner: X"), ident("TÝR the pruner x"))
    assert not same_paper(ident("Calendar"), ident("Calendars"))


def test_an_organisation_is_compared_whole() -> None:
    assert fold_family(Name(literal="Hugging Face")) == "hugging face"
    assert fold_family(None) is None


def test_a_stored_paper_has_the_same_identity_as_what_was_parsed() -> None:
    paper = Paper(
        paper_id="p",
        title="Attention Is All You Need",
        doi="10.1000/x",
        published="2017",
    )
    assert Identity.of(paper) == ident(doi="10.1000/x", published="2017")
