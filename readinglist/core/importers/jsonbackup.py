"""Importer for the app's own JSON backup (``readinglist backup --json``).

Importing a backup merges it like any other file: new papers are added with
their abstract, dates, links, note, tags and citation key; papers already in
the library only gain what they lack. Stars, read status and reading lists are
not merged; ``readinglist restore`` brings back the whole library exactly. A
damaged or cut-off backup still gives up every paper before the damage.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from readinglist.core import jsonscan
from readinglist.core.backup import jsonbackup
from readinglist.core.citekeys import is_valid_key
from readinglist.core.models import ParsedPaper, ParseResult, Problem

if TYPE_CHECKING:
    from readinglist.core.importers.context import ParseContext


def _paper(values: dict[str, Any], line: int) -> ParsedPaper:
    citekey = values["citekey"]
    return ParsedPaper(
        title=values["title"].strip(),
        line=line,
        abstract=values["abstract"],
        authors_count=values["authors_count"],
        organisation=values["organisation"],
        published=values["published"],
        year_inferred=values["year_inferred"],
        date_raw=values["date_raw"],
        upvotes=values["upvotes"],
        links=tuple(values["links"]),
        note=values["note"] or None,
        tags=tuple(dict.fromkeys(t.strip() for t in values["tags"] if t.strip())),
        citekey=citekey if citekey and is_valid_key(citekey) else None,
    )


class JsonBackupImporter:
    """Reads the papers of a Reading List JSON backup."""

    name = "readinglist-json"
    label = "Reading List JSON backup"

    def match(self, text: str) -> bool:
        """True when ``text`` starts like a JSON backup made by this app."""
        return jsonscan.looks_like_backup(text)

    def parse(self, text: str, path: str, context: ParseContext) -> ParseResult:
        """Read every paper record; report the ones that could not be read.

        Args:
            text: the file's text.
            path: the file name, for problems.
            context: unused; a backup's dates are complete.

        Returns:
            The papers, in file order, and the problems, each with its line.
        """
        del context
        found = jsonscan.scan(text, path)
        result = ParseResult(format=self.name, problems=list(found.problems))
        version = found.header.get("version")
        if type(version) is int and version > jsonbackup.VERSION:
            result.problems.insert(
                0,
                Problem(
                    path,
                    1,
                    f"made by a newer Reading List (backup version {version}); "
                    "papers were read as far as this version understands them",
                ),
            )
        for line, item in found.papers:
            problem = jsonbackup.paper_problem(item)
            if problem is not None:
                result.problems.append(Problem(path, line, f"{problem}; skipped"))
                continue
            result.papers.append(_paper(jsonbackup.paper_values(item), line))
        return result


IMPORTER = JsonBackupImporter()
