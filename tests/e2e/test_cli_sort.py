"""``readinglist search --sort title`` as a user runs it."""

from __future__ import annotations

import json
from pathlib import Path

from readinglist.core.identity import fold_title
from tests.e2e.test_cli import cli


def test_the_cli_sorts_by_title(sample_library_dir: Path) -> None:
    done = cli(sample_library_dir, "search", "graph", "--sort", "title", "--json")
    assert done.returncode == 0, done.stderr
    titles = [hit["title"] for hit in json.loads(done.stdout)["hits"]]
    assert len(titles) > 3
    assert titles == sorted(titles, key=fold_title)
