"""Importer for the Hugging Face "Daily Papers" page layout, and the block reader.

The page layout, as copied from the web page, has blank lines between lines and
one block per paper::

    <title>
    <abstract, one long line>
      • 4 authors          (or an organisation line: "Stanford Stanford AI")
    ·
    Oct 18, 2024 2         (month day, optional year, optional upvotes)

Any part of the footer may be missing. ``read_blocks`` walks the lines by
their kind and shape, so it also reads the compact layout, which is the same
blocks with no footers and no blank lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from readinglist.core.importers.listing_common import (
    COMPACT_HEADER,
    MAX_TITLE,
    PAGE_HEADERS,
    DateLine,
    Kind,
    ListingDates,
    authors_count,
    classify,
    clean,
    extract_links,
    has_words,
    header_key,
    is_glued,
    looks_like_abstract,
    looks_like_organisation,
    organisation_name,
    parse_date_line,
    unglue_subscribe,
)
from readinglist.core.models import ParsedPaper, ParseResult, Problem

if TYPE_CHECKING:
    from readinglist.core.importers.context import ParseContext

_QUOTE_CHARS = 60
_SNIFF_CHARS = 65536
_WEAK_HEADERS = frozenset({"new", "subscribe"})
_MARKUP = re.compile(r"^[ \t]*(?:<\?xml|<!DOCTYPE|<html)", re.MULTILINE | re.IGNORECASE)
# Heads of BibTeX entries and RIS records: a listing may quote one in an
# abstract, so only a file with many of them is another format's.
_OTHER_HEAD = re.compile(r"^[ \t]*(?:@[A-Za-z]+[ \t]*[{(]|TY  - )", re.MULTILINE)
_MOST_HEADS = 0.02


@dataclass(slots=True)
class _Block:
    """One paper while its lines are being read."""

    title: str
    line: int
    abstract: str | None = None
    authors: int | None = None
    organisation: str | None = None
    date: DateLine | None = None
    date_line: int = 0
    footer: bool = False


def _quote(text: str) -> str:
    short = text if len(text) <= _QUOTE_CHARS else text[: _QUOTE_CHARS - 1] + "…"
    return f"“{short}”"


class _Reader:
    """The state of one walk over a listing's lines."""

    def __init__(self, text: str, path: str, context: ParseContext) -> None:
        self.path = path
        self.dates = ListingDates(context)
        self.papers: list[ParsedPaper] = []
        self.problems: list[Problem] = []
        self.items = [
            (number, line)
            for number, raw in enumerate(text.split("\n"), 1)
            if (line := raw.strip())
        ]
        self.kinds = [classify(line) for _, line in self.items]
        # Abstract-shaped: a long line, or one made of sentences.
        self.prose = [
            kind is Kind.TEXT and looks_like_abstract(line)
            for kind, (_, line) in zip(self.kinds, self.items, strict=True)
        ]
        self.block: _Block | None = None

    def problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, message))

    def next_kind(self, index: int) -> Kind | None:
        return self.kinds[index + 1] if index + 1 < len(self.kinds) else None

    def next_is_prose(self, index: int) -> bool:
        return index + 1 < len(self.prose) and self.prose[index + 1]

    def next_is_title(self, index: int) -> bool:
        return self.next_kind(index) is Kind.TEXT and not self.prose[index + 1]

    def finish(self, at_end: bool = False) -> None:
        """Turn the block being read into a paper."""
        block, self.block = self.block, None
        if block is None:
            return
        if block.abstract is None:
            if at_end and block.date is None:
                message = "the file ends after this title, with no abstract (cut off?)"
            else:
                message = f"a title with no abstract after it: {_quote(block.title)}"
            self.problem(block.line, message)
        paper = ParsedPaper(
            title=clean(block.title),
            line=block.line,
            abstract=clean(block.abstract) if block.abstract else None,
            authors_count=block.authors,
            organisation=block.organisation,
        )
        if block.abstract:
            paper.links = extract_links(block.abstract)
        if block.date is not None:
            paper.date_raw = block.date.raw
            paper.upvotes = block.date.upvotes
            paper.published, paper.year_inferred = self.dates.resolve(block.date)
            if paper.published is None:
                self.problem(
                    block.date_line,
                    f"“{block.date.raw}” is not a real date, so this paper was kept "
                    "without one",
                )
        self.papers.append(paper)

    def footer(self, index: int, kind: Kind, in_header: bool) -> None:
        """Attach an authors, dot or date line to the block it ends."""
        number, line = self.items[index]
        block = self.block
        if kind is Kind.DATE and block is None and in_header:
            date = parse_date_line(line)
            if date is not None and not self.dates.set_listing(date):
                self.problem(number, f"the listing's date “{line}” is not a real date")
            return
        if block is not None and block.date is None:
            if kind is Kind.DOT:
                block.footer = True
                return
            if kind is Kind.AUTHORS and block.authors is None and not block.footer:
                block.authors = authors_count(line)
                block.footer = True
                return
            if kind is Kind.DATE:
                block.date = parse_date_line(line)
                block.date_line = number
                block.footer = True
                return
        self.problem(
            number,
            f"a footer line that belongs to no paper was skipped: {_quote(line)}",
        )

    def text(self, index: int, after_header: bool) -> None:
        """Read a title, abstract or organisation line."""
        number, line = self.items[index]
        block = self.block
        follows_footer = self.next_kind(index) in (Kind.DOT, Kind.DATE)
        if block is not None and not block.footer:
            if block.abstract is None:
                if follows_footer and looks_like_organisation(line):
                    # Abstract missing, organisation present.
                    block.organisation = organisation_name(line)
                    block.footer = True
                    return
                if self.prose[index] or not self.next_is_prose(index):
                    block.abstract = line
                    return
                # A title, then another title with an abstract: the first has
                # no abstract of its own.
            elif follows_footer and looks_like_organisation(line):
                block.organisation = organisation_name(line)
                block.footer = True
                return
        # Where a title should be: a line too long for a title, or one made of
        # sentences with a title after it, is a paragraph that lost its title.
        if len(line) > MAX_TITLE or (self.prose[index] and self.next_is_title(index)):
            self.problem(
                number,
                f"a paragraph with no title above it was skipped: {_quote(line)}",
            )
            return
        if after_header or (block is None and not self.papers):
            line = unglue_subscribe(line, after_header)
        if not has_words(line):
            self.problem(number, f"a stray line was skipped: {_quote(line)}")
            return
        self.finish()
        self.block = _Block(title=line, line=number)

    def run(self) -> None:
        """Walk every line once."""
        in_header = True  # before the first paper, or after a repeated header
        seen_header = False
        for index, kind in enumerate(self.kinds):
            if kind is Kind.HEADER:
                self.finish()
                in_header = seen_header = True
            elif kind is Kind.TEXT:
                self.text(index, after_header=in_header and seen_header)
                in_header = False
            else:
                self.footer(index, kind, in_header)
        block = self.block
        # The dot stands between the authors and the date: a file that ends on
        # it lost the date, most likely to a cut-off copy.
        ends_on_dot = bool(self.kinds) and self.kinds[-1] is Kind.DOT
        if block is not None and block.footer and block.date is None and ends_on_dot:
            self.problem(
                self.items[-1][0],
                "the file ends in the middle of a paper's footer (cut off?); "
                "the paper was kept without a date",
            )
        self.finish(at_end=True)


