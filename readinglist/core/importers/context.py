"""What every importer is given and what shape it has.

Apart from the registry in ``__init__`` so the format modules can name these
without importing the registry that imports them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from readinglist.core.models import ParseResult


@dataclass(frozen=True, slots=True)
class ParseContext:
    """What an importer needs to know beyond the text itself.

    ``year`` is the year the user gave for dates that lack one; ``file_date`` is
    the file's modification date, the fallback for that year (a listing is never
    dated after the file that holds it).
    """

    year: int | None = None
    file_date: dt.date = dt.date.max


class Importer(Protocol):
    """The shape every importer module's ``IMPORTER`` object has."""

    @property
    def name(self) -> str:
        """The format's short name, as reports show it (``hf-page``)."""
        ...

    @property
    def label(self) -> str:
        """The format's name for people ("Daily Papers listing")."""
        ...

    def match(self, text: str) -> bool:
        """True when ``text`` looks like this importer's format."""
        ...

    def parse(self, text: str, path: str, context: ParseContext) -> ParseResult:
        """Read every paper in ``text``; report what could not be read."""
        ...
