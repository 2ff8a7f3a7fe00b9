"""Quitting is an ordered shutdown, whatever the app is doing at that moment.

Each test runs the real app (offscreen) as a subprocess, starts one kind of
background work and presses Ctrl+Q at once (see ``quit_app.py``). The app must
finish or stop the work, save what the user typed, close the library and exit
with status 0 and nothing on stderr; the library is then sound.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks import make_corpus
from readinglist.core import Library

ROOT = Path(__file__).resolve().parents[2]
# What the offscreen platform says of every window with a layout (see
# pyproject's qt_log_ignore): noise, not a message of the app.
NOISE = "This plugin does not support propagateSizeHints()"


def quit_during(kind: str, library: Path, tmp_path: Path, arg: str = "") -> str:
    """Run the app on ``library``, start ``kind`` of work, quit; its stderr."""
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
    }
    done = subprocess.run(
        [sys.executable, "-m", "tests.e2e.quit_app", kind, str(library), arg],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=False,
        timeout=300,
    )
    err = "\n".join(line for line in done.stderr.splitlines() if line != NOISE)
    assert done.returncode == 0, err
    assert err == ""
    return err


def sound(library: Path) -> Library:
    """The library, opened for writing as the next session would; check passes."""
    lib = Library.open(library)
    assert lib.check() == []
    return lib


@pytest.mark.slow
def test_quit_during_a_search(sample_library_dir: Path, tmp_path: Path) -> None:
    quit_during("search", sample_library_dir, tmp_path)
    with sound(sample_library_dir) as lib:
        assert lib.stats()["papers"] > 0


@pytest.mark.slow
def test_quit_during_an_import(sample_library_dir: Path, tmp_path: Path) -> None:
    # Enough papers for the two-process index writer.
    make_corpus.generate(2500, tmp_path / "corpus", per_file=2500)
    listing = sorted((tmp_path / "corpus").glob("*.txt"))[0]
    quit_during("import", sample_library_dir, tmp_path, str(listing))
    with sound(sample_library_dir) as lib:
        # Whatever was imported is searchable: nothing waits to be indexed.
        assert lib.stats()["pending_index"] == 0
        assert len(lib.search_ids("")[0]) == lib.stats()["papers"]


@pytest.mark.slow
def test_quit_during_an_export(sample_library_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "everything.bib"
    quit_during("export", sample_library_dir, tmp_path, str(target))
    with sound(sample_library_dir) as lib:
        papers = lib.stats()["papers"]
    # The export was finished before the window closed.
    assert target.read_text(encoding="utf-8").count("\n@") + 1 == papers
    assert not list(tmp_path.glob(".everything.bib.*"))


@pytest.mark.slow
def test_quit_during_a_rebuild(sample_library_dir: Path, tmp_path: Path) -> None:
    quit_during("rebuild", sample_library_dir, tmp_path)
    with sound(sample_library_dir) as lib:
        assert len(lib.search_ids("")[0]) == lib.stats()["papers"]


@pytest.mark.slow
def test_quit_while_a_note_is_being_typed(
    sample_library_dir: Path, tmp_path: Path
) -> None:
    quit_during("note", sample_library_dir, tmp_path, "read before Friday")
    with sound(sample_library_dir) as lib:
        assert len(lib.search_ids('note:"before friday"')[0]) == 1


@pytest.mark.slow
def test_quit_after_a_long_session(sample_library_dir: Path, tmp_path: Path) -> None:
    # Thirty rounds of searching, starring, notes and the palette: with
    # PySide6 6.12.0 the process aborted (none_dealloc) before or at the quit.
    quit_during("session", sample_library_dir, tmp_path, "30")
    with sound(sample_library_dir) as lib:
        assert lib.stats()["starred"] > 0
        assert lib.search_ids("note:note")[0]
