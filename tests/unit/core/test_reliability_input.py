"""Nasty input never breaks an import: messages name file and line, good blocks stay.

The small nasty files live in ``tests/data/bad/``; the big ones (a 50 MB single
line, 10,000 identical blocks) and the ones git cannot hold (a folder, a missing
file, an unreadable file) are made in a temporary folder by each test. A file
that yields nothing must leave the library exactly as it was, byte for byte.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from readinglist.core import Library
from readinglist.core.models import ImportReport
from tests.conftest import DATA
from tests.reliability import library_digest, listing_text

BAD = DATA / "bad"


@dataclass(frozen=True)
class Expect:
    """What importing one bad file must give."""

    papers: int
    lines: tuple[int, ...]  # each problem's line; 0 means the file as a whole
    words: str = ""  # found in the first problem's message


CORPUS = {
    "empty.txt": Expect(0, (0,), "the file is empty"),
    "binary.bin": Expect(0, (0,), "binary file"),
    "photo.txt": Expect(0, (0,), "looks like a PNG image"),
    "utf16-bom.txt": Expect(3, ()),
    "latin1.txt": Expect(3, (5,), "read as Latin-1"),
    "crlf.txt": Expect(3, ()),
    "truncated-last-block.txt": Expect(3, (20,), "was it cut off?"),
    "titles-without-abstracts.txt": Expect(3, (5, 10), "no abstract"),
    "markup.txt": Expect(2, ()),
    "truncated.bib": Expect(1, (6,), "unclosed brace"),
    "broken.ris": Expect(1, (6,), "never ends"),
    "broken-csl.json": Expect(1, (4,), "not valid JSON"),
}


@pytest.fixture(scope="module")
def _base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("base") / "library"
    listing = folder.parent / "start.txt"
    listing.write_text(listing_text(12), "utf-8")
    with Library.open(folder) as lib:
        lib.import_files([listing], year=2025)
        lib.set_starred(lib.store.all_ids()[:2], True)
        lib.set_note(lib.store.all_ids()[3], "mine")
    return folder


@pytest.fixture
def library(_base: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "library"
    shutil.copytree(_base, folder)
    return folder


def import_one(folder: Path, path: Path) -> ImportReport:
    with Library.open(folder) as lib:
        report = lib.import_files([path], year=2025)
        assert lib.check() == []
    return report


def assert_named(report: ImportReport, path: Path) -> None:
    """Every problem names this file, and a line within it (0: the whole file)."""
    for problem in report.problems:
        assert problem.path == str(path)
        assert problem.line >= 0
        assert problem.message and problem.message[0].islower()
        assert str(problem).startswith(str(path))


def test_the_corpus_is_all_there() -> None:
    assert sorted(p.name for p in BAD.iterdir()) == sorted(CORPUS)


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_a_bad_file_keeps_its_good_blocks_and_names_its_problems(
    library: Path, name: str
) -> None:
    path = BAD / name
    expect = CORPUS[name]
    before = library_digest(library)
    report = import_one(library, path)
    (file,) = report.files
    assert file.parsed == expect.papers
    assert file.added + file.merged + file.unchanged == expect.papers
    assert tuple(p.line for p in file.problems) == expect.lines
    if expect.words:
        assert expect.words in file.problems[0].message
    assert_named(report, path)
    if not expect.papers:
        # What failed changed nothing at all: not a row, not an index entry.
        assert library_digest(library) == before


def test_markup_is_kept_as_text_not_interpreted(library: Path) -> None:
    import_one(library, BAD / "markup.txt")
    with Library.open(library, readonly=True) as lib:
        (hit,) = lib.search('"Bold claims"').hits
        paper = lib.paper(hit.paper_id)
    assert paper.title == (
        "<b>Bold</b> <i>claims</i> &amp; <a href='https://evil.example'>links</a>"
    )
    assert "<img src=x onerror=alert(1)>" in (paper.abstract or "")


def nothing_files(tmp_path: Path) -> dict[str, Path]:
    """Files that cannot be read at all, made here because git cannot hold them."""
    folder = tmp_path / "a folder.txt"
    folder.mkdir()
    made = {"folder": folder, "missing": tmp_path / "missing.txt"}
    line = tmp_path / "one-line.txt"
    with line.open("w", encoding="utf-8") as out:
        # 50 MB with no line break: no format, so nothing to import.
        out.write("Deep learning of sparse graphs with attention " * 1_140_000)
    made["50 MB line"] = line
    return made


def test_files_that_cannot_be_read_change_nothing(
    library: Path, tmp_path: Path
) -> None:
    before = library_digest(library)
    for what, path in nothing_files(tmp_path).items():
        report = import_one(library, path)
        (problem,) = report.problems
        assert (problem.path, problem.line) == (str(path), 0), what
        assert library_digest(library) == before, what


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0,
    reason="the superuser can read any file",
)
def test_an_unreadable_file_changes_nothing(library: Path, tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text(listing_text(3), "utf-8")
    path.chmod(0)
    before = library_digest(library)
    try:
        report = import_one(library, path)
    finally:
        path.chmod(0o644)
    assert "permission denied" in report.problems[0].message
    assert library_digest(library) == before


def test_a_50_mb_abstract_is_cut_to_size_and_kept(
    library: Path, tmp_path: Path
) -> None:
    path = tmp_path / "huge-abstract.txt"
    with path.open("w", encoding="utf-8") as out:
        out.write("Daily Papers\n\nDec 31\n\nA Title Before A Huge Line\n\n")
        out.write("We study sparse graphs with attention " * 1_400_000)
        out.write("\n\n·\nOct 8, 2024 3\n")
    report = import_one(library, path)
    (file,) = report.files
    assert file.added == 1
    (problem,) = file.problems
    assert problem.line == 5
    assert "only the first 100,000 were kept" in problem.message


def test_ten_thousand_identical_blocks_are_one_paper(
    library: Path, tmp_path: Path
) -> None:
    block = listing_text(1, 777).split("\n", 4)[4]
    path = tmp_path / "same.txt"
    path.write_text("Daily Papers\n\nDec 31\n\n" + (block + "\n") * 10_000, "utf-8")
    report = import_one(library, path)
    (file,) = report.files
    assert (file.parsed, file.added, file.duplicates) == (10_000, 1, 9_999)
    assert file.unchanged == 0  # none was in the library before
    assert file.problems == []


def test_lone_surrogates_from_json_are_replaced_not_fatal(
    library: Path, tmp_path: Path
) -> None:
    path = tmp_path / "broken-escapes.json"
    path.write_text(
        '[{"type": "article", "title": "Half a pair \\ud800 here", "note": "\\udfff"}]',
        "utf-8",
    )
    report = import_one(library, path)
    (problem,) = report.problems
    assert (problem.line, "surrogate" in problem.message) == (1, True)
    with Library.open(library, readonly=True) as lib:
        (hit,) = lib.search('"Half a pair"').hits
        assert hit.title == "Half a pair \ufffd here"


def test_the_command_line_over_the_whole_corpus(library: Path, tmp_path: Path) -> None:
    paths = [str(p) for p in sorted(BAD.iterdir())]
    paths += [str(p) for p in nothing_files(tmp_path).values()]
    command = [sys.executable, "-m", "readinglist", "--library", str(library)]
    done = subprocess.run(
        [*command, "import", *paths],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 1  # done, with problems reported
    assert "Traceback" not in done.stderr
    problems = [line.strip() for line in done.stderr.splitlines() if line.strip()]
    # Each problem line starts with the file it is about; located ones say where.
    assert problems and all(any(p.startswith(x) for x in paths) for p in problems)
    assert f"{BAD / 'latin1.txt'}, line 5: " in done.stderr
    assert f"{BAD / 'truncated.bib'}, line 6: " in done.stderr
    for path in paths:
        assert path in done.stdout
