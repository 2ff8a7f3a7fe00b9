"""Full records from real bibliographies: authors, identifiers, types, venues.

The files in ``tests/data/bib`` come from other projects' test suites (sources
in its README); small files made here cover what those do not.
"""

# Dotless i and en dashes are what the files hold.
# ruff: noqa: RUF001

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bibtexparser.entrypoint import parse_string

from readinglist.core.importers import ParseContext, parse_file, parse_text, sniff
from readinglist.core.models import ParsedPaper
from readinglist.core.recordfields import EntryType, Name

BIB = Path(__file__).parents[2] / "data" / "bib"
LISTINGS = Path(__file__).parents[2] / "data" / "listings"


def read(name: str) -> list[ParsedPaper]:
    result = parse_file(BIB / name)
    return result.papers


def parse(text: str) -> list[ParsedPaper]:
    return parse_text(text, "test", ParseContext()).papers


def by_key(papers: list[ParsedPaper]) -> dict[str, ParsedPaper]:
    return {p.citekey: p for p in papers if p.citekey}


def _author_counts(path: Path) -> dict[str, int]:
    """Names per entry, counted from the raw ``and`` separators alone."""
    library = parse_string(path.read_text(encoding="utf-8"), parse_stack=[])
    counts = {}
    for entry in library.entries:
        raw = entry.fields_dict.get("author")
        if raw is None:
            continue
        value = str(raw.value).strip()[1:-1]
        depth, flat = 0, []
        for char in value:
            depth += {"{": 1, "}": -1}.get(char, 0)
            flat.append(char if depth == 0 else "x")
        names = re.split(r"\s+and\s+", "".join(flat).strip())
        counts[entry.key] = sum(1 for n in names if n.lower() != "others")
    return counts


@pytest.mark.parametrize("name", ["jabref-authors.bib", "biblatex-examples.bib"])
def test_every_entry_with_authors_keeps_them(name: str) -> None:
    expected = _author_counts(BIB / name)
    papers = by_key(read(name))
    got = {key: len(papers[key].authors) for key in expected if key in papers}
    assert len(got) >= len(expected) - 2  # entries without a title are skipped
    assert got == {key: expected[key] for key in got}
    assert sum(got.values()) > 100


def test_names_keep_their_order_and_accents() -> None:
    aksin = by_key(read("biblatex-examples.bib"))["aksin"]
    assert [n.family for n in aksin.authors] == [
        "Aksın",
        "Türkmen",
        "Artok",
        "Çetinkaya",
        "Ni",
        "Büyükgüngör",
        "Özkal",
    ]
    assert aksin.authors[0].given == "Özge"


def test_name_parts_and_organisations() -> None:
    (paper,) = parse(
        "@misc{k, title={T}, author={van der Berg, Jr., Hans and {Hugging Face}"
        ' and Donald E. Knuth and M{\\"u}ller, J{\\"o}rg and others}}'
    )
    assert paper.authors == (
        Name(family="Berg", given="Hans", particle="van der", suffix="Jr."),
        Name(literal="Hugging Face"),
        Name(family="Knuth", given="Donald E."),
        Name(family="Müller", given="Jörg"),
    )
    assert paper.authors[1].to_csl() == {"literal": "Hugging Face"}


def test_latex_and_dashes_are_decoded() -> None:
    (paper,) = parse(
        "@article{k, title={Caf{\\'e} --- {\\\"o}l 1990--2000}, pages={3--9}}"
    )
    assert paper.title == "Café — öl 1990–2000"
    assert paper.venue.pages == "3–9"


def test_crossref_fields_are_inherited() -> None:
    papers = by_key(read("pybtex-xampl.bib"))
    child = papers["incollection-crossref"]
    assert child.venue.container == "High Speed Computer and Algorithm Organization"
    assert child.venue.publisher == "Academic Press"
    assert child.published == "1977-09"
    article = papers["article-crossref"]
    assert (article.venue.volume, article.published) == ("41", "1986-07")
    westfahl = by_key(read("biblatex-examples.bib"))["westfahl:space"]
    assert westfahl.venue.container == "Space and Beyond"


