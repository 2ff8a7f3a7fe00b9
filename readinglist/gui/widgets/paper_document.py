"""The paper view's text: title, facts, abstract, links, built as a QTextDocument.

Everything from the data is inserted as plain text through a ``QTextCursor``
with character formats for matches and links, so no title or abstract is ever
read as HTML: ``<b>`` in a title is shown as the four characters it is.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import PurePath

from PySide6.QtGui import (
    QColor,
    QFont,
    QPalette,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)

from readinglist.core.models import Highlight, Paper
from readinglist.core.weblinks import is_web_url
from readinglist.gui.text import (
    find_links,
    link_colour,
    match_colour,
    merge_spans,
    muted_colour,
    plain_tooltip,
)

_MONTHS = (
    "Jan", "Feb", "Mar", "Apr", "May", "Jun",
    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
)  # fmt: skip
SEPARATOR = "  \N{MIDDLE DOT}  "
INFERRED_TIP = "The year is inferred from the listing, which gave only {raw}."


def date_text(paper: Paper) -> str:
    """The publication date as a reader writes it ("18 Oct 2024"), or "".

    Args:
        paper: the paper.

    Returns:
        The formatted date, the raw text if it is not an ISO date, or "".
    """
    if not paper.published:
        return ""
    try:
        day = dt.date.fromisoformat(paper.published)
    except ValueError:
        return paper.published
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def match_spans(
    text: str, field: str, highlights: Sequence[Highlight]
) -> list[tuple[int, int]]:
    """Where the query matched in ``text`` (the whole title or abstract).

    Offsets are used as given when the highlight covers the same text; a
    fragment is found within the text; failing both, the matched words are
    looked for wherever they occur.

    Args:
        text: the whole field as shown.
        field: "title" or "abstract".
        highlights: the matches ``Library.highlights`` found.

    Returns:
        Disjoint ``(start, end)`` offsets into ``text``, in order.
    """
    spans: list[tuple[int, int]] = []
    words: set[str] = set()
    for highlight in highlights:
        if highlight.field != field:
            continue
        offset = 0 if highlight.text == text else text.find(highlight.text)
        if offset >= 0:
            spans.extend((s + offset, e + offset) for s, e in highlight.matches)
        else:
            words.update(highlight.text[s:e] for s, e in highlight.matches)
    for word in words - {""}:
        pattern = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", re.IGNORECASE)
        spans.extend(m.span() for m in pattern.finditer(text))
    return merge_spans(spans, len(text))


class _Writer:
    """Appends formatted plain text to a document."""

    def __init__(self, doc: QTextDocument, palette: QPalette, font: QFont) -> None:
        self.doc = doc
        self.cursor = QTextCursor(doc)
        self.palette = palette
        self.font = font
        self.first = True
        self.hrefs: set[str] = set()

    def block(self, space_above: float = 0.0, line_height: int = 100) -> None:
        fmt = QTextBlockFormat()
        fmt.setTopMargin(space_above)
        fmt.setLineHeight(line_height, 1)  # 1 = ProportionalHeight
        if self.first:
            self.cursor.setBlockFormat(fmt)
            self.first = False
        else:
            self.cursor.insertBlock(fmt)

    def char(
        self,
        *,
        scale: float = 1.0,
        weight: QFont.Weight = QFont.Weight.Normal,
        colour: QColor | None = None,
        italic: bool = False,
    ) -> QTextCharFormat:
        fmt = QTextCharFormat()
        font = QFont(self.font)
        font.setPointSizeF(max(self.font.pointSizeF(), 6.0) * scale)
        font.setWeight(weight)
        font.setItalic(italic)
        fmt.setFont(font)
        fmt.setForeground(colour or self.palette.color(QPalette.ColorRole.Text))
        return fmt

    def text(self, text: str, fmt: QTextCharFormat) -> None:
        self.cursor.insertText(text, fmt)

    def marked(
        self, text: str, fmt: QTextCharFormat, spans: list[tuple[int, int]]
    ) -> None:
        """Insert ``text`` with ``spans`` highlighted and web addresses linked."""
        marks = [0] * len(text)
        for start, end in spans:
            for i in range(start, end):
                marks[i] |= 1
        links: dict[int, tuple[int, str]] = {}
        for start, end, url in find_links(text):
            links[start] = (end, url)
            for i in range(start, end):
                marks[i] |= 2
        pos = 0
        while pos < len(text):
            end = pos + 1
            while end < len(text) and marks[end] == marks[pos]:
                end += 1
            piece = QTextCharFormat(fmt)
            if marks[pos] & 1:
                piece.setBackground(match_colour(self.palette))
            if marks[pos] & 2:
                url = next(u for s, (e, u) in links.items() if s <= pos < e)
                self._link(piece, url)
            self.text(text[pos:end], piece)
            pos = end

    def _link(self, fmt: QTextCharFormat, url: str) -> None:
        self.hrefs.add(url)
        fmt.setAnchor(True)
        fmt.setAnchorHref(url)
        fmt.setForeground(link_colour(self.palette))
        fmt.setFontUnderline(True)
        fmt.setToolTip(plain_tooltip(url))

    def link(self, url: str, fmt: QTextCharFormat) -> None:
        """Insert ``url``: a link if it is a web address, else plain text."""
        if not is_web_url(url):
            # A file:, smb: or javascript: link from a file is shown, not linked.
            self.text(url, fmt)
            return
        url = url.strip()
        piece = QTextCharFormat(fmt)
        self._link(piece, url)
        self.text(url, piece)


def render_paper(
    doc: QTextDocument,
    paper: Paper,
    highlights: Sequence[Highlight],
    palette: QPalette,
    font: QFont,
) -> frozenset[str]:
    """Fill ``doc`` with the paper's title, facts, abstract, links and sources.

    Args:
        doc: the document to replace the contents of.
        paper: the paper to show.
        highlights: where the current query matched (``Library.highlights``).
        palette: the colours to draw with (the view's palette).
        font: the base font; the title and the small print scale from it.

    Returns:
        The addresses shown as links: the only ones the view may open.
    """
    doc.clear()
    doc.setDefaultFont(font)
    out = _Writer(doc, palette, font)
    out.block(line_height=115)
    title_fmt = out.char(scale=1.45, weight=QFont.Weight.DemiBold)
    out.marked(paper.title, title_fmt, match_spans(paper.title, "title", highlights))
    _facts(out, paper)
    _abstract(out, paper, highlights)
    _details(out, paper)
    return frozenset(out.hrefs)


def _facts(out: _Writer, paper: Paper) -> None:
    """The date (marked when its year is inferred), organisation, authors, votes."""
    muted = muted_colour(out.palette)
    fmt = out.char(scale=0.95, colour=muted)
    out.block(space_above=6)
    facts: list[str] = []
    if paper.organisation:
        facts.append(paper.organisation)
    if paper.authors_count:
        n = paper.authors_count
        facts.append(f"{n} author" + ("" if n == 1 else "s"))
    if paper.upvotes is not None:
        facts.append(f"{paper.upvotes:,} upvote" + ("" if paper.upvotes == 1 else "s"))
    date = date_text(paper)
    if date:
        out.text(date, fmt)
        if paper.year_inferred:
            mark = out.char(scale=0.95, colour=muted, italic=True)
            raw = repr(paper.date_raw) if paper.date_raw else "a day and month"
            mark.setToolTip(INFERRED_TIP.format(raw=raw))
            out.text(" (year inferred)", mark)
        if facts:
            out.text(SEPARATOR, fmt)
    elif not facts:
        facts.append("No date, authors or organisation in the listing")
    out.text(SEPARATOR.join(facts), fmt)


def _heading(out: _Writer, text: str) -> None:
    out.block(space_above=14)
    fmt = out.char(
        scale=0.85, weight=QFont.Weight.Bold, colour=muted_colour(out.palette)
    )
    out.text(text, fmt)


def _abstract(out: _Writer, paper: Paper, highlights: Sequence[Highlight]) -> None:
    """The abstract with matches marked and addresses linked, then other links."""
    body = out.char()
    _heading(out, "ABSTRACT")
    out.block(space_above=4, line_height=135)
    if paper.abstract:
        spans = match_spans(paper.abstract, "abstract", highlights)
        out.marked(paper.abstract, body, spans)
    else:
        missing = out.char(colour=muted_colour(out.palette))
        out.text("The listing had no abstract for this paper.", missing)
    extra_links = [u for u in paper.links if u not in (paper.abstract or "")]
    if extra_links:
        _heading(out, "LINKS")
        for url in extra_links:
            out.block(space_above=2)
            out.link(url, body)


def _details(out: _Writer, paper: Paper) -> None:
    """The citation key and where the paper was read from."""
    details: list[tuple[str, str]] = []
    if paper.citekey:
        details.append(("Citation key", paper.citekey))
    for source in paper.sources:
        where = PurePath(source.path).name
        details.append(
            ("Source", f"{where}, line {source.line}" if source.line else where)
        )
    if not details:
        return
    small = out.char(scale=0.9)
    small_muted = out.char(scale=0.9, colour=muted_colour(out.palette))
    _heading(out, "DETAILS")
    for label, value in details:
        out.block(space_above=2)
        out.text(f"{label}:  ", small_muted)
        out.text(value, small)
