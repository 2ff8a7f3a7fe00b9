"""Every export format against its golden file.

The goldens in ``tests/data/export`` were checked by hand and by the real
``bibtex``, ``pdflatex`` and ``biber`` runs in ``test_export_latex_tools``. After a
deliberate change to a format, regenerate them with
``READINGLIST_REGEN_GOLDEN=1 python -m pytest tests/unit/core/test_export_golden.py``
and review the diff.
"""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest

from readinglist.core.exporters import EXPORTERS, export, for_path, write_file
from readinglist.core.exporters.csvtable import BOM, COLUMNS
from readinglist.core.exporters.markdown import escape
from tests.unit.core.test_export_samples import GOLDEN, sample_papers

GOLDEN_FILES = {
    "bibtex": "samples.bib",
    "biblatex": "samples-biblatex.bib",
    "ris": "samples.ris",
    "csljson": "samples.json",
    "markdown": "samples.md",
    "csv": "samples.csv",
}
LIST_TITLE = "Reading group: *week 3*"


def test_registry_has_every_format() -> None:
    assert list(EXPORTERS) == [
        "bibtex",
        "biblatex",
        "ris",
        "csljson",
        "markdown",
        "csv",
    ]
    assert set(GOLDEN_FILES) == set(EXPORTERS)
    bibtex = EXPORTERS["bibtex"]
    assert (bibtex.name, bibtex.label, bibtex.extension) == ("bibtex", "BibTeX", ".bib")


