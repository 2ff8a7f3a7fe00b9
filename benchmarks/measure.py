"""Small measuring helpers: latency summaries, memory, running a phase apart."""

from __future__ import annotations

import json
import math
import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
ROOT = Path(__file__).resolve().parent.parent


def summary(samples_ms: Sequence[float]) -> dict[str, float]:
    """Count, p50, p95 and max of latencies in milliseconds (nearest rank)."""
    ordered = sorted(samples_ms)
    if not ordered:
        return {"n": 0, "p50": 0.0, "p95": 0.0, "max": 0.0}

    def rank(share: float) -> float:
        index = max(0, min(len(ordered) - 1, math.ceil(share * len(ordered)) - 1))
        return round(ordered[index], 2)

    return {"n": len(ordered), "p50": rank(0.5), "p95": rank(0.95), "max": rank(1.0)}


def timed(call: Callable[[], T]) -> tuple[T, float]:
    """The call's result and how long it took, in milliseconds."""
    started = time.perf_counter()
    result = call()
    return result, (time.perf_counter() - started) * 1000


def peak_rss_mb() -> dict[str, float]:
    """Peak resident memory of this process and of its largest child, in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"rss_mb": round(own, 1), "children_rss_mb": round(child, 1)}


def run_phase(name: str, **args: Any) -> dict[str, Any]:
    """Run one phase of ``benchmarks.phases`` in a fresh process; its JSON answer.

    A fresh process gives each phase its own memory peak and nothing cached
    from an earlier phase (except what the operating system caches).
    """
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.phases", name, json.dumps(args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"phase {name} failed:\n{done.stderr[-4000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def load_average() -> float:
    """The one-minute load average (other work on the machine skews timings)."""
    return round(os.getloadavg()[0], 2)
