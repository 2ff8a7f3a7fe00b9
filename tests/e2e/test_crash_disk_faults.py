"""A read-only library folder and a disk that refuses to grow, for real.

* **Read-only**: the library folder and its files lose their write permission.
  The superuser ignores permissions, so when the tests run as root the command
  runs with the capabilities that allow that taken away (``setpriv``); the
  kernel then refuses writes exactly as it would for any other user.
* **No room**: the command runs under an operating-system limit on file size
  (``RLIMIT_FSIZE``), so any write past it fails inside the kernel
  (``EFBIG``), as writes on a full disk fail with ``ENOSPC``. (Making a real
  tiny file system needs mount rights; the unit tests inject ``ENOSPC`` itself.)

Either way: a message that says what happened and that nothing changed, no
traceback, no partial file, and a library that is exactly as it was.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from readinglist.core import Library
from tests.reliability import library_digest, listing_text

CAPS = "-dac_override,-dac_read_search,-fowner"


@pytest.fixture(scope="module")
def as_plain_user() -> list[str]:
    """A command prefix under which permissions hold, even for the superuser."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root and setpriv is missing: permissions do not hold")
    prefix = [setpriv, f"--inh-caps={CAPS}", f"--bounding-set={CAPS}", "--"]
    if subprocess.run([*prefix, "true"], check=False).returncode != 0:
        pytest.skip("cannot drop the superuser's file capabilities here")
    return prefix


def run(
    prefix: list[str], library: Path, *args: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            *prefix,
            sys.executable,
            "-m",
            "readinglist",
            "--library",
            str(library),
            *args,
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


@pytest.fixture
def library(tmp_path: Path) -> Path:
    folder = tmp_path / "library"
    start = tmp_path / "start.txt"
    start.write_text(listing_text(40), "utf-8")
    with Library.open(folder) as lib:
        lib.import_files([start], year=2025)
        lib.set_note(lib.store.all_ids()[0], "a note typed is a note kept")
    with Library.open(folder):
        pass  # today's automatic backup exists now, so no command makes one
    return folder


@pytest.fixture
def read_only(library: Path) -> Iterator[Path]:
    modes = {}
    for path in [library, *library.rglob("*")]:
        modes[path] = stat.S_IMODE(path.stat().st_mode)
        path.chmod(modes[path] & ~0o222)
    yield library
    for path, mode in modes.items():
        path.chmod(mode)


def listing(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_size for p in folder.rglob("*")}


@pytest.mark.parametrize(
    "command",
    [
        ["star", "paper"],
        ["note", "paper", "lost?"],
        ["list", "create", "Thesis"],
        ["import", "FILE"],
        ["reindex"],
        ["backup"],
    ],
    ids=lambda c: c[0],
)
def test_writes_to_a_read_only_library_are_refused_clearly(
    as_plain_user: list[str], read_only: Path, tmp_path: Path, command: list[str]
) -> None:
    more = tmp_path / "more.txt"
    more.write_text(listing_text(5, 500), "utf-8")
    with Library.open(read_only, readonly=True) as lib:
        paper = lib.store.all_ids()[0]
    args = [{"paper": paper, "FILE": str(more)}.get(a, a) for a in command]
    before, files = library_digest(read_only), listing(read_only)
    done = run(as_plain_user, read_only, *args)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert "not allowed to write in" in done.stderr
    assert "nothing was changed" in done.stderr
    assert library_digest(read_only) == before
    assert listing(read_only) == files


@pytest.mark.parametrize(
    "command",
    [
        ["search", "note:kept"],
        ["stats"],
        ["lists", "--json"],
        ["check"],
        ["export", "--all"],
    ],
    ids=lambda c: c[0],
)
def test_reading_a_read_only_library_works(
    as_plain_user: list[str], read_only: Path, command: list[str]
) -> None:
    done = run(as_plain_user, read_only, *command)
    assert done.returncode == 0, done.stderr
    assert done.stdout


def test_a_file_without_read_permission_is_named(
    as_plain_user: list[str], library: Path, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(listing_text(3, 900), "utf-8")
    secret.chmod(0)
    before = library_digest(library)
    done = run(as_plain_user, library, "import", str(secret))
    assert done.returncode == 1
    assert f"{secret}: Reading List is not allowed to read this file" in done.stderr
    assert library_digest(library) == before


LIMITED = (
    "import resource, signal, sys\n"
    "from readinglist.cli import main\n"
    "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
    "limit = int(sys.argv[1])\n"
    "resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))\n"
    "sys.exit(main(sys.argv[2:]))\n"
)


def limited(library: Path, limit: int, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the command line where no file may grow past ``limit`` bytes."""
    return subprocess.run(
        [sys.executable, "-c", LIMITED, str(limit), "--library", str(library), *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_an_import_that_does_not_fit_changes_nothing(
    library: Path, tmp_path: Path
) -> None:
    big = tmp_path / "big.txt"
    big.write_text(listing_text(400, 2000), "utf-8")
    largest = max(p.stat().st_size for p in library.rglob("*") if p.is_file())
    before = library_digest(library)
    done = limited(library, largest + 16_384, "import", str(big))
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert "nothing was changed" in done.stderr
    assert library_digest(library) == before
    with Library.open(library) as lib:
        assert lib.check() == []
        assert lib.import_files([big], year=2025).added == 400  # room again


@pytest.mark.parametrize(
    "command",
    [
        ["export", "--all", "-o", "OUT/all.bib"],
        ["backup", "OUT/copy.sqlite3"],
        ["backup", "--json", "OUT/all.json"],
    ],
    ids=["export", "backup", "json-backup"],
)
def test_files_that_do_not_fit_are_not_left_half_written(
    library: Path, tmp_path: Path, command: list[str]
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    args = [a.replace("OUT", str(out)) for a in command]
    done = limited(library, 4096, *args)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert "File too large" in done.stderr or "reported an error" in done.stderr
    assert list(out.iterdir()) == []
