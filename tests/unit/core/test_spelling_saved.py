"""Did you mean, in a process that has just started (a command line search).

Such a process never runs the idle warm-up, and a search builds the spelling
table of a small segment only; a large segment's table must already be saved
with the index. The tests lower the inline limit to nothing, so that the
sample library's segments count as large.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from readinglist.core import Library
from readinglist.core.index import search, spelling


@pytest.fixture
def fresh_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """No table in memory yet, and no segment small enough to build inline."""
    monkeypatch.setattr(spelling, "_SPELLERS", {})
    monkeypatch.setattr(search, "INLINE_DOCS", 0)


@pytest.mark.usefixtures("fresh_process")
def test_a_fresh_process_suggests_from_the_tables_saved_at_import(
    sample_library_dir: Path,
) -> None:
    with Library.open(sample_library_dir) as lib:
        result = lib.search("difusion modles")
        assert result.total == 0
        assert result.suggestion is not None
        assert result.suggestion.startswith("diffusion model")


@pytest.mark.usefixtures("fresh_process")
def test_a_damaged_saved_table_is_built_again(sample_library_dir: Path) -> None:
    saved = sorted((sample_library_dir / "index").glob("spelling-*.npz"))
    assert saved
    for path in saved:
        path.write_bytes(b"not a table")
    with Library.open(sample_library_dir) as lib:
        assert lib.search("transfromer").suggestion == "transformer"
    with Library.open(sample_library_dir) as lib:
        assert lib.search("transfromer").suggestion == "transformer"


def test_a_rebuild_leaves_only_the_tables_of_its_segments(
    sample_library_dir: Path,
) -> None:
    folder = sample_library_dir / "index"
    before = {p.name for p in folder.glob("spelling-*.npz")}
    with Library.open(sample_library_dir) as lib:
        lib.reindex()
    after = {p.name for p in folder.glob("spelling-*.npz")}
    assert after and not after & before
