"""Importing many listing files: one store transaction per file, one index batch.

Indexing each file on its own (a writer, a commit and a merge per file) made a
100,000-paper import spend most of its time re-merging segments. Here one
index writer stays open for the whole import: each file is parsed, stored in
its own transaction (so a crash loses at most the file being read), and its
papers are handed to the writer at once, while the writer's processes index
the previous files. The index commits once, at the end.

The outbox keeps this safe. A file's papers are queued in the outbox in the
same transaction that stores them, and those rows are cleared only after the
index has committed; a crash, a failed writer or a cancel leaves them queued
for the next sync. A paper met twice in one import (or changed by another
action meanwhile) is not fed twice: the writer cannot replace a document it
has not committed, so the later change waits in the outbox for the final sync.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from readinglist.core.importers import ParseContext, parse_file, parse_text
from readinglist.core.importing import import_parsed
from readinglist.core.index import Session, WriterFailedError, docs_from_store
from readinglist.core.models import ImportReport, ParseResult

if TYPE_CHECKING:
    from readinglist.core.library import Library

# Bytes of listing text per paper, roughly (title, abstract, footer).
BYTES_PER_PAPER = 1500

FileProgress = Callable[[int, int, str], bool]


@dataclass(slots=True)
class _Batch:
    """What the open index writer has been given so far."""

    session: Session
    fed: set[str] = field(default_factory=set)
    # Outbox rows (first, last sequence number) of the files fed.
    ranges: list[tuple[int, int]] = field(default_factory=list)
    # Papers whose outbox rows must stay for the final sync.
    waiting: set[str] = field(default_factory=set)


def import_files(
    library: Library,
    paths: Iterable[Path | str],
    year: int | None,
    progress: FileProgress | None,
) -> ImportReport:
    """Import files into ``library``; see :meth:`Library.import_files`."""
    todo = [Path(p) for p in paths]
    sources: list[tuple[str, Callable[[], ParseResult]]] = [
        (str(path), functools.partial(parse_file, path, year=year)) for path in todo
    ]
    return _import(library, sources, _estimate(todo), progress)


def import_text(
    library: Library, text: str, label: str, year: int | None
) -> ImportReport:
    """Import text that is not in a file; see :meth:`Library.import_text`."""
    context = ParseContext(year=year, file_date=dt.date.today())
    # Line ends as a file read from disk has them (a browser may copy CRLF).
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    sources = [(label, lambda: parse_text(text, label, context))]
    return _import(library, sources, len(text) // BYTES_PER_PAPER, None)


def _import(
    library: Library,
    sources: list[tuple[str, Callable[[], ParseResult]]],
    estimate: int,
    progress: FileProgress | None,
) -> ImportReport:
    """Parse and store each source in turn, feeding one index batch."""
    report = ImportReport()
    batch: _Batch | None = None
    batch_added: set[str] = set()
    todo = sources
    try:
        for done, (path, parse) in enumerate(todo):
            if progress is not None and not progress(done, len(todo), path):
                report.cancelled = True
                break
            parsed = parse()
            with library.writing_store():
                if batch is None:
                    batch = _Batch(library.index.open_session(estimate))
                first = _last_seq(library)
                file_report = import_parsed(library.store, parsed, path, batch_added)
                report.files.append(file_report)
                _feed(library, batch, first, set(file_report.added_ids))
    except BaseException:
        if batch is not None:
            with library.writing_store():
                batch.session.cancel()
                library.index.end_session()
        raise
    if batch is not None:
        _finish(library, batch)
    if progress is not None and not report.cancelled:
        progress(len(todo), len(todo), "")
    return report


def _estimate(todo: list[Path]) -> int:
    """About how many papers the files hold, from their sizes."""
    size = 0
    for path in todo:
        try:
            size += path.stat().st_size
        except OSError:
            continue  # the importer reports it
    return size // BYTES_PER_PAPER


def _last_seq(library: Library) -> int:
    return library.store.count("SELECT coalesce(max(seq), 0) FROM outbox")


def _feed(library: Library, batch: _Batch, first: int, added: set[str]) -> None:
    """Hand the papers one file's transaction queued to the index writer."""
    rows = library.store.conn.execute(
        "SELECT seq, paper_id FROM outbox WHERE seq > ? ORDER BY seq", (first,)
    ).fetchall()
    if not rows:
        return
    batch.ranges.append((first + 1, int(rows[-1][0])))
    ids = list(dict.fromkeys(str(r[1]) for r in rows))
    fresh = [i for i in ids if i not in batch.fed]
    batch.waiting.update(i for i in ids if i in batch.fed)
    if not fresh:
        return
    docs = list(docs_from_store(library.store.conn, fresh))
    # A paper new to the library has no older document to delete, and looking
    # for one costs about as much as indexing a short paper.
    library.index.update(docs, [i for i in fresh if i not in added])
    batch.fed.update(fresh)


def _finish(library: Library, batch: _Batch) -> None:
    """Commit the batch, clear the outbox rows it absorbed, sync what waits."""
    committed = False
    try:
        batch.session.commit()
        committed = True
    except WriterFailedError:
        pass  # the outbox still holds every paper: the sync below redoes them
    finally:
        with library.writing_store():
            library.index.end_session()
            if committed:
                _clear(library, batch)
    library.engine.after_write()


def _clear(library: Library, batch: _Batch) -> None:
    """Delete the outbox rows the batch absorbed; keep those of waiting papers."""
    with library.store.transaction() as conn:
        for first, last in batch.ranges:
            if not batch.waiting:
                conn.execute(
                    "DELETE FROM outbox WHERE seq BETWEEN ? AND ?", (first, last)
                )
                continue
            rows = conn.execute(
                "SELECT seq, paper_id FROM outbox WHERE seq BETWEEN ? AND ?",
                (first, last),
            ).fetchall()
            conn.executemany(
                "DELETE FROM outbox WHERE seq = ?",
                [(r[0],) for r in rows if r[1] not in batch.waiting],
            )
