"""The parts of a bibliographic record: names, entry types, venues, identifiers.

``ParsedPaper`` and ``Paper`` (in ``models``) hold these values; importers make
them and exporters write them. Links stay plain strings on the record and
``link_kind`` tells what each one is, so every link knows its kind without a
second list to keep in step.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, fields
from urllib.parse import unquote


@dataclass(frozen=True, slots=True)
class Name:
    """One author: a person (family, given, particle, suffix) or an organisation.

    ``literal`` holds an organisation's name ("Hugging Face") and is then the
    whole name; a person has at least ``family``.
    """

    family: str = ""
    given: str = ""
    particle: str = ""
    suffix: str = ""
    literal: str = ""

    @property
    def is_literal(self) -> bool:
        """True for an organisation (or any name that must not be split)."""
        return bool(self.literal)

    def to_csl(self) -> dict[str, str]:
        """The name as a CSL-JSON name object."""
        if self.literal:
            return {"literal": self.literal}
        csl = {"family": self.family}
        if self.given:
            csl["given"] = self.given
        if self.particle:
            csl["non-dropping-particle"] = self.particle
        if self.suffix:
            csl["suffix"] = self.suffix
        return csl

    @classmethod
    def from_csl(cls, data: dict[str, object]) -> Name | None:
        """A name from a CSL-JSON name object, or None when it has no name."""

        def text(key: str) -> str:
            value = data.get(key)
            return value.strip() if isinstance(value, str) else ""

        literal = text("literal")
        if literal:
            return cls(literal=literal)
        particle = " ".join(
            p for p in (text("dropping-particle"), text("non-dropping-particle")) if p
        )
        name = cls(
            family=text("family"),
            given=text("given"),
            particle=particle,
            suffix=text("suffix"),
        )
        if not name.family:
            return cls(literal=name.given) if name.given else None
        return name

    @property
    def display(self) -> str:
        """The name as people write it: "Donald E. Knuth", "Hugging Face"."""
        if self.literal:
            return self.literal
        parts = (self.given, self.particle, self.family)
        text = " ".join(p for p in parts if p)
        return f"{text}, {self.suffix}" if self.suffix else text


class EntryType(enum.StrEnum):
    """What kind of work a record is; exporters map it to each format's types."""

    ARTICLE = "article"
    CONFERENCE_PAPER = "conference-paper"
    BOOK = "book"
    CHAPTER = "chapter"
    THESIS = "thesis"
    REPORT = "report"
    PREPRINT = "preprint"
    SOFTWARE = "software"
    DATASET = "dataset"
    MISC = "misc"


@dataclass(frozen=True, slots=True)
class Venue:
    """Where a work appeared. ``container`` is the journal, proceedings or book."""

    container: str = ""
    publisher: str = ""
    volume: str = ""
    issue: str = ""
    pages: str = ""
    edition: str = ""
    institution: str = ""
    series: str = ""

    def to_json(self) -> dict[str, str]:
        """The fields that are set, by name."""
        values = ((f.name, getattr(self, f.name)) for f in fields(self))
        return {name: value for name, value in values if value}

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))


class LinkKind(enum.StrEnum):
    """What a link points at."""

    PAGE = "page"
    PDF = "pdf"
    CODE = "code"
    PROJECT = "project"
    OTHER = "other"


_CODE_HOSTS = re.compile(
    r"^https?://(?:www\.)?(?:github\.com|gitlab\.com|bitbucket\.org|codeberg\.org"
    r"|sourceforge\.net|git\.|huggingface\.co/spaces/)",
    re.IGNORECASE,
)
_PAGE_HOSTS = re.compile(
    r"^https?://(?:www\.|export\.)?(?:arxiv\.org/abs/|huggingface\.co/papers/"
    r"|doi\.org/|dx\.doi\.org/|openreview\.net/forum|aclanthology\.org/[^/]+/?$"
    r"|dl\.acm\.org/doi/(?!pdf)|ieeexplore\.ieee\.org/document/"
    r"|link\.springer\.com/(?:article|chapter)/|semanticscholar\.org/paper/)",
    re.IGNORECASE,
)
_PROJECT = re.compile(r"\.github\.io(?:/|$)|/project(?:s)?(?:/|$)", re.IGNORECASE)


def link_kind(url: str) -> LinkKind:
    """The kind of a link, judged from its address.

    A paper's own page (arXiv abstract, Hugging Face paper page, DOI, publisher
    landing page), a PDF, a code repository, a project page, or other.
    """
    url = url.strip()
    path = url.split("?", 1)[0].split("#", 1)[0]
    if _CODE_HOSTS.match(url):
        return LinkKind.CODE
    if path.lower().endswith(".pdf") or re.search(r"arxiv\.org/pdf/", url, re.I):
        return LinkKind.PDF
    if _PAGE_HOSTS.match(url):
        return LinkKind.PAGE
    if _PROJECT.search(url):
        return LinkKind.PROJECT
    return LinkKind.OTHER


_DOI = re.compile(r"(10\.\d{4,9}/\S+)")
_DOI_PREFIX = re.compile(
    r"^\s*(?:doi:\s*|https?://(?:dx\.)?doi\.org/|(?:dx\.)?doi\.org/)", re.IGNORECASE
)


def normalise_doi(text: str | None) -> str | None:
    """``10.xxxx/...`` from a DOI, a ``doi:`` name or a doi.org URL, else None.

    DOIs are case-insensitive, so the form kept is lowercase; a trailing full
    stop or comma from running text is dropped.
    """
    if not text:
        return None
    value = unquote(_DOI_PREFIX.sub("", text.strip()))
    match = _DOI.fullmatch(value.strip().rstrip(".,;"))
    return match.group(1).lower() if match else None


# New-style (2101.00001v2) and old-style (hep-th/9901001, math.GT/0309136) ids.
_ARXIV_ID = r"(\d{4}\.\d{4,5}|[a-z][a-z-]*(?:\.[A-Z]{2})?/\d{7})(v\d+)?"
_ARXIV_BARE = re.compile(rf"^(?:arxiv:\s*)?{_ARXIV_ID}$", re.IGNORECASE)
_ARXIV_URL = re.compile(
    rf"(?:arxiv\.org/(?:abs|pdf|html)/|huggingface\.co/papers/){_ARXIV_ID}",
    re.IGNORECASE,
)


def normalise_arxiv(text: str | None) -> str | None:
    """An arXiv id (with its version when given) from an id or an arXiv URL."""
    if not text:
        return None
    text = text.strip()
    match = _ARXIV_BARE.match(text) or _ARXIV_URL.search(text)
    if match is None:
        return None
    return match.group(1) + (match.group(2) or "")


def arxiv_base(arxiv: str) -> str:
    """The id without its version: ``2101.00001v2`` -> ``2101.00001``."""
    return re.sub(r"v\d+$", "", arxiv)


def with_identifier_links(
    links: tuple[str, ...], doi: str | None, arxiv: str | None
) -> tuple[str, ...]:
    """``links`` plus the arXiv page and the DOI's address when not yet there.

    Links are what every store and front end shows, so a paper read with only
    an identifier still has a page to open.
    """
    out = list(links)
    if arxiv and not any(arxiv_base(arxiv) in link for link in out):
        out.append(f"https://arxiv.org/abs/{arxiv_base(arxiv)}")
    if doi and not any(normalise_doi(link) == doi for link in out):
        out.append(f"https://doi.org/{doi}")
    return tuple(dict.fromkeys(out))
