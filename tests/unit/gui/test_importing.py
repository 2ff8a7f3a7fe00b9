"""Importing from the window: the task helper, progress, summary, first run."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from readinglist.core.paths import sample_paths
from readinglist.gui.main_window import MainWindow
from readinglist.gui.models.papers import Column
from readinglist.gui.models.sidebar import COUNT_ROLE
from readinglist.gui.widgets.import_summary import ImportSummary
from tests.unit.gui.conftest import WindowFactory, wait_idle
from tests.unit.gui.drive import click, shortcut

HTML_LISTING = (
    "Get trending papers in your email inbox once a day!\n"
    "Get trending papers in your email inbox!\n"
    "Subscribe<b>Bold</b> claims & <i>brave</i> results on R&D\n"
    "We show that <script>alert(1)</script> & friends stay text; code at "
    "https://github.com/example/bold-claims.\n"
)


def wait_for_summary(qtbot: QtBot, window: MainWindow) -> ImportSummary:
    """Wait for the import to finish and return its summary dialog."""
    qtbot.waitUntil(lambda: window.importer.summary is not None, timeout=20000)
    wait_idle(qtbot, window)
    summary = window.importer.summary
    assert summary is not None
    assert summary.isVisible()
    return summary


def test_first_run_offers_the_samples(
    qtbot: QtBot, open_window: WindowFactory, library_dir: Path
) -> None:
    window = open_window(library_dir)
    assert window.center.currentWidget() is window.welcome
    click(window.welcome.samples_button)
    summary = wait_for_summary(qtbot, window)
    papers = window.library.stats()["papers"]
    assert papers > 300
    assert window.center.currentWidget() is window.content
    assert window.model.rowCount() == papers
    assert window.sidebar.entry("all").data(COUNT_ROLE) == papers
    assert str(papers) in summary.headline.text().replace(",", "")
    imports = window.library.imports()
    assert len(imports) == len(sample_paths())
    for record in imports:
        assert window.sidebar.entry(f"import:{record.import_id}").data(COUNT_ROLE) == (
            record.count
        )


def test_importing_a_file_updates_the_counts(
    qtbot: QtBot,
    open_window: WindowFactory,
    library_dir: Path,
    listing_files: list[Path],
) -> None:
    window = open_window(library_dir)
    assert window.import_files([listing_files[0]])
    summary = wait_for_summary(qtbot, window)
    report = summary.report
    assert report.added > 0 and not report.problems
    assert window.model.rowCount() == report.added
    assert window.sidebar.entry("unread").data(COUNT_ROLE) == report.added
    row = summary.files.topLevelItem(0)
    assert row is not None and row.text(1) == str(report.added)
    summary.close()

    assert window.import_files([listing_files[0]])
    again = wait_for_summary(qtbot, window).report
    assert (again.added, again.unchanged) == (0, report.added)


def test_a_bad_file_lists_its_problems(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    bad = tmp_path / "broken-listing.txt"
    bad.write_bytes(b"\x00\x01\x02\xff\xfe binary \x00 junk" * 40)
    before = window.library.stats()["papers"]
    assert window.import_files([bad])
    summary = wait_for_summary(qtbot, window)
    text = summary.problems.toPlainText()
    assert summary.problems.isVisible()
    assert text.startswith("broken-listing.txt")
    assert len(summary.report.problems) == len(text.splitlines()) >= 1
    assert window.library.stats()["papers"] == before


def test_ctrl_i_opens_a_file_dialog_that_imports(
    qtbot: QtBot,
    open_window: WindowFactory,
    library_dir: Path,
    listing_files: list[Path],
) -> None:
    window = open_window(library_dir)
    shortcut(window, "Ctrl+I")
    dialog = window.findChild(QFileDialog, "importDialog")
    assert dialog is not None and dialog.isVisible()
    dialog.filesSelected.emit([str(p) for p in listing_files[:2]])
    summary = wait_for_summary(qtbot, window)
    assert len(summary.report.files) == 2
    assert window.model.rowCount() == window.library.stats()["papers"] > 0


def test_files_dropped_on_the_window_are_imported(
    qtbot: QtBot,
    open_window: WindowFactory,
    library_dir: Path,
    listing_files: list[Path],
) -> None:
    window = open_window(library_dir)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(listing_files[1]))])
    drop = QDropEvent(
        QPointF(QPoint(300, 300)),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(drop)
    summary = wait_for_summary(qtbot, window)
    assert summary.report.files[0].path == str(listing_files[1])
    assert window.library.stats()["papers"] == summary.report.added > 0


def test_cancelling_stops_before_the_next_file(
    qtbot: QtBot,
    open_window: WindowFactory,
    library_dir: Path,
    listing_files: list[Path],
) -> None:
    window = open_window(library_dir)
    window.importer.start(listing_files)
    window.importer.cancel()
    summary = wait_for_summary(qtbot, window)
    assert summary.report.cancelled
    assert len(summary.report.files) < len(listing_files)
    assert "cancelled" in summary.headline.text()


def test_titles_with_markup_are_shown_literally(
    qtbot: QtBot, open_window: WindowFactory, library_dir: Path, tmp_path: Path
) -> None:
    listing = tmp_path / "markup.txt"
    listing.write_text(HTML_LISTING, encoding="utf-8")
    window = open_window(library_dir)
    window.import_files([listing])
    wait_for_summary(qtbot, window).close()
    title = "<b>Bold</b> claims & <i>brave</i> results on R&D"
    assert window.model.index(0, Column.TITLE).data() == title
    tip = window.model.index(0, Column.TITLE).data(Qt.ItemDataRole.ToolTipRole)
    assert "&lt;b&gt;Bold&lt;/b&gt;" in tip
    text = window.paper_view.text()
    assert text.startswith(title)
    assert "<script>alert(1)</script> & friends" in text
    window.library.create_list("<b>R&D</b>")
    paper_id = str(window.model.paper_id(0))
    window.apply_changes(window.library.add_to_list("<b>R&D</b>", [paper_id]))
    wait_idle(qtbot, window)
    assert [c.name for c in window.paper_view.chips.chips()] == ["<b>R&D</b>"]
    assert window.sidebar.entry("list:<b>R&D</b>").data() == "<b>R&D</b>"
