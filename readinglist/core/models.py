"""Plain data records passed between the importers, the library and the front ends.

Nothing here touches storage: these are the values the core hands out and takes in.
"""

from __future__ import annotations

import dataclasses
import enum
from dataclasses import dataclass, field

from readinglist.core.recordfields import EntryType, Name, Venue


class Status(enum.StrEnum):
    """How far the user has got with a paper."""

    UNREAD = "unread"
    READING = "reading"
    READ = "read"

    def next(self) -> Status:
        """The status a "cycle read status" action moves to."""
        order = list(Status)
        return order[(order.index(self) + 1) % len(order)]


@dataclass(frozen=True, slots=True)
class Problem:
    """Something an importer could not read, tied to a place in a file.

    ``line`` is 1-based; 0 means the file as a whole (missing, unreadable, empty).
    """

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        where = f"{self.path}, line {self.line}" if self.line else self.path
        return f"{where}: {self.message}"


@dataclass(frozen=True, slots=True)
class Source:
    """Where a paper was seen: a file name and the line its block starts on."""

    path: str
    line: int


@dataclass(slots=True)
class ParsedPaper:
    """One paper as an importer read it, before it meets the library.

    Only ``title`` is required. Every other field is ``None`` (or empty) when the
    file did not say; a later import of the same paper may fill it in.
    ``published`` is an ISO date (``YYYY-MM-DD``); ``year_inferred`` says the year
    was not in the file but taken from the listing's year. ``note``, ``tags`` and
    ``citekey`` come only from formats that carry user data (BibTeX, RIS,
    CSL-JSON, backups).

    The record fields: ``authors`` in order (``authors_count`` stays for
    listings that give only a count); ``doi`` normalised (``10.xxxx/...``,
    lowercase); ``arxiv`` with its version when the file gave one; ``links``
    whose kinds ``recordfields.link_kind`` tells; ``entry_type`` (None when the
    file did not say); ``venue``. Month and day live in ``published`` as a
    partial ISO date (``2021``, ``2021-05``, ``2021-05-09``). ``extra`` keeps
    every other field the file carried, under the format's own lowercase name,
    so that formats that can hold it write it back.
    """

    title: str
    line: int = 0
    abstract: str | None = None
    authors_count: int | None = None
    organisation: str | None = None
    published: str | None = None
    year_inferred: bool = False
    date_raw: str | None = None
    upvotes: int | None = None
    links: tuple[str, ...] = ()
    note: str | None = None
    tags: tuple[str, ...] = ()
    citekey: str | None = None
    authors: tuple[Name, ...] = ()
    doi: str | None = None
    arxiv: str | None = None
    entry_type: EntryType | None = None
    venue: Venue = field(default_factory=Venue)
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class ParseResult:
    """What one importer made of one file's text."""

    format: str
    papers: list[ParsedPaper] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


@dataclass(slots=True)
class Paper:
    """A paper in the library, with the user's own data about it.

    The record fields after ``sources`` mean what they mean on ``ParsedPaper``.
    """

    paper_id: str
    title: str
    abstract: str | None = None
    authors_count: int | None = None
    organisation: str | None = None
    published: str | None = None
    year_inferred: bool = False
    date_raw: str | None = None
    upvotes: int | None = None
    links: tuple[str, ...] = ()
    starred: bool = False
    status: Status = Status.UNREAD
    note: str = ""
    tags: tuple[str, ...] = ()
    lists: tuple[str, ...] = ()
    citekey: str | None = None
    added: float = 0.0
    sources: tuple[Source, ...] = ()
    authors: tuple[Name, ...] = ()
    doi: str | None = None
    arxiv: str | None = None
    entry_type: EntryType | None = None
    venue: Venue = field(default_factory=Venue)
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def year(self) -> int | None:
        """The publication year, if the date is known."""
        return int(self.published[:4]) if self.published else None

    def to_json(self) -> dict[str, object]:
        """A JSON-ready dictionary, as the CLI prints it."""
        data = dataclasses.asdict(self)
        data["id"] = data.pop("paper_id")
        data["status"] = str(self.status)
        data["year"] = self.year
        data["links"] = list(self.links)
        data["tags"] = list(self.tags)
        data["lists"] = list(self.lists)
        data["sources"] = [{"path": s.path, "line": s.line} for s in self.sources]
        data["authors"] = [name.to_csl() for name in self.authors]
        data["type"] = str(self.entry_type) if self.entry_type else None
        del data["entry_type"]
        data["venue"] = self.venue.to_json()
        return data


