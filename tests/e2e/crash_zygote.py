"""A helper process that kills library work at chosen moments, cheaply.

Starting Python and importing the app costs half a second, too much for
hundreds of crashes. The zygote imports the app once, then for each request
forks a worker that does one piece of library work (an import, a reindex, a
burst of note saves, a restore) and, after the requested delay, kills the
worker's whole process group with SIGKILL: no cleanup of any kind runs, as in a
power cut of the process. Workers append one line per step they finished to a
log file with a plain ``write``, so what they reported before dying survives.

Protocol, one JSON object per line: the test writes
``{"action", "library", "log", "kill_after", "args"}`` and reads back
``{"killed", "status", "elapsed"}``.
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
    from readinglist.core import index, library  # noqa: PLC0415 -- warm in zygote

    log = os.open(request["log"], os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)

    def say(text: str) -> None:
        os.write(log, f"{text}\n".encode())

    args = request["args"]
    if args.get("bulk"):
        # Exercise the two-process writer without generating thousands of papers.
        index.BULK_THRESHOLD = int(args["bulk"])
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


def _wait_or_kill(pid: int, kill_after: float | None) -> tuple[bool, int]:
    """Wait for the worker; kill its group after ``kill_after`` seconds."""
    handle = os.pidfd_open(pid)
    try:
        ready, _, _ = select.select([handle], [], [], kill_after)
        killed = not ready
        if killed:
            os.killpg(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
    finally:
        os.close(handle)
    # Helpers the worker started (Whoosh's writer processes) were killed with
    # its group; as the zygote is their subreaper, collect them, so none still
    # holds a file open when the test looks at the library.
    while True:
        try:
            os.waitpid(-pid, 0)
        except ChildProcessError:
            break
    return killed, os.waitstatus_to_exitcode(status)


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
        killed, status = _wait_or_kill(pid, request.get("kill_after"))
        reply = {
            "killed": killed,
            "status": status,
            "elapsed": time.monotonic() - started,
        }
        out.write(json.dumps(reply) + "\n")
        out.flush()


# -- the test side --------------------------------------------------------------------


class Zygote:
    """The test's handle on a zygote process."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, __file__],
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
        **args: Any,
    ) -> dict[str, Any]:
        """Do ``action`` in a fresh worker; kill it after ``kill_after`` seconds."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        request = {
            "action": action,
            "library": str(library),
            "log": str(log),
            "kill_after": kill_after,
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
