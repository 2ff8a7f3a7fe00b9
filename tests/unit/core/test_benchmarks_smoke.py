"""The benchmark runs end to end on a small corpus (no timings are checked).

It exercises every phase the real run has, in the same separate processes, so
a change that breaks the benchmark shows here rather than in a ten-minute run.
The window phase is left out: it is the slowest and is covered by the app's
own end-to-end tests.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks import make_corpus
from benchmarks.measure import ROOT, summary
from benchmarks.queries import KINDS, make_queries, typed
from readinglist.core.importers import parse_file

SIZE = 500


def test_the_corpus_is_deterministic_and_reads_cleanly(tmp_path: Path) -> None:
    first = make_corpus.generate(SIZE, tmp_path / "a", per_file=200)
    second = make_corpus.generate(SIZE, tmp_path / "b", per_file=200)
    assert [p.read_bytes() for p in first.files] == [
        p.read_bytes() for p in second.files
    ]
    assert first.papers == SIZE and len(first.files) == 3
    blocks = 0
    for path in first.files:
        parsed = parse_file(path)
        assert parsed.format == "hf-page"
        assert not parsed.problems, parsed.problems[:3]
        blocks += len(parsed.papers)
    assert blocks == first.blocks


def test_queries_cover_every_class() -> None:
    titles = [f"Scaling Diffusion Models for Language Task {n}" for n in range(50)]
    queries = make_queries(titles, ["Stanford AI"], words=20, typed_queries=3, each=5)
    assert {q.kind for q in queries} == set(KINDS)
    steps = typed("graph neural")
    assert [q.text for q in steps][-2:] == ["graph neura", "graph neural"]
    assert steps[0].fts == ""  # one letter: nothing to search, for either engine
    assert summary([3.0, 1.0, 2.0])["p50"] == 2.0


@pytest.mark.slow
def test_the_benchmark_runs_at_500_papers(tmp_path: Path) -> None:
    out = tmp_path / "results"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks.run",
            "--sizes",
            str(SIZE),
            "--no-gui",
            "--work",
            str(tmp_path / "work"),
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "| words (1-3) |" in done.stdout
    [written] = out.glob("*.json")
    results = json.loads(written.read_text())["sizes"][str(SIZE)]
    assert results["import"]["papers"] == SIZE
    assert results["ceiling"]["papers"] == SIZE
    assert results["fts5"]["papers"] == SIZE
    assert set(results["search"]["queries"]) >= set(KINDS)
    assert results["search"]["writes"]["set_starred"]["n"] > 0
