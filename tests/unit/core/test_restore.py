"""Undoing a delete puts papers back whole; a list's order is set in one step."""

from __future__ import annotations

import pytest

from readinglist.core import Library
from readinglist.core.models import Status
from readinglist.core.store.userdata import UserDataError


def test_a_deleted_paper_comes_back_with_all_its_user_data(
    sample_library: Library,
) -> None:
    lib = sample_library
    ids = lib.search_ids("")[0][:5]
    target = ids[2]
    lib.create_list("Thesis")
    lib.create_list("Group")
    lib.add_to_list("Thesis", ids)
    lib.add_to_list("Group", [ids[0], target])
    lib.set_starred(target, True)
    lib.set_status(target, Status.READING)
    lib.set_note(target, "check the ablation in section 4")
    lib.set_tags(target, ["ode", "solvers"])
    before = lib.paper(target)
    hits_before = lib.search_ids("ablation")[0]

    snapshot = lib.snapshot_papers([target])
    changes = lib.delete_papers([target])
    assert target in changes.papers
    with pytest.raises(KeyError):
        lib.paper(target)
    assert lib.list_ids("Thesis") == [i for i in ids if i != target]

    restored = lib.restore_papers(snapshot)
    assert restored.papers == {target}
    assert restored.lists
    after = lib.paper(target)
    assert after.to_json() == before.to_json()
    assert lib.list_ids("Thesis") == ids
    assert lib.list_ids("Group") == [ids[0], target]
    assert lib.search_ids("ablation")[0] == hits_before
    assert lib.check() == []


def test_a_place_in_a_list_that_changed_meanwhile_is_kept_in_range(
    sample_library: Library,
) -> None:
    lib = sample_library
    ids = lib.search_ids("")[0][:4]
    lib.create_list("Short")
    lib.add_to_list("Short", ids)
    snapshot = lib.snapshot_papers(ids[3])
    lib.delete_papers(ids[3])
    lib.remove_from_list("Short", ids[:2])
    lib.create_list("Gone")
    lib.restore_papers(snapshot)
    assert lib.list_ids("Short") == [ids[2], ids[3]]


def test_a_paper_imported_again_since_keeps_its_record(
    sample_library: Library,
) -> None:
    lib = sample_library
    [paper_id] = lib.search_ids("")[0][:1]
    lib.set_note(paper_id, "keep me")
    snapshot = lib.snapshot_papers(paper_id)
    sources = lib.paper(paper_id).sources
    lib.delete_papers(paper_id)
    assert lib.snapshot_papers(paper_id) == []
    lib.restore_papers(snapshot)
    lib.set_note(paper_id, "changed")
    lib.restore_papers(snapshot)
    paper = lib.paper(paper_id)
    assert paper.note == "keep me"
    assert paper.sources == sources


def test_set_list_order_puts_the_named_papers_first(sample_library: Library) -> None:
    lib = sample_library
    ids = lib.search_ids("")[0][:5]
    lib.create_list("Order")
    lib.add_to_list("Order", ids)
    changes = lib.set_list_order("Order", [ids[4], ids[1], "not-a-paper"])
    assert changes.lists and not changes.papers
    assert lib.list_ids("Order") == [ids[4], ids[1], ids[0], ids[2], ids[3]]
    with pytest.raises(UserDataError, match="no reading list named 'Missing'"):
        lib.set_list_order("Missing", ids)
