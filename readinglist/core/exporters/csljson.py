"""CSL-JSON: the citation format of citeproc, pandoc and Zotero.

A JSON array with one ``"type": "article"`` item per paper, ``id`` being the
citation key. Tags go in ``keyword`` as one comma-separated string, as CSL has
it; a comma inside a tag cannot be told apart there. An arXiv identifier goes in
``number`` (``arXiv:2101.00001``) with ``publisher`` ``arXiv``, as Zotero writes
preprints.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from readinglist.core.exporters._base import (
    Exporter,
    arxiv_id,
    citekeys,
    clean_tags,
    clean_text,
    date_parts,
    first_url,
)
from readinglist.core.models import Paper

_NUMBERS = re.compile(r"\[\n\s*(\d+(?:,\n\s*\d+)*)\n\s*\]")
_DIGITS = re.compile(r"\d+")
_NESTED = re.compile(r"\[\n\s*(\[[\d, ]*\])\n\s*\]")


def _item(paper: Paper, key: str) -> dict[str, object]:
    item: dict[str, object] = {
        "id": key,
        "type": "article",
        "title": clean_text(paper.title),
    }
    if paper.abstract:
        item["abstract"] = clean_text(paper.abstract)
    parts = date_parts(paper.published)
    if parts:
        item["issued"] = {"date-parts": [list(parts)]}
    eprint = arxiv_id(paper)
    if eprint:
        item["number"] = f"arXiv:{eprint}"
        item["publisher"] = "arXiv"
    url = first_url(paper)
    if url:
        item["URL"] = url
    if paper.note:
        item["note"] = clean_text(paper.note)
    tags = clean_tags(paper.tags)
    if tags:
        item["keyword"] = ", ".join(tags)
    return item


def export(papers: Sequence[Paper], *, title: str = "Reading list") -> str:
    """The papers as a CSL-JSON array.

    Args:
        papers: the papers, in order.
        title: unused; CSL-JSON has no place for a list's name.

    Returns:
        Indented JSON, UTF-8 characters kept, ending with a line break.
    """
    del title
    keys = citekeys(papers)
    items = [_item(p, k) for p, k in zip(papers, keys, strict=True)]
    text = json.dumps(items, ensure_ascii=False, indent=2)
    # Keep date parts on one line: [[2021, 5, 9]]. JSON strings never hold a raw
    # line break, so these patterns only ever meet arrays of numbers.
    text = _NUMBERS.sub(
        lambda m: "[" + ", ".join(_DIGITS.findall(m.group(1))) + "]", text
    )
    text = _NESTED.sub(r"[\1]", text)
    return text + "\n"


EXPORTER = Exporter(
    name="csljson",
    label="CSL-JSON",
    extension=".json",
    write=lambda papers, title: export(papers, title=title),
)
