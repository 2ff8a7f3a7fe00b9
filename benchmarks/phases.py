"""The benchmark's phases, each run in a process of its own by ``run.py``.

``python -m benchmarks.phases PHASE JSON_ARGS`` prints one JSON line. Phases:
``import`` (the app's import, end to end), ``ceiling`` (a bare Whoosh writer),
``fts5`` (the peer's import), ``open`` (a cold open and the first page),
``search`` (every query class, ours and FTS5 in turn, then the user actions).
"""

from __future__ import annotations

import json
import random
import shutil
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from benchmarks import peers
from benchmarks.fts5 import Fts5Library
from benchmarks.make_corpus import ORGANISATIONS
from benchmarks.measure import peak_rss_mb, summary, timed
from benchmarks.queries import KINDS, make_queries
from readinglist.core import Library

WRITES = 100


def _files(corpus: str) -> list[Path]:
    return sorted(Path(corpus).glob("listing-*.txt"))


def phase_import(corpus: str, library: str) -> dict[str, Any]:
    """Library.import_files over the whole corpus into a new library."""
    shutil.rmtree(library, ignore_errors=True)
    files = _files(corpus)
    with Library.open(library) as lib:
        report, ms = timed(lambda: lib.import_files(files))
        papers = lib.stats()["papers"]
        pending = lib.stats()["pending_index"]
        indexed = lib.index.doc_count()
    if report.problems or pending or indexed != papers:
        raise RuntimeError(f"import went wrong: {report.to_json()['totals']}")
    return {
        "papers": papers,
        "blocks": report.parsed,
        "seconds": round(ms / 1000, 2),
        "papers_per_s": round(papers / (ms / 1000), 1),
        **peak_rss_mb(),
    }


def phase_ceiling(corpus: str, folder: str, rotating: bool) -> dict[str, Any]:
    """The bare Whoosh writer over the same files."""
    timing = peers.bare_whoosh(_files(corpus), Path(folder), rotating=rotating)
    return {
        "papers": timing.papers,
        "seconds": round(timing.seconds, 2),
        "parse_seconds": round(timing.parse_seconds, 2),
        "papers_per_s": round(timing.rate, 1),
        **peak_rss_mb(),
    }


def phase_fts5(corpus: str, path: str) -> dict[str, Any]:
    """The same files into SQLite FTS5."""
    timing, table = peers.fts5(_files(corpus), Path(path))
    table.close()
    return {
        "papers": timing.papers,
        "seconds": round(timing.seconds, 2),
        "papers_per_s": round(timing.rate, 1),
        **peak_rss_mb(),
    }


def phase_open(library: str) -> dict[str, Any]:
    """A fresh process opens the library and asks for the first page."""
    started = time.perf_counter()
    with Library.open(library) as lib:
        opened = time.perf_counter()
        ids, _ = lib.search_ids("")
        lib.papers(ids[:100])
        first = time.perf_counter()
    return {
        "open_ms": round((opened - started) * 1000, 1),
        "first_page_ms": round((first - started) * 1000, 1),
        **peak_rss_mb(),
    }


def phase_search(library: str, fts: str, seed: int) -> dict[str, Any]:
    """Every query class, ours and FTS5 alternately; then stars and notes."""
    rng = random.Random(seed)
    with Library.open(library) as lib:
        table = Fts5Library(Path(fts))
        every = lib.store.all_ids()
        starred = rng.sample(every, max(10, len(every) // 200))
        lib.set_starred(starred, True)
        table.star(starred)
        titles = [r[0] for r in lib.store.conn.execute("SELECT title FROM papers")]
        orgs = [o.split(" ", 1)[1] for o in ORGANISATIONS]
        samples: dict[str, dict[str, list[float]]] = {
            k: {"ours": [], "fts5": []} for k in (*KINDS, "typeahead-ids")
        }
        # Of the queries with no result, how many got a suggestion.
        empty: dict[str, list[int]] = {}
        for q in make_queries(titles, orgs, seed=seed):
            page, ours = timed(partial(lib.search, q.text, typeahead=q.typeahead))
            if not page.total:
                counts = empty.setdefault(q.kind, [0, 0])
                counts[0] += 1
                counts[1] += page.suggestion is not None
            fts_ms = timed(partial(table.search, q.fts))[1] if q.fts else 0.0
            samples[q.kind]["ours"].append(ours)
            samples[q.kind]["fts5"].append(fts_ms)
            if q.typeahead:
                # What the app's window runs for each key: every id, in order.
                ids_ms = timed(partial(lib.search_ids, q.text, typeahead=True))[1]
                samples["typeahead-ids"]["ours"].append(ids_ms)
        writes = _writes(lib, rng.sample(every, WRITES))
        table.close()
        result: dict[str, Any] = {
            "queries": {
                kind: {who: summary(ms) for who, ms in found.items() if ms}
                for kind, found in samples.items()
            },
            "writes": writes,
            "starred": len(starred),
            "empty": {k: {"queries": n, "suggested": s} for k, (n, s) in empty.items()},
        }
    return result | peak_rss_mb()


def _writes(lib: Library, ids: list[str]) -> dict[str, Any]:
    """Star and note latencies; each must show in the very next search."""
    star: list[float] = []
    note: list[float] = []
    after: list[float] = []
    for n, paper_id in enumerate(ids):
        _, ms = timed(partial(lib.set_starred, paper_id, n % 2 == 0))
        star.append(ms)
        (found, _), ms = timed(partial(lib.search_ids, "starred:yes"))
        after.append(ms)
        _check((paper_id in found) == (n % 2 == 0), "a star", paper_id)
        word = f"benchnote{n}"
        _, ms = timed(partial(lib.set_note, paper_id, f"Read {word} first"))
        note.append(ms)
        result, ms = timed(partial(lib.search, f"note:{word}"))
        after.append(ms)
        _check([h.paper_id for h in result.hits] == [paper_id], "a note", paper_id)
    return {
        "set_starred": summary(star),
        "set_note": summary(note),
        "search_after_write": summary(after),
    }


def _check(ok: bool, what: str, paper_id: str) -> None:
    if not ok:
        raise RuntimeError(f"{what} on {paper_id} did not show in the next search")


PHASES: dict[str, Callable[..., dict[str, Any]]] = {
    "import": phase_import,
    "ceiling": phase_ceiling,
    "fts5": phase_fts5,
    "open": phase_open,
    "search": phase_search,
}


def main(argv: list[str]) -> int:
    """Run one phase and print its JSON result."""
    name, args = argv[0], json.loads(argv[1])
    print(json.dumps(PHASES[name](**args)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
