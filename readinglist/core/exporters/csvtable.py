"""CSV: one row per paper, for Excel, LibreOffice and pandas.

Choices, all for spreadsheets:

- The text starts with a byte order mark (U+FEFF). Excel reads a CSV file as the
  system's legacy code page unless it starts with one, which garbles "Týr" and
  Greek; LibreOffice, pandas (``encoding="utf-8-sig"``) and Python's ``csv``
  module cope with it.
- RFC 4180 layout: comma separated, ``\\r\\n`` row ends, fields with commas,
  quotes or line breaks quoted. Notes keep their line breaks inside the cell.
- Tags and lists are joined with ``"; "``; ``starred`` is ``yes``/``no``;
  unknown values are empty cells.
- A text cell that starts with ``=``, ``+``, ``-`` or ``@`` gets a leading
  apostrophe, so a spreadsheet shows it as text instead of running it as a
  formula (the usual defence against CSV formula injection).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from readinglist.core.exporters._base import (
    Exporter,
    citekeys,
    clean_tags,
    clean_text,
    date_parts,
    first_url,
    iso_date,
)
from readinglist.core.models import Paper

BOM = "\ufeff"

COLUMNS = (
    "id",
    "citekey",
    "title",
    "date",
    "year",
    "upvotes",
    "starred",
    "status",
    "tags",
    "lists",
    "note",
    "url",
    "abstract",
)


def _text(value: str) -> str:
    value = clean_text(value)
    return "'" + value if value[:1] in {"=", "+", "-", "@"} else value


def _row(paper: Paper, key: str) -> list[str]:
    parts = date_parts(paper.published)
    return [
        paper.paper_id,
        key,
        _text(paper.title),
        iso_date(parts),
        str(parts[0]) if parts else "",
        "" if paper.upvotes is None else str(paper.upvotes),
        "yes" if paper.starred else "no",
        str(paper.status),
        _text("; ".join(clean_tags(paper.tags))),
        _text("; ".join(clean_tags(paper.lists))),
        _text(paper.note),
        first_url(paper) or "",
        _text(paper.abstract or ""),
    ]


def export(papers: Sequence[Paper], *, title: str = "Reading list") -> str:
    """The papers as a CSV table with a header row.

    Args:
        papers: the papers, in order.
        title: unused; a table has no place for a list's name.

    Returns:
        The table's text, starting with a byte order mark; write it as UTF-8
        with ``newline=""`` so the ``\\r\\n`` row ends stay as they are.
    """
    del title
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    keys = citekeys(papers)
    writer.writerows(_row(p, k) for p, k in zip(papers, keys, strict=True))
    return BOM + out.getvalue()


EXPORTER = Exporter(
    name="csv",
    label="CSV",
    extension=".csv",
    # Notes are what a shared reading list is for: always written here.
    write=lambda papers, title, include_notes: export(papers, title=title),
)
