"""Backups: made daily and before upgrades, rotated, and restored whole or refused.

A restore is checked field by field against the library it came from: papers,
stars, statuses, notes, tags, citation keys, sources, lists in order, saved
searches and import history.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from readinglist.core import Library, LibraryError
from readinglist.core.backup import jsonbackup, snapshots
from readinglist.core.backup.copies import at_open
from readinglist.core.errors import BackupError
from readinglist.core.store import schema
from tests.reliability import library_digest, user_data


def rich_library(folder: Path, listing_files: list[Path]) -> None:
    """A library with every kind of user data on it."""
    with Library.open(folder) as lib:
        lib.import_files(listing_files[:1], year=2025)
        ids = lib.store.all_ids()
        lib.set_starred(ids[:3], True)
        lib.set_status(ids[1:4], "read")
        lib.set_status(ids[5], "reading")
        lib.set_note(ids[0], "Line one\nline two, with ünïcode & {braces}")
        lib.set_tags(ids[2], ["ode", "to read"])
        lib.create_list("Thesis")
        lib.add_to_list("Thesis", [ids[4], ids[1], ids[7]])
        lib.move_in_list("Thesis", ids[7], 0)
        lib.create_list("Empty")
        lib.save_search("Starred ODEs", "starred:yes tag:ode")


@pytest.fixture
def rich(tmp_path: Path, listing_files: list[Path]) -> Path:
    folder = tmp_path / "rich"
    rich_library(folder, listing_files)
    return folder


def automatic(folder: Path) -> list[str]:
    return [r for _, _, r in snapshots.listing(folder) if r in snapshots.AUTOMATIC]


# -- automatic backups ---------------------------------------------------------


def test_one_daily_backup_a_day_and_the_newest_ten_kept(rich: Path) -> None:
    # Catches: no daily backup, one per open instead of per day, no rotation,
    # or a rotation that deletes backups the user made by hand.
    with Library.open(rich) as lib:
        manual = lib.backup()
    with Library.open(rich):
        pass
    assert automatic(rich) == [snapshots.DAILY]
    with Library.open(rich, readonly=True) as lib:
        start = dt.date.today()
        for day in range(1, 13):
            assert at_open(rich, lib.store, start + dt.timedelta(days=day)) == []
    days = [when.date() for _, when, r in snapshots.listing(rich) if r == "daily"]
    assert days == [start + dt.timedelta(days=d) for d in range(12, 2, -1)]
    assert manual.exists()


def test_an_empty_library_is_not_backed_up(tmp_path: Path) -> None:
    with Library.open(tmp_path / "new"):
        pass
    with Library.open(tmp_path / "new"):
        pass
    assert snapshots.listing(tmp_path / "new") == []


def test_a_backup_is_one_sound_file_with_everything(rich: Path, tmp_path: Path) -> None:
    with Library.open(rich) as lib:
        path = lib.backup(tmp_path / "copy.sqlite3")
    assert sorted(p.name for p in tmp_path.iterdir() if "copy" in p.name) == [
        "copy.sqlite3"
    ]
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    shutil.copy(path, scratch / "library.sqlite3")
    assert user_data(scratch) == user_data(rich)


def test_a_failed_daily_backup_does_not_stop_the_open(rich: Path) -> None:
    (rich / "backups").write_text("a file where the folder should be", "utf-8")
    with Library.open(rich) as lib:
        assert lib.stats()["papers"] > 0
        (notice,) = lib.notices
        assert notice.startswith("today's automatic backup could not be made")


def upgrade_schema(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pretend this app has a schema one version newer than the libraries."""
    monkeypatch.setattr(schema, "SCHEMA_VERSION", schema.SCHEMA_VERSION + 1)
    monkeypatch.setattr(
        schema, "MIGRATIONS", (*schema.MIGRATIONS, "CREATE TABLE later (x TEXT)")
    )


