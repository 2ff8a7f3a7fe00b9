"""A helper process that kills library work at chosen moments, cheaply.

Starting Python and importing the app costs half a second, too much for
hundreds of crashes. The zygote imports the app once, then for each request
forks a worker that does one piece of library work (an import, a reindex, a
burst of note saves, a restore) and, after the requested delay, kills it with
SIGKILL: no cleanup of any kind runs. A kill hits the worker alone, as the OOM
killer, a segfault or ``kill -9 PID`` do (the processes the worker started
must then end by themselves), or its whole process group, as a power cut of
the process tree. The delay counts from the start, or from the moment the
worker started its first process (its index writers). Workers append one line
per step they finished to a log file with a plain ``write``, so what they
reported before dying survives.

Protocol, one JSON object per line: the test writes ``{"action", "library",
"log", "kill_after", "kill", "from_children", "args"}`` and reads back
``{"killed", "status", "elapsed", "left"}``: ``left`` names the processes of
the run still alive three seconds after the kill (killed then, to go on).
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import select
import signal
import subprocess
import sys
import time
import traceback
from pathlib import Path
from typing import IO, Any

READY = "ready"


# -- the worker side ----------------------------------------------------------------


def _run(request: dict[str, Any]) -> None:
    from readinglist.core import library  # noqa: PLC0415 -- warm in zygote
    from readinglist.core.index import engine  # noqa: PLC0415 -- warm in zygote

    log = os.open(request["log"], os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)

    def say(text: str) -> None:
        os.write(log, f"{text}\n".encode())

    args = request["args"]
    if args.get("bulk"):
        # Exercise the two-process writer without generating thousands of papers.
        engine.BULK_THRESHOLD = int(args["bulk"])
    lib = library.Library.open(request["library"])
    say("open")
    action = request["action"]
    if action == "import":

        def progress(done: int, total: int, path: str) -> bool:
            say(f"files {done}")
            return True

        lib.import_files(args["files"], year=2025, progress=progress)
    elif action == "reindex":
        lib.reindex()
    elif action == "notes":
        ids = args["ids"]
        for i in range(args["count"]):
            lib.set_note(ids[i % len(ids)], f"run{args['run']}x{i} burst")
            say(f"saved {i}")
    elif action == "restore":
        lib.restore(args["source"])
    say("done")
    lib.close()


def _worker(request: dict[str, Any]) -> None:
    """In the forked child: do the work, never return."""
    status = 0
    try:
        os.setpgid(0, 0)
        devnull = os.open(os.devnull, os.O_RDWR)
        os.dup2(devnull, 0)
        os.dup2(devnull, 1)  # stdout is the protocol channel
        _run(request)
    except BaseException:
        with open(request["log"], "a", encoding="utf-8") as log:
            log.write("error " + traceback.format_exc().replace("\n", " | ") + "\n")
        status = 3
    os._exit(status)


def _wait_or_kill(pid: int, request: dict[str, Any]) -> tuple[bool, int, list[str]]:
    """Wait for the worker, or kill it when the request says.

    Returns:
        Whether it was killed, its exit status, and what of it is left.
    """
    # Imported here: spawned index writers import the zygote's module again,
    # and it must stay light, as the app's modules are, for them to start fast.
    from tests.e2e.crash_checks import descendants, leftovers  # noqa: PLC0415

    kill_after = request.get("kill_after")
    handle = os.pidfd_open(pid)
    try:
        if kill_after is not None and request.get("from_children"):
            kill_after += _wait_for_children(pid, handle)
        ready, _, _ = select.select([handle], [], [], kill_after)
        killed = not ready
        family = descendants(pid) | {pid}
        if killed:
            if request.get("kill", "group") == "group":
                os.killpg(pid, signal.SIGKILL)
            else:
                os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
    finally:
        os.close(handle)
    # As the zygote is the subreaper of the worker's processes, it collects
    # them as they end, so none is taken for alive while it is a zombie.
    return killed, os.waitstatus_to_exitcode(status), leftovers(family, pid)


def _wait_for_children(pid: int, handle: int) -> float:
    """Wait until the worker has a child process or ends; seconds waited."""
    from tests.e2e.crash_checks import descendants  # noqa: PLC0415

    started = time.monotonic()
    while not descendants(pid):
        ready, _, _ = select.select([handle], [], [], 0.01)
        if ready:
            break
    return time.monotonic() - started


def _become_subreaper() -> None:
    """Adopt the worker's orphaned helpers (Linux), so they can be waited for."""
    libc = ctypes.CDLL(None, use_errno=True)
    pr_set_child_subreaper = 36
    if libc.prctl(pr_set_child_subreaper, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_CHILD_SUBREAPER) failed")


def serve(lines: IO[str], out: IO[str]) -> None:
    """Answer requests until stdin closes."""
    import readinglist.core.library  # noqa: F401, PLC0415 -- import once, fork many

    _become_subreaper()
    out.write(READY + "\n")
    out.flush()
    for line in lines:
        request = json.loads(line)
        started = time.monotonic()
        pid = os.fork()
        if pid == 0:
            _worker(request)
        # Also here, so a kill can never miss the group (the child may lag).
        with contextlib.suppress(OSError):
            os.setpgid(pid, pid)
        killed, status, left = _wait_or_kill(pid, request)
        reply = {
            "killed": killed,
            "status": status,
            "elapsed": time.monotonic() - started,
            "left": left,
        }
        out.write(json.dumps(reply) + "\n")
        out.flush()


# -- the test side --------------------------------------------------------------------


class Zygote:
    """The test's handle on a zygote process."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.e2e.crash_zygote"],
            cwd=Path(__file__).resolve().parents[2],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
        )
        assert self.proc.stdout is not None
        assert self.proc.stdout.readline().strip() == READY

    def run(
        self,
        action: str,
        library: Path,
        log: Path,
        kill_after: float | None,
        *,
        kill: str = "group",
        from_children: bool = False,
        **args: Any,
    ) -> dict[str, Any]:
        """Do ``action`` in a fresh worker; kill it after ``kill_after`` seconds.

        Args:
            action: import, reindex, notes or restore.
            library: the library folder.
            log: where the worker reports its steps.
            kill_after: seconds until the kill; None lets the worker finish.
            kill: "main" kills the worker alone, "group" its process group.
            from_children: count ``kill_after`` from the worker's first child.
            args: the action's arguments.
        """
        assert self.proc.stdin is not None and self.proc.stdout is not None
        request = {
            "action": action,
            "library": str(library),
            "log": str(log),
            "kill_after": kill_after,
            "kill": kill,
            "from_children": from_children,
            "args": args,
        }
        self.proc.stdin.write(json.dumps(request) + "\n")
        self.proc.stdin.flush()
        reply: dict[str, Any] = json.loads(self.proc.stdout.readline())
        return reply

    def close(self) -> None:
        """Let the zygote end."""
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(timeout=30)
        if self.proc.stdout is not None:
            self.proc.stdout.close()


def read_log(log: Path) -> list[str]:
    """The lines a worker wrote; an ``error`` line fails the test with its text."""
    if not log.exists():
        return []
    lines = log.read_text("utf-8").splitlines()
    errors = [line for line in lines if line.startswith("error ")]
    assert not errors, errors[0]
    return lines


if __name__ == "__main__":
    serve(sys.stdin, sys.stdout)
