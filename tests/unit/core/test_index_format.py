"""What the index writes: posting blocks in the fast pickle format, our schema."""

from __future__ import annotations

import pickle
import pickletools
from pathlib import Path

from readinglist.core import Library
from readinglist.core.index.documents import make_schema
from readinglist.core.index.engine import INDEX_SCHEMA_VERSION


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


def test_the_schema_names_our_classes_where_they_live() -> None:
    # Whoosh pickles the schema, our analysis classes by module path, into
    # every index's table of contents. Moving one makes every existing index
    # unreadable, so a move must come with a new INDEX_SCHEMA_VERSION (then
    # each library rebuilds its index once, saying so) and a new list here.
    data = pickle.dumps(make_schema(), 2)
    named = {
        arg
        for op, arg, _ in pickletools.genops(data)
        if op.name == "GLOBAL" and str(arg).startswith("readinglist")
    }
    assert INDEX_SCHEMA_VERSION == 6
    assert named == {
        "readinglist.core.index.analysis EdgeGrams",
        "readinglist.core.index.analysis FastFrequency",
        "readinglist.core.index.analysis FastPositions",
        "readinglist.core.index.analysis FoldAccents",
    }
