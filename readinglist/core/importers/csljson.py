"""Importer for CSL-JSON (citeproc, pandoc, Zotero, and this app's export).

The file is a JSON array of items, or a single item (an object). Items are
read one by one, so the line of
each is known and one broken item does not lose the others; JSON that stops
being valid part-way keeps the items before the fault.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

from readinglist.core.citekeys import is_valid_key
from readinglist.core.entrytypes import FROM_CSL
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

_HEAD = re.compile(r"^\ufeff?\s*(?:\[\s*(?:\]|\{)|\{)")
_KEY = re.compile(r'"(?:type|title|id|issued|URL)"\s*:')
_SNIFF_CHARS = 65536
_WHITESPACE = " \t\n\r"


def _int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


def _date(issued: object) -> str | None:
    parts: list[int] = []
    if isinstance(issued, dict):
        date_parts = issued.get("date-parts")
        if (
            isinstance(date_parts, list)
            and date_parts
            and isinstance(date_parts[0], list)
        ):
            for value in date_parts[0][:3]:
                number = _int(value)
                if number is None:
                    break
                parts.append(number)
        elif isinstance(issued.get("raw"), str):
            match = re.match(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", issued["raw"])
            if match:
                parts = [int(p) for p in match.groups() if p]
    if not parts or not 0 < parts[0] < 10000:
        return None
    if len(parts) > 1 and not 1 <= parts[1] <= 12:
        parts = parts[:1]
    if len(parts) > 2 and not 1 <= parts[2] <= 31:
        parts = parts[:2]
    return "-".join([f"{parts[0]:04d}", *(f"{p:02d}" for p in parts[1:])])


def _text(item: dict[str, object], key: str) -> str | None:
    value = item.get(key)
    return value if isinstance(value, str) and value else None


_USED = frozenset(
    {"id", "type", "title", "abstract", "issued", "URL", "number", "DOI", "note",
     "keyword", "author", "container-title", "publisher", "volume", "issue",
     "page", "edition", "collection-title", "authority"}
)  # fmt: skip


def _arxiv(item: dict[str, object]) -> str | None:
    for key in ("number", "URL", "archive_location"):
        found = normalise_arxiv(_text(item, key))
        if found:
            return found
    return None


def _authors(item: dict[str, object]) -> tuple[Name, ...]:
    people = item.get("author")
    if not isinstance(people, list):
        return ()
    names = (Name.from_csl(p) for p in people if isinstance(p, dict))
    return tuple(name for name in names if name is not None)


def _venue(item: dict[str, object]) -> Venue:
    def text(key: str) -> str:
        value = item.get(key)
        return str(value).strip() if isinstance(value, str | int) else ""

    institution = text("authority") if item.get("type") != "book" else ""
    publisher = text("publisher")
    if item.get("type") in {"thesis", "report"} and not institution:
        # CSL names a thesis's university and a report's body as publisher.
        institution, publisher = publisher, ""
    if publisher.lower() == "arxiv" and _arxiv(item):
        publisher = ""  # the arXiv id says it; exports write it back
    return Venue(
        container=text("container-title"),
        publisher=publisher,
        volume=text("volume"),
        issue=text("issue") or (text("number") if not _arxiv(item) else ""),
        pages=text("page"),
        edition=text("edition"),
        institution=institution,
        series=text("collection-title"),
    )


def _extra(item: dict[str, object]) -> dict[str, str]:
    return {
        key: str(value)
        for key, value in item.items()
        if key not in _USED and isinstance(value, str | int) and str(value)
    }


def _paper(item: object, line: int, path: str) -> ParsedPaper | Problem:
    if not isinstance(item, dict):
        return Problem(path, line, "this item is not a JSON object and was skipped")
    title = _text(item, "title")
    if title is None or not title.strip():
        return Problem(path, line, "this item has no title")
    keyword = _text(item, "keyword") or ""
    tags = (tag.strip() for tag in keyword.split(","))
    key = item.get("id")
    citekey = key if isinstance(key, str) and is_valid_key(key) else None
    url = _text(item, "URL")
    doi = normalise_doi(_text(item, "DOI")) or normalise_doi(url)
    arxiv = _arxiv(item)
    return ParsedPaper(
        title=title,
        line=line,
        abstract=_text(item, "abstract"),
        published=_date(item.get("issued")),
        links=with_identifier_links(
            (url.strip(),) if url and url.strip() else (), doi, arxiv
        ),
        note=_text(item, "note"),
        tags=tuple(dict.fromkeys(tag for tag in tags if tag)),
        citekey=citekey,
        authors=_authors(item),
        doi=doi,
        arxiv=arxiv,
        entry_type=FROM_CSL.get(str(item.get("type", ""))),
        venue=_venue(item),
        extra=_extra(item),
    )


def _skip(text: str, index: int) -> int:
    while index < len(text) and text[index] in _WHITESPACE:
        index += 1
    return index


class CslJsonImporter:
    """Reads CSL-JSON files."""

    name = "csljson"
    label = "CSL-JSON"

    def match(self, text: str) -> bool:
        """True when ``text`` is a JSON array of CSL-looking items."""
        head = text[:_SNIFF_CHARS]
        if not _HEAD.match(head):
            return False
        return head.lstrip("\ufeff \t\n\r[").startswith("]") or bool(_KEY.search(head))

    def parse(self, text: str, path: str, context: ParseContext) -> ParseResult:
        """Read every item; report the ones that could not be read.

        Args:
            text: the file's text.
            path: the file name, for problems.
            context: unused; CSL dates carry their own year.

        Returns:
            The papers, in file order, and the problems, each with its line.
        """
        del context
        result = ParseResult(format=self.name)
        text = text.removeprefix("\ufeff")
        decoder = json.JSONDecoder()
        index = _skip(text, 0)
        if text.startswith("{", index):
            return self._single(text, path, result)
        if not text.startswith("[", index):
            result.problems.append(Problem(path, 1, "CSL-JSON must be a JSON array"))
            return result
        index = _skip(text, index + 1)
        line, counted = 1, 0
        while index < len(text) and text[index] != "]":
            line += text.count("\n", counted, index)
            counted = index
            try:
                item, index = decoder.raw_decode(text, index)
            except json.JSONDecodeError as error:
                message = f"not valid JSON ({error.msg}); the rest was skipped"
                result.problems.append(Problem(path, error.lineno, message))
                return result
            found = _paper(item, line, path)
            if isinstance(found, ParsedPaper):
                result.papers.append(found)
            else:
                result.problems.append(found)
            index = _skip(text, index)
            if index >= len(text):
                break
            if text.startswith(",", index):
                index = _skip(text, index + 1)
            elif not text.startswith("]", index):
                line += text.count("\n", counted, index)
                problem = Problem(path, line, "expected “,” or “]” after an item")
                result.problems.append(problem)
                return result
        if index >= len(text):
            line += text.count("\n", counted, index)
            result.problems.append(
                Problem(path, line, "the JSON array is never closed")
            )
        return result

    def _single(self, text: str, path: str, result: ParseResult) -> ParseResult:
        """A file that holds one item, not an array of them."""
        try:
            item = json.loads(text)
        except json.JSONDecodeError as error:
            message = f"not valid JSON ({error.msg})"
            result.problems.append(Problem(path, error.lineno, message))
            return result
        found = _paper(item, 1, path)
        if isinstance(found, ParsedPaper):
            result.papers.append(found)
        else:
            result.problems.append(found)
        return result


IMPORTER = CslJsonImporter()
