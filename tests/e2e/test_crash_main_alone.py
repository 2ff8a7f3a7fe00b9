"""Big imports killed as real crashes kill: the app's process alone, SIGKILL.

The index writer processes of a big import run beside the app. When the app
dies (the OOM killer, a segfault inside Qt, ``kill -9 PID``) nothing stops
them but themselves: they must end within moments, and must not keep the
library locked, or the user is locked out of their library with no window
open. Each kill falls at a seeded random moment after the writers started
(``READINGLIST_CRASH_SEED`` replays it); after it nothing of the run may be
alive three seconds on, the next write must begin at once, ``check`` must
pass, and importing the same file again must give every paper, each found by
search.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from readinglist.core import Library
from tests.e2e.crash_checks import (
    SEED,
    cli_check,
    descendants,
    leftovers,
    nothing_left,
    open_and_verify,
    runs,
    unfound,
    where,
)
from tests.e2e.crash_zygote import Zygote, read_log
from tests.reliability import listing_text

LARGE = 20_000
# Enough papers for the two-process writer: an import estimates its papers
# from the file size (ingest.BYTES_PER_PAPER), and these papers are short.
GUI_PAPERS = 6_000
# Kills fall this many seconds, at most, after the writer processes started.
WINDOW = 3.0
START_TIMEOUT = 120.0


@pytest.fixture(scope="module")
def zygote() -> Iterator[Zygote]:
    started = Zygote()
    yield started
    started.close()


def finish_and_find(folder: Path, listing: Path, count: int, context: str) -> None:
    """Import the file again: exactly ``count`` papers, every one found by search."""
    with Library.open(folder) as lib:
        report = lib.import_files([listing], year=2025)
        assert report.problems == [], context
        assert lib.stats()["papers"] == count, context
        assert lib.check() == [], context
        assert unfound(lib, "study", 200, f"{SEED}-{context}") == [], context


@pytest.mark.slow
def test_killing_a_large_import_alone_leaves_nothing(
    zygote: Zygote, tmp_path: Path
) -> None:
    listing = tmp_path / "large.txt"
    listing.write_text(listing_text(LARGE), "utf-8")
    rng = random.Random(f"{SEED}-large")
    # Each run costs a minute or more: one per suite run, a new moment each time.
    for run in range(runs(1)):
        folder = tmp_path / f"run-{run}"
        log = tmp_path / f"run-{run}.log"
        delay = rng.uniform(0, WINDOW)
        reply = zygote.run(
            "import",
            folder,
            log,
            delay,
            kill="main",
            from_children=True,
            files=[str(listing)],
        )
        context = where("large import", run, delay, "main")
        read_log(log)
        assert reply["killed"], f"{context} the import ended before the kill"
        nothing_left(reply, folder, context)
        status, said = cli_check(folder)
        assert status == 0, f"{context} {said}"
        open_and_verify(folder, context)
        finish_and_find(folder, listing, LARGE, context)


def start_app(folder: Path, listing: Path, tmp_path: Path) -> subprocess.Popen[bytes]:
    """The app, offscreen, opening ``listing``; in a process group of its own."""
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
    }
    command = [sys.executable, "-m", "readinglist", "--library", str(folder)]
    return subprocess.Popen(
        [*command, str(listing)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
        start_new_session=True,
    )


def wait_for_children(app: subprocess.Popen[bytes]) -> None:
    """Wait until the app has started a process (its index writers)."""
    deadline = time.monotonic() + START_TIMEOUT
    while not descendants(app.pid):
        if app.poll() is not None or time.monotonic() > deadline:
            app.kill()
            app.wait()
            pytest.fail("the app never started its index writers")
        time.sleep(0.01)


@pytest.mark.slow
@pytest.mark.parametrize("kill", ["main", "group"])
def test_killing_the_app_during_an_import_leaves_nothing(
    kill: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    listing = tmp_path / "daily.txt"
    listing.write_text(listing_text(GUI_PAPERS), "utf-8")
    folder = tmp_path / "library"
    rng = random.Random(f"{SEED}-{request.node.name}")
    delay = rng.uniform(0, WINDOW)
    context = where("app import", 0, delay, kill)

    app = start_app(folder, listing, tmp_path)
    wait_for_children(app)
    time.sleep(delay)
    family = descendants(app.pid) | {app.pid}
    if kill == "main":
        app.send_signal(signal.SIGKILL)
    else:
        os.killpg(app.pid, signal.SIGKILL)
    app.wait()
    left = leftovers(family, app.pid)
    nothing_left({"left": left}, folder, context)
    status, said = cli_check(folder)
    assert status == 0, f"{context} {said}"
    open_and_verify(folder, context)
    finish_and_find(folder, listing, GUI_PAPERS, context)