def read_blocks(
    text: str, path: str, context: ParseContext
) -> tuple[list[ParsedPaper], list[Problem]]:
    """Read every paper block of a Daily Papers listing, in either layout.

    Args:
        text: the listing's text.
        path: the file name, for problems.
        context: the user's year and the file's date, for dates without a year.

    Returns:
        The papers, in file order, and the problems met, each with its line.
    """
    reader = _Reader(text, path, context)
    reader.run()
    if not reader.papers:
        reader.problem(0, "no papers were found in this Daily Papers listing")
    return reader.papers, reader.problems


def listing_layout(text: str) -> Literal["page", "compact"] | None:
    """Which Daily Papers layout ``text`` is in, judged from its start alone.

    Header lines decide when present; without them, footer lines or a run of
    title and abstract pairs do, with blank lines between lines telling the
    page layout from the compact one. BibTeX, RIS, JSON and markup are never
    claimed.

    Args:
        text: the whole text of a file.

    Returns:
        ``"page"``, ``"compact"`` or None when the text is not a listing.
    """
    head = text[:_SNIFF_CHARS]
    start = head.lstrip("\ufeff \t\r\n")
    if not start or _MARKUP.search(head):
        return None
    heads = len(_OTHER_HEAD.findall(head))
    if heads > max(1, _MOST_HEADS * sum(1 for line in head.split("\n") if line)):
        return None
    if start[0] in "{[" and text[-4096:].rstrip()[-1:] in ("}", "]"):
        return None  # JSON
    lines = head.split("\n")
    if len(text) > len(head):
        lines.pop()  # cut off by the sample, its shape means nothing
    page_header = compact_header = site_header = False
    footers = texts = after_blank = 0
    shapes: list[bool] = []
    blank = False
    for raw in lines:
        line = raw.strip()
        if not line:
            blank = True
            continue
        kind = classify(line)
        if kind is Kind.HEADER:
            key = header_key(line)
            # "new" and "Subscribe" alone say little; the other lines are the site's.
            site_header = site_header or key not in _WEAK_HEADERS
            page_header = page_header or key in PAGE_HEADERS
            compact_header = compact_header or key == COMPACT_HEADER
        elif kind in (Kind.DOT, Kind.AUTHORS):
            footers += 1
        elif kind is Kind.TEXT:
            compact_header = compact_header or is_glued(line)
            shapes.append(looks_like_abstract(line))
            texts += 1
            after_blank += blank
        blank = False
    pairs = _count_pairs(shapes)
    structured = (
        (footers > 0 and pairs > 0)
        or (pairs >= 2 and pairs * 10 >= texts * 3)
        or _alternates(shapes)
    )
    if not (site_header or compact_header or structured):
        return None
    if page_header or footers:
        return "page"
    if compact_header:
        return "compact"
    return "page" if after_blank * 2 >= texts else "compact"


