"""Importer for RIS files (Zotero, EndNote, Mendeley, and this app's RIS export).

A record runs from ``TY  -`` to ``ER  -``. A line without a tag continues the
value before it; repeats of a title, abstract or note tag are joined with a line
break, which is how the RIS export writes a line that would look like a tag.
A record that never reaches ``ER  -`` (a truncated file) is reported, not kept;
text before the first record (rispy's "extraneous data") is skipped. Tag names
and which tags repeat come from rispy's table; a tag the record does not use is
kept in ``extra`` under rispy's name for it, so the RIS export writes it back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rispy.config import TAG_KEY_MAPPING

from readinglist.core.citekeys import is_valid_key
from readinglist.core.entrytypes import FROM_RIS
from readinglist.core.models import ParsedPaper, ParseResult, Problem
from readinglist.core.recordfields import (
    Name,
    Venue,
    normalise_arxiv,
    normalise_doi,
    with_identifier_links,
)

if TYPE_CHECKING:
    from readinglist.core.importers.context import ParseContext

TAG_LINE = re.compile(r"^([A-Z][A-Z0-9])  -(?:[ \t](.*)|[ \t]*)$")
SHARE = 0.5
"""A file is read as a format when at least this share of its lines is in it."""
_DATE = re.compile(r"^(\d{4})(?:[/-](\d{1,2})?(?:[/-](\d{1,2})?)?)?")

_TITLE_TAGS = ("TI", "T1", "CT", "BT")
_ABSTRACT_TAGS = ("AB", "N2")
_DATE_TAGS = ("DA", "PY", "Y1", "Y2")
_AUTHOR_TAGS = ("AU", "A1", "A2", "A3", "A4")
_USED = frozenset(
    {"TY", "ID", *_TITLE_TAGS, *_ABSTRACT_TAGS, *_DATE_TAGS, "N1", "KW", "UR", "L1",
     "L4", "LK", "DO", "AU", "A1", "T2", "JO", "JF", "J2", "JA", "PB", "VL", "IS", "SP",
     "EP", "ET", "T3"}
)  # fmt: skip


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
        for tag in ("UR", "L1", "L4", "LK")
        for v in record.values.get(tag, [])
    ]
    dois = [normalise_doi(v) for v in record.values.get("DO", [])]
    dois += [normalise_doi(link) for link in links]
    arxivs = [normalise_arxiv(link) for link in links]
    arxivs[:0] = [
        normalise_arxiv(v) for t in ("AN", "M1") for v in record.values.get(t, [])
    ]
    kind = (record.values.get("TY") or [""])[0].strip().upper()
    doi = next((d for d in dois if d), None)
    arxiv = next((a for a in arxivs if a), None)
    keys = [v.strip() for v in record.values.get("ID", [])]
    return ParsedPaper(
        title=title,
        line=record.line,
        abstract=record.text(_ABSTRACT_TAGS) or None,
        published=_date(record),
        links=with_identifier_links(
            tuple(dict.fromkeys(link for link in links if link)), doi, arxiv
        ),
        note=record.text(("N1",)) or None,
        tags=tuple(
            dict.fromkeys(t.strip() for t in record.values.get("KW", []) if t.strip())
        ),
        citekey=keys[0] if keys and is_valid_key(keys[0]) else None,
        authors=_authors(record),
        doi=doi,
        arxiv=arxiv,
        entry_type=FROM_RIS.get(kind),
        venue=_venue(record),
        extra=_extra(record),
    )


def _authors(record: _Record) -> tuple[Name, ...]:
    # AU and A1 are the authors; A2..A4 are editors and others (kept in extra).
    names: list[Name] = []
    for tag in ("AU", "A1"):
        for value in record.values.get(tag, []):
            family, _, given = value.strip().partition(",")
            given, _, suffix = given.strip().partition(",")
            if family.strip() and not given.strip() and " " in family.strip():
                names.append(Name(literal=family.strip()))
            elif family.strip():
                names.append(
                    Name(
                        family=family.strip(),
                        given=given.strip(),
                        suffix=suffix.strip(),
                    )
                )
    return tuple(names)


def _venue(record: _Record) -> Venue:
    def text(*tags: str) -> str:
        return (record.text(tags) or "").strip()

    start, end = text("SP"), text("EP")
    publisher, institution = text("PB"), ""
    if (record.values.get("TY") or [""])[0].strip() in {"THES", "RPRT"}:
        # A thesis's university and a report's body are its publisher in RIS.
        publisher, institution = "", publisher
    return Venue(
        container=text("T2", "JO", "JF", "J2", "JA"),
        publisher=publisher,
        institution=institution,
        volume=text("VL"),
        issue=text("IS"),
        pages=f"{start}\u2013{end}" if start and end and start != end else start,
        edition=text("ET"),
        series=text("T3"),
    )


def _extra(record: _Record) -> dict[str, str]:
    extra: dict[str, str] = {}
    for tag, values in record.values.items():
        if tag in _USED or tag == "ER":
            continue
        if tag in {"AN", "M1"} and all(normalise_arxiv(v) for v in values):
            continue  # read as the arXiv id
        name = TAG_KEY_MAPPING.get(tag, tag)
        joined = "; ".join(v.strip() for v in values if v.strip())
        if joined:
            extra[name] = joined
    return extra


class RisImporter:
    """Reads RIS files."""

    name = "ris"
    label = "RIS"

    def share(self, text: str) -> float:
        """The share of the file's non-blank lines that lie inside records."""
        inside = blank = total = pending = 0
        in_record = False
        for line in text.split("\n"):
            if not line.strip():
                blank += 1
                continue
            total += 1
            head = line.lstrip("\ufeff \t")[:6]
            if head.startswith("TY  -"):
                in_record, pending = True, 0
            if in_record:
                pending += 1
            if head.startswith("ER  -") and in_record:
                # Only a record that ends counts: "TY  - " in prose is no record.
                inside += pending
                in_record = False
        if in_record and inside:
            # A file cut short ends inside a record: judge it by what came
            # before, so the records it does hold are still read.
            total -= pending
        return inside / total if total else 0.0

    def match(self, text: str) -> bool:
        """True when most of the file's lines belong to RIS records."""
        return self.share(text) >= SHARE

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
                    record.values["TY"] = [match.group(2) or ""]
                elif match and not stray:
                    # Plain text outside records is a header or a separator
                    # some tools write (rispy's "extraneous data"); tagged
                    # lines there are a reference that lost its TY line.
                    stray = True
                    result.problems.append(
                        Problem(
                            path,
                            number,
                            "these lines have no “TY  -” line to start a "
                            "reference and were skipped",
                        )
                    )
                elif not match and line.strip():
                    stray = False
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
