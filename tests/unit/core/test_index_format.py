"""The index's posting blocks are written in the fast pickle format."""

from __future__ import annotations

from pathlib import Path

from readinglist.core import Library


def test_posting_blocks_do_not_need_a_call_per_posting(
    sample_library_dir: Path,
) -> None:
    # Protocol 2 stores every posting's positions as a _codecs.encode call,
    # which made loading a posting list several times slower (writer.py).
    with Library.open(sample_library_dir) as lib:
        lib.reindex()
        postings = list((sample_library_dir / "index").glob("*.pst"))
        assert postings
        for path in postings:
            assert b"_codecs" not in path.read_bytes(), path.name
        assert lib.search('"differential privacy"').hits
