"""Importer for CSL-JSON (citeproc, pandoc, Zotero, and this app's export).

The file is a JSON array of items. Items are read one by one, so the line of
each is known and one broken item does not lose the others; JSON that stops
being valid part-way keeps the items before the fault.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

from readinglist.core.citekeys import is_valid_key
from readinglist.core.models import ParsedPaper, ParseResult, Problem

if TYPE_CHECKING:
    from readinglist.core.importers import ParseContext

_HEAD = re.compile(r"^\ufeff?\s*\[\s*(?:\]|\{)")
_KEY = re.compile(r'"(?:type|title|id|issued|URL)"\s*:')
_SNIFF_CHARS = 65536
_ARXIV = re.compile(r"^arxiv:\s*(\S+?)(?:v\d+)?$", re.IGNORECASE)
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
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


def _links(item: dict[str, object]) -> tuple[str, ...]:
    links: list[str] = []
    url = _text(item, "URL")
    if url and url.strip():
        links.append(url.strip())
    arxiv = _ARXIV.match((_text(item, "number") or "").strip())
    if arxiv and not any(arxiv.group(1) in link for link in links):
        links.append(f"https://arxiv.org/abs/{arxiv.group(1)}")
    doi = (_text(item, "DOI") or "").strip()
    if _DOI.match(doi):
        links.append(f"https://doi.org/{doi}")
    return tuple(links)


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
    return ParsedPaper(
        title=title,
        line=line,
        abstract=_text(item, "abstract"),
        published=_date(item.get("issued")),
        links=_links(item),
        note=_text(item, "note"),
        tags=tuple(dict.fromkeys(tag for tag in tags if tag)),
        citekey=citekey,
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


IMPORTER = CslJsonImporter()
