"""A crash between the store commit and the index commit is repaired at next open.

A child process makes a change, and is killed (SIGKILL) at the moment the store
has committed it but the index has not; the next open must bring the index up
to date from the outbox.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from readinglist.core import Library
from readinglist.core.identity import fold_title, paper_id_for

BLACKBOX_ID = paper_id_for(
    fold_title(
        "Opening the Blackbox: Accelerating Neural Differential Equations by "
        "Regularizing Internal Solver Heuristics"
    )
)

CHILD = textwrap.dedent(
    """
    import os, signal, sys
    from readinglist.core import Library
    from readinglist.core.index.engine import Index

    def die(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGKILL)

    lib = Library.open(sys.argv[1])
    # The store has committed when the index is first asked to write.
    Index.update = die
    Index.add_many = die
    action = sys.argv[2]
    if action == "star":
        lib.set_starred(sys.argv[3], True)
    elif action == "note":
        lib.set_note(sys.argv[3], "written just before the crash")
    elif action == "import":
        lib.import_files([sys.argv[3]], year=2025)
    """
)


def _run_and_kill(*args: str) -> None:
    child = subprocess.run([sys.executable, "-c", CHILD, *args], check=False)
    assert child.returncode == -signal.SIGKILL


def test_star_and_note_survive_a_crash_before_indexing(
    sample_library_dir: Path,
) -> None:
    _run_and_kill(str(sample_library_dir), "star", BLACKBOX_ID)
    # The store is the record: a reader searches the papers the outbox names
    # as the store has them, though the index on disk lags.
    with Library.open(sample_library_dir, readonly=True) as reader:
        assert reader.paper(BLACKBOX_ID).starred
        assert reader.store.count("SELECT count(*) FROM outbox") == 1
        assert reader.search_ids("starred:yes")[0] == [BLACKBOX_ID]
    # This child's open repairs the star, then it dies before indexing its note.
    _run_and_kill(str(sample_library_dir), "note", BLACKBOX_ID)
    with Library.open(sample_library_dir, readonly=True) as reader:
        assert reader.search_ids("starred:yes")[0] == [BLACKBOX_ID]
        assert reader.search_ids("note:crash")[0] == [BLACKBOX_ID]
    with Library.open(sample_library_dir) as lib:
        assert lib.stats()["pending_index"] == 0
        assert lib.search_ids("note:crash")[0] == [BLACKBOX_ID]
        assert lib.check() == []


def test_import_survives_a_crash_before_indexing(
    library_dir: Path, listing_files: list[Path]
) -> None:
    with Library.open(library_dir):
        pass
    _run_and_kill(str(library_dir), "import", str(listing_files[0]))
    with Library.open(library_dir) as lib:
        assert lib.stats()["papers"] == 35
        assert lib.check() == []
        assert BLACKBOX_ID in lib.search_ids("blackbox")[0]
