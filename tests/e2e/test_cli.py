"""The command line run as a user runs it: a subprocess on a temporary library."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from readinglist import __version__
from readinglist.core import Library
from tests.unit.core.test_import_batches import compact_piece
from tests.unit.core.test_library import DISTINCT_SAMPLE_PAPERS, SAMPLE_BLOCKS

BLACKBOX_KEY = "openingBlackboxAccelerating2021"


def cli(
    library: Path,
    *args: str,
    stdin: str | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run ``readinglist --library LIBRARY ARGS...`` and capture its output."""
    return subprocess.run(
        [sys.executable, "-m", "readinglist", "--library", str(library), *args],
        capture_output=True,
        text=True,
        input=stdin,
        env={**os.environ, **(env or {})},
        check=False,
        timeout=120,
    )


def cli_json(library: Path, *args: str) -> Any:
    done = cli(library, *args, "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_version() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "readinglist", "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == f"readinglist {__version__}"


def test_import_json_report(library_dir: Path, listing_files: list[Path]) -> None:
    done = cli(
        library_dir, "import", "--year", "2025", *map(str, listing_files), "--json"
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert [f["path"] for f in report["files"]] == [str(p) for p in listing_files]
    first = report["files"][0]
    assert set(first) == {
        "path",
        "format",
        "parsed",
        "added",
        "merged",
        "unchanged",
        "duplicates",
        "problems",
    }
    assert first["format"] == "hf-page"
    assert report["totals"]["parsed"] == SAMPLE_BLOCKS
    assert report["totals"]["added"] == DISTINCT_SAMPLE_PAPERS
    stats = cli_json(library_dir, "stats")
    assert stats["papers"] == DISTINCT_SAMPLE_PAPERS
    assert stats["pending_index"] == 0
    assert cli(library_dir, "check").returncode == 0


def test_search_show_and_user_actions(sample_library_dir: Path) -> None:
    lib = sample_library_dir
    found = cli_json(lib, "search", "blackbox solver", "--limit", "3")
    assert found["query"] == "blackbox solver"
    hit = found["hits"][0]
    assert set(hit) >= {
        "id",
        "title",
        "year",
        "date",
        "starred",
        "status",
        "score",
        "highlights",
    }
    paper_id = hit["id"]
    assert hit["year"] == 2021 and hit["date"] == "2021-05-09"

    assert cli(lib, "star", paper_id).returncode == 0
    assert cli(lib, "status", paper_id, "reading").returncode == 0
    assert (
        cli(lib, "note", BLACKBOX_KEY, "-", stdin="line one\nline two\n").returncode
        == 0
    )
    assert cli(lib, "list", "create", "Thesis").returncode == 0
    assert cli(lib, "list", "add", "Thesis", paper_id[:6]).returncode == 0

    shown = cli_json(lib, "show", paper_id)
    assert shown["starred"] is True
    assert shown["status"] == "reading"
    assert shown["note"] == "line one\nline two"
    assert shown["lists"] == ["Thesis"]
    assert shown["citekey"] == BLACKBOX_KEY
    assert cli_json(lib, "lists") == [{"name": "Thesis", "count": 1}]
    assert [p["id"] for p in cli_json(lib, "list", "show", "Thesis")["papers"]] == [
        paper_id
    ]
    starred = cli_json(lib, "search", 'starred:yes list:"Thesis" note:"line two"')
    assert [h["id"] for h in starred["hits"]] == [paper_id]

    text = cli(lib, "show", paper_id)
    assert text.returncode == 0
    assert "Opening the Blackbox" in text.stdout and "line two" in text.stdout


def test_reindex_keeps_user_data(sample_library_dir: Path) -> None:
    lib = sample_library_dir
    paper_id = cli_json(lib, "search", "blackbox")["hits"][0]["id"]
    cli(lib, "star", paper_id)
    done = cli(lib, "reindex")
    assert done.returncode == 0, done.stderr
    assert f"indexed {DISTINCT_SAMPLE_PAPERS} papers" in done.stdout
    assert cli_json(lib, "search", "starred:yes")["total"] == 1
    assert cli(lib, "check").returncode == 0


def test_exit_status_for_problems_and_usage(
    sample_library_dir: Path, tmp_path: Path
) -> None:
    lib = sample_library_dir
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    done = cli(lib, "import", str(binary), str(tmp_path / "missing.txt"))
    assert done.returncode == 1
    assert "photo.txt" in done.stderr + done.stdout
    assert "missing.txt" in done.stderr + done.stdout
    assert "Traceback" not in done.stderr

    assert cli(lib, "star", "zzzzzz").returncode == 1
    assert cli(lib, "search", "x", "--sort", "colour").returncode == 2
    assert cli(lib, "frobnicate").returncode == 2
    assert cli(lib, "status", "x", "finished").returncode == 2


def test_not_a_library(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    folder.mkdir()
    (folder / "library.sqlite3").write_bytes(b"this is not a database" * 100)
    done = cli(folder, "stats")
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "library" in done.stderr


def test_writes_refused_while_another_writer_holds_the_library(
    sample_library_dir: Path,
) -> None:
    with Library.open(sample_library_dir):
        done = cli(sample_library_dir, "star", BLACKBOX_KEY)
        assert done.returncode == 2
        assert "open in another" in done.stderr
        assert "Traceback" not in done.stderr
        reading = cli(sample_library_dir, "search", "blackbox", "--json")
        assert reading.returncode == 0, reading.stderr


def test_library_from_environment(sample_library_dir: Path, tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "readinglist", "stats", "--json"],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "READINGLIST_LIBRARY": str(sample_library_dir)},
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["papers"] == DISTINCT_SAMPLE_PAPERS


@pytest.mark.parametrize("query", ['"unclosed', "title:(", "AND"])
def test_odd_queries_answer_without_traceback(
    sample_library_dir: Path, query: str
) -> None:
    done = cli(sample_library_dir, "search", query)
    assert done.returncode in (0, 2)
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("fmt", ["bibtex", "biblatex", "ris", "csljson"])
def test_export_then_import_gives_the_same_papers(
    sample_library_dir: Path, tmp_path: Path, fmt: str
) -> None:
    lib = sample_library_dir
    cli(lib, "note", BLACKBOX_KEY, "Cites {braces} & 50% of $math$ #1")
    cli(lib, "tag", BLACKBOX_KEY, "ode", "solvers")
    out = tmp_path / f"all.{fmt}"
    done = cli(lib, "export", "--all", "--notes", "--format", fmt, "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert f"exported {DISTINCT_SAMPLE_PAPERS} papers" in done.stderr

    fresh = tmp_path / "fresh"
    imported = cli(fresh, "import", str(out), "--json")
    assert imported.returncode == 0, imported.stderr
    assert json.loads(imported.stdout)["totals"]["added"] == DISTINCT_SAMPLE_PAPERS
    original = cli_json(lib, "show", BLACKBOX_KEY)
    again = cli_json(fresh, "show", BLACKBOX_KEY)
    for field in ("id", "title", "abstract", "published", "note", "tags", "citekey"):
        assert again[field] == original[field], field


def test_export_to_stdout_needs_a_selection(sample_library_dir: Path) -> None:
    assert cli(sample_library_dir, "export", "--format", "bibtex").returncode == 2
    cli(sample_library_dir, "star", BLACKBOX_KEY)
    done = cli(sample_library_dir, "export", "--starred")
    assert done.returncode == 0
    assert done.stdout.startswith(f"@misc{{{BLACKBOX_KEY},")
    missing = cli(sample_library_dir, "export", "--list", "Nope")
    assert missing.returncode == 1
    assert "no reading list named 'Nope'" in missing.stderr


def test_import_reads_standard_input(library_dir: Path) -> None:
    done = cli(library_dir, "import", "-", "--json", stdin=compact_piece(2))
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert [f["path"] for f in report["files"]] == ["standard input"]
    assert report["totals"]["added"] == 2
