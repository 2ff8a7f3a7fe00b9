"""What the library tells front ends about its index: rebuilt at open, incomplete.

The window shows these (its notices at open, the notice where results go);
here the core's side of it is checked without Qt.
"""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest

from readinglist.core import Library
from readinglist.core.errors import StorageError
from readinglist.core.index.engine import Index


def test_an_index_rebuilt_at_open_leaves_a_notice(sample_library_dir: Path) -> None:
    shutil.rmtree(sample_library_dir / "index")
    with Library.open(sample_library_dir) as lib:
        (notice,) = lib.notices
        assert notice == (
            "the search index is missing, damaged or from an older version; "
            "it was rebuilt from the library, and nothing was lost"
        )
        assert lib.search("diffusion").total > 0
    with Library.open(sample_library_dir) as lib:
        assert lib.notices == []  # sound now: nothing to say


def test_a_new_library_says_nothing_about_its_new_index(library_dir: Path) -> None:
    with Library.open(library_dir) as lib:
        assert lib.notices == []


def test_a_cancelled_rebuild_says_the_index_is_incomplete(
    sample_library: Library,
) -> None:
    runs = sample_library.rebuilding.runs
    assert not sample_library.reindex(lambda done, total: False)
    assert sample_library.rebuilding.runs == runs + 1
    result = sample_library.search("diffusion")
    assert result.hits == []
    assert result.error is not None
    assert result.error.startswith("The search index is incomplete")
    ids, error = sample_library.search_ids("diffusion")
    assert (ids, error) == ([], result.error)
    # Finishing the rebuild ends it.
    assert sample_library.reindex()
    assert sample_library.rebuilding.runs == runs + 2
    assert sample_library.search("diffusion").error is None
    assert sample_library.search("diffusion").total > 0


def test_a_rebuild_the_disk_refuses_leaves_it_incomplete(
    sample_library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(self: Index, *args: object, **kwargs: object) -> bool:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(Index, "rebuild", full)
    with pytest.raises(StorageError, match="is full"):
        sample_library.reindex()
    assert sample_library.rebuilding.incomplete
    assert "incomplete" in (sample_library.search("diffusion").error or "")