@dataclass(slots=True)
class FileReport:
    """The outcome of importing one file."""

    path: str
    format: str = ""
    parsed: int = 0
    added: int = 0
    merged: int = 0
    unchanged: int = 0
    duplicates: int = 0
    problems: list[Problem] = field(default_factory=list)
    added_ids: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the file was read without any problem."""
        return not self.problems

    def to_json(self) -> dict[str, object]:
        """A JSON-ready dictionary, as ``import --json`` prints it."""
        return {
            "path": self.path,
            "format": self.format,
            "parsed": self.parsed,
            "added": self.added,
            "merged": self.merged,
            "unchanged": self.unchanged,
            "duplicates": self.duplicates,
            "problems": [{"line": p.line, "message": p.message} for p in self.problems],
        }


@dataclass(slots=True)
class ImportReport:
    """The outcome of one import action over several files."""

    files: list[FileReport] = field(default_factory=list)
    cancelled: bool = False

    @property
    def added(self) -> int:
        """Papers new to the library."""
        return sum(f.added for f in self.files)

    @property
    def merged(self) -> int:
        """Papers already known that gained missing fields or a new source."""
        return sum(f.merged for f in self.files)

    @property
    def unchanged(self) -> int:
        """Papers already known with nothing new."""
        return sum(f.unchanged for f in self.files)

    @property
    def duplicates(self) -> int:
        """Repeats of a paper this same import had already read."""
        return sum(f.duplicates for f in self.files)

    @property
    def parsed(self) -> int:
        """Paper blocks read from all files."""
        return sum(f.parsed for f in self.files)

    @property
    def problems(self) -> list[Problem]:
        """Every problem of every file, in order."""
        return [p for f in self.files for p in f.problems]

    def to_json(self) -> dict[str, object]:
        """A JSON-ready dictionary, as ``import --json`` prints it."""
        return {
            "files": [f.to_json() for f in self.files],
            "totals": {
                "files": len(self.files),
                "parsed": self.parsed,
                "added": self.added,
                "merged": self.merged,
                "unchanged": self.unchanged,
                "duplicates": self.duplicates,
                "problems": len(self.problems),
            },
            "cancelled": self.cancelled,
        }


@dataclass(frozen=True, slots=True)
class Highlight:
    """A fragment of a field's text with the matched words marked.

    ``matches`` holds ``(start, end)`` character offsets into ``text``.
    """

    field: str
    text: str
    matches: tuple[tuple[int, int], ...]

    def to_json(self) -> dict[str, object]:
        """A JSON-ready dictionary."""
        return {
            "field": self.field,
            "text": self.text,
            "matches": [list(m) for m in self.matches],
        }


@dataclass(slots=True)
class Hit:
    """One search result row, served from the index's stored fields."""

    paper_id: str
    title: str
    year: int | None
    date: str | None
    starred: bool
    status: Status
    score: float
    upvotes: int | None = None
    highlights: list[Highlight] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        """A JSON-ready dictionary, as ``search --json`` prints it."""
        return {
            "id": self.paper_id,
            "title": self.title,
            "year": self.year,
            "date": self.date,
            "starred": self.starred,
            "status": str(self.status),
            "score": round(self.score, 4),
            "upvotes": self.upvotes,
            "highlights": [h.to_json() for h in self.highlights],
        }


@dataclass(slots=True)
class SearchResult:
    """The answer to one query: a page of hits and what the user should be told."""

    query: str
    total: int
    hits: list[Hit]
    suggestion: str | None = None
    error: str | None = None
    elapsed_ms: float = 0.0

    def to_json(self) -> dict[str, object]:
        """A JSON-ready dictionary, as ``search --json`` prints it."""
        return {
            "query": self.query,
            "total": self.total,
            "hits": [h.to_json() for h in self.hits],
            "suggestion": self.suggestion,
            "error": self.error,
        }


@dataclass(frozen=True, slots=True)
class ReadingList:
    """A named, ordered reading list."""

    name: str
    count: int


@dataclass(frozen=True, slots=True)
class SavedSearch:
    """A query the user named, shown in the sidebar."""

    name: str
    query: str


@dataclass(frozen=True, slots=True)
class ImportRecord:
    """One past import of one file, shown in the sidebar with its count."""

    import_id: int
    path: str
    imported_at: float
    count: int


@dataclass(frozen=True, slots=True)
class Changes:
    """What a user action changed, so front ends refresh only that."""

    papers: frozenset[str] = frozenset()
    lists: bool = False
    saved_searches: bool = False
    imports: bool = False

    @property
    def any(self) -> bool:
        """True when anything changed at all."""
        return bool(self.papers) or self.lists or self.saved_searches or self.imports
