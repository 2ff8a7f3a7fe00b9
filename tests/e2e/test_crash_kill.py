"""Kill (SIGKILL) library work at random moments; nothing committed may be lost.

Each test runs many crashes of one kind of work: a large import, a reindex, a
burst of note saves, a restore. Half the kills hit the working process alone,
as a real crash does (the processes it started must then end by themselves),
half its whole process group. The moment of each kill is drawn from a seeded
random generator; the seed is printed in every failure message, and setting
``READINGLIST_CRASH_SEED`` replays the same kill times. ``READINGLIST_CRASH_RUNS``
scales the number of runs (default 1.0; CI keeps it, a soak test may use 10).

After each crash no process of the killed run may be left, the next write
must not wait for a lock, the library must open, ``readinglist check`` must
pass, what the worker reported as done must be there, and finishing the work
must give exactly the right result. Workers are forked from one zygote
process so a crash costs milliseconds, not a Python start-up.
"""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from readinglist.core import Library
from readinglist.core.backup.snapshots import BEFORE_RESTORE, listing
from readinglist.core.index.repair import MARKER
from tests.e2e.crash_checks import (
    SEED,
    cli_check,
    nothing_left,
    open_and_verify,
    runs,
    unfound,
    where,
)
from tests.e2e.crash_zygote import Zygote, read_log
from tests.reliability import listing_text, paper_count, store_digest, user_data

FILES = 4
PER_FILE = 40
BASE_PAPERS = 20
# Seconds the index writer processes of a small batch live, about.
WRITERS_LIVE = 0.4


