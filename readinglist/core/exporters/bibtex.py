"""BibTeX: entries that classic ``bibtex`` and pdflatex take as they are.

The file is pure ASCII: accents become ``{\\'e}``, Greek becomes math
(``{$\\varepsilon$}``), other scripts get their LaTeX spelling where one exists;
the LaTeX specials are escaped and titles that carry capitals are braced so that
``plain.bst`` does not lowercase "LLMs" or "Bayesian". The entry type follows
the record (``@article``, ``@inproceedings``, ... ``@misc`` for a preprint);
authors are ``Family, Given`` joined by ``and``, organisations braced; an arXiv
id goes in ``eprint``/``archivePrefix``/``primaryClass``. ``howpublished`` of a
``@misc`` holds ``\\url{...}``, which needs the ``url`` or ``hyperref`` package,
as arXiv's own BibTeX does. ``date`` (ignored by BibTeX styles) keeps the full
day so that a re-import gets back the exact date. The user's note is written
only on request, to ``annote``, which bibliography styles do not print.
"""

from __future__ import annotations

from collections.abc import Sequence

from readinglist.core.entrytypes import TO_BIBTEX
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
from readinglist.core.latex import BIBTEX_MONTHS as MONTHS
from readinglist.core.latex import encode_latex, encode_title
from readinglist.core.models import Paper
from readinglist.core.recordfields import EntryType

_CONTAINER = {
    EntryType.ARTICLE: "journal",
    EntryType.CONFERENCE_PAPER: "booktitle",
    EntryType.CHAPTER: "booktitle",
}
_INSTITUTION = {EntryType.THESIS: "school", EntryType.CONFERENCE_PAPER: "organization"}


def _text(value: str) -> str:
    return encode_latex(clean_text(value))


def _venue(paper: Paper, kind: EntryType) -> list[tuple[str, str]]:
    venue = paper.venue
    fields: list[tuple[str, str]] = []
    if venue.container:
        name = _CONTAINER.get(kind, "journal" if kind is EntryType.MISC else "")
        if name:
            fields.append((name, _text(venue.container)))
        elif kind is EntryType.BOOK and venue.series != venue.container:
            fields.append(("series", _text(venue.container)))
    for name, value in (
        ("publisher", venue.publisher),
        ("volume", venue.volume),
        ("number", venue.issue),
        ("pages", venue.pages),
        ("edition", venue.edition),
        (_INSTITUTION.get(kind, "institution"), venue.institution),
        ("series", venue.series),
    ):
        if value and all(name != done for done, _ in fields):
            text = (
                bib_pages(value, ascii_only=True) if name == "pages" else _text(value)
            )
            fields.append((name, text))
    return fields


def _fields(paper: Paper, kind: EntryType, notes: bool) -> list[tuple[str, str]]:
    fields: list[tuple[str, str]] = []
    if paper.authors:
        fields.append(("author", bib_names(paper.authors, ascii_only=True)))
    fields.append(("title", encode_title(clean_text(paper.title))))
    fields += _venue(paper, kind)
    parts = date_parts(paper.published)
    if parts:
        fields.append(("year", str(parts[0])))
    if len(parts) > 1 and 1 <= parts[1] <= 12:
        fields.append(("month", MONTHS[parts[1] - 1]))
        fields.append(("date", iso_date(parts)))
    if paper.doi:
        fields.append(("doi", _text(paper.doi)))
    eprint = arxiv_of(paper)
    if eprint:
        fields += [("eprint", eprint), ("archivePrefix", "arXiv")]
        category = paper.extra.get("primaryclass") or paper.extra.get("eprintclass")
        if category:
            fields.append(("primaryClass", _text(category)))
    url = page_url(paper)
    if url:
        if kind is EntryType.MISC or kind is EntryType.PREPRINT:
            fields.append(("howpublished", rf"\url{{{bib_url(url)}}}"))
        fields.append(("url", bib_url(url)))
    if paper.abstract:
        fields.append(("abstract", _text(paper.abstract)))
    tags = keywords(paper.tags, ascii_only=True)
    if tags:
        fields.append(("keywords", tags))
    if notes and paper.note:
        fields.append(("annote", _text(paper.note)))
    written = {name.lower() for name, _ in fields} | {"eprintclass", "eprinttype"}
    written |= {"annote", "annotation", "note"} if notes else set()
    fields += [(n, _text(v)) for n, v in extra_fields(paper, written)]
    return fields


def export(
    papers: Sequence[Paper], *, title: str = "Reading list", include_notes: bool = False
) -> str:
    """The papers as a BibTeX file.

    Args:
        papers: the papers, in order.
        title: unused; BibTeX has no place for a list's name.
        include_notes: write each paper's note to ``annote``.

    Returns:
        ASCII text: one entry per paper, separated by blank lines.
    """
    del title
    entries = []
    for paper, key in zip(papers, citekeys(papers), strict=True):
        kind = entry_type(paper)
        fields = _fields(paper, kind, include_notes)
        entries.append(entry(TO_BIBTEX[kind], key, fields))
    return join_entries(entries)


EXPORTER = Exporter(
    name="bibtex",
    label="BibTeX",
    extension=".bib",
    write=lambda papers, title, notes: export(papers, title=title, include_notes=notes),
)
