"""Exports that cite: authors, identifiers, types and venues, and back again.

``record_papers`` (in ``test_export_samples``) holds one full record of each
entry type; every citing format must write what a bibliography needs and read
back the same fields it carries.
"""

# En dashes in page ranges are the point here.
# ruff: noqa: RUF001

from __future__ import annotations

import json

import pytest

from readinglist.core.exporters import export
from readinglist.core.importers import ParseContext, parse_text
from readinglist.core.models import Paper, ParsedPaper
from readinglist.core.recordfields import EntryType, Name
from tests.unit.core.test_export_samples import record_papers

CITING = ["bibtex", "biblatex", "ris", "csljson"]


def entry_of(text: str, key: str) -> str:
    start = text.index("{" + key + ",")
    return text[start : text.index("\n}", start)]


def test_bibtex_writes_authors_types_venues_and_identifiers() -> None:
    text = export("bibtex", record_papers())
    assert text.startswith("@article{smithAcceleratingImageGeneration2024,\n")
    article = entry_of(text, "smithAcceleratingImageGeneration2024")
    assert (
        'author = {Smith, Jane and M{\\"u}ller, J{\\"o}rg and {Hugging Face}}'
        in article
    )
    assert "journal = {Journal of Tests}" in article
    assert "pages = {100--110}" in article
    assert "doi = {10.1000/j.x.2024.001}" in article
    assert "url = {https://doi.org/10.1000/j.x.2024.001}" in article
    assert "github" not in article  # a code repository is not the paper's page
    conference = entry_of(text, "bergParametrisationGreedySearch2023")
    assert "@inproceedings{bergParametrisationGreedySearch2023" in text
    assert "author = {van der Berg, Jr., Hans}" in conference
    assert "booktitle = {Proceedings of the Test Conference}" in conference
    assert "eprint = {2301.00001v2},\n  archivePrefix = {arXiv},\n" in conference
    assert "primaryClass = {cs.LG}" in conference
    for kind in ("book", "incollection", "phdthesis", "techreport", "misc"):
        assert f"@{kind}{{" in text
    assert "school = {University of Tests}" in text
    assert "institution = {Test Lab}" in text
    assert "editor = {Doe, John}" in text  # a field the file carried


def test_biblatex_writes_eprint_types_and_utf8() -> None:
    text = export("biblatex", record_papers())
    conference = entry_of(text, "bergParametrisationGreedySearch2023")
    assert "eprinttype = {arxiv}" in conference
    assert "eprintclass = {cs.LG}" in conference
    assert "Москва and 東京" in conference
    assert "{$\\mu$}-Parametrisation" in conference
    assert "journaltitle = {Journal of Tests}" in text
    for kind in ("software", "dataset", "thesis", "report", "online"):
        assert f"@{kind}{{" in text
    assert "type = {phdthesis}" in entry_of(text, "doeTests2019")


def test_notes_are_private_unless_asked_for() -> None:
    papers = record_papers()
    note = "Private: compare with our run."
    for name in CITING:
        assert note not in export(name, papers), name
    assert f"annote = {{{note}}}" in export("bibtex", papers, include_notes=True)
    with_notes = export("biblatex", papers, include_notes=True)
    assert f"annotation = {{{note}}}" in with_notes
    assert " note = " not in with_notes
    assert f"N1  - {note}" in export("ris", papers, include_notes=True)
    items = json.loads(export("csljson", papers, include_notes=True))
    assert [item.get("note") for item in items].count(note) == 1


def test_ris_and_csl_write_authors_types_and_identifiers() -> None:
    ris = export("ris", record_papers())
    assert ris.startswith("TY  - JOUR\n")
    assert "AU  - Smith, Jane\nAU  - Müller, Jörg\nAU  - Hugging Face\n" in ris
    assert "DO  - 10.1000/j.x.2024.001" in ris
    assert "SP  - 100\nEP  - 110" in ris
    assert "AN  - arXiv:2301.00001v2" in ris
    for kind in ("CPAPER", "BOOK", "CHAP", "THES", "RPRT", "UNPB", "COMP", "DATA"):
        assert f"TY  - {kind}\n" in ris
    items = json.loads(export("csljson", record_papers()))
    assert items[0]["author"] == [
        {"family": "Smith", "given": "Jane"},
        {"family": "Müller", "given": "Jörg"},
        {"literal": "Hugging Face"},
    ]
    assert items[0]["type"] == "article-journal"
    assert items[0]["DOI"] == "10.1000/j.x.2024.001"
    assert items[0]["container-title"] == "Journal of Tests"
    assert items[1]["number"] == "arXiv:2301.00001v2"


def test_no_export_writes_code_point_stand_ins() -> None:
    for name in CITING:
        text = export(name, record_papers())
        assert "U+" not in text and "Москва" in text and "東京" in text, name


def _fields(paper: Paper | ParsedPaper) -> dict[str, object]:
    return {
        "title": paper.title,
        "authors": paper.authors,
        "published": paper.published,
        "doi": paper.doi,
        "arxiv": paper.arxiv,
        "type": paper.entry_type,
        "venue": paper.venue,
    }


def _expected(paper: Paper, name: str) -> dict[str, object]:
    fields = _fields(paper)
    if paper.entry_type is None:
        fields["type"] = EntryType.PREPRINT if paper.arxiv else EntryType.MISC
        if name in {"bibtex"}:
            # BibTeX has no preprint type: a preprint is a @misc with an eprint.
            fields["type"] = EntryType.MISC
    if name == "bibtex" and paper.entry_type in {
        EntryType.SOFTWARE,
        EntryType.DATASET,
    }:
        fields["type"] = EntryType.MISC  # classic BibTeX has neither type
    if name == "ris":
        # RIS has no particle: "van der Berg, Hans" reads back as one family name.
        fields["authors"] = tuple(
            Name(
                family=f"{n.particle} {n.family}" if n.particle else n.family,
                given=n.given,
                suffix=n.suffix,
                literal=n.literal,
            )
            for n in paper.authors
        )
    if name == "biblatex" and fields["type"] is EntryType.PREPRINT:
        fields["type"] = EntryType.MISC  # @online reads back as misc
    return fields


@pytest.mark.parametrize("name", CITING)
def test_full_records_round_trip(name: str) -> None:
    papers = record_papers()
    text = export(name, papers)
    back = parse_text(text, f"refs.{name}", ParseContext())
    assert back.problems == []
    assert [_fields(p) for p in back.papers] == [_expected(p, name) for p in papers]


def test_show_json_has_the_record() -> None:
    data = record_papers()[1].to_json()
    assert data["authors"] == [
        {
            "family": "Berg",
            "given": "Hans",
            "non-dropping-particle": "van der",
            "suffix": "Jr.",
        }
    ]
    assert data["arxiv"] == "2301.00001v2"
    assert data["type"] == "conference-paper"
    assert data["venue"] == {
        "container": "Proceedings of the Test Conference",
        "publisher": "ACM",
        "pages": "1–9",
    }
    assert record_papers()[0].to_json()["doi"] == "10.1000/j.x.2024.001"


def test_an_organisation_stays_one_name_through_bibtex() -> None:
    paper = Paper(paper_id="o", title="T", authors=(Name(literal="Le Cun Lab"),))
    (back,) = parse_text(export("bibtex", [paper]), "x.bib", ParseContext()).papers
    assert back.authors == (Name(literal="Le Cun Lab"),)
