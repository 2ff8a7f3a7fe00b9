"""Command-line commands that keep a library safe: ``backup`` and ``restore``.

Like every command they are thin: the work is in ``readinglist.core.backup``.
The progress line for long index work lives here too, shared with ``cli``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from readinglist.core.backup.snapshots import listing
from readinglist.core.library import Library

OK = 0

AddCommand = Callable[[str, Callable[..., int], str], argparse.ArgumentParser]


def stderr_progress(label: str) -> Callable[[int, int], bool]:
    """A progress callback printing ``label: done/total papers`` on stderr.

    On a terminal the line updates in place; otherwise it is printed at the
    start, every 10,000 papers and at the end, so logs stay short.
    """
    tty = sys.stderr.isatty()

    def report(done: int, total: int) -> bool:
        end = "\r" if tty and done < total else "\n"
        if tty or done == total or done % 10000 == 0:
            print(f"{label}: {done}/{total} papers", end=end, file=sys.stderr)
        return True

    return report


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def cmd_backup(lib: Library, args: argparse.Namespace) -> int:
    """Write a backup, or list the backups folder."""
    if args.list:
        found = listing(lib.path)
        for path, when, reason in found:
            print(f"{when:%Y-%m-%d %H:%M:%S}  {reason:<15} {path}")
        if not found:
            print(f"there are no backups in {lib.path / 'backups'} yet")
        return OK
    path = lib.backup(args.path, as_json=args.json)
    stats = lib.stats()
    print(
        f"backed up {_count(stats['papers'], 'paper')} and "
        f"{_count(stats['lists'], 'reading list')} to {path}"
    )
    return OK


def cmd_restore(lib: Library, args: argparse.Namespace) -> int:
    """Replace the library with a backup."""
    done = lib.restore(args.path, stderr_progress("rebuilding the search index"))
    source = done.source
    print(
        f"restored {_count(source.papers, 'paper')} and "
        f"{_count(source.lists, 'reading list')} from {source.path}"
    )
    print(f"the library as it was before is kept in {done.kept}")
    return OK


def register(add: AddCommand) -> None:
    """Add ``backup`` and ``restore`` with ``add(name, function, help)``."""
    p = add(
        "backup",
        cmd_backup,
        "copy the whole library to a backup file (--json: as readable JSON)",
    )
    p.add_argument(
        "path",
        nargs="?",
        metavar="PATH",
        help="a file or folder to write (default: the library's backups folder)",
    )
    p.add_argument(
        "--json", action="store_true", help="write a JSON backup of all your data"
    )
    p.add_argument(
        "--list", action="store_true", help="list the backups in the backups folder"
    )
    p = add(
        "restore",
        cmd_restore,
        "replace the library with a backup (a copy or a JSON backup)",
    )
    p.add_argument("path", metavar="PATH", help="the backup file")