def _count_pairs(shapes: list[bool]) -> int:
    """How many title-then-abstract pairs a sequence of line shapes holds."""
    pairs = index = 0
    while index < len(shapes) - 1:
        if not shapes[index] and shapes[index + 1]:
            pairs += 1
            index += 2
        else:
            index += 1
    return pairs


def _alternates(shapes: list[bool]) -> bool:
    """True when the lines are title, abstract, title, abstract ... throughout.

    A piece selected in a browser may start inside the previous paper (with
    its abstract) and stop after a title; what lies between must alternate
    strictly, so a note of a short line and a paragraph is one pair at most
    only when both lines have those shapes.
    """
    if shapes[:1] == [True]:
        shapes = shapes[1:]
    if shapes[-1:] == [False]:
        shapes = shapes[:-1]
    if not shapes or len(shapes) % 2:
        return False
    return all(shape == bool(i % 2) for i, shape in enumerate(shapes))


class HfPageImporter:
    """Reads the Daily Papers page layout."""

    name = "hf-page"
    label = "Hugging Face Daily Papers (page)"

    def match(self, text: str) -> bool:
        """True when ``text`` is a Daily Papers listing in the page layout."""
        return listing_layout(text) == "page"

    def parse(self, text: str, path: str, context: ParseContext) -> ParseResult:
        """Read every paper; report what could not be read.

        Args:
            text: the file's text.
            path: the file name, for problems.
            context: the user's year and the file's date.

        Returns:
            The papers and problems.
        """
        papers, problems = read_blocks(text, path, context)
        return ParseResult(format=self.name, papers=papers, problems=problems)


IMPORTER = HfPageImporter()
