"""What an import reports and how Recent Imports lists it; pasted text."""

from __future__ import annotations

from pathlib import Path

from readinglist.core import Library

COMPACT = (
    Path(__file__).parents[3] / "resources" / "samples" / "daily-papers-compact.txt"
)


def compact_piece(pairs: int, *, start: int = 4) -> str:
    """Title and abstract lines of the compact sample, without its header."""
    lines = COMPACT.read_text(encoding="utf-8").split("\n")
    return "\n".join(lines[start : start + 2 * pairs]) + "\n"


def test_a_repeat_within_the_first_import_is_a_duplicate(
    library_dir: Path, tmp_path: Path
) -> None:
    piece = compact_piece(3)
    one = tmp_path / "one.txt"
    one.write_text(piece + piece, encoding="utf-8")
    two = tmp_path / "two.txt"
    two.write_text(piece, encoding="utf-8")
    with Library.open(library_dir) as library:
        report = library.import_files([one, two])
    assert report.added == 3
    assert report.unchanged == 0
    assert report.duplicates == 6
    assert report.to_json()["totals"]["duplicates"] == 6  # type: ignore[index]


def test_a_reimport_that_adds_nothing_is_not_a_new_entry(
    library_dir: Path, tmp_path: Path
) -> None:
    listing = tmp_path / "daily.txt"
    listing.write_text(compact_piece(3), encoding="utf-8")
    with Library.open(library_dir) as library:
        first = library.import_files([listing])
        again = library.import_files([listing])
        assert again.unchanged == 3
        records = library.imports()
        assert [(r.path, r.count) for r in records] == [(str(listing), 3)]
        assert records[0].import_id == library.imports()[0].import_id
        # The file grows: one entry still, now for the import that added.
        listing.write_text(compact_piece(4), encoding="utf-8")
        library.import_files([listing])
        records = library.imports()
    assert first.added == 3
    assert [(r.path, r.count) for r in records] == [(str(listing), 4)]


def test_a_piece_of_the_compact_layout_is_a_listing(
    library_dir: Path, tmp_path: Path
) -> None:
    # Selected from inside one paper's abstract to just after a title.
    piece = compact_piece(4, start=3)
    path = tmp_path / "piece.txt"
    path.write_text(piece, encoding="utf-8")
    single = tmp_path / "single.txt"
    single.write_text(compact_piece(1), encoding="utf-8")
    with Library.open(library_dir) as library:
        report = library.import_files([path, single])
    assert [f.format for f in report.files] == ["hf-compact", "hf-compact"]
    assert report.files[0].added >= 3
    assert report.files[1].parsed == 1


def test_pasted_text_is_imported_like_a_file(library_dir: Path) -> None:
    text = compact_piece(2).replace("\n", "\r\n")
    with Library.open(library_dir) as library:
        report = library.import_text(text, "Pasted text")
        assert report.added == 2
        assert report.files[0].path == "Pasted text"
        assert [r.path for r in library.imports()] == ["Pasted text"]
        papers = library.papers(report.files[0].added_ids)
    assert all(p.abstract for p in papers)
    assert papers[0].sources[0].path == "Pasted text"
