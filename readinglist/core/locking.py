"""One writer per library: an advisory lock on a file in the library folder.

The lock belongs to the open file, so the operating system releases it when the
process ends, however it ends: a crash never leaves a library locked.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from pathlib import Path

LOCK_FILE = "library.lock"
WAIT_SECONDS = 2.0


class LibraryLockedError(Exception):
    """Another process is writing this library."""


class LibraryLock:
    """The held write lock of one library folder."""

    def __init__(self, fd: int) -> None:
        self._fd: int | None = fd

    @classmethod
    def acquire(cls, folder: Path, wait: float = WAIT_SECONDS) -> LibraryLock:
        """Take the lock, waiting up to ``wait`` seconds for another writer.

        Raises:
            LibraryLockedError: another process still holds it.
        """
        fd = os.open(folder / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
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
