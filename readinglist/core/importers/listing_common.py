"""Pieces shared by the two Hugging Face "Daily Papers" listing importers.

Both layouts are text copied from the same web page: a few header lines, then
one block per paper (title line, abstract line and, in the page layout, a short
footer with the authors or organisation and the date). Because people edit
these files, nothing here counts lines: a line is a title or an abstract by its
shape (length, sentences) and by what comes before and after it.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from readinglist.core.importers.context import ParseContext

_MONTHS = "janfebmaraprmayjunjulaugsepoctnovdec"
# "Oct 18, 2024 2": month, day, optional ", year", optional upvote count.
_DATE = re.compile(
    r"(?P<raw>(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?"
    r"|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
    r"\.?\s+(?P<day>[0-9]{1,2})(?:,\s*(?P<year>[0-9]{4}))?)"
    r"(?:\s+(?P<upvotes>[0-9]{1,9}))?",
    re.IGNORECASE,
)
_AUTHORS = re.compile(r"(?:[•·*-]\s*)?(?P<count>[0-9]{1,6})\s+authors?", re.IGNORECASE)
_DOTS = frozenset("·•⋅∙")
# Lines of the page around the listing, compared case- and space-folded.
PAGE_HEADERS = frozenset({"daily papers", "byak and the research community"})
COMPACT_HEADER = "get trending papers in your email inbox once a day!"
_HEADERS = frozenset(
    {
        *PAGE_HEADERS,
        COMPACT_HEADER,
        "by ak and the research community",
        "get trending papers in your email inbox!",
        "subscribe",
        "new",
    }
)
# The compact copy glues the first title to the button before it.
_GLUED = re.compile(r"Subscribe(?=\S)")
_SHORT_LINE = 60

# No title on the site comes near this length; abstracts are almost always
# longer. A line this long is an abstract wherever it stands.
MAX_TITLE = 300
_SENTENCE_BREAK = re.compile(r"[.!?]\s+[A-Z(\[]")

_URL_CHARS = r"[^\s<>\"'{}|^`\[\]]*"
_URL = re.compile(r"https?://" + _URL_CHARS, re.IGNORECASE)
# Code hosts are often named without "https://". Such a link is looked for
# only around a quick hit on its domain ending: the full pattern is slow.
_HOST_HIT = re.compile(r"\.(?:com/|co/|io\b)")
_SPACE = re.compile(r"\s")
_BARE_URL = re.compile(
    r"(?<![\w./@-])(?:(?:www\.)?(?:github\.com|gitlab\.com|huggingface\.co)/"
    r"|[\w-]+\.github\.io\b)" + _URL_CHARS,
    re.IGNORECASE,
)
_URL_TRAILING = ".,;:!?'\"*\\"
# LaTeX escapes left in copied abstracts: "projection\_ntk".
_LATEX_ESCAPE = re.compile(r"\\([_%#&~$])")


class Kind(enum.Enum):
    """What one non-blank line of a listing is."""

    HEADER = enum.auto()
    DOT = enum.auto()
    AUTHORS = enum.auto()
    DATE = enum.auto()
    TEXT = enum.auto()


@dataclass(frozen=True, slots=True)
class DateLine:
    """A footer date as written: ``raw`` is the date without the upvotes."""

    raw: str
    month: int
    day: int
    year: int | None
    upvotes: int | None


def parse_date_line(line: str) -> DateLine | None:
    """Read a date line such as ``Oct 18, 2024 2`` or ``Nov 8``.

    Args:
        line: one stripped line.

    Returns:
        The parts of the date, or None when the line is not a date line. The
        day is not checked against the month here ("Feb 30" is returned).
    """
    match = _DATE.fullmatch(line)
    if match is None:
        return None
    # Case-insensitive matching also admits a few non-ASCII look-alikes (long s).
    found = _MONTHS.find(match["month"][:3].lower())
    if found < 0 or found % 3:
        return None
    month = found // 3 + 1
    year, upvotes = match["year"], match["upvotes"]
    return DateLine(
        raw=match["raw"],
        month=month,
        day=int(match["day"]),
        year=int(year) if year else None,
        upvotes=int(upvotes) if upvotes else None,
    )


def _make_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def latest_date(month: int, day: int, not_after: dt.date) -> dt.date | None:
    """The latest real date with this month and day, not after ``not_after``.

    Looks back up to eight years, so "Feb 29" finds a leap year.

    Args:
        month: 1 to 12.
        day: day of the month.
        not_after: the newest the date may be.

    Returns:
        The date, or None when no year makes it real ("Feb 30").
    """
    for year in range(not_after.year, max(dt.MINYEAR, not_after.year - 8) - 1, -1):
        date = _make_date(year, month, day)
        if date is not None and date <= not_after:
            return date
    return None


class ListingDates:
    """Turns one listing's footer dates into ISO dates, supplying missing years.

    The listing's own date (the header's ``Dec 31``) takes its year from the
    user's year, or else is the latest such date not after the file's date. A
    paper date without a year is the latest such date not after the listing's
    date (or, without one, not after the file's date or the end of the user's
    year).
    """

    def __init__(self, context: ParseContext) -> None:
        """Set up for one file.

        Args:
            context: the user's year and the file's modification date.
        """
        year = context.year
        self._year = (
            year if year is not None and dt.MINYEAR <= year <= dt.MAXYEAR else None
        )
        # The default context has no real file date: today is the sensible bound.
        file_date = context.file_date
        self._file_date = dt.date.today() if file_date == dt.date.max else file_date
        self._listing: dt.date | None = None

    def set_listing(self, date: DateLine) -> bool:
        """Take ``date`` as the listing's own date; False if it is not real."""
        if date.year is not None:
            listing = _make_date(date.year, date.month, date.day)
        elif self._year is not None:
            listing = _make_date(self._year, date.month, date.day)
        else:
            listing = latest_date(date.month, date.day, self._file_date)
        if listing is not None:
            self._listing = listing
        return listing is not None

    def _reference(self) -> dt.date:
        if self._listing is not None:
            return self._listing
        if self._year is not None:
            return dt.date(self._year, 12, 31)
        return self._file_date

    def resolve(self, date: DateLine) -> tuple[str | None, bool]:
        """The ISO date of a footer date and whether its year was inferred.

        Args:
            date: the date as read.

        Returns:
            ``(iso, year_inferred)``; ``iso`` is None when the date is not real.
        """
        if date.year is not None:
            made = _make_date(date.year, date.month, date.day)
            return (made.isoformat(), False) if made else (None, False)
        made = latest_date(date.month, date.day, self._reference())
        return (made.isoformat(), True) if made else (None, False)


