"""The record fields every citing export writes: names, page, venue, identifiers.

Each format module asks here which of a paper's links is its own page (never a
code repository, which is a link an abstract happened to carry), how its
authors are written for BibTeX, and which venue fields it has.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from readinglist.core.entrytypes import effective_type
from readinglist.core.latex import encode_latex
from readinglist.core.models import Paper
from readinglist.core.recordfields import (
    EntryType,
    LinkKind,
    Name,
    arxiv_base,
    link_kind,
    normalise_arxiv,
)
from readinglist.core.weblinks import web_urls

# Kinds that may stand for the paper, best first; code never does.
_URL_KINDS = (LinkKind.PAGE, LinkKind.PDF, LinkKind.PROJECT, LinkKind.OTHER)
_FIELD_NAME = re.compile(r"[a-z][a-z0-9_-]*")


def page_url(paper: Paper) -> str | None:
    """The paper's own page: an abstract page or DOI first, never code."""
    urls = web_urls(paper.links)
    for kind in _URL_KINDS:
        for url in urls:
            if link_kind(url) is kind:
                return url
    return None


def arxiv_of(paper: Paper) -> str | None:
    """The arXiv id: the record's (with its version, if it has one), else the
    one a link names, without a version."""
    if paper.arxiv:
        return paper.arxiv
    for link in paper.links:
        found = normalise_arxiv(link)
        if found:
            return arxiv_base(found)
    return None


def entry_type(paper: Paper) -> EntryType:
    """The type the exports write for this paper."""
    return effective_type(paper.entry_type, arxiv_of(paper))


def bib_name(name: Name, *, ascii_only: bool) -> str:
    """One name as BibTeX writes it: ``von Family, Jr, Given``; ``{Org}``."""

    def enc(text: str) -> str:
        return encode_latex(text, ascii_only=ascii_only)

    if name.literal:
        return "{" + enc(name.literal) + "}"
    # A family name with a space ("Le Cun") must stay one family name.
    family = enc(name.family)
    if " " in name.family:
        family = "{" + family + "}"
    head = f"{enc(name.particle)} {family}" if name.particle else family
    parts = [head]
    if name.suffix:
        parts.append(enc(name.suffix))
    if name.given:
        parts.append(enc(name.given))
    elif name.suffix:
        parts.append("")
    return ", ".join(parts)


def bib_names(names: Sequence[Name], *, ascii_only: bool) -> str:
    """Names joined by ``and``, as ``author`` takes them."""
    return " and ".join(bib_name(n, ascii_only=ascii_only) for n in names)


def bib_pages(pages: str, *, ascii_only: bool) -> str:
    """Pages encoded, with BibTeX's ``--`` between the ends of a range."""
    parts = re.split(r"\s*[\u2013\u2014-]+\s*", pages.strip())
    return "--".join(encode_latex(part, ascii_only=ascii_only) for part in parts)


def extra_fields(paper: Paper, written: set[str]) -> list[tuple[str, str]]:
    """The file's other fields a BibTeX entry can carry, by BibTeX name."""
    return [
        (name, value)
        for name, value in sorted(paper.extra.items())
        if _FIELD_NAME.fullmatch(name) and name not in written and value
    ]


def first_family(paper: Paper) -> str | None:
    """The first author's family name (an organisation's whole name)."""
    if not paper.authors:
        return None
    name = paper.authors[0]
    return name.literal or name.family or None
