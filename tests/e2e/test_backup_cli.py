"""Backups, restores and index repair as a user meets them on the command line."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from tests.e2e.test_cli import BLACKBOX_KEY
from tests.unit.core.test_library import DISTINCT_SAMPLE_PAPERS


def cli(library: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "readinglist", "--library", str(library), *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def show(library: Path) -> dict[str, object]:
    done = cli(library, "show", BLACKBOX_KEY, "--json")
    assert done.returncode == 0, done.stderr
    shown: dict[str, object] = json.loads(done.stdout)
    return shown


def test_backup_then_restore_either_kind(
    sample_library_dir: Path, tmp_path: Path
) -> None:
    lib = sample_library_dir
    for args in (
        ["star", BLACKBOX_KEY],
        ["note", BLACKBOX_KEY, "kept through a restore"],
        ["list", "create", "Thesis"],
        ["list", "add", "Thesis", BLACKBOX_KEY],
    ):
        assert cli(lib, *args).returncode == 0
    original = show(lib)

    done = cli(lib, "backup")
    assert done.returncode == 0, done.stderr
    assert (
        f"backed up {DISTINCT_SAMPLE_PAPERS} papers and 1 reading list to "
        in done.stdout
    )
    copy = Path(done.stdout.split(" to ")[-1].strip())
    if not copy.is_absolute():
        copy = Path.cwd() / copy
    assert copy.parent.name == "backups" and copy.exists()
    assert "manual" in cli(lib, "backup", "--list").stdout
    json_copy = tmp_path / "all.json"
    assert cli(lib, "backup", "--json", str(json_copy)).returncode == 0

    for source in (json_copy, copy):
        cli(lib, "unstar", BLACKBOX_KEY)
        cli(lib, "note", BLACKBOX_KEY, "changed after the backup")
        cli(lib, "list", "delete", "Thesis")
        done = cli(lib, "restore", str(source))
        assert done.returncode == 0, done.stderr
        assert f"restored {DISTINCT_SAMPLE_PAPERS} papers" in done.stdout
        assert "the library as it was before is kept in" in done.stdout
        total = DISTINCT_SAMPLE_PAPERS
        assert f"rebuilding the search index: {total}/{total} papers" in done.stderr
        assert show(lib) == original
        assert cli(lib, "check").returncode == 0
    found = json.loads(cli(lib, "search", 'note:"through a restore"', "--json").stdout)
    assert [h["id"] for h in found["hits"]] == [original["id"]]


def test_restore_refuses_a_file_that_is_not_a_backup(
    sample_library_dir: Path, tmp_path: Path
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("my reading notes\n", "utf-8")
    before = show(sample_library_dir)
    done = cli(sample_library_dir, "restore", str(notes))
    assert done.returncode == 2
    assert f"readinglist: {notes} is not a Reading List backup" in done.stderr
    assert "Traceback" not in done.stderr
    assert show(sample_library_dir) == before


def test_a_damaged_index_is_rebuilt_with_a_progress_line(
    sample_library_dir: Path,
) -> None:
    lib = sample_library_dir
    for path in (lib / "index").iterdir():
        path.write_bytes(b"\x00garbage" * 64)
    # No window has the library open, so the first command, even one that only
    # reads, rebuilds it, showing progress.
    reading = cli(lib, "search", "blackbox", "--json")
    assert reading.returncode == 0, reading.stderr
    assert "Traceback" not in reading.stderr
    total = DISTINCT_SAMPLE_PAPERS
    assert f"rebuilding the search index: 0/{total} papers" in reading.stderr
    assert f"rebuilding the search index: {total}/{total} papers" in reading.stderr
    assert json.loads(reading.stdout)["total"] >= 1
    done = cli(lib, "star", BLACKBOX_KEY)
    assert done.returncode == 0, done.stderr
    assert "rebuilding" not in done.stderr
    assert cli(lib, "check", "--deep").returncode == 0
    assert json.loads(cli(lib, "search", "starred:yes", "--json").stdout)["total"] == 1


def test_a_deleted_index_folder_is_rebuilt(sample_library_dir: Path) -> None:
    shutil.rmtree(sample_library_dir / "index")
    done = cli(sample_library_dir, "list", "create", "After")
    assert done.returncode == 0, done.stderr
    assert "rebuilding the search index" in done.stderr
    assert cli(sample_library_dir, "check").returncode == 0
