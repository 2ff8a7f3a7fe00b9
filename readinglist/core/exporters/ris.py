"""RIS: one record per paper, as Zotero, EndNote and Mendeley read it.

The type follows the record (``JOUR``, ``CPAPER``, ``UNPB`` for a preprint,
``GEN`` when unknown); authors are ``AU`` lines (``Family, Given``), then the
DOI, the venue and the paper's own page as ``UR`` (a code link is an ``L4``
attachment link, not the paper's address). The user's note goes to ``N1`` only
on request: RIS has no private field.

Lines end in ``\\n``. A value with line breaks continues on plain lines, which
RIS readers append to the tag before; a continuation line that would itself look
like a tag (``KW  - ...``) is written as a repeat of its tag instead, and the
importer joins repeats of TI, AB and N1 with a line break, so either way the
text comes back unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rispy.config import TAG_KEY_MAPPING

from readinglist.core.entrytypes import TO_RIS
from readinglist.core.exporters._base import (
    Exporter,
    citekeys,
    clean_tags,
    clean_text,
    date_parts,
    one_line,
)
from readinglist.core.exporters._record import arxiv_of, entry_type, page_url
from readinglist.core.models import Paper
from readinglist.core.recordfields import LinkKind, Name, link_kind
from readinglist.core.weblinks import web_urls

TAG_LINE = re.compile(r"^([A-Z][A-Z0-9])  -(?: (.*)|)$")


def _field(tag: str, value: str) -> list[str]:
    lines = value.split("\n")
    out = [f"{tag}  - {lines[0]}"]
    for line in lines[1:]:
        out.append(f"{tag}  - {line}" if TAG_LINE.match(line) else line)
    return out


def _name(name: Name) -> str:
    if name.literal:
        return name.literal
    family = f"{name.particle} {name.family}" if name.particle else name.family
    return ", ".join(p for p in (family, name.given, name.suffix) if p)


def _venue(paper: Paper) -> list[str]:
    venue = paper.venue
    start, _, end = re.sub(r"\s*[\u2013\u2014-]+\s*", "-", venue.pages).partition("-")
    pairs = (
        ("T2", venue.container),
        ("PB", venue.publisher or venue.institution),
        ("VL", venue.volume),
        ("IS", venue.issue),
        ("SP", start),
        ("EP", end),
        ("ET", venue.edition),
        ("T3", venue.series),
    )
    return [f"{tag}  - {one_line(clean_text(v))}" for tag, v in pairs if v.strip()]


# rispy's names for tags, back to the tags, for the fields an import kept.
_TAGS = {name: tag for tag, name in TAG_KEY_MAPPING.items() if tag != "UK"}


def _extra(paper: Paper, written: set[str]) -> list[str]:
    out = []
    for name, value in sorted(paper.extra.items()):
        tag = _TAGS.get(name) or (name if re.fullmatch("[A-Z][A-Z0-9]", name) else "")
        if tag and tag not in written and tag not in {"TY", "ER"}:
            out += [f"{tag}  - {part}" for part in one_line(value).split("; ") if part]
    return out


def _record(paper: Paper, key: str, notes: bool) -> list[str]:
    lines = [f"TY  - {TO_RIS[entry_type(paper)]}", f"ID  - {key}"]
    lines += [f"AU  - {one_line(clean_text(_name(n)))}" for n in paper.authors]
    lines += _field("TI", clean_text(paper.title))
    if paper.abstract:
        lines += _field("AB", clean_text(paper.abstract))
    parts = date_parts(paper.published)
    if parts:
        lines.append(f"PY  - {parts[0]:04d}")
    if len(parts) > 1:
        # RIS dates are YYYY/MM/DD/other, with unknown parts left empty.
        day = f"{parts[2]:02d}" if len(parts) > 2 else ""
        lines.append(f"DA  - {parts[0]:04d}/{parts[1]:02d}/{day}/")
    if notes and paper.note:
        lines += _field("N1", clean_text(paper.note))
    lines += [f"KW  - {tag}" for tag in clean_tags(paper.tags)]
    lines += _venue(paper)
    if paper.doi:
        lines.append(f"DO  - {paper.doi}")
    arxiv = arxiv_of(paper)
    if arxiv:
        # RIS has no arXiv tag; AN (accession number) is where Zotero puts it.
        lines.append(f"AN  - arXiv:{arxiv}")
    # Only web addresses are URLs; a file: or smb: link stays in the library.
    urls = web_urls(paper.links)
    page = page_url(paper)
    if page:
        lines.append(f"UR  - {page}")
    for url in urls:
        if url != page:
            tag = "L4" if link_kind(url) is LinkKind.CODE else "UR"
            lines.append(f"{tag}  - {url}")
    lines += _extra(paper, {line[:2] for line in lines})
    lines.append("ER  - ")
    return lines


def export(
    papers: Sequence[Paper], *, title: str = "Reading list", include_notes: bool = False
) -> str:
    """The papers as an RIS file.

    Args:
        papers: the papers, in order.
        title: unused; RIS has no place for a list's name.
        include_notes: write each paper's note to ``N1``.

    Returns:
        One record per paper, separated by a blank line.
    """
    del title
    keys = citekeys(papers)
    records = [
        "\n".join(_record(p, k, include_notes))
        for p, k in zip(papers, keys, strict=True)
    ]
    return "\n\n".join(records) + "\n" if records else ""


EXPORTER = Exporter(
    name="ris",
    label="RIS",
    extension=".ris",
    write=lambda papers, title, notes: export(papers, title=title, include_notes=notes),
)
