"""Importers: one module per format, picked by sniffing the file's content.

Each importer is a small object with ``match(text)`` (does this text look like my
format?) and ``parse(text, path, context)``. ``IMPORTERS`` is the one registry;
the first importer whose ``match`` answers yes reads the file, so more specific
formats stand before looser ones.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from readinglist.core.importers import (
    bibtex,
    csljson,
    hf_compact,
    hf_page,
    jsonbackup,
    ris,
)
from readinglist.core.importers.context import Importer, ParseContext
from readinglist.core.importers.reading import read_text
from readinglist.core.importers.sanitise import flag_cut_off, sanitise
from readinglist.core.models import ParseResult, Problem

# bibtexparser logs each broken entry; the importer reports it as a problem
# with its line already, so the log line would only repeat it on stderr.
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())
logging.getLogger("bibtexparser").propagate = False

__all__ = ["IMPORTERS", "Importer", "ParseContext", "parse_file", "parse_text", "sniff"]


IMPORTERS: tuple[Importer, ...] = (
    bibtex.IMPORTER,
    ris.IMPORTER,
    # Before CSL-JSON: both are JSON, and a backup is the more specific.
    jsonbackup.IMPORTER,
    csljson.IMPORTER,
    hf_compact.IMPORTER,
    hf_page.IMPORTER,
)


def sniff(text: str) -> Importer | None:
    """The importer for ``text``, judged by content alone, or None."""
    for importer in IMPORTERS:
        if importer.match(text):
            return importer
    return None


def parse_text(text: str, path: str, context: ParseContext) -> ParseResult:
    """Sniff and parse text already read from ``path``."""
    importer = sniff(text)
    if importer is None:
        return ParseResult(
            format="",
            problems=[
                Problem(
                    path,
                    0,
                    "not a format Reading List can read (expected a Daily Papers "
                    "listing, BibTeX, RIS, CSL-JSON or a Reading List JSON backup)",
                )
            ],
        )
    try:
        result = sanitise(importer.parse(text, path, context), path)
        return flag_cut_off(result, text, path)
    except Exception as exc:  # a file must never crash an import
        return ParseResult(
            format=importer.name,
            problems=[
                Problem(path, 0, f"could not be read as {importer.label}: {exc}")
            ],
        )


def parse_file(path: Path, *, year: int | None = None) -> ParseResult:
    """Read, sniff and parse one file; never raises for bad input.

    Args:
        path: the file to read.
        year: the year for dates without one; default from the file's date.

    Returns:
        The papers read and the problems met, each naming the file and line.
    """
    text, problems = read_text(path)
    if text is None:
        return ParseResult(format="", problems=problems)
    try:
        file_date = dt.date.fromtimestamp(path.stat().st_mtime)
    except (OSError, OverflowError, ValueError):
        file_date = dt.date.today()
    result = parse_text(text, str(path), ParseContext(year=year, file_date=file_date))
    result.problems[:0] = problems
    return result
