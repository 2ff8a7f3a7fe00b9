"""BibLaTeX: ``@online`` entries for biber, with the text kept as UTF-8.

Only the LaTeX specials are escaped (the same escapes as the BibTeX export, so
unbalanced braces and stray backslashes stay harmless); the date is ISO 8601 in
``date``; an arXiv identifier goes in ``eprint`` with ``eprinttype = {arxiv}``.

biblatex's data model requires ``url``, ``doi`` or ``eprint`` of an ``@online``
entry; a paper with no link at all is written as ``@misc``, which needs only a
title and a date, so that ``biber --validate-datamodel`` has nothing to say but
"date missing" for papers whose listing gave none.
"""

from __future__ import annotations

from collections.abc import Sequence

from readinglist.core.exporters._base import (
    Exporter,
    arxiv_id,
    citekeys,
    clean_text,
    date_parts,
    first_url,
    iso_date,
)
from readinglist.core.exporters._bib import bib_url, entry, join_entries, keywords
from readinglist.core.latex import encode_latex, encode_title
from readinglist.core.models import Paper


def _fields(paper: Paper) -> list[tuple[str, str]]:
    fields = [("title", encode_title(clean_text(paper.title), ascii_only=False))]
    parts = date_parts(paper.published)
    if parts:
        fields.append(("date", iso_date(parts)))
    eprint = arxiv_id(paper)
    if eprint:
        fields += [("eprint", eprint), ("eprinttype", "arxiv")]
    url = first_url(paper)
    if url:
        fields.append(("url", bib_url(url)))
    if paper.abstract:
        text = clean_text(paper.abstract)
        fields.append(("abstract", encode_latex(text, ascii_only=False)))
    tags = keywords(paper.tags, ascii_only=False)
    if tags:
        fields.append(("keywords", tags))
    if paper.note:
        fields.append(("note", encode_latex(clean_text(paper.note), ascii_only=False)))
    return fields


def export(papers: Sequence[Paper], *, title: str = "Reading list") -> str:
    """The papers as a BibLaTeX file.

    Args:
        papers: the papers, in order.
        title: unused; BibLaTeX has no place for a list's name.

    Returns:
        UTF-8 text: one ``@online`` (or ``@misc``) entry per paper, separated
        by blank lines.
    """
    del title
    entries = []
    for paper, key in zip(papers, citekeys(papers), strict=True):
        fields = _fields(paper)
        online = any(name in {"url", "eprint"} for name, _ in fields)
        entries.append(entry("online" if online else "misc", key, fields))
    return join_entries(entries)


EXPORTER = Exporter(
    name="biblatex",
    label="BibLaTeX",
    extension=".bib",
    write=lambda papers, title: export(papers, title=title),
)
