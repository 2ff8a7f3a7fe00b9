"""A damaged, missing, outdated or half-built index is found and rebuilt.

Each test damages a real library's index the way a disk, a crash or an older
version of the app could, then checks what the user sees: the same answers as
from a sound index (after a rebuild at open, or in the middle of a query), or a
plain sentence; never a traceback, never a silently wrong answer.
"""

from __future__ import annotations

import json
import shutil
import threading
from pathlib import Path

import pytest

from readinglist.core import Library, LibraryError
from readinglist.core.index import repair as repair_module
from readinglist.core.index.engine import VERSION_FILE
from readinglist.core.index.repair import MARKER
from readinglist.core.locking import LibraryLock
from tests.reliability import (
    QUERIES,
    SORTS,
    Answers,
    answers,
    answers_of,
    damage,
    progress_log,
    sound_library,
)


@pytest.fixture(scope="module")
def reference(
    tmp_path_factory: pytest.TempPathFactory, listing_files: list[Path]
) -> Path:
    """A sound library with user data; tests copy it, never change it."""
    return sound_library(
        tmp_path_factory.mktemp("reference") / "library", listing_files
    )


@pytest.fixture(scope="module")
def expected(reference: Path) -> Answers:
    return answers_of(reference)


@pytest.fixture
def library(reference: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "library"
    shutil.copytree(reference, folder)
    return folder


def test_a_sound_index_is_not_rebuilt(library: Path, expected: Answers) -> None:
    # Catches a probe that mistakes sound data (replaced documents, papers
    # without a date, queued changes) for damage: that would rebuild every time.
    for _ in range(2):
        calls, progress = progress_log()
        with Library.open(library, progress=progress) as lib:
            assert answers(lib) == expected
            lib.set_note(lib.store.all_ids()[-1], "touched")
        assert calls == []


DAMAGE = [
    ("", "delete-folder"),
    ("", "empty-folder"),
    ("", "garbage"),
    ("", "truncate"),
    (".toc", "delete"),
    (VERSION_FILE, "older-schema"),
    (VERSION_FILE, "garbage"),
    (".trm", "middle"),
    (".pst", "truncate"),
    (".pst", "tail"),
    (".pst", "zero"),
    ("_stored.col", "garbage"),
    ("_stored.col", "delete"),
    (".year.col", "garbage"),
    (".upvotes.col", "zero"),
    (".date.col", "truncate"),
    (".added.col", "truncate"),
    ("_title_len.col", "zero"),
    ("_abstract_len.col", "truncate"),
]


@pytest.mark.parametrize(("suffix", "how"), DAMAGE)
def test_damage_is_found_at_open_and_rebuilt_with_progress(
    library: Path, expected: Answers, suffix: str, how: str
) -> None:
    # Catches: a damaged index used as it is (wrong or failing searches), or a
    # rebuild that reports no progress. The probe finds the per-file damage;
    # without it these open "fine" and fail, or mislead, later.
    index = library / "index"
    if how == "delete-folder":
        shutil.rmtree(index)
    elif how == "empty-folder":
        shutil.rmtree(index)
        index.mkdir()
    elif how == "older-schema":
        (index / VERSION_FILE).write_text(json.dumps({"schema": 0}), "utf-8")
    else:
        damage(library, suffix, how)
    calls, progress = progress_log()
    with Library.open(library, progress=progress) as lib:
        papers = lib.stats()["papers"]
        assert calls[0] == (0, papers)
        assert calls[-1] == (papers, papers)
        assert answers(lib) == expected
        assert lib.check() == []
    assert not (library / MARKER).exists()


def test_a_half_built_index_is_rebuilt(library: Path, expected: Answers) -> None:
    # A rebuild cancelled (or killed) part-way leaves the marker: the next
    # writable open must not take the partial index for a whole one.
    with Library.open(library) as lib:
        assert lib.reindex(lambda done, total: False) is False
    assert (library / MARKER).exists()
    with pytest.raises(LibraryError, match=r"did not finish.*readinglist reindex"):
        Library.open(library, readonly=True)
    calls, progress = progress_log()
    with Library.open(library, progress=progress) as lib:
        assert calls
        assert answers(lib) == expected


def test_damage_a_query_meets_is_repaired_then_and_there(
    library: Path, expected: Answers, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Damage that the probe at open did not see (here: it came after the open)
    # is met by a query, which must rebuild and answer, not raise. Catches the
    # removal of GuardedSearching.
    rebuilds: list[int] = []
    real = repair_module.rebuild

    def counting(*args: object, **kwargs: object) -> bool:
        rebuilds.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(repair_module, "rebuild", counting)
    with Library.open(library) as lib:
        assert rebuilds == []
        damage(library, ".pst", "garbage")
        assert answers(lib) == expected
        assert rebuilds == [1]
        assert lib.check() == []


def test_read_only_search_over_damage_says_so(library: Path) -> None:
    with Library.open(library, readonly=True) as lib:
        damage(library, ".pst", "garbage")
        errors = {
            lib.search(query, sort=sort).error for query in QUERIES for sort in SORTS
        }
        messages = [e for e in errors if e]
        assert messages, "no query met the damage"
        assert all("readinglist reindex" in m for m in messages)
        assert any("damaged" in e for e in lib.check())


def test_the_deep_check_reads_what_the_quick_one_does_not(library: Path) -> None:
    # Garbage in the middle of a postings file: the quick probe reads the ends
    # of each file, the deep check reads all of it.
    damage(library, ".pst", "middle")
    with Library.open(library, readonly=True) as lib:
        assert lib.check() == []
        assert any("damaged" in e for e in lib.check(deep=True))


def test_read_only_open_of_a_damaged_index_explains(library: Path) -> None:
    damage(library, ".toc", "delete")
    with pytest.raises(LibraryError) as caught:
        Library.open(library, readonly=True)
    message = str(caught.value)
    assert "cannot be searched yet" in message
    assert "readinglist reindex" in message


def test_read_only_open_during_another_processs_rebuild(library: Path) -> None:
    (library / MARKER).write_text("{}", "utf-8")
    lock = LibraryLock.acquire(library)  # another writer, mid-rebuild
    try:
        with pytest.raises(LibraryError, match="being rebuilt by another"):
            Library.open(library, readonly=True)
    finally:
        lock.release()


def test_search_says_rebuilding_while_the_index_is_rebuilt(library: Path) -> None:
    # Catches a search that blocks (or returns nothing, silently) during a
    # rebuild running on another thread, as the app's worker runs it.
    started, release = threading.Event(), threading.Event()

    def slow(done: int, total: int) -> bool:
        started.set()
        release.wait(10)
        return True

    with Library.open(library) as lib:
        worker = threading.Thread(target=lib.reindex, args=(slow,))
        worker.start()
        try:
            assert started.wait(10)
            result = lib.search("attention")
            assert result.hits == []
            assert result.error is not None
            assert "being rebuilt" in result.error
            assert "being rebuilt" in (lib.search_ids("attention")[1] or "")
        finally:
            release.set()
            worker.join(10)
        assert lib.search("attention").error is None
        assert lib.search("attention").total > 0


def test_a_write_that_meets_damage_rebuilds_and_keeps_the_change(
    library: Path,
) -> None:
    with Library.open(library) as lib:
        paper_id = lib.store.all_ids()[7]
        damage(library, ".trm", "garbage")  # under the open library's feet
        lib.set_note(paper_id, "written over a damaged index")
        assert lib.search_ids('note:"damaged index"')[0] == [paper_id]
        assert lib.check() == []
        assert lib.stats()["pending_index"] == 0
