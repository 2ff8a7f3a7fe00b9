"""The export dialog and Copy as BibTeX write what the library's export writes."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from readinglist.core import Library
from readinglist.core.exporters import EXPORTERS
from readinglist.gui.main_window import MainWindow
from readinglist.gui.widgets.export_dialog import ExportDialog, file_stem
from tests.unit.gui.conftest import WindowFactory, wait_idle
from tests.unit.gui.drive import press, shortcut
from tests.unit.gui.test_actions import select_rows

READABLE = ("bibtex", "biblatex", "ris", "csljson")
"""The formats the importers read back."""


def open_export(qtbot: QtBot, window: MainWindow) -> ExportDialog:
    """Press Ctrl+E on the table and return the dialog."""
    window.table.setFocus()
    shortcut(window.table, "Ctrl+E")
    dialog = window.exporter.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.source.hasFocus)
    return dialog


def choose(dialog: ExportDialog, source: str, format: str, path: Path) -> None:
    """Pick the papers, the format and the file, as the user would."""
    dialog.source.setCurrentIndex(
        dialog.source.findText(source, Qt.MatchFlag.MatchStartsWith)
    )
    dialog.format.setCurrentIndex(dialog.format.findData(format))
    dialog.path.setFocus()
    assert dialog.path.hasFocus()
    dialog.path.selectAll()
    dialog.path.insert(str(path))


def export_with_enter(qtbot: QtBot, window: MainWindow, dialog: ExportDialog) -> None:
    """Press Enter in the file field and wait for the file."""
    press(dialog.path, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.exporter.dialog is None, timeout=10000)
    wait_idle(qtbot, window)


def reimported(path: Path, folder: Path) -> set[str]:
    """The ids of the papers a new library gets from importing ``path``."""
    with Library.open(folder) as lib:
        report = lib.import_files([path])
        assert not report.problems, report.problems
        return set(lib.search_ids("")[0])


@pytest.mark.parametrize("format", READABLE)
def test_the_dialog_writes_what_the_library_exports(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, format: str
) -> None:
    ids = select_rows(window, range(2, 7))
    dialog = open_export(qtbot, window)
    target = tmp_path / f"picked{EXPORTERS[format].extension}"
    choose(dialog, "Selected papers (5)", format, target)
    export_with_enter(qtbot, window, dialog)
    written = target.read_bytes().decode("utf-8")
    assert written == window.library.export(format, ids, title="Selected papers")
    assert reimported(target, tmp_path / "check") == set(ids)
    assert f"Exported 5 papers to {target}." == window.statusBar().currentMessage()


def test_bibtex_of_a_list_keeps_its_order(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    ids = window.model.ids()[10:14][::-1]
    window.library.create_list("Thesis")
    window.library.add_to_list("Thesis", ids)
    dialog = open_export(qtbot, window)
    target = tmp_path / "thesis.bib"
    choose(dialog, "Reading list \u201cThesis\u201d (4)", "bibtex", target)
    export_with_enter(qtbot, window, dialog)
    assert target.read_text(encoding="utf-8") == window.library.export(
        "bibtex", ids, title="Thesis"
    )
    assert reimported(target, tmp_path / "check") == set(ids)


@pytest.mark.parametrize("format", ["markdown", "csv"])
def test_other_formats_of_all_papers(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, format: str
) -> None:
    dialog = open_export(qtbot, window)
    target = tmp_path / f"all{EXPORTERS[format].extension}"
    choose(dialog, "All papers", format, target)
    export_with_enter(qtbot, window, dialog)
    everything = window.library.select(everything=True)
    expected = window.library.export(format, everything, title="All papers")
    assert target.read_bytes().decode("utf-8") == expected


def test_the_last_choices_are_remembered(
    qtbot: QtBot, open_window: WindowFactory, sample_library_dir: Path, tmp_path: Path
) -> None:
    window = open_window(sample_library_dir)
    select_rows(window, range(0, 2))
    press(window.table, Qt.Key.Key_S)
    wait_idle(qtbot, window)
    dialog = open_export(qtbot, window)
    folder = tmp_path / "exports"
    folder.mkdir()
    choose(dialog, "Starred papers (2)", "ris", folder / "mine.ris")
    export_with_enter(qtbot, window, dialog)
    assert (folder / "mine.ris").exists()
    window.close()

    again = open_window(sample_library_dir)
    dialog = open_export(qtbot, again)
    assert dialog.chosen_source().key == "starred"
    assert dialog.chosen_format() == "ris"
    assert Path(dialog.path.text()) == folder / "starred-papers.ris"
    dialog.format.setCurrentIndex(dialog.format.findData("csljson"))
    assert Path(dialog.path.text()) == folder / "starred-papers.json"
    dialog.reject()


def test_a_missing_folder_is_named_before_exporting(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    dialog = open_export(qtbot, window)
    choose(dialog, "All papers", "bibtex", tmp_path / "nowhere" / "x.bib")
    assert not dialog.export_button.isEnabled()
    assert dialog.note.text() == f"The folder {tmp_path / 'nowhere'} does not exist."
    (tmp_path / "here.bib").write_text("old")
    choose(dialog, "All papers", "bibtex", tmp_path / "here.bib")
    assert dialog.export_button.isEnabled()
    assert "exporting replaces it" in dialog.note.text()
    dialog.reject()


def test_ctrl_shift_c_copies_bibtex(qtbot: QtBot, window: MainWindow) -> None:
    ids = select_rows(window, range(0, 3))
    clipboard = QApplication.clipboard()
    clipboard.setText("")
    shortcut(window.table, "Ctrl+Shift+C")
    wait_idle(qtbot, window)
    expected = window.library.export("bibtex", ids, title="Selected papers")
    assert clipboard.text() == expected
    assert expected.startswith("@")
    assert "Copied 3 papers to the clipboard as BibTeX." in (
        window.statusBar().currentMessage()
    )


def test_file_names_come_from_titles() -> None:
    assert file_stem("Thesis reading") == "thesis-reading"
    assert file_stem("Papers matching diffusion NOT video") == (
        "papers-matching-diffusion-not-video"
    )
    assert file_stem("Lectures/Übung: 2024") == "lectures-übung-2024"
    assert file_stem("???") == "reading-list"


def test_notes_are_exported_only_when_the_box_is_ticked(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    (paper_id,) = select_rows(window, range(1))
    window.library.set_note(paper_id, "Only for me: check section 3.")
    plain, noted = tmp_path / "plain.bib", tmp_path / "noted.bib"
    dialog = open_export(qtbot, window)
    assert not dialog.include_notes.isChecked()
    choose(dialog, "Selected papers (1)", "bibtex", plain)
    export_with_enter(qtbot, window, dialog)
    assert "Only for me" not in plain.read_text(encoding="utf-8")
    dialog = open_export(qtbot, window)
    dialog.include_notes.setFocus()
    press(dialog.include_notes, Qt.Key.Key_Space)
    assert dialog.include_notes.isChecked()
    choose(dialog, "Selected papers (1)", "bibtex", noted)
    export_with_enter(qtbot, window, dialog)
    assert "annote = {Only for me: check section 3.}" in noted.read_text(
        encoding="utf-8"
    )
