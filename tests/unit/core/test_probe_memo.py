"""The probe at open skips segments it found sound before, and only those.

An open of a large library would otherwise read every segment of its index
each time (about 20 ms each). What it skips must be exactly what has not
changed since it was probed: damage made later is found as before.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from readinglist.core import Library
from readinglist.core.index import check as indexcheck
from readinglist.core.index.probememo import MEMO_FILE
from tests.reliability import (
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
    """A sound library with user data, two segments or more, files long settled."""
    folder = tmp_path_factory.mktemp("memo-reference") / "library"
    settle(sound_library(folder, listing_files))
    return folder


@pytest.fixture(scope="module")
def expected(reference: Path) -> Answers:
    return answers_of(reference)


@pytest.fixture
def library(reference: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "library"
    shutil.copytree(reference, folder)  # keeps the files' times
    return folder


def settle(folder: Path) -> None:
    """As if every index file had been written a minute ago."""
    old = time.time() - 60
    for path in (folder / "index").iterdir():
        os.utime(path, (old, old))


@pytest.fixture
def probed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The segments the probe reads, in order."""
    seen: list[str] = []
    real = indexcheck._probe_segment

    def counting(leaf, conn, pending):  # type: ignore[no-untyped-def]
        seen.append(leaf.segment().segment_id())
        return real(leaf, conn, pending)

    monkeypatch.setattr(indexcheck, "_probe_segment", counting)
    return seen


def test_a_second_open_reads_no_unchanged_segment(
    library: Path, expected: Answers, probed: list[str]
) -> None:
    with Library.open(library) as lib:
        segments = len(lib.index.ix._segments())
    assert segments >= 2
    assert len(probed) == segments
    assert (library / "index" / MEMO_FILE).exists()
    probed.clear()
    with Library.open(library, readonly=True) as lib:
        assert answers(lib) == expected
    with Library.open(library) as lib:
        assert answers(lib) == expected
    assert probed == []


def test_segments_written_just_now_are_probed_again(
    library: Path, probed: list[str]
) -> None:
    with Library.open(library) as lib:
        lib.set_note(lib.store.all_ids()[0], "a fresh segment")
    with Library.open(library):
        pass  # probes the new segment, but may not vouch for it yet
    probed.clear()
    with Library.open(library) as lib:
        fresh = {
            s.segment_id()
            for s in lib.index.ix._segments()
            if time.time() - os.stat(lib.index.path / f"{s.segment_id()}.pst").st_mtime
            < 30
        }
    # Too young to be trusted by its times alone (a write in the same clock
    # tick would not change them): read again at the next open.
    assert fresh and fresh <= set(probed)


DAMAGE = [
    (".pst", "tail"),  # same size: only the time tells
    (".pst", "truncate"),
    (".trm", "garbage"),
    ("_stored.col", "delete"),
    (".year.col", "garbage"),
    (".toc", "delete"),
]


@pytest.mark.parametrize(("suffix", "how"), DAMAGE)
def test_damage_after_the_memo_is_found_at_open(
    library: Path, expected: Answers, suffix: str, how: str
) -> None:
    with Library.open(library) as lib:
        pass
    assert (library / "index" / MEMO_FILE).exists()
    damage(library, suffix, how)
    calls, progress = progress_log()
    with Library.open(library, progress=progress) as lib:
        assert calls, "the damage was not found at open"
        assert answers(lib) == expected
        assert lib.check() == []


def test_a_replaced_store_is_compared_again(
    library: Path, tmp_path: Path, probed: list[str]
) -> None:
    with Library.open(library) as lib:
        segments = len(lib.index.ix._segments())
    # The store file swapped for a copy of itself: another file, so the
    # memo's comparisons with the store no longer hold.
    store = library / "library.sqlite3"
    shutil.copy2(store, tmp_path / "copy.sqlite3")
    os.replace(tmp_path / "copy.sqlite3", store)
    probed.clear()
    with Library.open(library):
        pass
    assert len(probed) == segments


def test_an_unreadable_memo_means_a_full_probe(
    library: Path, expected: Answers, probed: list[str]
) -> None:
    with Library.open(library) as lib:
        segments = len(lib.index.ix._segments())
    (library / "index" / MEMO_FILE).write_bytes(b"\x00garbage{")
    probed.clear()
    with Library.open(library) as lib:
        assert answers(lib) == expected
    assert len(probed) == segments


def test_check_always_reads_every_segment(library: Path, probed: list[str]) -> None:
    with Library.open(library) as lib:
        segments = len(lib.index.ix._segments())
        probed.clear()
        assert lib.check() == []
    assert len(probed) == segments
