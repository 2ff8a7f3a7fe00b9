"""What every crash test checks after a kill, whatever was killed and how.

A crash must leave nothing behind: no process of the killed run still alive a
few seconds later, no lock the next write has to wait for, and a library that
``check`` calls sound, in which every paper the store holds is found by search.
Processes are looked up in /proc (Linux) by pid, parent and process group.
"""

from __future__ import annotations

import contextlib
import io
import os
import random
import signal
import time
from pathlib import Path

from readinglist import cli
from readinglist.core import Library
from readinglist.core.index.repair import MARKER
from readinglist.core.locking import LibraryLock, LibraryLockedError

# A killed run's processes must all be gone this long after the kill.
LINGER = 3.0
# READINGLIST_CRASH_RUNS scales the number of kills (a soak test may use 10);
# READINGLIST_CRASH_SEED replays the kill times of a failed run.
SCALE = float(os.environ.get("READINGLIST_CRASH_RUNS", "1"))
SEED = int(os.environ.get("READINGLIST_CRASH_SEED", random.randrange(2**32)))


def runs(count: int) -> int:
    """How many crashes a test makes, scaled for soak testing."""
    return max(1, round(count * SCALE))


def where(test: str, run: int, delay: float | None, kill: str = "group") -> str:
    """The failure context: enough to replay this crash."""
    how = "no kill" if delay is None else f"{kill} kill after {delay * 1000:.1f} ms"
    return f"[{test} run {run}, {how}; replay with READINGLIST_CRASH_SEED={SEED}]"


def nothing_left(reply: dict[str, object], folder: Path, context: str) -> None:
    """No process of the killed run lives on, and the next write need not wait."""
    assert reply["left"] == [], f"{context} still running: {reply['left']}"
    assert lock_is_free(folder), f"{context} the library is still locked"


def cli_check(folder: Path) -> tuple[int, str]:
    """``readinglist check`` run in this process: the real command, no start-up."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = cli.main(["--library", str(folder), "check"])
    return status, out.getvalue() + err.getvalue()


def open_and_verify(folder: Path, context: str) -> None:
    """The library opens (repairing), its index agrees, and the CLI says sound."""
    with Library.open(folder) as lib:
        assert lib.check() == [], context
        assert lib.stats()["pending_index"] == 0, context
    assert not (folder / MARKER).exists(), context
    status, said = cli_check(folder)
    assert status == 0, f"{context} {said}"


def _stat(pid: int) -> tuple[str, int, int] | None:
    """State, parent and process group of ``pid``; None when it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name, in parentheses, may itself hold spaces or parentheses.
    fields = text[text.rindex(")") + 2 :].split()
    return fields[0], int(fields[1]), int(fields[2])


def _pids() -> list[int]:
    return [int(name) for name in os.listdir("/proc") if name.isdigit()]


def descendants(root: int) -> set[int]:
    """Every live process below ``root``, found by parent pid."""
    parents: dict[int, list[int]] = {}
    for pid in _pids():
        stat = _stat(pid)
        if stat is not None:
            parents.setdefault(stat[1], []).append(pid)
    found: set[int] = set()
    todo = [root]
    while todo:
        for child in parents.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def alive(pids: set[int], group: int) -> list[str]:
    """Live processes among ``pids`` or in process group ``group``, described."""
    left = []
    for pid in _pids():
        stat = _stat(pid)
        if stat is None or stat[0] == "Z":  # a zombie is dead, only not reaped
            continue
        if pid in pids or stat[2] == group:
            try:
                command = Path(f"/proc/{pid}/cmdline").read_bytes()
            except OSError:
                continue
            words = command.replace(b"\0", b" ").decode(errors="replace")
            left.append(f"{pid}: {words[:200]}")
    return left


def reap(group: int) -> None:
    """Collect the finished children of this process in ``group``, if any."""
    while True:
        try:
            pid, _ = os.waitpid(-group, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def leftovers(pids: set[int], group: int, linger: float = LINGER) -> list[str]:
    """What of a killed run is still alive ``linger`` seconds on; then kill it.

    Args:
        pids: the run's processes, noted just before the kill.
        group: the run's process group.
        linger: how long the processes have to end by themselves.
    """
    deadline = time.monotonic() + linger
    while True:
        reap(group)
        left = alive(pids, group)
        if not left or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    if left:
        # Leave no stray processes behind for the tests that follow.
        for pid in pids:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(OSError):
            os.killpg(group, signal.SIGKILL)
        time.sleep(0.2)
        reap(group)
    return left


def lock_is_free(folder: Path) -> bool:
    """True when the next write may begin at once, without waiting."""
    try:
        lock = LibraryLock.acquire(folder, wait=0)
    except LibraryLockedError:
        return False
    lock.release()
    return True


def unfound(lib: Library, word: str, sample: int | None, seed: str) -> list[str]:
    """Papers that search does not find: by a word in all of them, by title.

    Args:
        lib: the open library.
        word: a word every paper of the library holds.
        sample: how many papers to look up by their title; None for all.
        seed: picks the sample, replayably.
    """
    ids = lib.store.all_ids()
    missing = sorted(set(ids) - set(lib.search_ids(word)[0]))
    picked = ids if sample is None else random.Random(seed).sample(ids, sample)
    for paper_id in picked:
        title = lib.paper(paper_id).title
        if paper_id not in lib.search_ids(f'"{title}"')[0]:
            missing.append(paper_id)
    return missing
