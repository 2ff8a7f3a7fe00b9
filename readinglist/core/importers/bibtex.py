"""Importer for BibTeX and BibLaTeX files, this app's exports and other tools'.

bibtexparser splits the file into entries; each field's LaTeX is turned back into
Unicode by ``readinglist.core.latex.decode_latex``, which undoes this app's own
BibTeX and BibLaTeX exports exactly and reads other files with pylatexenc. The
date comes from ``date`` when present (BibLaTeX, and this app's BibTeX), else
from ``year``, ``month`` and ``day``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bibtexparser import model
from bibtexparser.entrypoint import parse_string
from bibtexparser.library import Library

from readinglist.core.citekeys import is_valid_key
from readinglist.core.entrytypes import FROM_BIBTEX
from readinglist.core.importers.bibvalues import inherit, parse_names, resolve_value
from readinglist.core.importers.ris import SHARE
from readinglist.core.latex import BIBTEX_MONTHS as _MONTHS
from readinglist.core.latex import decode_latex
from readinglist.core.models import ParsedPaper, ParseResult, Problem
from readinglist.core.recordfields import (
    Venue,
    normalise_arxiv,
    normalise_doi,
    with_identifier_links,
)

if TYPE_CHECKING:
    from readinglist.core.importers.context import ParseContext

_ENTRY = re.compile(
    r"^[ \t]*@[A-Za-z]+[ \t]*[{(][ \t]*[^\s,{}()=\"#%'~\\]+[ \t]*,", re.M
)
_ISO_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_ARXIV_EPRINT = re.compile(
    r"^(\d{4}\.\d{4,5}|[a-z][a-z-]*(?:\.[A-Z]{2})?/\d{7})(v\d+)?$"
)


def _month(value: str) -> int | None:
    value = value.strip().strip("{}").strip().lower()
    if value.isdigit():
        number = int(value)
        return number if 1 <= number <= 12 else None
    return _MONTHS.index(value[:3]) + 1 if value[:3] in _MONTHS else None


def _date(fields: dict[str, str]) -> str | None:
    match = _ISO_DATE.match(fields.get("date", "").strip())
    if match:
        parts = [int(part) for part in match.groups() if part is not None]
    else:
        # {\noopsort{1973b}}1973 sorts a year without printing the sort key.
        year = re.sub(r"\{\\noopsort\{[^{}]*\}\}", "", fields.get("year", ""))
        year = year.strip().strip("{}").strip()
        if not re.fullmatch(r"\d{4}", year):
            return None
        parts = [int(year)]
        month = _month(fields.get("month", ""))
        if month:
            parts.append(month)
            day = fields.get("day", "").strip()
            if day.isdigit():
                parts.append(int(day))
    if len(parts) > 1 and not 1 <= parts[1] <= 12:
        parts = parts[:1]
    if len(parts) > 2 and not 1 <= parts[2] <= 31:
        parts = parts[:2]
    return "-".join([f"{parts[0]:04d}", *(f"{p:02d}" for p in parts[1:])])


def split_keywords(value: str) -> list[str]:
    """The keywords of a ``keywords`` field: commas outside braces separate."""
    parts: list[str] = []
    depth = 0
    start = 0
    for index, char in enumerate(value):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(value[start:index])
            start = index + 1
    parts.append(value[start:])
    tags = (decode_latex(part.strip()) for part in parts)
    return [tag for tag in tags if tag]


_KNOWN = frozenset(
    {
        "title", "abstract", "note", "annote", "annotation", "keywords", "date",
        "year", "month", "day", "url", "doi", "eprint", "archiveprefix",
        "eprinttype", "author", "journal", "journaltitle", "booktitle",
        "publisher", "volume", "number", "issue", "pages", "edition",
        "institution", "school", "organization", "series", "crossref", "xdata",
    }
)  # fmt: skip


def _arxiv(fields: dict[str, str]) -> str | None:
    eprint = fields.get("eprint", "").strip()
    kind = (fields.get("archiveprefix") or fields.get("eprinttype") or "").lower()
    if kind.strip() in {"", "arxiv"} and _ARXIV_EPRINT.match(eprint):
        return eprint
    return normalise_arxiv(fields.get("url")) if not eprint else None


def _venue(fields: dict[str, str]) -> Venue:
    def text(*names: str) -> str:
        for name in names:
            if fields.get(name, "").strip():
                return decode_latex(fields[name])
        return ""

    return Venue(
        container=text("journaltitle", "journal", "booktitle"),
        publisher=text("publisher"),
        volume=text("volume"),
        issue=text("number", "issue"),
        pages=text("pages"),
        edition=text("edition"),
        institution=text("institution", "school", "organization"),
        series=text("series"),
    )


def _extra(fields: dict[str, str]) -> dict[str, str]:
    extra: dict[str, str] = {}
    for name, value in fields.items():
        if name in _KNOWN or (name == "howpublished" and "\\url" in value):
            continue  # this app's own exports write the URL there too
        text = decode_latex(value)
        if text:
            extra[name] = text
    return extra


def _paper(
    entry: model.Entry, fields: dict[str, str], path: str
) -> ParsedPaper | Problem:
    line = (entry.start_line or 0) + 1
    title = decode_latex(fields.get("title", ""))
    if not title.strip():
        return Problem(path, line, f"entry “{entry.key}” has no title")
    abstract = decode_latex(fields["abstract"]) if "abstract" in fields else None
    raw_note = fields.get("annote") or fields.get("annotation") or fields.get("note")
    note = decode_latex(raw_note) if raw_note else None
    extra = _extra(fields)
    if raw_note is not fields.get("note") and fields.get("note", "").strip():
        # With an annote, "note" is the file's bibliographic note: keep it.
        extra["note"] = decode_latex(fields["note"])
    tags = split_keywords(fields.get("keywords", ""))
    url = fields.get("url", "").strip()
    doi = normalise_doi(fields.get("doi")) or normalise_doi(url)
    arxiv = _arxiv(fields)
    return ParsedPaper(
        title=title,
        line=line,
        abstract=abstract or None,
        published=_date(fields),
        links=with_identifier_links((url,) if url else (), doi, arxiv),
        note=note or None,
        tags=tuple(dict.fromkeys(tags)),
        citekey=entry.key if is_valid_key(entry.key) else None,
        authors=parse_names(fields.get("author", "")),
        doi=doi,
        arxiv=arxiv,
        entry_type=FROM_BIBTEX.get(entry.entry_type.lower()),
        venue=_venue(fields),
        extra=extra,
    )


def _strings(library: Library) -> dict[str, str]:
    strings: dict[str, str] = {}
    for block in library.strings:
        # Later macros may use earlier ones, so they resolve in file order.
        strings[block.key.lower()] = resolve_value(str(block.value), strings)
    return strings


def _resolved(library: Library) -> dict[int, dict[str, str]]:
    """Every entry's fields, by the entry's id, with macros and parents resolved."""
    strings = _strings(library)
    entries = [
        block.ignore_error_block
        if isinstance(block, model.DuplicateBlockKeyBlock)
        else block
        for block in library.blocks
    ]
    by_key: dict[str, dict[str, str]] = {}
    types: dict[str, str] = {}
    own: dict[int, dict[str, str]] = {}
    for entry in entries:
        if not isinstance(entry, model.Entry):
            continue
        fields = {
            f.key.lower(): resolve_value(str(f.value), strings) for f in entry.fields
        }
        own[id(entry)] = fields
        by_key.setdefault(entry.key.lower(), fields)
        types.setdefault(entry.key.lower(), entry.entry_type.lower())
    inherited = inherit(by_key, types)
    result: dict[int, dict[str, str]] = {}
    for entry in entries:
        if isinstance(entry, model.Entry):
            fields = own[id(entry)]
            if by_key.get(entry.key.lower()) is fields:
                fields = inherited[entry.key.lower()]
            result[id(entry)] = fields
    return result


class BibtexImporter:
    """Reads BibTeX and BibLaTeX (``.bib``) files."""

    name = "bibtex"
    label = "BibTeX / BibLaTeX"

    def share(self, text: str) -> float:
        """The share of the file's non-blank lines inside readable entries.

        A quick count by braces rules most files out; a file that passes it is
        parsed, and only entries bibtexparser reads with fields count, so one
        entry-like line in a note of a listing or a RIS file, whatever follows
        it, covers a small share of that file.
        """
        total = sum(1 for line in text.split("\n") if line.strip())
        if not total or _brace_share(text) / total < SHARE:
            return 0.0
        try:
            library = parse_string(text, parse_stack=[])
        except Exception:  # a parser bug must not stop sniffing
            return 0.0
        covered = 0
        for found in library.blocks:
            block = (
                found.ignore_error_block
                if isinstance(found, model.DuplicateBlockKeyBlock)
                else found
            )
            if isinstance(block, model.Entry) and block.fields:
                raw = block.raw or ""
                covered += sum(1 for line in raw.split("\n") if line.strip())
        last = library.blocks[-1] if library.blocks else None
        if covered and isinstance(last, model.ParsingFailedBlock):
            # A file cut short ends in half an entry: judge it by what came
            # before, so the entries it does hold are still read.
            before = text.split("\n")[: last.start_line or 0]
            total = sum(1 for line in before if line.strip()) or total
        return min(1.0, covered / total)

    def match(self, text: str) -> bool:
        """True when most of the file's lines belong to BibTeX entries."""
        return self.share(text) >= SHARE

    def parse(self, text: str, path: str, context: ParseContext) -> ParseResult:
        """Read every entry; report the ones that could not be read.

        Args:
            text: the file's text.
            path: the file name, for problems.
            context: unused; BibTeX dates carry their own year.

        Returns:
            The papers, in file order, and the problems, each with its line.
        """
        del context
        result = ParseResult(format=self.name)
        try:
            # Values come back raw: bibtexparser's own string resolution
            # cannot join "#" parts, so bibvalues resolves them all.
            library = parse_string(text, parse_stack=[])
            resolved = _resolved(library)
        except Exception as error:  # a parser bug must not stop an import
            result.problems.append(
                Problem(path, 0, f"the BibTeX could not be read ({error})")
            )
            return result
        for block in library.blocks:
            if isinstance(block, model.DuplicateBlockKeyBlock):
                # Same key twice: still a paper; the library gives it a new key.
                duplicate = block.ignore_error_block
                if isinstance(duplicate, model.Entry):
                    found = _paper(duplicate, resolved[id(duplicate)], path)
                    if isinstance(found, ParsedPaper):
                        found.citekey = None
                        result.papers.append(found)
                    else:
                        result.problems.append(found)
            elif isinstance(block, model.ParsingFailedBlock):
                line = (block.start_line or 0) + 1
                result.problems.append(Problem(path, line, _failure(block)))
            elif isinstance(block, model.Entry):
                found = _paper(block, resolved[id(block)], path)
                if isinstance(found, ParsedPaper):
                    result.papers.append(found)
                else:
                    result.problems.append(found)
        return result


def _brace_share(text: str) -> int:
    """Non-blank lines from each entry head to the brace that closes it."""
    covered = 0
    position = 0
    for head in _ENTRY.finditer(text):
        if head.start() < position:
            continue  # inside the entry before
        end = _entry_end(text, head.end(), "(" in head.group())
        chunk = text[head.start() : end]
        covered += sum(1 for line in chunk.split("\n") if line.strip())
        position = end
    return covered


def _entry_end(text: str, start: int, paren: bool) -> int:
    """Where the entry whose fields begin at ``start`` ends (or the text does).

    Only braces nest in BibTeX: a parenthesis in a braced value ("Title (x)")
    closes nothing; an entry opened with ``(`` ends at a ``)`` outside braces.
    """
    depth = 0 if paren else 1
    for index in range(start, len(text)):
        char = text[index]
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0 and not paren:
                return index + 1
        elif char == ")" and paren and depth == 0:
            return index + 1
    return len(text)


def _failure(block: model.ParsingFailedBlock) -> str:
    raw = (block.raw or "").strip().split("\n", 1)[0]
    head = raw if len(raw) <= 60 else raw[:59] + "…"
    return f"this entry is broken (an unclosed brace or quote?) and was skipped: {head}"


IMPORTER = BibtexImporter()
