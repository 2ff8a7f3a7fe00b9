"""Which segments the probe at open already found sound, unchanged since.

The probe (``indexcheck.probe``) reads a little of every file of every segment,
about 20 ms a segment: most of the time it takes to open a library of 100,000
papers. Segment files are never rewritten once committed, so a segment that
passed the probe and whose files have the same names, sizes and modification
times is the one that passed. A file that was deleted, cut short or written
over since then differs in one of these: writing sets the modification time
to the present, which is later than the one recorded.

Only segments whose files were last changed well before the probe are
recorded: a file written over within the same tick of the file system's clock
as the recorded write would keep its time (the "racy" case ``git`` knows). A
store file that was replaced (another inode) drops the memo too, since the
probe also compares the index with the store.

The memo is a convenience: a memo that cannot be read or written is ignored,
and ``readinglist check`` always probes every segment.
"""

from __future__ import annotations

import json
import os
from collections.abc import Collection, Iterable
from pathlib import Path
from typing import Any

from readinglist.core.backup.snapshots import write_text
from readinglist.core.index.engine import SETTLED_NS

MEMO_FILE = "readinglist-probed.json"
MEMO_VERSION = 1

Fingerprint = list[list[Any]]
"""Each file of a segment: [name, size, modification time in ns]."""


def _store_identity(store: Path) -> list[int]:
    found = os.stat(store)
    return [found.st_dev, found.st_ino]


def fingerprints(folder: Path, segments: Iterable[str]) -> dict[str, Fingerprint]:
    """The files of each segment (by its id) as they are now; {} if unreadable."""
    wanted = set(segments)
    found: dict[str, Fingerprint] = {name: [] for name in wanted}
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                name = entry.name.split(".", 1)[0]
                if name in wanted and "." in entry.name:
                    stat = entry.stat()
                    found[name].append([entry.name, stat.st_size, stat.st_mtime_ns])
    except OSError:
        return {}
    for files in found.values():
        files.sort()
    return found


def sound_segments(folder: Path, store: Path, now: dict[str, Fingerprint]) -> set[str]:
    """The segments of ``now`` that passed the probe as they are now.

    Args:
        folder: the index folder.
        store: the library's SQLite file.
        now: :func:`fingerprints` of the segments about to be probed.
    """
    try:
        memo = json.loads((folder / MEMO_FILE).read_text("utf-8"))
        if memo.get("version") != MEMO_VERSION:
            return set()
        if memo.get("store") != _store_identity(store):
            return set()
        recorded = memo.get("segments", {})
    except (OSError, ValueError, AttributeError):
        return set()
    if not isinstance(recorded, dict):
        return set()
    return {n for n, files in now.items() if files and recorded.get(n) == files}


def record(
    folder: Path,
    store: Path,
    probed: dict[str, Fingerprint],
    *,
    started_ns: int,
    keep: Collection[str] = (),
) -> None:
    """Note the segments that passed a probe which began at ``started_ns``.

    Args:
        folder: the index folder.
        store: the library's SQLite file.
        probed: fingerprints of the segments found sound, taken before the probe.
        started_ns: when the probe began (``time.time_ns()``).
        keep: segments already in the memo that are still sound.
    """
    # Files changed less than SETTLED_NS before the probe are not vouched for.
    vouched = {
        name: files
        for name, files in probed.items()
        if files
        and (
            name in keep
            or all(mtime < started_ns - SETTLED_NS for _, _, mtime in files)
        )
    }
    if not vouched:
        return
    try:
        memo = {
            "version": MEMO_VERSION,
            "store": _store_identity(store),
            "segments": vouched,
        }
        write_text(folder / MEMO_FILE, json.dumps(memo))
    except OSError:
        pass  # a full or read-only disk: the next open probes every segment again
