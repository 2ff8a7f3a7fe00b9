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
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path

from readinglist.core.importers import ParseContext, parse_file, parse_text
from readinglist.core.index import (
    Index,
    Session,
    WriterFailedError,
    docs_from_store,
)
from readinglist.core.models import ImportReport, ParseResult
from readinglist.core.store import Store
from readinglist.core.store.imports import import_parsed

# Bytes of listing text per paper, roughly (title, abstract, footer).
BYTES_PER_PAPER = 1500

FileProgress = Callable[[int, int, str], bool]


@dataclass(frozen=True, slots=True)
class Target:
    """What an import writes to, as the library hands it over.

    Attributes:
        store: the writable store.
        index: the search index.
        writing: the library's turn to write: serialises with every other
            action and reports disk errors plainly.
        sync: brings the index up to date once the import is stored.
    """

    store: Store
    index: Index
    writing: Callable[[], AbstractContextManager[None]]
    sync: Callable[[], object]


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
    target: Target,
    paths: Iterable[Path | str],
    year: int | None,
    progress: FileProgress | None,
) -> ImportReport:
    """Import files into ``target``; see :meth:`Library.import_files`."""
    todo = [Path(p) for p in paths]
    sources: list[tuple[str, Callable[[], ParseResult]]] = [
        (str(path), functools.partial(parse_file, path, year=year)) for path in todo
    ]
    return _import(target, sources, _estimate(todo), progress)


def import_text(
    target: Target, text: str, label: str, year: int | None
) -> ImportReport:
    """Import text that is not in a file; see :meth:`Library.import_text`."""
    context = ParseContext(year=year, file_date=dt.date.today())
    # Line ends as a file read from disk has them (a browser may copy CRLF).
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    sources = [(label, lambda: parse_text(text, label, context))]
    return _import(target, sources, len(text) // BYTES_PER_PAPER, None)


def _import(
    target: Target,
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
            with target.writing():
                if batch is None:
                    batch = _Batch(target.index.open_session(estimate))
                first = _last_seq(target)
                file_report = import_parsed(target.store, parsed, path, batch_added)
                report.files.append(file_report)
                _feed(target, batch, first, set(file_report.added_ids))
    except BaseException:
        if batch is not None:
            with target.writing():
                batch.session.cancel()
                target.index.end_session()
        raise
    if batch is not None:
        _finish(target, batch)
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


def _last_seq(target: Target) -> int:
    return target.store.count("SELECT coalesce(max(seq), 0) FROM outbox")


def _feed(target: Target, batch: _Batch, first: int, added: set[str]) -> None:
    """Hand the papers one file's transaction queued to the index writer."""
    rows = target.store.conn.execute(
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
    docs = list(docs_from_store(target.store.conn, fresh))
    # A paper new to the library has no older document to delete, and looking
    # for one costs about as much as indexing a short paper.
    target.index.update(docs, [i for i in fresh if i not in added])
    batch.fed.update(fresh)


def _finish(target: Target, batch: _Batch) -> None:
    """Commit the batch, clear the outbox rows it absorbed, sync what waits."""
    committed = False
    try:
        batch.session.commit()
        committed = True
    except WriterFailedError:
        pass  # the outbox still holds every paper: the sync below redoes them
    finally:
        with target.writing():
            target.index.end_session()
            if committed:
                _clear(target, batch)
    target.sync()


def _clear(target: Target, batch: _Batch) -> None:
    """Delete the outbox rows the batch absorbed; keep those of waiting papers."""
    with target.store.transaction() as conn:
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
