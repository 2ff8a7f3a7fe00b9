"""The BibTeX, RIS and CSL-JSON importers on other tools' files and on bad ones."""

# Greek letters that look like Latin ones are the point of these tests.
# ruff: noqa: RUF001

from __future__ import annotations

import json
import logging

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from readinglist.core.importers import ParseContext, sniff
from readinglist.core.importers.bibtex import IMPORTER as BIBTEX
from readinglist.core.importers.csljson import IMPORTER as CSL
from readinglist.core.importers.ris import IMPORTER as RIS
from readinglist.core.models import ParseResult, Problem

CONTEXT = ParseContext()

ARXIV_BIB = r"""% exported from arXiv
@misc{vaswani2017attention,
      title={Attention Is All You Need},
      author={Ashish Vaswani and Noam Shazeer},
      year={2017},
      eprint={1706.03762},
      archivePrefix={arXiv},
      primaryClass={cs.CL},
      url={https://arxiv.org/abs/1706.03762},
}

@article{Müller2020,
  title = "Caf\'e {\"o}konomie with $\alpha$-Nets and \emph{emphasis}",
  journal = {J},
  year = 2020,
  month = {9},
  day = {3},
  doi = {10.1000/xyz123},
  keywords = {a; b, {c, d}},
  abstract = {Two
    lines \& 50\%},
}
"""


def parse(importer: object, text: str) -> ParseResult:
    result = importer.parse(text, "in.file", CONTEXT)  # type: ignore[attr-defined]
    assert isinstance(result, ParseResult)
    return result


def test_bibtex_reads_other_tools_files() -> None:
    assert BIBTEX.match(ARXIV_BIB)
    result = parse(BIBTEX, ARXIV_BIB)
    assert result.problems == []
    first, second = result.papers
    assert (first.title, first.published, first.line) == (
        "Attention Is All You Need",
        "2017",
        2,
    )
    assert first.citekey == "vaswani2017attention"
    assert first.links == ("https://arxiv.org/abs/1706.03762",)
    assert second.title == "Café ökonomie with α-Nets and emphasis"
    assert second.published == "2020-09-03"
    assert second.abstract == "Two lines & 50%"
    assert second.tags == ("a; b", "c, d")
    assert second.links == ("https://doi.org/10.1000/xyz123",)
    assert second.citekey is None  # not a key BibTeX itself accepts unchanged


def test_bibtex_eprint_without_url_becomes_a_link() -> None:
    text = "@misc{k, title = {T}, eprint = {2101.00001v2}, eprinttype = {arxiv}}"
    (paper,) = parse(BIBTEX, text).papers
    assert paper.links == ("https://arxiv.org/abs/2101.00001",)


@pytest.mark.parametrize(
    ("fields", "date"),
    [
        ("year = {2021}, month = may", "2021-05"),
        ("year = {2021}, month = {May}", "2021-05"),
        ("year = {2021}, month = {13}", "2021"),
        ("date = {2021-05-09/2021-05-10}", "2021-05-09"),
        ("year = {circa 2021}", None),
        ("", None),
    ],
)
def test_bibtex_dates(fields: str, date: str | None) -> None:
    (paper,) = parse(BIBTEX, f"@misc{{k, title = {{T}}, {fields}}}\n").papers
    assert paper.published == date


def test_bibtex_bad_entries_are_problems_with_lines(
    caplog: pytest.LogCaptureFixture,
) -> None:
    text = (
        "@misc{good1, title = {One}}\n"
        "\n"
        "@misc{notitle, year = {2020}}\n"
        "@misc{broken, title = {unclosed\n"
        "\n"
        "@misc{good2, title = {Two}}\n"
        "@misc{good1, title = {One again}}\n"
    )
    with caplog.at_level(logging.CRITICAL):
        result = parse(BIBTEX, text)
    assert [p.title for p in result.papers] == ["One", "Two", "One again"]
    assert result.papers[2].citekey is None  # the key was taken
    assert [p.line for p in result.problems] == [3, 4]
    assert "“notitle” has no title" in result.problems[0].message
    assert "broken" in result.problems[1].message
    assert all(p.path == "in.file" for p in result.problems)