@pytest.mark.parametrize("name", list(GOLDEN_FILES))
def test_export_matches_golden(name: str) -> None:
    text = export(name, sample_papers(), title=LIST_TITLE)
    path = GOLDEN / GOLDEN_FILES[name]
    if os.environ.get("READINGLIST_REGEN_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    # Bytes, not read_text: CSV's \r\n must not be translated on the way in.
    assert text == path.read_bytes().decode("utf-8")


@pytest.mark.parametrize("name", list(GOLDEN_FILES))
def test_export_is_deterministic_and_empty_safe(name: str) -> None:
    papers = sample_papers()
    assert export(name, papers) == export(name, list(papers))
    assert isinstance(export(name, []), str)


def test_bibtex_export_is_ascii_but_for_scripts_latex_cannot_spell() -> None:
    text = export("bibtex", sample_papers())
    # CJK and emoji stay UTF-8: a stand-in would print the wrong text.
    assert {char for char in text if not char.isascii()} == set("中文😀")
    assert "U+" not in text
    for block in text.split("\n\n"):
        assert block.count("{") == block.count("}")
        assert "\\{" not in block and "\\}" not in block


def test_bibtex_entry_fields() -> None:
    text = export("bibtex", sample_papers()[:1])
    assert text.startswith("@misc{openingBlackboxAccelerating2021,\n")
    assert "  title = {{Opening the Blackbox: Accelerating" in text
    assert "  month = may,\n" in text
    assert "  eprint = {2105.03918},\n  archivePrefix = {arXiv},\n" in text
    assert (
        "  howpublished = {\\url{https://huggingface.co/papers/2105.03918}},\n" in text
    )
    assert "  keywords = {ode, solvers},\n" in text
    assert "Compare with the adjoint method" not in text
    with_notes = export("bibtex", sample_papers()[:1], include_notes=True)
    assert "annote = {Compare with the adjoint method.{\\leavevmode\\newline}Read" in (
        with_notes
    )
    assert " note = " not in with_notes


def test_bibtex_protects_only_titles_with_capitals() -> None:
    text = export("bibtex", sample_papers())
    assert "title = {a lowercase title with no capitals}," in text
    assert "title = {{Attention Is All You Need}}," in text


def test_greek_is_math_and_accents_are_commands() -> None:
    text = export("bibtex", [sample_papers()[2]])
    assert "T{\\'y}r-the-Pruner: {$\\varepsilon$}-Greedy {$\\Omega$}-Nets" in text
    assert "{$\\alpha$}" in text
    assert "{$\\mathrm{A}$}lpha" in text
    assert "中文 😀" in text and "U+" not in text


def test_clashing_keys_get_suffixes() -> None:
    text = export("bibtex", sample_papers())
    assert "@misc{attentionAllYou2017,\n" in text
    assert "@misc{attentionAllYou2017a,\n" in text


def test_repeated_pinned_key_is_not_written_twice() -> None:
    first, second = sample_papers()[5], sample_papers()[5]
    second.paper_id = "copy"
    text = export("bibtex", [first, second])
    assert text.count("@misc{attentionAllYou2017,") == 1
    assert "@misc{attentionAllYou2017a," in text


def test_biblatex_uses_online_only_with_a_link() -> None:
    text = export("biblatex", sample_papers())
    assert "@online{openingBlackboxAccelerating2021," in text
    assert "eprinttype = {arxiv}" in text
    assert "@misc{attentionAllYou2017," in text
    assert "date = {2024-11}," in text and "date = {2023}," in text
    assert "Týr" in text


def test_csv_is_a_spreadsheet_table() -> None:
    text = export("csv", sample_papers())
    assert text.startswith(BOM) and "\r\n" in text
    rows = list(csv.DictReader(io.StringIO(text.removeprefix(BOM), newline="")))
    assert list(rows[0]) == list(COLUMNS)
    assert rows[0]["starred"] == "yes" and rows[0]["year"] == "2021"
    assert rows[1]["lists"] == "reading group; to cite"
    assert rows[1]["note"].startswith("First line & 100% sure\n\n")
    assert rows[4]["note"].startswith("'- looks like a list")
    assert rows[5]["upvotes"] == "0" and rows[3]["upvotes"] == ""


def test_csljson_items() -> None:
    items = json.loads(export("csljson", sample_papers()))
    assert items[0]["id"] == "openingBlackboxAccelerating2021"
    assert items[0]["issued"] == {"date-parts": [[2021, 5, 9]]}
    assert items[0]["number"] == "arXiv:2105.03918"
    assert items[2]["issued"] == {"date-parts": [[2024, 11]]}
    # A paper with an arXiv id is a preprint; one the file did not type is a
    # document.
    assert [item["type"] for item in items] == ["article"] + ["document"] * 6
    assert all("note" not in item for item in items)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ell_p and *x*", "ell\\_p and \\*x\\*"),
        (
            "[a](b) <i> `c` | d # e ~f~ $x$",
            "\\[a\\](b) \\<i> \\`c\\` \\| d \\# e \\~f\\~ \\$x\\$",
        ),
        ("&amp; & co", "\\&amp; & co"),
        ("- item", "\\- item"),
        ("> quote", "\\> quote"),
        ("12. point", "12\\. point"),
        ("a \\ b", "a \\\\ b"),
    ],
)
def test_markdown_escape(text: str, expected: str) -> None:
    assert escape(text) == expected


def test_markdown_reading_list() -> None:
    text = export("markdown", sample_papers(), title=LIST_TITLE)
    assert text.startswith("# Reading group: \\*week 3\\*\n\n7 papers\n")
    assert "## \u2605 Opening the Blackbox" in text
    assert "2021-05-09 \u00b7 read \u00b7 tags: ode, solvers" in text
    assert "> Compare with the adjoint method.\\\n> Read section 3 twice." in text
    assert "- <https://example.org/~user/a_b%20c?q=1&r=2#frag>" in text
    assert "- not a url" in text


def test_for_path_and_write_file(tmp_path: Path) -> None:
    exporter = for_path("list.CSV")
    assert exporter is not None and exporter.name == "csv"
    assert for_path("list.bib") is EXPORTERS["bibtex"]
    assert for_path("list.docx") is None
    target = tmp_path / "out.csv"
    papers = sample_papers()
    assert write_file("csv", papers, target) == target
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\r\n" not in data
    assert data.decode("utf-8") == export("csv", papers)
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]
    assert target.stat().st_mode & 0o777 == 0o644


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="cannot export to 'docx'"):
        export("docx", sample_papers())
