"""Searching from the command line: errors instead of silence, limits, id prefixes."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from readinglist.core import Library
from tests.e2e.test_cli import cli


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ("foo:bar", 'there is no field "foo"'),
        ("year:abc", "year: takes a year such as 2024, a range such as [2022 TO 2024]"),
        ("status:done", 'status: takes unread, reading or read, not "done"'),
        ("starred:maybe", 'starred: takes yes or no, not "maybe"'),
        ("year:[2024 TO", 'the range "[2024 TO" at character 6 is never closed'),
        ('"unterminated', "the quote at character 1 is never closed"),
        ("AND", "AND at character 1 needs a word or phrase on each side"),
    ],
)
def test_a_query_that_cannot_be_read_is_a_usage_error(
    sample_library_dir: Path, query: str, says: str
) -> None:
    done = cli(sample_library_dir, "search", query)
    assert done.returncode == 2
    assert says in done.stderr
    assert query in done.stderr
    assert "Traceback" not in done.stderr
    assert "no papers" not in done.stdout

    as_json = cli(sample_library_dir, "search", query, "--json")
    assert as_json.returncode == 2
    answer = json.loads(as_json.stdout)
    assert says in answer["error"]
    assert answer["hits"] == []


@pytest.mark.parametrize("limit", ["-1", "0", "ten"])
def test_a_limit_below_one_is_a_usage_error(
    sample_library_dir: Path, limit: str
) -> None:
    done = cli(sample_library_dir, "search", "model", "--limit", limit)
    assert done.returncode == 2
    assert "--limit" in done.stderr
    assert "Traceback" not in done.stderr
    assert "papers" not in done.stdout


def test_minus_excludes_a_word(sample_library_dir: Path) -> None:
    def total(query: str) -> int:
        done = cli(sample_library_dir, "search", query, "--json")
        assert done.returncode == 0, done.stderr
        count: int = json.loads(done.stdout)["total"]
        return count

    excluded = total("privacy -federated")
    assert excluded == total("privacy NOT federated")
    assert excluded == total("privacy") - total("privacy federated")
    assert excluded < total("privacy")


def test_id_prefixes_work_from_three_characters(sample_library_dir: Path) -> None:
    with Library.open(sample_library_dir, readonly=True) as lib:
        ids, _ = lib.search_ids("")
    starts = Counter(i[:3] for i in ids)
    unique = next(i for i in ids if starts[i[:3]] == 1)
    shared = next(s for s, n in starts.items() if n > 1)

    shown = cli(sample_library_dir, "show", unique[:3], "--json")
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["id"] == unique

    several = cli(sample_library_dir, "show", shared)
    assert several.returncode == 1
    assert "more than one paper" in several.stderr
    for paper_id in (i for i in ids if i.startswith(shared)):
        assert paper_id in several.stderr

    short = cli(sample_library_dir, "show", unique[:2])
    assert short.returncode == 1
    assert "too short" in short.stderr and "at least 3 characters" in short.stderr
