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

from readinglist.core.citekeys import is_valid_key
from readinglist.core.latex import BIBTEX_MONTHS as _MONTHS
from readinglist.core.latex import decode_latex
from readinglist.core.models import ParsedPaper, ParseResult, Problem

if TYPE_CHECKING:
    from readinglist.core.importers import ParseContext

_ENTRY = re.compile(
    r"^[ \t]*@[A-Za-z]+[ \t]*[{(][ \t]*[^\s,{}()=\"#%'~\\]+[ \t]*,", re.M
)
_ISO_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_ARXIV_EPRINT = re.compile(
    r"^(\d{4}\.\d{4,5}|[a-z][a-z-]*(?:\.[A-Z]{2})?/\d{7})(v\d+)?$"
)
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")


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
        year = fields.get("year", "").strip().strip("{}").strip()
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


def _links(fields: dict[str, str]) -> tuple[str, ...]:
    links: list[str] = []
    url = fields.get("url", "").strip()
    if url:
        links.append(url)
    eprint = fields.get("eprint", "").strip()
    kind = (fields.get("archiveprefix") or fields.get("eprinttype") or "").lower()
    match = _ARXIV_EPRINT.match(eprint)
    if match and kind.strip() in {"", "arxiv"}:
        arxiv = f"https://arxiv.org/abs/{match.group(1)}"
        if not any(match.group(1) in link for link in links):
            links.append(arxiv)
    doi = fields.get("doi", "").strip()
    if _DOI.match(doi):
        links.append(f"https://doi.org/{doi}")
    return tuple(links)


def _paper(entry: model.Entry, path: str) -> ParsedPaper | Problem:
    line = (entry.start_line or 0) + 1
    fields = {field.key.lower(): str(field.value) for field in entry.fields}
    title = decode_latex(fields.get("title", ""))
    if not title.strip():
        return Problem(path, line, f"entry “{entry.key}” has no title")
    abstract = decode_latex(fields["abstract"]) if "abstract" in fields else None
    note = decode_latex(fields["note"]) if "note" in fields else None
    tags = split_keywords(fields.get("keywords", ""))
    return ParsedPaper(
        title=title,
        line=line,
        abstract=abstract or None,
        published=_date(fields),
        links=_links(fields),
        note=note or None,
        tags=tuple(dict.fromkeys(tags)),
        citekey=entry.key if is_valid_key(entry.key) else None,
    )


class BibtexImporter:
    """Reads BibTeX and BibLaTeX (``.bib``) files."""

    name = "bibtex"
    label = "BibTeX / BibLaTeX"

    def match(self, text: str) -> bool:
        """True when ``text`` holds an entry head such as ``@misc{key,``."""
        return _ENTRY.search(text) is not None

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
            library = parse_string(text)
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
                    found = _paper(duplicate, path)
                    if isinstance(found, ParsedPaper):
                        found.citekey = None
                        result.papers.append(found)
                    else:
                        result.problems.append(found)
            elif isinstance(block, model.ParsingFailedBlock):
                line = (block.start_line or 0) + 1
                result.problems.append(Problem(path, line, _failure(block)))
            elif isinstance(block, model.Entry):
                found = _paper(block, path)
                if isinstance(found, ParsedPaper):
                    result.papers.append(found)
                else:
                    result.problems.append(found)
        return result


def _failure(block: model.ParsingFailedBlock) -> str:
    raw = (block.raw or "").strip().split("\n", 1)[0]
    head = raw if len(raw) <= 60 else raw[:59] + "…"
    return f"this entry is broken (an unclosed brace or quote?) and was skipped: {head}"


IMPORTER = BibtexImporter()
