"""Shared fixtures: the sample listings and libraries built from them.

Qt runs offscreen so the suite needs no display; a library built once per session
is copied for each test that wants one, so tests stay fast and independent.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from readinglist.core import Library

DATA = Path(__file__).parent / "data"
LISTINGS = DATA / "listings"
# The sample listings' dates without a year are read as this year in tests, so
# results do not depend on when the files were checked out.
SAMPLE_YEAR = 2025


@pytest.fixture(scope="session")
def listing_files() -> list[Path]:
    """The real listing files, both layouts."""
    return sorted(LISTINGS.glob("*.txt"))


@pytest.fixture(scope="session")
def _sample_library_template(
    tmp_path_factory: pytest.TempPathFactory, listing_files: list[Path]
) -> Path:
    folder = tmp_path_factory.mktemp("template") / "library"
    with Library.open(folder) as lib:
        lib.import_files(listing_files, year=SAMPLE_YEAR)
    return folder


@pytest.fixture
def library_dir(tmp_path: Path) -> Path:
    """An empty folder for a new library."""
    return tmp_path / "library"


@pytest.fixture
def sample_library_dir(tmp_path: Path, _sample_library_template: Path) -> Path:
    """A library folder holding every paper of the sample listings."""
    folder = tmp_path / "sample-library"
    shutil.copytree(_sample_library_template, folder)
    (folder / "library.lock").unlink(missing_ok=True)
    return folder


@pytest.fixture
def sample_library(sample_library_dir: Path) -> Iterator[Library]:
    """An open library holding every paper of the sample listings."""
    with Library.open(sample_library_dir) as lib:
        yield lib