def classify(line: str) -> Kind:
    """The kind of one stripped, non-blank line.

    Args:
        line: the line, without surrounding whitespace.

    Returns:
        HEADER for the page's own lines, DOT, AUTHORS and DATE for footer
        lines, TEXT for everything else (titles, abstracts, organisations).
    """
    if line in _DOTS:
        return Kind.DOT
    if len(line) <= _SHORT_LINE:
        if header_key(line) in _HEADERS:
            return Kind.HEADER
        if _AUTHORS.fullmatch(line):
            return Kind.AUTHORS
        if parse_date_line(line) is not None:
            return Kind.DATE
    return Kind.TEXT


def authors_count(line: str) -> int | None:
    """The number in an authors line (``• 4 authors``), or None."""
    match = _AUTHORS.fullmatch(line)
    return int(match["count"]) if match else None


def header_key(line: str) -> str:
    """``line`` folded for comparison with the page's header lines."""
    return " ".join(line.split()).casefold()


def is_glued(line: str) -> bool:
    """True when ``line`` starts with the Subscribe button text glued to a title."""
    return _GLUED.match(line) is not None


def unglue_subscribe(line: str, after_header: bool) -> str:
    """The first title without the ``Subscribe`` button text glued before it.

    Args:
        line: the first text line of a listing.
        after_header: True when header lines came before it, which makes a
            glued button certain even before a lowercase title ("eDKM").

    Returns:
        The line without the prefix, or unchanged when it has none.
    """
    if not is_glued(line):
        return line
    rest = line[len("Subscribe") :].strip()
    if rest and (after_header or not rest[0].islower()):
        return rest
    return line


def looks_like_abstract(line: str) -> bool:
    """True when ``line`` is shaped like an abstract rather than a title.

    Titles are short and have no sentence break inside; abstracts are long,
    or at least made of sentences.
    """
    size = len(line)
    if size > MAX_TITLE:
        return True
    if size < 80:
        return False
    if _SENTENCE_BREAK.search(line):
        return True
    return size >= 150 and line.endswith(".")


def looks_like_organisation(line: str) -> bool:
    """True when ``line`` could be an organisation line ("Stanford Stanford AI")."""
    return len(line) <= 80 and line[-1] not in ".!?" and not looks_like_abstract(line)


def organisation_name(line: str) -> str:
    """The display name in an organisation line: ``tencent Tencent`` -> ``Tencent``.

    The page shows the organisation's slug, then its name; a line with one
    word is taken whole.
    """
    slug, _, name = line.partition(" ")
    return clean(name) or clean(slug)


def has_words(line: str) -> bool:
    """True when ``line`` holds at least one letter or digit."""
    return any(char.isalnum() for char in line)


def clean(text: str) -> str:
    """Text trimmed and in Unicode NFC, so equal titles compare equal."""
    text = text.strip()
    if text.isascii() or unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)


def extract_links(text: str) -> tuple[str, ...]:
    """The web links in ``text``, in order, each once.

    Finds http and https URLs, and bare GitHub, GitLab and Hugging Face
    addresses ("github.com/user/repo"), which get ``https://``. Sentence
    punctuation after a link and LaTeX escapes inside it are removed.

    Args:
        text: an abstract.

    Returns:
        The links, without duplicates.
    """
    found: list[tuple[int, str]] = []
    if "://" in text:
        found += ((m.start(), m.group()) for m in _URL.finditer(text))
    scanned = 0
    for hit in _HOST_HIT.finditer(text):
        if hit.start() < scanned:
            continue  # inside a word already searched
        # Search the space-delimited word around the hit, each word once, so
        # the work stays linear even in text without spaces.
        start = max(scanned, text.rfind(" ", scanned, hit.start()) + 1)
        space = _SPACE.search(text, hit.end())
        scanned = space.start() if space else len(text)
        found += (
            (m.start(), m.group()) for m in _BARE_URL.finditer(text, start, scanned)
        )
    found.sort()
    links: dict[str, None] = {}
    for _, raw in found:
        url = _trim_url(_LATEX_ESCAPE.sub(r"\1", raw))
        if not url.lower().startswith(("http://", "https://")):
            url = "https://" + url
        host = url.split("://", 1)[1].split("/", 1)[0]
        if "." in host.strip("."):
            links[url] = None
    return tuple(links)


def _trim_url(url: str) -> str:
    """``url`` without the punctuation of the sentence around it.

    A closing parenthesis stays when it closes one inside the link (Wikipedia
    style); positions are counted rather than the string re-sliced, so a
    pathological run of brackets costs linear time.
    """
    end = len(url)
    opens, closes = url.count("("), url.count(")")
    while end:
        last = url[end - 1]
        if last == ")":
            if closes <= opens:
                break
            closes -= 1
        elif last not in _URL_TRAILING:
            break
        end -= 1
    return url[:end]
