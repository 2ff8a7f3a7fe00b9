"""Commands that only read: they work beside a writer, and never make a library.

A user keeps the app open and runs ``readinglist list show`` or ``export`` in a
terminal; a mistyped ``--library`` gets a sentence about the folder, not an
empty new library or ``[Errno 17] File exists``.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks import make_corpus
from readinglist import cli as cli_module
from readinglist.core import Library
from readinglist.core.index import sync as indexsync
from tests.e2e.test_cli import cli

LIST = "Reading group"
NO_LIBRARY = "there is no library in"
READ_COMMANDS = [
    ["search", "diffusion"],
    ["show", "abc"],
    ["stats"],
    ["lists"],
    ["list", "show", LIST],
    ["export", "--all"],
    ["check"],
    ["backup", "--list"],
]


@pytest.mark.slow
def test_every_reading_command_works_while_another_process_writes(
    sample_library_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The writer keeps its index update in memory, as the app does between
    # actions: the star and the list are in the store (and its outbox) only.
    monkeypatch.setattr(indexsync, "IDLE_SECONDS", 3600.0)
    lib = sample_library_dir
    with Library.open(lib) as writer:
        paper_id = writer.search_ids("diffusion")[0][0]
        writer.create_list(LIST)
        writer.add_to_list(LIST, paper_id)
        writer.set_starred(paper_id, True)
        assert writer.store.count("SELECT count(*) FROM outbox") > 0

        def run(*args: str) -> str:
            done = cli(lib, *args)
            assert done.returncode == 0, (args, done.stderr)
            assert done.stderr.strip() == "" or args[0] in ("export", "backup"), (
                args,
                done.stderr,
            )
            return done.stdout

        starred = json.loads(run("search", "starred:yes", "--json"))
        assert [hit["id"] for hit in starred["hits"]] == [paper_id]
        assert json.loads(run("show", paper_id, "--json"))["starred"] is True
        stats = json.loads(run("stats", "--json"))
        assert stats["starred"] == 1
        assert stats["pending_index"] == 0  # the reader's searches show it
        assert json.loads(run("lists", "--json")) == [{"name": LIST, "count": 1}]
        shown = json.loads(run("list", "show", LIST, "--json"))
        assert [p["id"] for p in shown["papers"]] == [paper_id]
        assert run("export", "--starred").count("@") == 1
        out = tmp_path / "group.bib"
        run("export", "--list", LIST, "-o", str(out))
        assert out.read_text(encoding="utf-8").count("@") == 1
        assert "is sound" in run("check")
        backup = tmp_path / "copy.sqlite3"
        run("backup", str(backup))
        assert backup.stat().st_size > 0
        run("backup", "--list")

        # The writer was never disturbed.
        writer.set_starred(paper_id, False)
    with Library.open(lib, readonly=True) as reader:
        assert reader.stats()["starred"] == 0
        assert reader.check() == []


def test_a_new_empty_library_can_be_read(
    library_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Library.open(library_dir).close()
    assert cli_module.main(["--library", str(library_dir), "stats", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["papers"] == 0
    assert cli_module.main(["--library", str(library_dir), "search", "x"]) == 0


@pytest.mark.parametrize("args", READ_COMMANDS, ids=lambda a: " ".join(a[:2]))
def test_a_reading_command_on_a_folder_without_a_library_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    missing = tmp_path / "nowhere"
    empty = tmp_path / "empty"
    empty.mkdir()
    for folder in (missing, empty):
        assert cli_module.main(["--library", str(folder), *args]) == 2
        err = capsys.readouterr().err
        assert f"{NO_LIBRARY} {folder}" in err
        assert "Traceback" not in err
    assert not missing.exists()
    assert list(empty.iterdir()) == []


@pytest.mark.parametrize("args", [["stats"], ["import", "x.bib"], ["star", "abc"]])
def test_a_library_named_by_a_file_is_not_a_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    file = tmp_path / "passwd"
    file.write_text("root:x:0:0\n")
    for folder, said in (
        (file, f"{file} is a file, not a folder"),
        (file / "library", f"{file} is a file, not a folder"),
    ):
        assert cli_module.main(["--library", str(folder), *args]) == 2
        err = capsys.readouterr().err
        assert said in err
        assert "Errno" not in err
        assert "Traceback" not in err
    assert file.read_text() == "root:x:0:0\n"


def test_export_into_a_missing_folder_names_the_folder(
    sample_library_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "no" / "such" / "refs.bib"
    args = ["--library", str(sample_library_dir), "export", "--all", "-o"]
    assert cli_module.main([*args, str(target)]) == 2
    err = capsys.readouterr().err
    assert f"the folder {target.parent} does not exist" in err
    assert ".tmp" not in err
    assert "Errno" not in err
    assert not target.parent.exists()


# Imports every file named, and is killed the moment the index would commit:
# the store has committed the papers, the index has none of them.
_CRASHING_IMPORT = """
import os, signal, sys
from pathlib import Path
from readinglist.core import Library
from readinglist.core.index.engine import Index
from readinglist.core.index.writer import Session

def die(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)

lib = Library.open(sys.argv[1])
Index.update = die
Index.add_many = die
Session.commit = die
lib.import_files([Path(p) for p in sys.argv[2:]], year=2025)
"""


@pytest.mark.slow
def test_a_reading_command_after_a_crash_finds_every_paper(
    library_dir: Path, tmp_path: Path
) -> None:
    # More unindexed papers than a reader stages in memory: only an index
    # brought up to date finds them all, and no window is left to do it.
    count = indexsync.READER_STAGE_MAX + 500
    corpus = make_corpus.generate(count, tmp_path / "c", per_file=count)
    crashed = subprocess.run(
        [sys.executable, "-c", _CRASHING_IMPORT, str(library_dir)]
        + [str(f) for f in corpus.files],
        check=False,
    )
    assert crashed.returncode == -signal.SIGKILL
    title = corpus.titles[-1]
    found = cli(library_dir, "search", f'title:"{title}"', "--json")
    assert found.returncode == 0, found.stderr
    assert "still being indexed" not in found.stderr
    assert title in [hit["title"] for hit in json.loads(found.stdout)["hits"]]
    stats = json.loads(cli(library_dir, "stats", "--json").stdout)
    assert stats["papers"] == corpus.papers
    assert stats["pending_index"] == 0
