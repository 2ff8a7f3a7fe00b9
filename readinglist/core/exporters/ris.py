"""RIS: one ``TY  - GEN`` record per paper, as Zotero, EndNote and Mendeley read it.

Lines end in ``\\n``. A value with line breaks continues on plain lines, which
RIS readers append to the tag before; a continuation line that would itself look
like a tag (``KW  - ...``) is written as a repeat of its tag instead, and the
importer joins repeats of TI, AB and N1 with a line break, so either way the
text comes back unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from readinglist.core.exporters._base import (
    Exporter,
    citekeys,
    clean_tags,
    clean_text,
    date_parts,
)
from readinglist.core.models import Paper
from readinglist.core.weblinks import web_urls

TAG_LINE = re.compile(r"^([A-Z][A-Z0-9])  -(?: (.*)|)$")


def _field(tag: str, value: str) -> list[str]:
    lines = value.split("\n")
    out = [f"{tag}  - {lines[0]}"]
    for line in lines[1:]:
        out.append(f"{tag}  - {line}" if TAG_LINE.match(line) else line)
    return out


def _record(paper: Paper, key: str) -> list[str]:
    lines = ["TY  - GEN", f"ID  - {key}"]
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
    if paper.note:
        lines += _field("N1", clean_text(paper.note))
    lines += [f"KW  - {tag}" for tag in clean_tags(paper.tags)]
    # Only web addresses are URLs; a file: or smb: link stays in the library.
    lines += [f"UR  - {url}" for url in web_urls(paper.links)]
    lines.append("ER  - ")
    return lines


def export(papers: Sequence[Paper], *, title: str = "Reading list") -> str:
    """The papers as an RIS file.

    Args:
        papers: the papers, in order.
        title: unused; RIS has no place for a list's name.

    Returns:
        One record per paper, separated by a blank line.
    """
    del title
    keys = citekeys(papers)
    records = ["\n".join(_record(p, k)) for p, k in zip(papers, keys, strict=True)]
    return "\n\n".join(records) + "\n" if records else ""


EXPORTER = Exporter(
    name="ris",
    label="RIS",
    extension=".ris",
    write=lambda papers, title: export(papers, title=title),
)
