"""CSL-JSON: the citation format of citeproc, pandoc and Zotero.

A JSON array with one item per paper, ``id`` being the citation key, ``type``
following the record (``article-journal``, ``paper-conference``, ``article``
for a preprint), ``author`` as CSL name objects, ``DOI``, the venue fields and
the paper's own page as ``URL``. The user's note goes to ``note`` only on
request (CSL has no private field). Tags go in ``keyword`` as one
comma-separated string, as CSL has it; a comma inside a tag cannot be told
apart there. An arXiv identifier goes in ``number`` (``arXiv:2101.00001``) with
``publisher`` ``arXiv`` when no other publisher is known, as Zotero writes
preprints.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from readinglist.core.entrytypes import TO_CSL
from readinglist.core.exporters._base import (
    Exporter,
    citekeys,
    clean_tags,
    clean_text,
    date_parts,
)
from readinglist.core.exporters._record import arxiv_of, entry_type, page_url
from readinglist.core.models import Paper

_NUMBERS = re.compile(r"\[\n\s*(\d+(?:,\n\s*\d+)*)\n\s*\]")
_DIGITS = re.compile(r"\d+")
_NESTED = re.compile(r"\[\n\s*(\[[\d, ]*\])\n\s*\]")


_VENUE = (
    ("container", "container-title"),
    ("publisher", "publisher"),
    ("volume", "volume"),
    ("issue", "issue"),
    ("pages", "page"),
    ("edition", "edition"),
    ("series", "collection-title"),
)


def _item(paper: Paper, key: str, notes: bool) -> dict[str, object]:
    item: dict[str, object] = {
        "id": key,
        "type": TO_CSL[entry_type(paper)],
        "title": clean_text(paper.title),
    }
    if paper.authors:
        item["author"] = [name.to_csl() for name in paper.authors]
    for field, csl in _VENUE:
        value = getattr(paper.venue, field)
        if value:
            item[csl] = clean_text(value)
    if paper.venue.institution:
        key_name = "publisher" if "publisher" not in item else "authority"
        item[key_name] = clean_text(paper.venue.institution)
    if paper.doi:
        item["DOI"] = paper.doi
    if paper.abstract:
        item["abstract"] = clean_text(paper.abstract)
    parts = date_parts(paper.published)
    if parts:
        item["issued"] = {"date-parts": [list(parts)]}
    eprint = arxiv_of(paper)
    if eprint:
        item["number"] = f"arXiv:{eprint}"
        item.setdefault("publisher", "arXiv")
    url = page_url(paper)
    if url:
        item["URL"] = url
    if notes and paper.note:
        item["note"] = clean_text(paper.note)
    for name, value in sorted(paper.extra.items()):
        if "-" in name or name.isupper() or name in {"ISSN", "ISBN"}:
            item.setdefault(name, value)
    tags = clean_tags(paper.tags)
    if tags:
        item["keyword"] = ", ".join(tags)
    return item


def export(
    papers: Sequence[Paper], *, title: str = "Reading list", include_notes: bool = False
) -> str:
    """The papers as a CSL-JSON array.

    Args:
        papers: the papers, in order.
        title: unused; CSL-JSON has no place for a list's name.
        include_notes: write each paper's note to ``note``.

    Returns:
        Indented JSON, UTF-8 characters kept, ending with a line break.
    """
    del title
    keys = citekeys(papers)
    items = [_item(p, k, include_notes) for p, k in zip(papers, keys, strict=True)]
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
    write=lambda papers, title, notes: export(papers, title=title, include_notes=notes),
)
