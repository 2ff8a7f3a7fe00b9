"""Sorting by title: A to Z by the folded title, in search, pages and the CLI."""

from __future__ import annotations

from pathlib import Path

from readinglist.core import Library
from readinglist.core.identity import fold_title


def test_search_ids_sort_by_folded_title(sample_library: Library) -> None:
    ids, error = sample_library.search_ids("model", sort="title")
    assert error is None and len(ids) > 20
    folded = [fold_title(p.title) for p in sample_library.papers(ids)]
    assert folded == sorted(folded)
    relevance, _ = sample_library.search_ids("model")
    assert sorted(relevance) == sorted(ids) and relevance != ids


def test_a_page_sorted_by_title_is_the_start_of_the_whole_order(
    sample_library: Library,
) -> None:
    everything, _ = sample_library.search_ids("", sort="title")
    page = sample_library.search("", limit=5, offset=3, sort="title")
    assert [hit.paper_id for hit in page.hits] == everything[3:8]
    assert page.total == len(everything)


def test_case_and_punctuation_do_not_change_the_order(library_dir: Path) -> None:
    bib = library_dir.parent / "three.bib"
    bib.write_text(
        "@misc{a, title = {beta: second}}\n"
        "@misc{b, title = {Alpha first}}\n"
        '@misc{c, title = {"Gamma" third}}\n',
        encoding="utf-8",
    )
    with Library.open(library_dir) as lib:
        lib.import_files([bib])
        ids, _ = lib.search_ids("", sort="title")
        assert [p.title.split()[0] for p in lib.papers(ids)] == [
            "Alpha",
            "beta:",
            '"Gamma"',
        ]


def test_the_order_follows_papers_added_and_deleted(library_dir: Path) -> None:
    def bib(name: str, *titles: str) -> Path:
        path = library_dir.parent / name
        entries = [f"@misc{{k{i}, title = {{{t}}}}}" for i, t in enumerate(titles)]
        path.write_text("\n".join(entries), encoding="utf-8")
        return path

    with Library.open(library_dir) as lib:
        lib.import_files([bib("one.bib", "Middle", "Zeta")])
        assert len(lib.search_ids("", sort="title")[0]) == 2
        zeta = lib.search_ids("", sort="title")[0][1]
        lib.delete_papers([zeta])
        # The freed row may be taken by the next paper: still in its place.
        lib.import_files([bib("two.bib", "Aardvark")])
        ids, _ = lib.search_ids("", sort="title")
        assert [p.title for p in lib.papers(ids)] == ["Aardvark", "Middle"]
