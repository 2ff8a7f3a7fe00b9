"""One writer at a time, with another real process holding the library.

The holder is a separate Python process that opens the library as the app does
(and, in one test, keeps saving notes). Second writers get a clear sentence, or
wait briefly and succeed; readers work throughout; the index is sound after.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from readinglist.core import Library, LibraryError
from tests.reliability import listing_text

HOLDER = """
import select, sys, time
from readinglist.core import Library
lib = Library.open(sys.argv[1])
ids = lib.store.all_ids()[:5]
print("ready", flush=True)
mode = sys.argv[2]
if mode == "hold":
    sys.stdin.readline()
elif mode == "write":
    saved = 0
    while not select.select([sys.stdin], [], [], 0)[0]:
        lib.set_note(ids[saved % 5], f"holder note {saved}")
        saved += 1
    print(saved, flush=True)
else:
    time.sleep(float(mode))
lib.close()
"""
BUSY = "is open in another Reading List window or command"


def cli(library: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "readinglist", "--library", str(library), *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


@pytest.fixture
def library(tmp_path: Path) -> Path:
    folder = tmp_path / "library"
    start = tmp_path / "start.txt"
    start.write_text(listing_text(60), "utf-8")
    with Library.open(folder) as lib:
        lib.import_files([start], year=2025)
        lib.set_starred(lib.store.all_ids()[:3], True)
    return folder


class Holder:
    """Another process with the library open for writing."""

    def __init__(self, library: Path, mode: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(library), mode],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout is not None
        assert self.proc.stdout.readline().strip() == "ready"

    def stop(self) -> str:
        out, _ = self.proc.communicate("stop\n", timeout=60)
        assert self.proc.returncode == 0
        return out


@pytest.fixture
def holder(library: Path) -> Iterator[Holder]:
    held = Holder(library, "hold")
    yield held
    held.stop()


def test_a_second_writer_is_told_clearly(
    library: Path, holder: Holder, tmp_path: Path
) -> None:
    # Catches a missing or broken lock: the second writer would go ahead and
    # two processes would write one index (Whoosh LockError or damage).
    more = tmp_path / "more.txt"
    more.write_text(listing_text(3, 100), "utf-8")
    # Two kinds of write: every write takes the lock the same way at open.
    for args in (["import", str(more)], ["restore", str(more)]):
        done = cli(library, *args)
        assert done.returncode == 2, (args, done.stderr)
        assert BUSY in done.stderr
        assert "Traceback" not in done.stderr
        assert "LockError" not in done.stderr
    with pytest.raises(LibraryError, match=BUSY):
        Library.open(library)


def test_readers_work_while_another_process_writes(library: Path) -> None:
    # The holder saves notes the whole time, so readers meet index commits
    # under way; they must answer anyway, and the index must stay sound.
    writer = Holder(library, "write")
    try:
        for _ in range(3):
            for args in (
                ["search", "holder", "--json"],
                ["search", "starred:yes"],
                ["show", first_id(library)],
                ["stats", "--json"],
                ["lists"],
                ["check"],
                ["export", "--all", "--format", "ris"],
                ["backup", "--json", str(library.parent / "while-writing.json")],
            ):
                done = cli(library, *args)
                assert done.returncode == 0, (args, done.stderr)
                assert "Traceback" not in done.stderr
    finally:
        saved = int(writer.stop())
    assert saved > 0
    with Library.open(library) as lib:
        assert lib.check(deep=True) == []
        assert lib.stats()["pending_index"] == 0


def first_id(library: Path) -> str:
    with Library.open(library, readonly=True) as lib:
        return lib.store.all_ids()[0]


def test_a_second_writer_waits_briefly_for_the_first(library: Path) -> None:
    held = Holder(library, "0.6")  # lets go after 0.6 s, within the wait
    started = time.monotonic()
    done = cli(library, "star", first_id(library))
    assert done.returncode == 0, done.stderr
    assert time.monotonic() - started < 10
    held.proc.communicate(timeout=30)  # closes its pipes too
