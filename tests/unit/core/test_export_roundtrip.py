"""Export, import again, get the same papers back: for every re-importable format.

Title, abstract, date, note and tags must come back as the same Unicode text,
after the cleaning every exporter applies (``clean_text``: line ends to ``\\n``,
control characters other than tab and line feed dropped, lone surrogates to
U+FFFD). The LaTeX formats give the text back in normalisation form C, which is
canonically the same text. Tags are compared as the library keeps them: single
spaced, no commas.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readinglist.core.exporters import clean_text, export
from readinglist.core.importers import ParseContext, parse_text, sniff
from readinglist.core.importers import bibtex as bibtex_importer
from readinglist.core.importers import csljson as csljson_importer
from readinglist.core.importers import ris as ris_importer
from readinglist.core.latex import _table
from readinglist.core.models import Paper, ParsedPaper
from tests.unit.core.test_export_samples import (
    LISTINGS,
    listing_papers,
    nfc,
    sample_papers,
)

FORMATS = ("bibtex", "biblatex", "ris", "csljson")
IMPORTER_OF = {
    "bibtex": "bibtex",
    "biblatex": "bibtex",
    "ris": "ris",
    "csljson": "csljson",
}
Fields = tuple[str, str | None, str | None, str | None, tuple[str, ...]]


def _normal(name: str) -> Callable[[str], str]:
    return nfc if name in {"bibtex", "biblatex"} else (lambda text: text)


def expected(paper: Paper, name: str) -> Fields:
    """What an import of ``paper``'s export must give back."""
    norm = _normal(name)
    abstract = norm(clean_text(paper.abstract or "")) or None
    note = norm(clean_text(paper.note)) or None
    tags = tuple(norm(clean_text(tag)) for tag in paper.tags)
    return norm(clean_text(paper.title)), abstract, paper.published, note, tags


def got(parsed: ParsedPaper) -> Fields:
    """The same fields of an imported paper."""
    return parsed.title, parsed.abstract, parsed.published, parsed.note, parsed.tags


def roundtrip(name: str, papers: Sequence[Paper]) -> list[ParsedPaper]:
    """Export ``papers`` as ``name`` and read the text back, sniffing its format."""
    text = export(name, papers, include_notes=True)
    importer = sniff(text)
    assert importer is not None and importer.name == IMPORTER_OF[name]
    result = parse_text(text, f"export.{name}", ParseContext())
    assert result.problems == []
    assert len(result.papers) == len(papers)
    return result.papers


@pytest.mark.parametrize("name", FORMATS)
def test_samples_roundtrip(name: str) -> None:
    papers = sample_papers()
    parsed = roundtrip(name, papers)
    for paper, back in zip(papers, parsed, strict=True):
        assert got(back) == expected(paper, name)
        assert back.citekey is not None


@pytest.mark.parametrize("name", FORMATS)
def test_citekeys_and_links_roundtrip(name: str) -> None:
    papers = sample_papers()
    parsed = roundtrip(name, papers)
    keys = [p.citekey for p in parsed]
    assert keys[0] == "openingBlackboxAccelerating2021"
    assert keys[5:] == ["attentionAllYou2017", "attentionAllYou2017a"]
    assert parsed[0].links[0] == "https://huggingface.co/papers/2105.03918"
    assert parsed[1].links[0] == "https://example.org/~user/a_b%20c?q=1&r=2#frag"


@pytest.mark.parametrize("name", FORMATS)
def test_every_listing_paper_roundtrips(name: str) -> None:
    papers = listing_papers()
    for index, paper in enumerate(papers):
        # Give every paper user data too, in the shapes notes really take.
        paper.note = f"Paper {index}: read §{index % 7}\n\n  - check {{code}} & 5%"
        paper.tags = ("to read", f"batch {index % 3}") if index % 2 else ()
    parsed = roundtrip(name, papers)
    mismatched = [
        (paper.paper_id, got(back), expected(paper, name))
        for paper, back in zip(papers, parsed, strict=True)
        if got(back) != expected(paper, name)
    ]
    assert mismatched == []


# -- properties over any text -------------------------------------------------

# Every code point, lone surrogates and control characters included: exporters
# must clean them (see ``clean_text``), never fail on them.
ANY_TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=60)
TRICKY = st.text(
    st.sampled_from(list(" \t\n\r\\{}$&%#_^~<>|\"'`@,=*[]ε Ωαéý\u00a0\u2028中😀\x00")),
    max_size=40,
)
TEXT = st.one_of(ANY_TEXT, TRICKY)
TITLE = TEXT.filter(lambda text: clean_text(text).strip() != "")
TAG = st.text(
    st.characters(exclude_categories=("Cc", "Cs"), exclude_characters=","), max_size=12
).map(lambda tag: " ".join(tag.split()))
DATE = st.one_of(
    st.none(),
    st.dates().map(lambda d: d.isoformat()),
    st.integers(1000, 9999).map(str),
    st.tuples(st.integers(1000, 9999), st.integers(1, 12)).map(
        lambda ym: f"{ym[0]:04d}-{ym[1]:02d}"
    ),
)


@st.composite
def papers(draw: st.DrawFn) -> Paper:
    """A paper whose text fields hold anything at all."""
    tags = [tag for tag in draw(st.lists(TAG, max_size=3)) if tag]
    return Paper(
        paper_id="p",
        title=draw(TITLE),
        abstract=draw(st.one_of(st.none(), TEXT)),
        published=draw(DATE),
        note=draw(TEXT),
        tags=tuple(dict.fromkeys(tags)),
    )


@pytest.mark.parametrize("name", FORMATS)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(paper=papers())
def test_any_text_roundtrips(name: str, paper: Paper) -> None:
    (back,) = roundtrip(name, [paper])
    assert got(back) == expected(paper, name)


@settings(max_examples=60, deadline=None)
@given(paper=papers())
def test_bibtex_export_of_any_text_spells_what_latex_can(paper: Paper) -> None:
    text = export("bibtex", [paper], include_notes=True)
    assert not {char for char in text if not char.isascii()} & set(_table())
    assert text.count("{") == text.count("}")


def test_importers_do_not_claim_listings() -> None:
    for path in sorted(LISTINGS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for importer in (bibtex_importer, ris_importer, csljson_importer):
            assert not importer.IMPORTER.match(text), (importer.__name__, path.name)
