"""A full disk: a clear message, nothing half-written, nothing committed lost.

Filling a real disk is not possible in a test (and a tiny file system needs
mount rights), so the faults are injected where the program meets the disk:

* the store: SQLite's own ``max_page_count`` limit makes it fail exactly as on
  a full disk (``SQLITE_FULL``, "database or disk is full");
* the index and the files the app writes itself: the files Whoosh creates, or
  the temporary files of exports and backups, refuse writes with ``ENOSPC``.

The end-to-end tests add a real operating-system limit (``RLIMIT_FSIZE``) and a
real read-only folder, in subprocesses.
"""

from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from whoosh.filedb import filestore

from readinglist.core import Library, LibraryError
from readinglist.core.errors import BackupError, StorageError
from readinglist.core.index.repair import MARKER
from tests.reliability import library_digest, listing_text, store_digest

FULL = "is full"


@pytest.fixture
def library(tmp_path: Path) -> Path:
    folder = tmp_path / "library"
    start = tmp_path / "start.txt"
    start.write_text(listing_text(30), "utf-8")
    with Library.open(folder) as lib:
        lib.import_files([start], year=2025)
        lib.set_note(lib.store.all_ids()[0], "kept")
    return folder


@pytest.fixture
def full_index(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[bool]]:
    """While the flag is set, every file Whoosh writes fails with ENOSPC."""
    full = [True]
    real = filestore.FileStorage.create_file

    def create_file(self: Any, name: str, *args: Any, **kwargs: Any) -> Any:
        handle = real(self, name, *args, **kwargs)
        if full[0]:
            raw = handle.file

            def write(data: bytes) -> int:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

            raw.write = write
        return handle

    monkeypatch.setattr(filestore.FileStorage, "create_file", create_file)
    yield full
    full[0] = False


def test_a_full_store_refuses_an_import_and_changes_nothing(
    library: Path, tmp_path: Path
) -> None:
    more = tmp_path / "more.txt"
    more.write_text(listing_text(200, 1000), "utf-8")
    before = library_digest(library)
    with Library.open(library) as lib:
        pages = lib.store.count("PRAGMA page_count")
        lib.store.conn.execute(f"PRAGMA max_page_count = {pages}")
        with pytest.raises(StorageError, match=f"{FULL}; nothing was changed"):
            lib.import_files([more], year=2025)
        # The library still answers, and the next write works once there is room.
        assert lib.search("note:kept").total == 1
        lib.store.conn.execute("PRAGMA max_page_count = 1073741823")
        assert lib.import_files([more], year=2025).added == 200
    with Library.open(library) as lib:
        assert lib.check() == []
    assert library_digest(library) != before


def test_a_full_store_refuses_a_note_and_keeps_the_old_one(library: Path) -> None:
    with Library.open(library) as lib:
        paper_id = lib.store.all_ids()[0]
        before = store_digest(library)
        pages = lib.store.count("PRAGMA page_count")
        lib.store.conn.execute(f"PRAGMA max_page_count = {pages}")
        with pytest.raises(StorageError, match=FULL):
            lib.set_note(paper_id, "x" * 200_000)  # needs new pages
        assert lib.paper(paper_id).note == "kept"
    assert store_digest(library) == before


def test_an_index_that_cannot_be_written_keeps_the_saved_note(
    library: Path, full_index: list[bool]
) -> None:
    # The store took the note; only the index fell behind. The user is told
    # exactly that, and the next open catches the index up from the outbox.
    with Library.open(library) as lib:
        paper_id = lib.store.all_ids()[1]
        with pytest.raises(StorageError, match="your change was saved"):
            lib.set_note(paper_id, "typed on a full disk")
        assert lib.paper(paper_id).note == "typed on a full disk"
        assert lib.stats()["pending_index"] == 1
        full_index[0] = False
    with Library.open(library) as lib:
        assert lib.search_ids('note:"full disk"')[0] == [paper_id]
        assert lib.check() == []
        assert lib.stats()["pending_index"] == 0


def test_a_rebuild_the_disk_refuses_is_redone_later(
    library: Path, full_index: list[bool]
) -> None:
    shutil.rmtree(library / "index")
    with pytest.raises(StorageError, match="rebuilt the next time"):
        Library.open(library)
    assert (library / MARKER).exists()
    full_index[0] = False
    # The failed open let go of the library, and the next one finishes the job.
    with Library.open(library) as lib:
        assert lib.check() == []
        assert lib.search("note:kept").total == 1
    assert not (library / MARKER).exists()


@pytest.fixture
def full_temp_files(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files opened for writing through ``os.fdopen`` fail with ENOSPC."""
    real = os.fdopen

    def fdopen(handle: int, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        stream = real(handle, mode, *args, **kwargs)
        if "w" in mode:

            def write(data: str) -> int:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

            # Only this open file object fails; the class is left alone.
            stream.write = write  # type: ignore[method-assign,assignment]
        return stream

    monkeypatch.setattr(os, "fdopen", fdopen)


@pytest.mark.usefixtures("full_temp_files")
def test_exports_and_json_backups_leave_nothing_half_written(
    library: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "old.bib").write_text("the export from yesterday", "utf-8")
    with Library.open(library) as lib:
        ids = lib.select(everything=True)
        with pytest.raises(OSError, match=f"{out} {FULL}"):
            lib.export("bibtex", ids, path=out / "old.bib")
        with pytest.raises(BackupError, match=FULL):
            lib.backup(out / "all.json", as_json=True)
    # The old file is whole, and no temporary file is left beside it.
    assert sorted(p.name for p in out.iterdir()) == ["old.bib"]
    assert (out / "old.bib").read_text("utf-8") == "the export from yesterday"


def test_a_backup_the_disk_refuses_leaves_nothing(
    library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    out.mkdir()

    def no_room(*args: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    # The copy itself succeeds; making it durable fails, as a full disk does.
    monkeypatch.setattr("readinglist.core.backup.snapshots._flush", no_room)
    with Library.open(library) as lib, pytest.raises(BackupError, match=FULL):
        lib.backup(out / "copy.sqlite3")
    assert list(out.iterdir()) == []


def test_an_unwritable_library_folder_is_explained(tmp_path: Path) -> None:
    # A file where the library folder should be: no write can succeed there.
    blocked = tmp_path / "blocked"
    blocked.write_text("", "utf-8")
    with pytest.raises(LibraryError, match=f"{blocked} is a file, not a folder"):
        Library.open(blocked / "library")
