"""Reading listing files whatever state they are in: encodings, damage, non-files."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest

from readinglist.core.importers import parse_file
from readinglist.core.importers.reading import MAX_BYTES, read_text
from readinglist.core.models import Problem

LISTING = (
    "Daily Papers\n\nDec 31\n\nCafé Networks: Über Attention\n\n"
    "We study naïve attention in cafés. It works well on three benchmarks, and "
    "the analysis explains why. More results follow in the appendix of the paper "
    "for readers who want them.\n\n  • 2 authors\n·\nOct 8, 2024 3\n"
)


def _write(tmp_path: Path, data: bytes, name: str = "listing.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _only_problem(problems: list[Problem]) -> Problem:
    (problem,) = problems
    return problem


def test_utf8_without_bom(tmp_path: Path) -> None:
    path = _write(tmp_path, LISTING.encode("utf-8"))
    assert read_text(path) == (LISTING, [])


def test_utf8_with_bom(tmp_path: Path) -> None:
    path = _write(tmp_path, codecs.BOM_UTF8 + LISTING.encode("utf-8"))
    assert read_text(path) == (LISTING, [])


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_bom(tmp_path: Path, codec: str) -> None:
    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}
    data = bom.get(codec, b"") + LISTING.encode(codec)
    text, problems = read_text(_write(tmp_path, data))
    assert (text, problems) == (LISTING, [])


def test_utf16_without_bom_is_recognised(tmp_path: Path) -> None:
    text, problems = read_text(_write(tmp_path, LISTING.encode("utf-16-le")))
    assert (text, problems) == (LISTING, [])


def test_crlf_and_lone_cr_become_lf(tmp_path: Path) -> None:
    crlf = _write(tmp_path, LISTING.replace("\n", "\r\n").encode("utf-8"), "a.txt")
    cr = _write(tmp_path, LISTING.replace("\n", "\r").encode("utf-8"), "b.txt")
    assert read_text(crlf) == (LISTING, [])
    assert read_text(cr) == (LISTING, [])


def test_latin1_is_read_with_a_problem_naming_the_line(tmp_path: Path) -> None:
    listing = LISTING.replace("•", "*")  # Latin-1 has no bullet
    path = _write(tmp_path, listing.encode("latin-1"))
    text, problems = read_text(path)
    assert text == listing
    problem = _only_problem(problems)
    # "Café" is on line 5 of the listing.
    assert (problem.path, problem.line) == (str(path), 5)
    assert "read as Latin-1" in problem.message


def test_cp1252_punctuation_is_decoded(tmp_path: Path) -> None:
    text, problems = read_text(
        _write(tmp_path, "A “quoted” title \u2013 yes\n".encode("cp1252"))
    )
    assert text == "A “quoted” title \u2013 yes\n"
    assert _only_problem(problems).line == 1


def test_damaged_utf8_keeps_the_good_characters(tmp_path: Path) -> None:
    data = LISTING.encode("utf-8").replace(b"Dec 31", b"Dec \xff31")
    text, problems = read_text(_write(tmp_path, data))
    assert text is not None
    assert "Café Networks: Über Attention" in text
    assert "Dec \ufffd31" in text
    problem = _only_problem(problems)
    assert problem.line == 3
    assert "not valid UTF-8" in problem.message


def test_cut_off_in_the_middle_of_a_character(tmp_path: Path) -> None:
    data = LISTING.encode("utf-8") + "Ü".encode()[:1]
    text, problems = read_text(_write(tmp_path, data))
    assert text == LISTING
    assert "middle of a character" in _only_problem(problems).message


def test_empty_file(tmp_path: Path) -> None:
    path = _write(tmp_path, b"")
    assert read_text(path) == (None, [Problem(str(path), 0, "the file is empty")])


def test_blank_file(tmp_path: Path) -> None:
    path = _write(tmp_path, b"\n \r\n\t\n")
    text, problems = read_text(path)
    assert text is None
    assert _only_problem(problems).message == "the file holds only blank lines"


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), "a PNG image"),
        (b"\x89PNG\r\n\x1a\n", "a PNG image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "a PDF document"),
        (b"PK\x03\x04" + bytes(40), "a ZIP archive"),
        (b"\xff\xd8\xff\xe0" + bytes(20), "a JPEG image"),
        (b"abc\x00def" * 10, "a binary file (an image or archive?)"),
        (bytes(range(1, 9)) * 50, "a binary file (an image or archive?)"),
    ],
)
def test_binary_files_are_refused(tmp_path: Path, data: bytes, what: str) -> None:
    path = _write(tmp_path, data)
    text, problems = read_text(path)
    assert text is None
    problem = _only_problem(problems)
    assert (problem.path, problem.line) == (str(path), 0)
    assert problem.message.startswith(f"this looks like {what}")
    assert problem.message.endswith("not a text listing")


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.txt"
    assert read_text(path) == (
        None,
        [Problem(str(path), 0, "there is no file at this path")],
    )


def test_a_folder(tmp_path: Path) -> None:
    text, problems = read_text(tmp_path)
    assert text is None
    assert _only_problem(problems).message.startswith("this is a folder, not a file")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_pipe_is_not_opened(tmp_path: Path) -> None:
    path = tmp_path / "pipe.txt"
    os.mkfifo(path)
    text, problems = read_text(path)
    assert text is None
    assert "not a regular file" in _only_problem(problems).message


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0,
    reason="the superuser can read any file",
)
def test_unreadable_file(tmp_path: Path) -> None:
    path = _write(tmp_path, LISTING.encode("utf-8"))
    path.chmod(0)
    try:
        text, problems = read_text(path)
    finally:
        path.chmod(0o644)
    assert text is None
    assert "permission denied" in _only_problem(problems).message


def test_file_over_the_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)  # sparse: costs no disk space
    text, problems = read_text(path)
    assert text is None
    message = _only_problem(problems).message
    assert message == (
        "the file is 101 MB, more than the 100 MB a listing can be; "
        "split it into smaller files"
    )


def test_parse_file_reports_read_problems_first(tmp_path: Path) -> None:
    path = _write(tmp_path, LISTING.encode("cp1252"))
    result = parse_file(path, year=2025)
    assert result.format == "hf-page"
    (paper,) = result.papers
    assert paper.title == "Café Networks: Über Attention"
    assert (paper.published, paper.upvotes, paper.authors_count) == ("2024-10-08", 3, 2)
    assert [p.line for p in result.problems] == [5]


def test_parse_file_on_unusable_files(tmp_path: Path) -> None:
    for path in (tmp_path / "missing.txt", tmp_path, _write(tmp_path, b"")):
        result = parse_file(path)
        assert result.papers == []
        assert [(p.path, p.line) for p in result.problems] == [(str(path), 0)]
