"""Searches see every change, though what they read is kept between them.

Between searches the library keeps its searcher, the posting lists it decoded,
each segment's deleted documents and the queries it parsed. None of it may
outlive the change that made it stale.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from whoosh.searching import Searcher

from readinglist.core import Library


def test_a_reader_sees_a_commit_made_after_the_index_folder_settled(
    sample_library_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    listed = 0
    up_to_date = Searcher.up_to_date

    def counted(self: Searcher) -> bool:
        nonlocal listed
        listed += 1
        return bool(up_to_date(self))

    monkeypatch.setattr(Searcher, "up_to_date", counted)
    with Library.open(sample_library_dir, readonly=True) as reader:
        assert reader.search("starred:yes").total == 0
        # As if the index had last changed a minute ago.
        old = time.time() - 60
        os.utime(sample_library_dir / "index", (old, old))
        assert reader.search("starred:yes").total == 0
        listed = 0
        assert reader.search("starred:yes").total == 0
        # A settled folder that did not change is not listed again.
        assert listed == 0

        with Library.open(sample_library_dir) as writer:
            paper = writer.search('"heavy hitter"').hits[0].paper_id
            writer.set_starred(paper, True)
        # Searched long after the commit, which changed the folder's time.
        later = time.time() - 30
        os.utime(sample_library_dir / "index", (later, later))
        assert [h.paper_id for h in reader.search("starred:yes").hits] == [paper]


def test_each_deletion_in_a_segment_hides_its_paper(sample_library: Library) -> None:
    first, second = (h.paper_id for h in sample_library.search("privacy").hits[:2])
    sample_library.delete_papers(first)
    sample_library.sync_index()  # commits to disk, under the library lock
    shown = {h.paper_id for h in sample_library.search("privacy", limit=500).hits}
    assert first not in shown and second in shown
    # A second deletion in the same segment: what was known of its deleted
    # documents is stale.
    sample_library.delete_papers(second)
    sample_library.sync_index()  # commits to disk, under the library lock
    shown = {h.paper_id for h in sample_library.search("privacy", limit=500).hits}
    assert first not in shown and second not in shown


def test_a_query_asked_again_sees_what_changed_in_between(
    sample_library: Library,
) -> None:
    query = "starred:yes privacy"
    assert sample_library.search(query).total == 0
    paper = sample_library.search("privacy").hits[0].paper_id
    sample_library.set_starred(paper, True)
    assert [h.paper_id for h in sample_library.search(query).hits] == [paper]
    # The same words as type-ahead are another query, not the one kept.
    assert sample_library.search("starred:yes priv", typeahead=True).total == 1
    assert sample_library.search("starred:yes priv").total == 0


def test_a_commit_in_the_same_clock_tick_as_the_last_check_is_seen(
    sample_library_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    index_dir = sample_library_dir / "index"
    with Library.open(sample_library_dir, readonly=True) as reader:
        tick = time.time()
        os.utime(index_dir, (tick, tick))
        assert reader.search("starred:yes").total == 0
        with Library.open(sample_library_dir) as writer:
            paper = writer.search('"heavy hitter"').hits[0].paper_id
            writer.set_starred(paper, True)
        # A coarse file system clock: the commit left the folder's time as it
        # was at the reader's check. Seconds later, that time looks settled.
        os.utime(index_dir, (tick, tick))
        later = time.time_ns() + 10_000_000_000
        monkeypatch.setattr(time, "time_ns", lambda: later)
        assert [h.paper_id for h in reader.search("starred:yes").hits] == [paper]