def test_a_missing_title_comes_from_the_crossref_parent() -> None:
    papers = by_key(
        parse(
            "@inproceedings{child, crossref={Parent}, author={A, B}}\n"
            "@proceedings{parent, title={Parent Proceedings}, year=2001,"
            " publisher={P}}\n"
            "@inbook{data, xdata={shared}, title={Chapter}}\n"
            "@xdata{shared, publisher={Shared Press}, year=1999}\n"
        )
    )
    assert papers["child"].title == "Parent Proceedings"
    assert papers["child"].published == "2001"
    assert papers["child"].venue.publisher == "P"
    assert papers["data"].venue.publisher == "Shared Press"
    assert papers["data"].published == "1999"


def test_strings_and_concatenation_are_expanded() -> None:
    papers = by_key(read("pybtex-xampl.bib"))
    assert papers["inproceedings-minimal"].venue.container == (
        "Proc. Fifteenth Annual ACM Symposium on the Theory of Computing"
    )
    (paper,) = parse(
        '@string{j = "Journal of"}\n@article{k, title={T}, journal = j # " Tests",'
        " month = mar, year = 2001}"
    )
    assert paper.venue.container == "Journal of Tests"
    assert paper.published == "2001-03"


def test_entries_with_one_title_and_different_keys_stay_apart() -> None:
    text = "".join(
        f"@article{{cal{n}, title={{Calendar}}, journal={{TUGboat}}, year={1990 + n}}}"
        "\n"
        for n in range(5)
    )
    papers = parse(text)
    assert [p.citekey for p in papers] == [f"cal{n}" for n in range(5)]


@pytest.mark.parametrize(
    ("written", "doi"),
    [
        ("10.1000/ABC.1", "10.1000/abc.1"),
        ("https://doi.org/10.1000/abc.1", "10.1000/abc.1"),
        ("http://dx.doi.org/10.1000/abc.1", "10.1000/abc.1"),
        ("doi:10.1000/abc.1", "10.1000/abc.1"),
        ("https://doi.org/10.1000/a%2Fb", "10.1000/a/b"),
    ],
)
def test_dois_are_normalised(written: str, doi: str) -> None:
    (bib,) = parse(f"@article{{k, title={{T}}, doi={{{written}}}}}")
    (ris,) = parse(f"TY  - JOUR\nTI  - T\nDO  - {written}\nER  - \n")
    (csl,) = parse(f'[{{"title": "T", "DOI": "{written}"}}]')
    assert bib.doi == ris.doi == csl.doi == doi


def test_arxiv_ids_keep_their_version() -> None:
    (new,) = parse("@misc{k, title={T}, eprint={2101.00001v3}, archivePrefix={arXiv}}")
    (old,) = parse("@misc{k, title={T}, eprint={hep-th/9901001}, eprinttype={arxiv}}")
    assert (new.arxiv, old.arxiv) == ("2101.00001v3", "hep-th/9901001")
    assert "https://arxiv.org/abs/2101.00001" in new.links


BIBTEX_TYPES = {
    "article": EntryType.ARTICLE,
    "inproceedings": EntryType.CONFERENCE_PAPER,
    "book": EntryType.BOOK,
    "incollection": EntryType.CHAPTER,
    "phdthesis": EntryType.THESIS,
    "mastersthesis": EntryType.THESIS,
    "techreport": EntryType.REPORT,
    "misc": EntryType.MISC,
    "online": EntryType.MISC,
    "software": EntryType.SOFTWARE,
    "dataset": EntryType.DATASET,
}
RIS_TYPES = {
    "JOUR": EntryType.ARTICLE,
    "CONF": EntryType.CONFERENCE_PAPER,
    "CPAPER": EntryType.CONFERENCE_PAPER,
    "BOOK": EntryType.BOOK,
    "CHAP": EntryType.CHAPTER,
    "THES": EntryType.THESIS,
    "RPRT": EntryType.REPORT,
    "GEN": EntryType.MISC,
    "COMP": EntryType.SOFTWARE,
    "DATA": EntryType.DATASET,
    "ELEC": EntryType.MISC,
}
CSL_TYPES = {
    "article-journal": EntryType.ARTICLE,
    "paper-conference": EntryType.CONFERENCE_PAPER,
    "book": EntryType.BOOK,
    "chapter": EntryType.CHAPTER,
    "thesis": EntryType.THESIS,
    "report": EntryType.REPORT,
    "article": EntryType.PREPRINT,
    "software": EntryType.SOFTWARE,
    "dataset": EntryType.DATASET,
}