def test_ris_reads_other_tools_files() -> None:
    text = (
        "\ufeffTY  - JOUR\r\n"
        "T1  - A title\r\n"
        "N2  - An abstract\r\n"
        "that goes on\r\n"
        "Y1  - 2019/03/\r\n"
        "KW  - x\r\n"
        "KW  - y\r\n"
        "DO  - 10.1000/abc\r\n"
        "N1  - first note\r\n"
        "N1  - second note\r\n"
        "ER  -\r\n"
    )
    assert RIS.match(text)
    result = parse(RIS, text)
    assert result.problems == []
    (paper,) = result.papers
    assert paper.title == "A title"
    assert paper.abstract == "An abstract\nthat goes on"
    assert paper.published == "2019-03"
    assert paper.tags == ("x", "y")
    assert paper.note == "first note\nsecond note"
    assert paper.links == ("https://doi.org/10.1000/abc",)


def test_ris_problems() -> None:
    text = (
        "stray text\n"
        "more stray\n"
        "TY  - GEN\n"
        "AB  - no title here\n"
        "ER  - \n"
        "\n"
        "TY  - GEN\n"
        "TI  - Kept\n"
        "ER  - \n"
        "Record 2 of 3\n"
        "TI  - lost its TY line\n"
        "AU  - Someone\n"
        "TY  - GEN\n"
        "TI  - Cut short\n"
    )
    result = parse(RIS, text)
    assert [p.title for p in result.papers] == ["Kept"]
    # Plain text outside records is a header (rispy's "extraneous data");
    # tagged lines there are a reference that lost its TY line.
    assert [p.line for p in result.problems] == [3, 11, 13]
    assert "no “TY  -” line" in result.problems[1].message
    assert "never ends" in result.problems[2].message


def test_csljson_reads_other_tools_files() -> None:
    items = [
        {
            "id": "smith2020",
            "type": "article-journal",
            "title": "Zotero item",
            "issued": {"date-parts": [["2020", "2"]]},
            "DOI": "10.1000/q",
            "keyword": "a, b",
        },
        {
            "id": "raw date",
            "type": "article",
            "title": "T",
            "issued": {"raw": "2018-07-01"},
        },
    ]
    text = "[\n" + ",\n".join(json.dumps(item) for item in items) + "\n]"
    assert CSL.match(text)
    result = parse(CSL, text)
    assert result.problems == []
    first, second = result.papers
    assert (first.published, first.tags, first.citekey) == (
        "2020-02",
        ("a", "b"),
        "smith2020",
    )
    assert first.links == ("https://doi.org/10.1000/q",)
    assert (second.published, second.citekey, second.line) == ("2018-07-01", None, 3)


def test_csljson_keeps_items_before_broken_json() -> None:
    text = (
        '[\n  {"type": "article", "title": "A"},\n  42,\n'
        '  {"title": ""},\n  {"title": oops}\n]'
    )
    result = parse(CSL, text)
    assert [p.title for p in result.papers] == ["A"]
    assert [(p.line, p.message[:20]) for p in result.problems] == [
        (3, "this item is not a J"),
        (4, "this item has no tit"),
        (5, "not valid JSON (Expe"),
    ]


def test_csljson_problems_for_wrong_shapes() -> None:
    assert parse(CSL, '{"title": 5}').problems[0].line == 1
    assert [p.title for p in parse(CSL, '{"title": "x"}').papers] == ["x"]
    unclosed = parse(CSL, '[{"type": "article", "title": "A"}')
    assert [p.title for p in unclosed.papers] == ["A"]
    assert "never closed" in unclosed.problems[0].message
    assert parse(CSL, "[]") == ParseResult(format="csljson")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("@misc{k, title={T}}", "bibtex"),
        ("  @Article ( k ,\n title = {T})", "bibtex"),
        ("\nTY  - GEN\nTI  - T\nER  - \n", "ris"),
        ('[{"id": "k", "type": "article", "title": "T"}]', "csljson"),
        ("[]", "csljson"),
    ],
)
def test_sniffing_picks_the_format(text: str, name: str) -> None:
    importer = sniff(text)
    assert importer is not None and importer.name == name


@pytest.mark.parametrize(
    "text",
    [
        "Email me @ home {not bibtex}",
        "A title\n\nTY  - GEN is mentioned in this abstract\n",
        '["just", "strings"]',
        '{"papers": [], "version": 1}',
        "",
    ],
)
def test_sniffing_refuses_lookalikes(text: str) -> None:
    for importer in (BIBTEX, RIS, CSL):
        assert not importer.match(text)


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(st.sampled_from(list('@{}(),="\\%#TYER -\n[]:0123abc')), max_size=80)
)
def test_importers_never_raise(text: str) -> None:
    for importer in (BIBTEX, RIS, CSL):
        result = parse(importer, text)
        assert all(isinstance(p, Problem) for p in result.problems)
