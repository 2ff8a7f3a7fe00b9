"""BibLaTeX: entries for biber, with the text kept as UTF-8.

Only the LaTeX specials are escaped (the same escapes as the BibTeX export, so
unbalanced braces and stray backslashes stay harmless); Greek letters are
written as math, so pdflatex sets titles with μ or ε, and other scripts stay
UTF-8 for the document's fonts. The date is ISO 8601 in ``date``; an arXiv id
goes in ``eprint`` with ``eprinttype = {arxiv}`` and ``eprintclass``.

biblatex's data model requires ``url``, ``doi`` or ``eprint`` of an
``@online`` entry; a preprint with none of them is written as ``@misc``. The
user's note is written only on request, to ``annotation``.
"""

from __future__ import annotations

from collections.abc import Sequence

from readinglist.core.entrytypes import TO_BIBLATEX
from readinglist.core.exporters._base import (
    Exporter,
    citekeys,
    clean_text,
    date_parts,
    iso_date,
)
from readinglist.core.exporters._bib import bib_url, entry, join_entries, keywords
from readinglist.core.exporters._record import (
    arxiv_of,
    bib_names,
    bib_pages,
    entry_type,
    extra_fields,
    page_url,
)
from readinglist.core.latex import encode_latex, encode_title
from readinglist.core.models import Paper
from readinglist.core.recordfields import EntryType

_CONTAINER = {
    EntryType.ARTICLE: "journaltitle",
    EntryType.CONFERENCE_PAPER: "booktitle",
    EntryType.CHAPTER: "booktitle",
}


def _text(value: str) -> str:
    return encode_latex(clean_text(value), ascii_only=False)


def _venue(paper: Paper, kind: EntryType) -> list[tuple[str, str]]:
    venue = paper.venue
    fields: list[tuple[str, str]] = []
    container = _CONTAINER.get(kind)
    if venue.container and container:
        fields.append((container, _text(venue.container)))
    elif venue.container and kind is EntryType.MISC:
        fields.append(("howpublished", _text(venue.container)))
    for name, value in (
        ("publisher", venue.publisher),
        ("volume", venue.volume),
        ("number", venue.issue),
        ("pages", venue.pages),
        ("edition", venue.edition),
        ("institution", venue.institution),
        ("series", venue.series),
    ):
        if name == "publisher" and kind is EntryType.ARTICLE:
            continue  # not a field of @article in biblatex's data model
        if value:
            text = (
                bib_pages(value, ascii_only=False) if name == "pages" else _text(value)
            )
            fields.append((name, text))
    kinds = {EntryType.THESIS: "phdthesis", EntryType.REPORT: "techreport"}
    if kind in kinds and "type" not in paper.extra:
        # biblatex requires the kind of a thesis or report.
        fields.append(("type", kinds[kind]))
    return fields


def _fields(paper: Paper, kind: EntryType, notes: bool) -> list[tuple[str, str]]:
    fields: list[tuple[str, str]] = []
    if paper.authors:
        fields.append(("author", bib_names(paper.authors, ascii_only=False)))
    fields.append(("title", encode_title(clean_text(paper.title), ascii_only=False)))
    fields += _venue(paper, kind)
    parts = date_parts(paper.published)
    if parts:
        fields.append(("date", iso_date(parts)))
    if paper.doi:
        fields.append(("doi", _text(paper.doi)))
    eprint = arxiv_of(paper)
    if eprint:
        fields += [("eprint", eprint), ("eprinttype", "arxiv")]
        category = paper.extra.get("eprintclass") or paper.extra.get("primaryclass")
        if category:
            fields.append(("eprintclass", _text(category)))
    url = page_url(paper)
    if url:
        fields.append(("url", bib_url(url)))
    if paper.abstract:
        fields.append(("abstract", _text(paper.abstract)))
    tags = keywords(paper.tags, ascii_only=False)
    if tags:
        fields.append(("keywords", tags))
    if notes and paper.note:
        fields.append(("annotation", _text(paper.note)))
    written = {name.lower() for name, _ in fields}
    written |= {"primaryclass", "archiveprefix", "year", "month", "day"}
    written |= {"annote", "annotation", "note"} if notes else set()
    fields += [(n, _text(v)) for n, v in extra_fields(paper, written)]
    return fields


def export(
    papers: Sequence[Paper], *, title: str = "Reading list", include_notes: bool = False
) -> str:
    """The papers as a BibLaTeX file.

    Args:
        papers: the papers, in order.
        title: unused; BibLaTeX has no place for a list's name.
        include_notes: write each paper's note to ``annotation``.

    Returns:
        UTF-8 text: one entry per paper, separated by blank lines.
    """
    del title
    entries = []
    for paper, key in zip(papers, citekeys(papers), strict=True):
        kind = entry_type(paper)
        fields = _fields(paper, kind, include_notes)
        name = TO_BIBLATEX[kind]
        if name == "online" and not any(
            f in {"url", "eprint", "doi"} for f, _ in fields
        ):
            name = "misc"
        entries.append(entry(name, key, fields))
    return join_entries(entries)


EXPORTER = Exporter(
    name="biblatex",
    label="BibLaTeX",
    extension=".bib",
    write=lambda papers, title, notes: export(papers, title=title, include_notes=notes),
)
