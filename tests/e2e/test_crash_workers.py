"""A crashed process leaves no worker running and no library locked.

Each test runs a small Python program that takes the library lock or starts a
worker process the way the library does, then dies by SIGKILL (killed by the
test, or by itself): no cleanup of any kind runs.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from readinglist.core import Library
from readinglist.core.index import engine as index
from readinglist.core.index import whoosh_private
from tests.e2e.crash_checks import LINGER, alive, cli_check, lock_is_free, unfound
from tests.reliability import listing_text

FORKS_AND_DIES = """
import os, sys, time
from pathlib import Path
from readinglist.core.locking import LibraryLock
lock = LibraryLock.acquire(Path(sys.argv[1]))
child = os.fork()
if child == 0:
    os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
    time.sleep(60)
    os._exit(0)
print(child, flush=True)
os._exit(0)
"""

STARTS_A_WORKER = """
import os, signal, sys, threading, time
from readinglist import workers
from readinglist.core import Library
lib = Library.open(sys.argv[1])
where, when = sys.argv[2], sys.argv[3]

def start():
    # As a writer session does: start a worker, work with it in this thread.
    worker = workers.start("time:sleep", (), (60,), name="sleeper")
    print(worker.pid, flush=True)
    if when == "at once":
        os.kill(os.getpid(), signal.SIGKILL)
    time.sleep(60)

if where == "thread":  # as the app does: the import runs in a pool thread
    threading.Thread(target=start).start()
else:
    start()
"""


@pytest.fixture
def strays() -> Iterator[list[int]]:
    """Pids to kill at the end, whatever the test found."""
    pids: list[int] = []
    yield pids
    for pid in pids:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)


def run(program: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", program, *args],
        stdout=subprocess.PIPE,
        text=True,
    )


def gone_within(pid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while alive({pid}, group=-1):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def test_a_process_forked_by_a_writer_does_not_keep_the_library_locked(
    tmp_path: Path, strays: list[int]
) -> None:
    folder = tmp_path / "library"
    Library.open(folder).close()
    program = run(FORKS_AND_DIES, str(folder))
    out, _ = program.communicate(timeout=60)
    forked = int(out)
    strays.append(forked)
    assert alive({forked}, group=-1), "the forked process should still run"
    # Its parent died holding the lock; the forked copy of it holds nothing.
    assert lock_is_free(folder)


@pytest.mark.parametrize(
    ("where", "when"),
    [("main", "later"), ("thread", "later"), ("main", "at once")],
)
def test_a_worker_ends_when_the_process_that_started_it_is_killed(
    tmp_path: Path, strays: list[int], where: str, when: str
) -> None:
    folder = tmp_path / "library"
    Library.open(folder).close()
    program = run(STARTS_A_WORKER, str(folder), where, when)
    assert program.stdout is not None
    worker = int(program.stdout.readline())
    strays.append(worker)
    if when == "later":
        time.sleep(1.0)  # the worker is up and bound by now
        assert alive({worker}, group=-1), "the worker should run while its app runs"
        program.send_signal(signal.SIGKILL)
    program.wait(timeout=60)
    program.stdout.close()  # the worker's copy of it may stay open: not read
    assert gone_within(worker, LINGER)
    assert lock_is_free(folder)


def test_an_import_whose_writer_processes_die_is_done_by_one_writer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Writer processes that end at once (they failed to start, or were
    # killed) leave the two-process writer no one to hand its work to; the
    # import must fall back to one writer, not wait forever.
    def dying_task(self: whoosh_private.RotatingWriter) -> object:
        task = multiprocessing.get_context("spawn").Process(target=os._exit, args=(3,))
        task.start()
        self.tasks.append(task)
        return task

    monkeypatch.setattr(whoosh_private.RotatingWriter, "_new_task", dying_task)
    monkeypatch.setattr(index, "BULK_THRESHOLD", 100)
    listing = tmp_path / "daily.txt"
    listing.write_text(listing_text(1500), "utf-8")
    with Library.open(tmp_path / "library") as lib:
        report = lib.import_files([listing], year=2025)
        assert report.problems == []
        assert lib.stats()["papers"] == 1500
        assert lib.check() == []
        assert unfound(lib, "study", 50, "fallback") == []


def test_check_passes_while_the_index_has_no_segment_yet(tmp_path: Path) -> None:
    # What a new library, or a first import killed before its index got a
    # segment, leaves: the check must not call that index damaged.
    folder = tmp_path / "library"
    Library.open(folder).close()
    status, said = cli_check(folder)
    assert status == 0, said
    assert "is sound" in said
