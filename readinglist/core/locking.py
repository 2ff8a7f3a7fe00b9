"""One writer per library: an advisory lock on a file in the library folder.

The lock belongs to the open file, so the operating system releases it when the
process ends, however it ends: a crash never leaves a library locked. That
holds only while no other process shares the open file, so it is never passed
on: not to a program the app runs (close-on-exec), and a process forked from
the app closes its copy at once (the library's own workers are not forked at
all, see workers.py).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
import weakref
from pathlib import Path

LOCK_FILE = "library.lock"
WAIT_SECONDS = 2.0


class LibraryLockedError(Exception):
    """Another process is writing this library."""


class LibraryLock:
    """The held write lock of one library folder."""

    def __init__(self, fd: int) -> None:
        self._fd: int | None = fd
        _HELD.add(self)

    @classmethod
    def acquire(cls, folder: Path, wait: float = WAIT_SECONDS) -> LibraryLock:
        """Take the lock, waiting up to ``wait`` seconds for another writer.

        Raises:
            LibraryLockedError: another process still holds it.
        """
        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0)
        fd = os.open(folder / LOCK_FILE, flags, 0o644)
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    os.close(fd)
                    raise LibraryLockedError(
                        f"the library in {folder} is open in another Reading List "
                        "window or command; close it and try again"
                    ) from None
                time.sleep(0.05)
                continue
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
                os.write(fd, str(os.getpid()).encode())
            return cls(fd)

    def release(self) -> None:
        """Let another process write the library."""
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


# Locks held by this process, so that a forked child can let go of them.
_HELD: weakref.WeakSet[LibraryLock] = weakref.WeakSet()


def _forget_in_child() -> None:
    # Close, never unlock: the child's copy of the descriptor shares the
    # parent's open file, and unlocking it would unlock the parent's library.
    for lock in list(_HELD):
        if lock._fd is not None:
            with contextlib.suppress(OSError):
                os.close(lock._fd)
            lock._fd = None


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_in_child)


def held_elsewhere(folder: Path) -> bool:
    """True when another process holds the library's write lock right now."""
    try:
        handle = os.open(folder / LOCK_FILE, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return False
    try:
        fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(handle)  # closing drops the shared lock if it was taken
    return False
