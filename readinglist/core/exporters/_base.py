"""What every exporter shares: its record type and the facts it pulls from a paper.

Text policy, the same for every format: before a title, abstract, note or tag is
written it goes through ``clean_text``. Line ends become ``\\n``; control
characters other than tab and line feed (C0, DEL, C1) are dropped, because they
are not text and most of these formats cannot carry them (RIS is line-based,
spreadsheets and LaTeX choke on them); lone surrogates, which cannot be encoded
as UTF-8 at all, become U+FFFD. Everything else is written so that the matching
importer reads back exactly the cleaned text (the LaTeX formats in Unicode
normalisation form C, which is canonically the same text).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from readinglist.core.citekeys import is_valid_key, make_citekey
from readinglist.core.models import Paper
from readinglist.core.weblinks import web_urls

DEFAULT_TITLE = "Reading list"


@dataclass(frozen=True, slots=True)
class Exporter:
    """One export format: how it is named, shown and saved, and its writer."""

    name: str
    label: str
    extension: str
    write: Callable[[Sequence[Paper], str, bool], str]

    def export(
        self,
        papers: Sequence[Paper],
        *,
        title: str = DEFAULT_TITLE,
        include_notes: bool = False,
    ) -> str:
        """The papers as this format's text.

        Args:
            papers: the papers, in the order they should appear.
            title: the list's name, for formats that show one.
            include_notes: write the user's private notes too.

        Returns:
            The whole file's text; write it as UTF-8 with ``newline=""``.
        """
        return self.write(papers, title, include_notes)


_DROPPED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_text(text: str) -> str:
    """``text`` as every exporter writes it (see the module docstring)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _SURROGATE.sub("\ufffd", _DROPPED.sub("", text))


def clean_tags(tags: Sequence[str]) -> list[str]:
    """Tags as written: cleaned, on one line, empty ones left out."""
    cleaned = (" ".join(clean_text(tag).split("\n")).strip() for tag in tags)
    return [tag for tag in cleaned if tag]


_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


def date_parts(published: str | None) -> tuple[int, ...]:
    """(year,), (year, month) or (year, month, day) from an ISO date, or ()."""
    match = _DATE.match(published or "")
    if match is None:
        return ()
    return tuple(int(part) for part in match.groups() if part is not None)


def iso_date(parts: Sequence[int]) -> str:
    """``2021-05-09``, ``2021-05`` or ``2021`` for date parts."""
    if not parts:
        return ""
    return "-".join([f"{parts[0]:04d}", *(f"{part:02d}" for part in parts[1:3])])


# New-style (2101.00001) and old-style (math.GT/0309136, hep-th/9901001) ids,
# from arXiv itself or from the Hugging Face paper pages named after them.
_ARXIV = re.compile(
    r"(?:arxiv\.org/(?:abs|pdf|html)/|huggingface\.co/papers/|arxiv:)"
    r"(\d{4}\.\d{4,5}|[a-z][a-z-]*(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?",
    re.IGNORECASE,
)


def arxiv_id(paper: Paper) -> str | None:
    """The paper's arXiv identifier (no version), when a link reveals it."""
    for link in paper.links:
        match = _ARXIV.search(link)
        if match:
            return match.group(1)
    return None


def first_url(paper: Paper) -> str | None:
    """The first of the paper's links that is a web address, if any.

    Only ``http`` and ``https`` are written as URLs: a ``file:`` or ``smb:``
    link read from an imported file must not become a clickable link in
    someone's bibliography.
    """
    urls = web_urls(paper.links)
    return urls[0] if urls else None


def citekeys(papers: Sequence[Paper]) -> list[str]:
    """One distinct, valid citation key per paper, in order.

    The library pins a key for every paper, and those keys are kept. A paper
    without one (or with one BibTeX cannot take, or a repeat of an earlier
    paper's key) gets a key made from its title, clear of every pinned key so
    that no paper's pinned key changes because of another.
    """
    pinned: set[str] = set()
    keys: list[str | None] = []
    for paper in papers:
        key = paper.citekey
        if key and is_valid_key(key) and key not in pinned:
            pinned.add(key)
            keys.append(key)
        else:
            keys.append(None)
    taken = set(pinned)
    result: list[str] = []
    for paper, pinned_key in zip(papers, keys, strict=True):
        key = pinned_key
        if key is None:
            year = date_parts(paper.published)[:1]
            first = paper.authors[0] if paper.authors else None
            author = (first.literal or first.family) if first else None
            key = make_citekey(
                paper.title, year[0] if year else None, taken.__contains__, author
            )
            taken.add(key)
        result.append(key)
    return result


def one_line(text: str) -> str:
    """``text`` with its line breaks turned into spaces, for one-line slots."""
    return " ".join(text.split("\n"))
