"""The library facade: importing, identity, merging and user data that survives."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from readinglist.core import Library, LibraryError, Status
from readinglist.core.identity import fold_title, paper_id_for
from readinglist.core.importers import parse_file
from readinglist.core.store.userdata import UserDataError
from tests.conftest import SAMPLE_YEAR

# Counted from the files without the importers: in the page-layout files, the
# non-empty lines after the six header lines, less footer lines (authors, "·",
# dates, organisation lines), alternate title/abstract (35 + 67 titles); the
# compact file alternates title/abstract after its two header lines (308).
# 410 blocks in all; folding titles leaves 401 distinct papers.
DISTINCT_SAMPLE_PAPERS = 401
SAMPLE_BLOCKS = 410

BLACKBOX = (
    "Opening the Blackbox: Accelerating Neural Differential Equations by "
    "Regularizing Internal Solver Heuristics"
)


def _id(title: str) -> str:
    return paper_id_for(fold_title(title))


def test_import_counts_distinct_papers(
    library_dir: Path, listing_files: list[Path]
) -> None:
    with Library.open(library_dir) as lib:
        report = lib.import_files(listing_files, year=SAMPLE_YEAR)
        assert report.parsed == SAMPLE_BLOCKS
        assert report.added == DISTINCT_SAMPLE_PAPERS
        assert not report.problems
        assert lib.stats()["papers"] == DISTINCT_SAMPLE_PAPERS
        assert lib.check() == []

        again = lib.import_files(listing_files, year=SAMPLE_YEAR)
        assert again.added == 0
        assert again.merged == 0
        assert again.unchanged == SAMPLE_BLOCKS
        assert lib.stats()["papers"] == DISTINCT_SAMPLE_PAPERS


def test_known_papers_have_their_footer_data(sample_library: Library) -> None:
    blackbox = sample_library.paper(_id(BLACKBOX))
    assert blackbox.title == BLACKBOX
    assert blackbox.published == "2021-05-09"
    assert not blackbox.year_inferred
    assert blackbox.authors_count == 4
    assert blackbox.citekey == "openingBlackboxAccelerating2021"

    stanford = sample_library.paper(
        _id("Intelligence per Watt: Measuring Intelligence Efficiency of Local AI")
    )
    assert stanford.organisation == "Stanford AI"
    assert stanford.upvotes == 3
    assert stanford.published == f"{SAMPLE_YEAR}-11-11"
    assert stanford.year_inferred
    assert stanford.date_raw is not None and stanford.date_raw.startswith("Nov 11")


def test_paper_ids_are_the_same_in_every_library(
    tmp_path: Path, listing_files: list[Path]
) -> None:
    ids = []
    for name in ("one", "two"):
        with Library.open(tmp_path / name) as lib:
            lib.import_files(listing_files[:1], year=SAMPLE_YEAR)
            ids.append(lib.search_ids("")[0])
    assert sorted(ids[0]) == sorted(ids[1])
    assert _id(BLACKBOX) in ids[0]
    assert all(len(i) == 10 and i.isalnum() and i.islower() for i in ids[0])


def test_reimport_fills_missing_fields_and_keeps_user_data(
    library_dir: Path, listing_files: list[Path]
) -> None:
    compact = next(p for p in listing_files if p.name.startswith("001"))
    page = [p for p in listing_files if p is not compact]
    with Library.open(library_dir) as lib:
        lib.import_files([compact], year=SAMPLE_YEAR)
        shared = [
            h
            for h in lib.papers(lib.search_ids("")[0])
            if fold_title(h.title) in _page_titles(lib, page)
        ]
        assert shared, "the compact file shares papers with the page files"
        target = shared[0]
        assert target.published is None
        lib.set_starred(target.paper_id, True)
        lib.set_note(target.paper_id, "read the appendix first")
        lib.set_status(target.paper_id, "reading")
        lib.create_list("Thesis")
        lib.add_to_list("Thesis", [target.paper_id])

        report = lib.import_files(page, year=SAMPLE_YEAR)
        assert report.merged >= 1
        after = lib.paper(target.paper_id)
        assert after.published is not None
        assert after.starred
        assert after.note == "read the appendix first"
        assert after.status is Status.READING
        assert after.lists == ("Thesis",)
        assert len(after.sources) == 2


def _page_titles(lib: Library, page: list[Path]) -> set[str]:
    return {
        fold_title(p.title)
        for path in page
        for p in parse_file(path, year=SAMPLE_YEAR).papers
    }


def test_user_data_survives_reindex_and_restart(sample_library_dir: Path) -> None:
    paper_id = _id(BLACKBOX)
    with Library.open(sample_library_dir) as lib:
        lib.set_starred(paper_id, True)
        lib.set_note(paper_id, "Compare with the adjoint method")
        lib.set_status(paper_id, Status.READ)
        lib.set_tags(paper_id, ["ode", "solvers"])
        lib.create_list("Reading group")
        lib.add_to_list("Reading group", paper_id)
        lib.reindex()
    with Library.open(sample_library_dir) as lib:
        paper = lib.paper(paper_id)
        assert paper.starred and paper.status is Status.READ
        assert paper.note == "Compare with the adjoint method"
        assert paper.tags == ("ode", "solvers")
        for query in (
            "starred:yes",
            "note:adjoint",
            'list:"Reading group"',
            "tag:solvers",
            "status:read",
        ):
            assert lib.search_ids(query)[0] == [paper_id], query
        assert lib.check() == []


def test_read_your_writes(sample_library: Library) -> None:
    paper_id = _id(BLACKBOX)
    assert paper_id not in sample_library.search_ids("starred:yes")[0]
    sample_library.set_starred(paper_id, True)
    assert sample_library.search_ids("starred:yes")[0] == [paper_id]
    sample_library.set_starred(paper_id, False)
    assert sample_library.search_ids("starred:yes")[0] == []
    assert sample_library.stats()["pending_index"] == 0


def test_reading_lists_keep_order(sample_library: Library) -> None:
    ids = sample_library.search_ids("", sort="date")[0][:4]
    sample_library.create_list("Thesis")
    sample_library.add_to_list("Thesis", ids[:3])
    sample_library.add_to_list("Thesis", [ids[3], ids[0]])
    assert sample_library.list_ids("Thesis") == ids
    sample_library.move_in_list("Thesis", ids[3], 0)
    assert sample_library.list_ids("Thesis") == [ids[3], *ids[:3]]
    sample_library.remove_from_list("Thesis", [ids[1]])
    assert [rl.count for rl in sample_library.lists()] == [3]
    sample_library.rename_list("Thesis", "Chapter 2")
    assert sample_library.search_ids('list:"chapter 2"')[0]
    assert not sample_library.search_ids("list:thesis")[0]
    with pytest.raises(UserDataError, match="already exists"):
        sample_library.create_list("chapter 2")
    sample_library.delete_list("Chapter 2")
    assert sample_library.lists() == []
    assert sample_library.paper(ids[0]).lists == ()


def test_saved_searches(sample_library: Library) -> None:
    sample_library.save_search("Privacy", "differential privacy")
    sample_library.save_search("Privacy", "local differential privacy")
    [saved] = sample_library.saved_searches()
    assert saved.query == "local differential privacy"
    sample_library.delete_saved_search("privacy")
    assert sample_library.saved_searches() == []


def test_unknown_ids_are_refused_without_changes(sample_library: Library) -> None:
    with pytest.raises(UserDataError, match="no paper with id zzzz"):
        sample_library.set_starred(["zzzz", _id(BLACKBOX)], True)
    assert not sample_library.paper(_id(BLACKBOX)).starred


def test_resolve_accepts_prefix_and_citekey(sample_library: Library) -> None:
    paper_id = _id(BLACKBOX)
    assert sample_library.resolve(paper_id[:6]) == paper_id
    assert sample_library.resolve("openingBlackboxAccelerating2021") == paper_id
    with pytest.raises(KeyError):
        sample_library.resolve("no-such-paper")


def test_imports_are_listed_with_counts(sample_library: Library) -> None:
    records = sample_library.imports()
    assert [r.count for r in records] == [67, 308, 35]
    newest = records[0]
    scoped = sample_library.search_ids("", scope=f"imports:{newest.import_id}")[0]
    assert len(scoped) == newest.count


def test_a_second_writer_is_refused(sample_library_dir: Path) -> None:
    with Library.open(sample_library_dir):
        with pytest.raises(LibraryError, match="open in another"):
            Library.open(sample_library_dir)
        with Library.open(sample_library_dir, readonly=True) as reader:
            assert reader.search("diffusion").total > 0


def test_missing_index_is_rebuilt(sample_library_dir: Path) -> None:
    shutil.rmtree(sample_library_dir / "index")
    with Library.open(sample_library_dir) as lib:
        assert lib.check() == []
        assert lib.search("diffusion").total > 0
