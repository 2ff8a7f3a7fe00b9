"""BibTeX: ``@misc`` entries that classic ``bibtex`` and pdflatex take as they are.

The file is pure ASCII: accents become ``{\\'e}``, Greek becomes math
(``{$\\varepsilon$}``), anything without a LaTeX spelling becomes a visible code
point; the LaTeX specials are escaped and titles that carry capitals are braced
so that ``plain.bst`` does not lowercase "LLMs" or "Bayesian". ``howpublished``
holds ``\\url{...}``, which needs the ``url`` or ``hyperref`` package in the
document, as arXiv's own BibTeX does. ``date`` (ignored by BibTeX styles) keeps
the full day so that a re-import gets back the exact date.
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
from readinglist.core.latex import BIBTEX_MONTHS as MONTHS
from readinglist.core.latex import encode_latex, encode_title
from readinglist.core.models import Paper


def _fields(paper: Paper) -> list[tuple[str, str]]:
    fields = [("title", encode_title(clean_text(paper.title)))]
    parts = date_parts(paper.published)
    if parts:
        fields.append(("year", str(parts[0])))
    if len(parts) > 1 and 1 <= parts[1] <= 12:
        fields.append(("month", MONTHS[parts[1] - 1]))
        fields.append(("date", iso_date(parts)))
    eprint = arxiv_id(paper)
    if eprint:
        fields += [("eprint", eprint), ("archivePrefix", "arXiv")]
    url = first_url(paper)
    if url:
        fields += [("howpublished", rf"\url{{{bib_url(url)}}}"), ("url", bib_url(url))]
    if paper.abstract:
        fields.append(("abstract", encode_latex(clean_text(paper.abstract))))
    tags = keywords(paper.tags, ascii_only=True)
    if tags:
        fields.append(("keywords", tags))
    if paper.note:
        fields.append(("note", encode_latex(clean_text(paper.note))))
    return fields


def export(papers: Sequence[Paper], *, title: str = "Reading list") -> str:
    """The papers as a BibTeX file.

    Args:
        papers: the papers, in order.
        title: unused; BibTeX has no place for a list's name.

    Returns:
        ASCII text: one ``@misc`` entry per paper, separated by blank lines.
    """
    del title
    keys = citekeys(papers)
    return join_entries(
        [entry("misc", key, _fields(p)) for p, key in zip(papers, keys, strict=True)]
    )


EXPORTER = Exporter(
    name="bibtex",
    label="BibTeX",
    extension=".bib",
    write=lambda papers, title: export(papers, title=title),
)