def test_a_backup_is_made_before_every_schema_upgrade(
    rich: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Catches a migration that runs without keeping the old store first.
    before = user_data(rich)
    upgrade_schema(monkeypatch)
    with Library.open(rich):
        pass
    (kept,) = [p for p, _, r in snapshots.listing(rich) if r == "before-upgrade"]
    conn = sqlite3.connect(kept)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    conn.close()
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    shutil.copy(kept, scratch / "library.sqlite3")
    assert user_data(scratch) == before


def test_no_upgrade_without_its_backup(
    rich: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (rich / "backups").write_text("not a folder", "utf-8")
    upgrade_schema(monkeypatch)
    with pytest.raises(LibraryError, match="a backup could not be made first"):
        Library.open(rich)
    conn = sqlite3.connect(rich / "library.sqlite3")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    conn.close()


# -- restoring -----------------------------------------------------------------


@pytest.mark.parametrize("as_json", [False, True], ids=["sqlite", "json"])
def test_restore_brings_back_the_whole_library(
    rich: Path, tmp_path: Path, as_json: bool
) -> None:
    # Catches any user data a backup or restore drops or alters.
    original = user_data(rich)
    with Library.open(rich) as lib:
        saved = lib.backup(tmp_path / "saved", as_json=as_json)
        ids = lib.store.all_ids()
        lib.delete_papers(ids[:2])
        lib.set_note(ids[3], "written after the backup")
        lib.delete_list("Thesis")
        changed = user_data(rich)
        done = lib.restore(saved)
        assert lib.check() == []
        assert lib.search_ids('note:"line two"')[0] == [ids[0]]
        assert lib.search_ids('list:"Thesis"')[0]
    assert user_data(rich) == original
    # The library as it was just before was kept, and is complete too.
    scratch = tmp_path / "kept"
    scratch.mkdir()
    shutil.copy(done.kept, scratch / "library.sqlite3")
    assert user_data(scratch) == changed


def test_a_json_backup_restores_into_a_new_library(rich: Path, tmp_path: Path) -> None:
    with Library.open(rich) as lib:
        saved = lib.backup(tmp_path / "all.json", as_json=True)
    with Library.open(tmp_path / "new") as lib:
        lib.restore(saved)
        assert lib.check() == []
    assert user_data(tmp_path / "new") == user_data(rich)


def test_a_json_backup_imports_like_any_file(rich: Path, tmp_path: Path) -> None:
    with Library.open(rich) as lib:
        saved = lib.backup(tmp_path / "all.json", as_json=True)
        first = lib.paper(lib.store.all_ids()[0])
    with Library.open(tmp_path / "other") as lib:
        report = lib.import_files([saved])
        assert report.problems == []
        assert report.files[0].format == "readinglist-json"
        again = lib.paper(first.paper_id)
    assert (again.title, again.note, again.citekey) == (
        first.title,
        first.note,
        first.citekey,
    )


def test_a_cut_off_json_backup_imports_the_papers_before_the_cut(
    rich: Path, tmp_path: Path
) -> None:
    with Library.open(rich) as lib:
        saved = lib.backup(tmp_path / "all.json", as_json=True)
    text = saved.read_text("utf-8")
    cut = tmp_path / "cut.json"
    cut.write_text(text[: len(text) * 2 // 3], "utf-8")
    lines = cut.read_text("utf-8").count("\n")
    with Library.open(tmp_path / "other") as lib:
        report = lib.import_files([cut])
        (problem,) = report.problems
        assert problem.path == str(cut)
        assert problem.line == lines + 1 or problem.line == lines
        assert report.added > 0
    with Library.open(rich) as lib, pytest.raises(BackupError, match="line"):
        lib.restore(cut)


def _sqlite(path: Path, sql: str, version: int) -> None:
    conn = sqlite3.connect(path)
    conn.executescript(sql)
    conn.execute(f"PRAGMA user_version = {version}")
    conn.commit()
    conn.close()


def not_backups(tmp: Path, lib: Library) -> dict[str, tuple[Path, str]]:
    """Files restore must refuse, with the words its message must contain."""
    made: dict[str, tuple[Path, str]] = {}

    def file(name: str, data: bytes, words: str) -> None:
        made[name] = (tmp / name, words)
        (tmp / name).write_bytes(data)

    file("notes.txt", b"just some notes\n", "is not a Reading List backup")
    file("empty.sqlite3", b"", "is not a Reading List backup")
    file("photo.sqlite3", b"\x89PNG\r\n\x1a\n" + bytes(100), "not a Reading List")
    file("csl.json", b'[{"type": "article", "title": "A"}]', "not a Reading List")
    file("other.json", b'{"name": "not ours"}', "not a JSON backup made by")
    made["other-app.db"] = (tmp / "other-app.db", "not a Reading List library")
    _sqlite(tmp / "other-app.db", "CREATE TABLE notes (x TEXT);", 3)
    made["newer.sqlite3"] = (tmp / "newer.sqlite3", "newer Reading List")
    snapshots.copy_database(lib.store.conn, tmp / "newer.sqlite3")
    _sqlite(tmp / "newer.sqlite3", "", 99)
    copy = snapshots.copy_database(lib.store.conn, tmp / "whole.sqlite3").read_bytes()
    file("cut.sqlite3", copy[: len(copy) // 2], "damaged")
    good = jsonbackup.dump(lib.store)
    data = json.loads(good)
    count = f'"papers": {len(data["papers"])},'
    file("short.json", good.replace(count, '"papers": 1,').encode(), "incomplete")
    data["papers"][3]["status"] = "finished"
    file("bad-field.json", json.dumps(data, indent=1).encode(), "status is not valid")
    made["a folder"] = (tmp, "is a folder")
    made["missing"] = (tmp / "missing.sqlite3", "there is no file")
    return made


def test_restore_refuses_what_is_not_a_sound_backup(rich: Path, tmp_path: Path) -> None:
    # Catches a restore that replaces the library with something that is not
    # a Reading List backup, or that changes anything when it refuses.
    refused = tmp_path / "refused"
    refused.mkdir()
    before = library_digest(rich)
    with Library.open(rich) as lib:
        lib.backup()  # today's daily backup exists already; this one is manual
        kept = snapshots.listing(rich)
        for name, (path, words) in not_backups(refused, lib).items():
            with pytest.raises(BackupError) as caught:
                lib.restore(path)
            assert words in str(caught.value), (name, str(caught.value))
        assert snapshots.listing(rich) == kept  # nothing restored, nothing kept
    assert library_digest(rich) == before


def test_a_backup_is_never_written_over_the_library(rich: Path) -> None:
    with Library.open(rich) as lib, pytest.raises(BackupError, match="itself"):
        lib.backup(rich / "library.sqlite3")
