"""Importer for RIS files (Zotero, EndNote, Mendeley, and this app's RIS export).

A record runs from ``TY  -`` to ``ER  -``. A line without a tag continues the
value before it; repeats of a title, abstract or note tag are joined with a line
break, which is how the RIS export writes a line that would look like a tag.
A record that never reaches ``ER  -`` (a truncated file) is reported, not kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from readinglist.core.citekeys import is_valid_key
from readinglist.core.models import ParsedPaper, ParseResult, Problem

if TYPE_CHECKING:
    from readinglist.core.importers import ParseContext

TAG_LINE = re.compile(r"^([A-Z][A-Z0-9])  -(?: (.*)|)$")
_FIRST_LINE = re.compile(r"^\ufeff?[ \t]*TY  - ")
_DATE = re.compile(r"^(\d{4})(?:[/-](\d{1,2})?(?:[/-](\d{1,2})?)?)?")
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")

_TITLE_TAGS = ("TI", "T1", "CT", "BT")
_ABSTRACT_TAGS = ("AB", "N2")
_DATE_TAGS = ("DA", "PY", "Y1", "Y2")


@dataclass(slots=True)
class _Record:
    line: int
    values: dict[str, list[str]] = field(default_factory=dict)
    last: str | None = None

    def add(self, tag: str, value: str) -> None:
        self.values.setdefault(tag, []).append(value)
        self.last = tag

    def extend(self, line: str) -> None:
        if self.last is not None:
            values = self.values[self.last]
            values[-1] += "\n" + line

    def text(self, tags: tuple[str, ...]) -> str | None:
        for tag in tags:
            if tag in self.values:
                return "\n".join(self.values[tag])
        return None


def _date(record: _Record) -> str | None:
    best: list[int] = []
    for tag in _DATE_TAGS:
        for value in record.values.get(tag, []):
            match = _DATE.match(value.strip())
            if match:
                parts = [int(p) for p in match.groups() if p]
                if len(parts) > 1 and not 1 <= parts[1] <= 12:
                    parts = parts[:1]
                if len(parts) > 2 and not 1 <= parts[2] <= 31:
                    parts = parts[:2]
                if len(parts) > len(best):
                    best = parts
    if not best:
        return None
    return "-".join([f"{best[0]:04d}", *(f"{p:02d}" for p in best[1:])])


def _paper(record: _Record, path: str) -> ParsedPaper | Problem:
    title = record.text(_TITLE_TAGS)
    if title is None or not title.strip():
        return Problem(path, record.line, "this reference has no title (TI)")
    links = [
        " ".join(v.split())
        for tag in ("UR", "L1", "LK")
        for v in record.values.get(tag, [])
    ]
    for doi in record.values.get("DO", []):
        if _DOI.match(doi.strip()):
            links.append(f"https://doi.org/{doi.strip()}")
    keys = [v.strip() for v in record.values.get("ID", [])]
    return ParsedPaper(
        title=title,
        line=record.line,
        abstract=record.text(_ABSTRACT_TAGS) or None,
        published=_date(record),
        links=tuple(dict.fromkeys(link for link in links if link)),
        note=record.text(("N1",)) or None,
        tags=tuple(
            dict.fromkeys(t.strip() for t in record.values.get("KW", []) if t.strip())
        ),
        citekey=keys[0] if keys and is_valid_key(keys[0]) else None,
    )


class RisImporter:
    """Reads RIS files."""

    name = "ris"
    label = "RIS"

    def match(self, text: str) -> bool:
        """True when the first non-blank line starts a record (``TY  - ``)."""
        for line in text.split("\n", 50)[:50]:
            if line.strip():
                return _FIRST_LINE.match(line) is not None
        return False

    def parse(self, text: str, path: str, context: ParseContext) -> ParseResult:
        """Read every record; report the ones that could not be read.

        Args:
            text: the file's text.
            path: the file name, for problems.
            context: unused; RIS dates carry their own year.

        Returns:
            The papers, in file order, and the problems, each with its line.
        """
        del context
        result = ParseResult(format=self.name)
        text = text.replace("\r\n", "\n").replace("\r", "\n").removeprefix("\ufeff")
        record: _Record | None = None
        stray = False  # inside a run of lines outside any record
        for number, line in enumerate(text.split("\n"), start=1):
            match = TAG_LINE.match(line)
            if record is None:
                if match and match.group(1) == "TY":
                    record, stray = _Record(line=number), False
                elif line.strip() and not stray:
                    stray = True
                    result.problems.append(
                        Problem(path, number, "text outside a reference was skipped")
                    )
                continue
            if match is None:
                record.extend(line)
            elif match.group(1) == "ER":
                found = _paper(record, path)
                if isinstance(found, ParsedPaper):
                    result.papers.append(found)
                else:
                    result.problems.append(found)
                record = None
            else:
                record.add(match.group(1), match.group(2) or "")
        if record is not None:
            result.problems.append(
                Problem(
                    path,
                    record.line,
                    "this reference never ends (no “ER  -” line; is the file cut "
                    "short?) and was skipped",
                )
            )
        return result


IMPORTER = RisImporter()