def kill_of(run: int) -> str:
    """What run ``run`` kills: pairs of runs alternate (tests alternate more)."""
    return ("group", "main")[run // 2 % 2]


@pytest.fixture(scope="module")
def zygote() -> Iterator[Zygote]:
    helper = Zygote()
    yield helper
    helper.close()


def base_library(folder: Path, tmp: Path) -> None:
    """A library with a few papers and user data on them."""
    base = tmp / "base.txt"
    base.write_text(listing_text(BASE_PAPERS, 10_000), "utf-8")
    with Library.open(folder) as lib:
        lib.import_files([base], year=2025)
        ids = lib.store.all_ids()
        lib.set_starred(ids[:5], True)
        lib.set_note(ids[0], "a note typed is a note kept")
        lib.create_list("Reading group")
        lib.add_to_list("Reading group", ids[3:8])
        lib.save_search("Graphs", "graph")


# -- a large import ---------------------------------------------------------------


def test_kill_during_import(zygote: Zygote, tmp_path: Path) -> None:
    files = []
    for n in range(FILES):
        path = tmp_path / f"listing-{n}.txt"
        # The first file repeats five base papers: the merge path runs too.
        extra = listing_text(5, 10_000) + "\n\n" if n == 0 else ""
        path.write_text(extra + listing_text(PER_FILE, n * PER_FILE), "utf-8")
        files.append(str(path))
    base = tmp_path / "base"
    base_library(base, tmp_path)
    before = user_data(base)
    # Papers in the library after 0, 1, ... FILES whole files.
    after_files = [BASE_PAPERS + PER_FILE * k for k in range(FILES + 1)]

    calibration = tmp_path / "calibrate"
    shutil.copytree(base, calibration)
    full = zygote.run("import", calibration, tmp_path / "cal.log", None, files=files)
    assert full["status"] == 0, read_log(tmp_path / "cal.log")
    assert paper_count(calibration) == after_files[-1]

    rng = random.Random(f"{SEED}-import")
    outcomes: set[int] = set()
    for run in range(runs(24)):
        folder = tmp_path / f"run-{run}"
        shutil.copytree(base, folder)
        log = tmp_path / f"run-{run}.log"
        delay = rng.uniform(0, full["elapsed"] * 1.1)
        bulk = 30 if run % 2 else None  # odd runs: Whoosh's two-process writer
        kill = kill_of(run)
        # The writer processes of a small file live for a moment: to kill
        # while they run, count from their start.
        early = kill == "main" and bulk is not None
        if early:
            delay = rng.uniform(0, WRITERS_LIVE)
        reply = zygote.run(
            "import",
            folder,
            log,
            delay,
            kill=kill,
            from_children=early,
            files=files,
            bulk=bulk,
        )
        context = where("import", run, delay, kill)
        nothing_left(reply, folder, context)
        done = [line.split()[1] for line in read_log(log) if line.startswith("files")]
        finished = max(map(int, done), default=0)

        open_and_verify(folder, context)
        count = paper_count(folder)
        # One transaction per file: the count is a whole number of files, and
        # never fewer than the worker saw finish.
        assert count in after_files[finished:], f"{context} {count} papers"
        outcomes.add(after_files.index(count))
        kept = user_data(folder)
        for paper_id, row in before["papers"].items():
            # Stars, notes, statuses of the papers already there: untouched.
            mine = ("starred", "status", "note", "citekey")
            now = kept["papers"][paper_id]
            assert [now[k] for k in mine] == [row[k] for k in mine], context
        assert kept["lists"] == before["lists"], context
        assert kept["saved_searches"] == before["saved_searches"], context

        with Library.open(folder) as lib:
            report = lib.import_files(files, year=2025)
            assert report.problems == [], context
            assert lib.stats()["papers"] == after_files[-1], context
            assert lib.check() == [], context
            assert unfound(lib, "study", 20, f"{SEED}-{run}") == [], context
        shutil.rmtree(folder)
    # The kills landed in different places: before any file, between files.
    assert len(outcomes) >= 2, f"all kills gave {outcomes}; seed {SEED}"


# -- a reindex --------------------------------------------------------------------


def test_kill_during_reindex(zygote: Zygote, tmp_path: Path) -> None:
    folder = tmp_path / "library"
    base_library(folder, tmp_path)
    more = tmp_path / "more.txt"
    more.write_text(listing_text(200), "utf-8")
    with Library.open(folder) as lib:
        lib.import_files([more], year=2025)
        starred = set(lib.search_ids("starred:yes")[0])
    digest = store_digest(folder)

    calibration = zygote.run("reindex", folder, tmp_path / "cal.log", None)
    assert calibration["status"] == 0, read_log(tmp_path / "cal.log")
    rng = random.Random(f"{SEED}-reindex")
    rebuilt_at_open = 0
    seen: list[int] = []

    def progress(done: int, total: int) -> bool:
        seen.append(done)
        return True

    for run in range(runs(30)):
        delay = rng.uniform(0, calibration["elapsed"] * 1.1)
        log = tmp_path / f"run-{run}.log"
        bulk = 100 if run % 2 else None
        kill = kill_of(run)
        early = kill == "main" and bulk is not None
        if early:
            delay = rng.uniform(0, WRITERS_LIVE)
        reply = zygote.run(
            "reindex", folder, log, delay, kill=kill, from_children=early, bulk=bulk
        )
        context = where("reindex", run, delay, kill)
        read_log(log)
        nothing_left(reply, folder, context)
        half_built = (folder / MARKER).exists()
        seen.clear()
        with Library.open(folder, progress=progress) as lib:
            assert lib.check() == [], context
            assert set(lib.search_ids("starred:yes")[0]) == starred, context
            assert lib.search_ids("note:kept")[0], context
        # A half-built index is never used as it is: it is rebuilt at open.
        assert not half_built or seen, context
        rebuilt_at_open += bool(seen)
        # A reindex reads the store and never changes it.
        assert store_digest(folder) == digest, context
        assert cli_check(folder)[0] == 0, context
    assert rebuilt_at_open, f"no kill left a half-built index; seed {SEED}"


# -- a burst of note saves --------------------------------------------------------


def test_kill_during_note_saves(zygote: Zygote, tmp_path: Path) -> None:
    folder = tmp_path / "library"
    base_library(folder, tmp_path)
    with Library.open(folder) as lib:
        ids = lib.store.all_ids()[:7]
    rng = random.Random(f"{SEED}-notes")
    lost_in_flight = 0
    for run in range(runs(70)):
        delay = rng.uniform(0.005, 0.2)
        log = tmp_path / f"run-{run}.log"
        kill = kill_of(run)
        reply = zygote.run(
            "notes", folder, log, delay, kill=kill, ids=ids, count=10_000, run=run
        )
        context = where("notes", run, delay, kill)
        saved = [int(x.split()[1]) for x in read_log(log) if x.startswith("saved")]
        nothing_left(reply, folder, context)
        last = max(saved, default=-1)
        with Library.open(folder) as lib:
            assert lib.check() == [], context
            for n, paper_id in enumerate(ids):
                note = lib.paper(paper_id).note
                reported = [i for i in saved if i % len(ids) == n]
                if not note.startswith(f"run{run}x"):
                    # Untouched this run: only allowed if no save was reported
                    # and the one in flight (if any) was for another paper.
                    assert not reported, f"{context} lost {reported[-1]} of {paper_id}"
                    continue
                index = int(note.split()[0].split("x")[1])
                # The note is the last save reported for this paper, or the one
                # that was in flight when the kill came; nothing older.
                assert index % len(ids) == n, context
                assert index >= max(reported, default=-1), f"{context} lost a save"
                assert index <= last + 1, f"{context} a save from nowhere"
                lost_in_flight += index > last
                # The index agrees with the store: the note's words find it.
                assert lib.search_ids(f"note:run{run}x{index}")[0] == [paper_id], (
                    context
                )
        if run % 5 == 0:  # the command itself now and then; lib.check() always
            assert cli_check(folder)[0] == 0, context
    assert lost_in_flight, f"no kill fell between a save and its report; seed {SEED}"


# -- a restore --------------------------------------------------------------------


def test_kill_during_restore(zygote: Zygote, tmp_path: Path) -> None:
    folder = tmp_path / "library"
    base_library(folder, tmp_path)
    more = tmp_path / "more.txt"
    more.write_text(listing_text(150), "utf-8")
    source = tmp_path / "other"
    shutil.copytree(folder, source)
    with Library.open(source) as lib:
        lib.import_files([more], year=2025)
        lib.set_note(lib.store.all_ids()[-1], "only in the backup")
        backup = lib.backup(tmp_path / "backup.sqlite3")
    old, new = user_data(folder), user_data(source)
    calibration = tmp_path / "calibrate"
    shutil.copytree(folder, calibration)
    full = zygote.run(
        "restore", calibration, tmp_path / "cal.log", None, source=str(backup)
    )
    assert full["status"] == 0, read_log(tmp_path / "cal.log")
    assert user_data(calibration) == new

    rng = random.Random(f"{SEED}-restore")
    outcomes = set()
    for run in range(runs(16)):
        target = tmp_path / f"run-{run}"
        shutil.copytree(folder, target)
        delay = rng.uniform(0, full["elapsed"] * 1.1)
        log = tmp_path / f"run-{run}.log"
        kill = kill_of(run)
        reply = zygote.run("restore", target, log, delay, kill=kill, source=str(backup))
        context = where("restore", run, delay, kill)
        read_log(log)
        nothing_left(reply, target, context)
        # All of the backup, or all of the library as it was: never a mixture.
        now = user_data(target)
        assert now in (old, new), context
        outcomes.add(now == new)
        open_and_verify(target, context)
        # Nothing a killed backup or restore wrote is left lying about.
        leftovers = [
            p.name
            for p in [*target.iterdir(), *(target / "backups").iterdir()]
            if p.name.startswith(".")
        ]
        assert leftovers == [], f"{context} {leftovers}"
        if now == new:
            # The library as it was was kept before it was replaced.
            kept = [p for p, _, why in listing(target) if why == BEFORE_RESTORE]
            assert len(kept) == 1, context
            assert user_data_of_copy(kept[0], tmp_path / f"kept-{run}") == old
        shutil.rmtree(target)
    assert outcomes == {False, True}, f"kills all landed on one side; seed {SEED}"


def user_data_of_copy(backup: Path, scratch: Path) -> dict[str, object]:
    """The user data held in a backup file."""
    scratch.mkdir()
    shutil.copy(backup, scratch / "library.sqlite3")
    return user_data(scratch)


def test_check_command_runs_as_a_process_after_a_crash(
    zygote: Zygote, tmp_path: Path
) -> None:
    # The crash tests above call the CLI in-process; here it runs for real,
    # straight after a crash and before anything opened the library to repair
    # it: changes saved but not yet indexed are reported as waiting, not as
    # faults, and the next writable open applies them.
    folder = tmp_path / "library"
    base_library(folder, tmp_path)
    with Library.open(folder) as lib:
        ids = lib.store.all_ids()[:3]
    zygote.run("notes", folder, tmp_path / "n.log", 0.15, ids=ids, count=10_000, run=0)
    done = subprocess.run(
        [sys.executable, "-m", "readinglist", "--library", str(folder), "check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "is sound" in done.stdout
    open_and_verify(folder, f"after the real check; seed {SEED}")