def test_entry_types_are_mapped() -> None:
    bib = parse("".join(f"@{t}{{k{t}, title={{T}}}}\n" for t in BIBTEX_TYPES))
    assert [p.entry_type for p in bib] == list(BIBTEX_TYPES.values())
    ris = parse("".join(f"TY  - {t}\nTI  - T\nER  - \n\n" for t in RIS_TYPES))
    assert [p.entry_type for p in ris] == list(RIS_TYPES.values())
    items = ", ".join(f'{{"type": "{t}", "title": "T"}}' for t in CSL_TYPES)
    assert [p.entry_type for p in parse(f"[{items}]")] == list(CSL_TYPES.values())


def test_ris_with_text_before_the_first_record_is_read() -> None:
    result = parse_file(BIB / "rispy-extraneous.ris")
    assert result.format == "ris" and result.problems == []
    first, second = result.papers
    assert first.title == "Title of reference"
    assert [n.family for n in first.authors] == ["Marx", "Lindgren"]
    assert first.venue.container == "Lorem" and first.venue.publisher == "Fun Factory"
    assert first.extra["secondary_authors"] == "Glattauer, Daniel"
    assert first.tags == ("Pippi", "Nordwind", "Piraten")
    assert second.title


def test_ris_from_scopus_keeps_authors_doi_and_venue() -> None:
    (paper,) = read("jabref-ris-scopus.ris")
    assert [n.family for n in paper.authors] == ["Federico", "Grillo", "Herzog"]
    assert paper.doi == "10.1016/j.jmps.2004.03.010"
    assert paper.venue.pages == "2309–2327"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32"])
def test_files_with_a_byte_order_mark_are_read(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "refs.ris"
    path.write_bytes(
        "TY  - JOUR\nTI  - Ωmega in Москва\nAU  - Ström, Åsa\nER  - \n".encode(encoding)
    )
    result = parse_file(path)
    assert [p.title for p in result.papers] == ["Ωmega in Москва"]
    assert result.papers[0].authors == (Name(family="Ström", given="Åsa"),)


def test_a_single_csl_json_object_is_read() -> None:
    (paper,) = parse(
        '{"id": "k", "type": "article-journal", "title": "One",'
        ' "author": [{"family": "Doe", "given": "Ann"}, {"literal": "Org"}],'
        ' "container-title": "J", "volume": 3, "DOI": "https://doi.org/10.1000/X"}'
    )
    assert paper.title == "One" and paper.citekey == "k"
    assert paper.authors == (Name(family="Doe", given="Ann"), Name(literal="Org"))
    assert (paper.venue.container, paper.venue.volume) == ("J", "3")
    assert paper.doi == "10.1000/x"


def test_csl_json_from_other_tools_keeps_authors() -> None:
    papers = read("commonmeta-csl-list.json")
    assert sum(len(p.authors) for p in papers) >= 50
    assert papers[0].authors[0] == Name(family="Tenopir", given="Carol")


def test_a_ris_file_with_a_bibtex_line_in_a_note_stays_ris() -> None:
    text = (
        "TY  - JOUR\nTI  - First\nN1  - cite as\n@misc{x,\n  title={y}}\nER  - \n\n"
        "TY  - JOUR\nTI  - Second\nER  - \n"
    )
    importer = sniff(text)
    assert importer is not None and importer.name == "ris"
    assert [p.title for p in parse(text)] == ["First", "Second"]


def test_a_listing_with_one_bibtex_line_stays_a_listing() -> None:
    listing = sorted(LISTINGS.glob("*.txt"))[0].read_text(encoding="utf-8")
    lines = listing.split("\n")
    lines.insert(len(lines) // 2, "@misc{x,")
    text = "\n".join(lines)
    importer = sniff(text)
    assert importer is not None and importer.name not in {"bibtex", "ris"}
    assert len(parse(text)) >= len(parse(listing)) - 1


def test_extra_fields_are_kept() -> None:
    (paper,) = parse("@book{k, title={T}, isbn={978-3-16}, address={Boston}}")
    assert paper.extra == {"isbn": "978-3-16", "address": "Boston"}
