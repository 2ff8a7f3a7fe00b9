"""The lazy result model and the sidebar model."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import cast

import pytest
from PySide6.QtCore import QAbstractItemModel, Qt
from pytestqt.modeltest import ModelTester

from readinglist.core import Library, Paper
from readinglist.core.models import ImportRecord, ReadingList, SavedSearch
from readinglist.gui.models import papers
from readinglist.gui.models.papers import (
    PAGE_SIZE,
    PAPER_ID_ROLE,
    STAR,
    Column,
    PaperTableModel,
)
from readinglist.gui.models.sidebar import (
    COUNT_ROLE,
    SCOPE_ROLE,
    SidebarData,
    SidebarModel,
    list_scope,
)


class CountingFetch:
    """Library.papers, counting how many papers each call reads."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self.calls: list[int] = []

    def __call__(self, ids: Sequence[str]) -> list[Paper]:
        self.calls.append(len(ids))
        return self.library.papers(ids)


def test_the_table_model_passes_the_model_tester(
    qtmodeltester: ModelTester, sample_library: Library
) -> None:
    model = PaperTableModel(sample_library.papers)
    ids, _ = sample_library.search_ids("")
    model.set_ids(ids)
    check = cast(Callable[[QAbstractItemModel], None], qtmodeltester.check)
    check(model)
    model.set_ids([])
    check(model)


def test_rows_are_read_a_page_at_a_time(sample_library: Library) -> None:
    fetch = CountingFetch(sample_library)
    model = PaperTableModel(fetch)
    ids, _ = sample_library.search_ids("")
    model.set_ids(ids)
    assert fetch.calls == []
    assert model.index(0, Column.TITLE).data() == " ".join(
        sample_library.paper(ids[0]).title.split()
    )
    assert model.index(PAGE_SIZE - 1, Column.TITLE).data()
    assert fetch.calls == [PAGE_SIZE]
    model.index(PAGE_SIZE, Column.TITLE).data()
    assert fetch.calls == [PAGE_SIZE, PAGE_SIZE]
    assert model.index(5, 0).data(PAPER_ID_ROLE) == ids[5]


def test_only_a_bounded_number_of_pages_is_kept(
    sample_library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    fetch = CountingFetch(sample_library)
    model = PaperTableModel(fetch)
    ids, _ = sample_library.search_ids("")
    model.set_ids(ids)
    monkeypatch.setattr(papers, "MAX_PAGES", 2)
    for row in (0, PAGE_SIZE, 2 * PAGE_SIZE, PAGE_SIZE, 0):
        model.index(row, Column.TITLE).data()
    # Page 0 was dropped to keep two pages; page 1 was still there.
    assert len(fetch.calls) == 4


def test_refresh_rereads_only_changed_rows(sample_library: Library) -> None:
    model = PaperTableModel(sample_library.papers)
    ids, _ = sample_library.search_ids("")
    model.set_ids(ids)
    assert model.index(3, Column.STAR).data() == ""
    changed: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda a, b: changed.append((a.row(), b.row())))
    model.refresh(sample_library.set_starred([ids[3]], True).papers)
    assert changed == [(3, 3)]
    assert model.index(3, Column.STAR).data() == STAR
    model.refresh(["not-shown"])
    assert changed == [(3, 3)]


def test_header_sorts_only_what_the_search_can(sample_library: Library) -> None:
    model = PaperTableModel(sample_library.papers)
    asked: list[tuple[str, bool]] = []
    refused: list[bool] = []
    model.sort_requested.connect(lambda key, desc: asked.append((key, desc)))
    model.sort_refused.connect(lambda: refused.append(True))
    model.sort(Column.DATE, Qt.SortOrder.DescendingOrder)
    model.sort(Column.UPVOTES, Qt.SortOrder.AscendingOrder)
    model.sort(Column.TITLE, Qt.SortOrder.AscendingOrder)
    model.sort(Column.STATUS, Qt.SortOrder.AscendingOrder)
    assert asked == [("date", True), ("upvotes", False), ("title", False)]
    assert refused == [True]


def test_the_sidebar_model_shows_counts_and_scopes() -> None:
    model = SidebarModel()
    model.update(
        SidebarData(
            stats={"papers": 12, "starred": 2, "unread": 9, "reading": 1, "read": 2},
            lists=[ReadingList("Thesis", 3)],
            saved=[SavedSearch("Recent diffusion", "diffusion year:2025")],
            saved_counts={"Recent diffusion": 4},
            imports=[ImportRecord(7, "/data/daily.txt", 0.0, 10)],
        )
    )
    expected = {
        "all": ("", 12),
        "starred": ("starred:yes", 2),
        "reading": ("status:reading", 1),
        "list:Thesis": ('list:"Thesis"', 3),
        "saved:Recent diffusion": ("diffusion year:2025", 4),
        "import:7": ("imports:7", 10),
    }
    for key, (scope, count) in expected.items():
        index = model.find(key)
        assert (index.data(SCOPE_ROLE), index.data(COUNT_ROLE)) == (scope, count)
    assert model.find("import:7").data() == "daily.txt"
    assert not model.find("nothing").isValid()


@pytest.mark.parametrize(
    "name", ['My "best" papers', "Bob's picks", "R&D <b>x</b>", "to read (AND more)"]
)
def test_list_scopes_find_lists_with_any_name(
    sample_library: Library, name: str
) -> None:
    ids, _ = sample_library.search_ids("")
    sample_library.create_list(name)
    sample_library.add_to_list(name, ids[:3])
    found, error = sample_library.search_ids("", scope=list_scope(name))
    assert error is None
    assert sorted(found) == sorted(ids[:3])
