"""What our import is compared with: a bare Whoosh writer and SQLite FTS5.

Both read the same listing files with the app's own parser (so parsing costs
the same everywhere) and index each distinct paper once. The bare writer uses
the app's index schema and two writer processes, no merge; it does nothing
else, so it is the ceiling for an import that must also store, deduplicate and
queue every paper. It runs twice: as Whoosh ships it (one segment per process)
and with the writer processes the app uses (a new segment before the buffer
spills to disk). FTS5 is a peer: the same papers in one full-text table.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index

from benchmarks.fts5 import Fts5Library
from readinglist.core.identity import fold_title, paper_id_for
from readinglist.core.importers import parse_file
from readinglist.core.index.engine import make_schema
from readinglist.core.index.whoosh_private import RotatingWriter
from readinglist.core.index.writer import LIMIT_MB
from readinglist.core.models import ParsedPaper


@dataclass(frozen=True, slots=True)
class Timing:
    """How long one way of indexing the corpus took."""

    papers: int
    seconds: float
    parse_seconds: float

    @property
    def rate(self) -> float:
        """Papers per second, end to end."""
        return self.papers / self.seconds if self.seconds else 0.0


def parse_corpus(files: Sequence[Path]) -> dict[str, ParsedPaper]:
    """Every distinct paper of the files, by id (the first block of each wins)."""
    papers: dict[str, ParsedPaper] = {}
    for path in files:
        for paper in parse_file(path).papers:
            ident = fold_title(paper.title)
            papers.setdefault(paper_id_for(ident), paper)
    return papers


def _fields(paper_id: str, paper: ParsedPaper, added: float) -> dict[str, Any]:
    """The document the app indexes for a newly imported paper."""
    values: dict[str, Any] = {
        "id": paper_id,
        "title": paper.title,
        "words": paper.title,
        "typeahead": paper.title,
        "abstract": paper.abstract or "",
        "note": "",
        "tag": "",
        "list": "",
        "org": paper.organisation or "",
        "key": paper_id,
        "imports": "1",
        "upvotes": paper.upvotes or 0,
        "added": added,
        "starred": False,
        "status": "unread",
    }
    if paper.published:
        values["date"] = paper.published
        values["year"] = int(paper.published[:4])
    return values


def bare_whoosh(files: Sequence[Path], folder: Path, *, rotating: bool) -> Timing:
    """Index the files with a bare two-process Whoosh writer, file by file.

    Args:
        files: the listing files.
        folder: where the index goes (emptied first).
        rotating: use the app's writer processes, which start a new segment
            before their buffer spills to disk (whoosh_private.RotatingWriter),
            instead of Whoosh's own.
    """
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    started = time.perf_counter()
    ix = whoosh_index.create_in(str(folder), make_schema())
    options = {"limitmb": LIMIT_MB, "compound": False, "multisegment": True}
    writer = (
        RotatingWriter(ix, procs=2, **options)
        if rotating
        else ix.writer(procs=2, **options)
    )
    seen: set[str] = set()
    parsing = 0.0
    for path in files:
        before = time.perf_counter()
        papers = parse_file(path).papers
        parsing += time.perf_counter() - before
        for paper in papers:
            paper_id = paper_id_for(fold_title(paper.title))
            if paper_id not in seen:
                seen.add(paper_id)
                writer.add_document(**_fields(paper_id, paper, time.time()))
    writer.commit(merge=False)
    seconds = time.perf_counter() - started
    ix.close()
    return Timing(len(seen), seconds, parsing)


def fts5(files: Sequence[Path], path: Path) -> tuple[Timing, Fts5Library]:
    """Parse the files into an FTS5 table; the table stays open for searching."""
    path.unlink(missing_ok=True)
    started = time.perf_counter()
    papers = parse_corpus(files)
    parsed = time.perf_counter() - started
    table = Fts5Library(path)
    table.add(papers.items())
    seconds = time.perf_counter() - started
    return Timing(len(papers), seconds, parsed), table
