"""The benchmark: import, search, user actions and the window, at given sizes.

Usage (from the repository root)::

    python -m benchmarks.run --sizes 10000 100000

For each size it writes a synthetic corpus (see ``make_corpus.py``), then, each
in a fresh process: imports it with ``Library.import_files``; indexes it with a
bare Whoosh writer (the ceiling) and with SQLite FTS5 (a peer); opens the
library cold, twice (the first open after an import checks every new index
segment); runs every query class against the library and against FTS5 in
turn (first page of 20 with highlights, and the total); stars papers and saves
notes, checking that the next search shows each change; and starts the real
window offscreen, timing it until the first page of results is painted.

It prints a table and writes the numbers as JSON to ``benchmarks/results/``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks import make_corpus
from benchmarks.measure import ROOT, load_average, run_phase
from benchmarks.report import table

RESULTS = ROOT / "benchmarks" / "results"
SEED = 11


def corpus_for(size: int, work: Path) -> Path:
    """The corpus folder for ``size`` papers, written unless already there."""
    folder = work / f"corpus-{size}"
    stamp = folder / "corpus.json"
    wanted = {"papers": size, "seed": make_corpus.SEED}
    if stamp.exists() and json.loads(stamp.read_text()) == wanted:
        return folder
    made = make_corpus.generate(size, folder)
    stamp.write_text(json.dumps(wanted))
    del made
    return folder


def gui(library: Path) -> dict[str, Any]:
    """Start the window on ``library``; when its first page showed, its memory.

    The app's modules are byte-compiled first, as installing the wheel does:
    an editable install under PYTHONDONTWRITEBYTECODE (set on some machines)
    would otherwise compile every module at each launch, about 0.3 s.
    """
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(ROOT / "readinglist")],
        check=True,
        cwd=ROOT,
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryDirectory() as home:
        env["XDG_CONFIG_HOME"] = home
        started = time.time()
        done = subprocess.run(
            [sys.executable, "-m", "benchmarks.gui_probe", str(library)],
            capture_output=True,
            text=True,
            env=env,
            cwd=ROOT,
            timeout=300,
            check=False,
        )
    if done.returncode != 0:
        raise RuntimeError(f"the window did not show results:\n{done.stderr[-3000:]}")
    probe = json.loads(done.stdout.strip().splitlines()[-1])
    return {
        "first_page_ms": round((probe["first_page_at"] - started) * 1000, 1),
        "rss_first_page_mb": round(probe["rss_first_page_mb"], 1),
        "rss_peak_mb": round(probe["rss_peak_mb"], 1),
        "typed_query_ms": round(probe.get("query_ms", 0.0), 1),
    }


def bench(
    size: int, work: Path, *, with_gui: bool, with_ceiling: bool = True
) -> dict[str, Any]:
    """Every measurement for one size."""
    say = _say
    corpus = corpus_for(size, work)
    library = work / f"library-{size}"
    fts = work / f"fts5-{size}.sqlite3"
    say(f"{size:,} papers: import")
    result: dict[str, Any] = {"load_before": load_average()}
    result["import"] = run_phase("import", corpus=str(corpus), library=str(library))
    ceiling = work / f"ceiling-{size}"
    writers = (("ceiling", True), ("stock", False)) if with_ceiling else ()
    for key, rotating in writers:
        say(f"  bare Whoosh writer ({'rotating' if rotating else 'stock'})")
        result[key] = run_phase(
            "ceiling", corpus=str(corpus), folder=str(ceiling), rotating=rotating
        )
    shutil.rmtree(ceiling, ignore_errors=True)
    say("  SQLite FTS5")
    result["fts5"] = run_phase("fts5", corpus=str(corpus), path=str(fts))
    say("  cold open, twice")
    # The first open after an import probes every new index segment for
    # damage (indexcheck.py); later opens only the segments changed since.
    result["first_open"] = run_phase("open", library=str(library))
    result["open"] = run_phase("open", library=str(library))
    say("  searches and user actions")
    result["search"] = run_phase(
        "search", library=str(library), fts=str(fts), seed=SEED
    )
    if with_gui:
        say("  the window")
        result["gui"] = gui(library)
    result["load_after"] = load_average()
    return result


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark from the command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument(
        "--work", type=Path, help="where corpora and libraries go (kept)"
    )
    parser.add_argument("--no-gui", action="store_true", help="skip the window")
    parser.add_argument(
        "--no-ceiling",
        action="store_true",
        help="skip the bare Whoosh writers (the import's ceiling)",
    )
    parser.add_argument("--out", type=Path, default=RESULTS, help="JSON folder")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    work = args.work or Path(tempfile.mkdtemp(prefix="readinglist-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "system": platform.platform(),
        },
        "sizes": {},
    }
    try:
        for size in args.sizes:
            results["sizes"][str(size)] = bench(
                size, work, with_gui=not args.no_gui, with_ceiling=not args.no_ceiling
            )
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    results["seconds"] = round(time.perf_counter() - started, 1)
    print(table(results))
    args.out.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    path = args.out / f"{stamp}.json"
    path.write_text(json.dumps(results, indent=2) + "\n", "utf-8")
    _say(f"wrote {path} ({results['seconds']:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
