"""Text from listing files is data: markup in it is shown as the characters it is.

``tests/data/bad/markup.txt`` holds titles and abstracts full of HTML and Qt
rich text (``<b>``, ``<a href=...>``, ``<img onerror=...>``, ``&amp;``). It is
imported under a file name made of markup too, and every widget that shows
imported text is read back as the user sees it: cells and tooltips of the
table, the paper view, the sidebar, the import summary, the hint line.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from readinglist.gui.main_window import MainWindow
from readinglist.gui.models.papers import Column
from tests.unit.gui.conftest import WindowFactory, wait_idle
from tests.unit.gui.drive import press, seen_text
from tests.unit.gui.test_importing import wait_for_summary

MARKUP = Path(__file__).parents[2] / "data" / "bad" / "markup.txt"
# "/" cannot be in a file name; an opening tag is enough to look like markup.
FILE_NAME = "<i>daily &amp; <b>markup.txt"
TITLES = {
    "<b>Bold</b> <i>claims</i> &amp; <a href='https://evil.example'>links</a>",
    "Plain &amp; Simple <br> Title",
    "Organisation Markup Paper Title Here",
}
ABSTRACT = (
    "Abstract with <img src=x onerror=alert(1)> and <qt><font color=red>Qt rich "
    "text</font></qt>, plus &lt;escaped&gt; entities and a <script>alert(2)"
    "</script> tag."
)
ORGANISATION = "<b>R&amp;D</b> Lab"
# A third paper whose organisation line is markup (the file has none).
ORG_LISTING = """Daily Papers

Dec 31

Organisation Markup Paper Title Here

An abstract long enough to look like one: we propose a method, test it on \
five datasets and report gains over strong baselines.

evil <b>R&amp;D</b> Lab

·
Oct 10, 2024 3
"""


def tooltips(doc: QTextDocument) -> list[str]:
    """Every tooltip set on a piece of the document."""
    found = []
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            tip = it.fragment().charFormat().toolTip()
            if tip:
                found.append(tip)
            it += 1
        block = block.next()
    return found


def import_markup(qtbot: QtBot, window: MainWindow, folder: Path) -> Path:
    listing = folder / FILE_NAME
    shutil.copy(MARKUP, listing)
    (folder / "org.txt").write_text(ORG_LISTING, encoding="utf-8")
    assert window.import_files([listing, folder / "org.txt"])
    progress = window.importer.progress
    assert progress is not None
    label = progress.findChild(QLabel)
    assert label is not None
    # It will say "Importing <file name> (1 of 2)".
    assert label.textFormat() == Qt.TextFormat.PlainText
    return listing


def test_imported_markup_is_shown_literally_everywhere(
    qtbot: QtBot, open_window: WindowFactory, library_dir: Path, tmp_path: Path
) -> None:
    window = open_window(library_dir)
    listing = import_markup(qtbot, window, tmp_path)

    summary = wait_for_summary(qtbot, window)
    row = summary.files.topLevelItem(0)
    assert row is not None
    assert row.text(0) == FILE_NAME
    assert seen_text(row.toolTip(0)) == str(listing)
    assert summary.headline.textFormat() == Qt.TextFormat.PlainText
    assert not summary.report.problems
    summary.close()
    window.activateWindow()  # as a click on it would
    qtbot.waitUntil(window.isActiveWindow)

    # The table: cells (drawn as plain text) and their tooltips.
    model = window.model
    assert model.rowCount() == 3
    titles = {model.index(r, Column.TITLE).data() for r in range(3)}
    assert titles == TITLES
    for r in range(3):
        index = model.index(r, Column.TITLE)
        tip = index.data(Qt.ItemDataRole.ToolTipRole)
        assert seen_text(tip) == index.data()

    # The paper view: title, facts, abstract, and the tooltips of its links.
    for r in range(3):
        window.table.selectRow(r)
        paper = window.paper_view.paper
        assert paper is not None
        text = window.paper_view.text()
        assert text.startswith(paper.title + "\n")
        assert (paper.abstract or "") in text
        for tip in tooltips(window.paper_view.browser.document()):
            assert seen_text(tip) in text or seen_text(tip).startswith("The year")
        if paper.title.startswith("<b>Bold"):
            assert paper.abstract == ABSTRACT
            assert "https://evil.example" in text  # kept as text (and a link)
        if paper.organisation:
            assert paper.organisation == ORGANISATION
            assert ORGANISATION in text

    # The sidebar's recent imports name the file as it is named.
    record = next(r for r in window.library.imports() if r.path == str(listing))
    entry = window.sidebar.entry(f"import:{record.import_id}")
    assert entry.data() == FILE_NAME
    assert seen_text(entry.data(Qt.ItemDataRole.ToolTipRole)) == str(listing)

    # "More like this" names the paper in the hint line.
    row_of_bold = next(
        r
        for r in range(3)
        if str(model.index(r, Column.TITLE).data()).startswith("<b>")
    )
    window.table.selectRow(row_of_bold)
    window.table.setFocus()
    press(window.table, Qt.Key.Key_M)
    wait_idle(qtbot, window)
    hint = window.results.hint
    assert hint.textFormat() == Qt.TextFormat.PlainText
    assert hint.text() == (
        "Papers like \u201c<b>Bold</b> <i>claims</i> &amp; "
        "<a href='https://evil.example'>links</a>\u201d"
    )


def test_a_message_naming_a_markup_file_is_plain(
    qtbot: QtBot, open_window: WindowFactory, library_dir: Path, tmp_path: Path
) -> None:
    # A file that cannot be read at all: its name comes back in the summary's
    # problems and in no rich text anywhere.
    bad = tmp_path / "<b>empty &amp; <i>dull.txt"
    bad.write_text("", encoding="utf-8")
    window = open_window(library_dir)
    assert window.import_files([bad])
    summary = wait_for_summary(qtbot, window)
    assert summary.problems.toPlainText().startswith("<b>empty &amp; <i>dull.txt")
    row = summary.files.topLevelItem(0)
    assert row is not None and row.text(0) == bad.name
    assert seen_text(row.toolTip(0)) == str(bad)
