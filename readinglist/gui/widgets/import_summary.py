"""The import summary: what each file added, merged or left, and what went wrong.

Problems are listed with file and line in a read-only text box, so they can be
selected and copied (or copied all at once with the button) into a bug report
or an editor.
"""

from __future__ import annotations

from pathlib import PurePath

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from readinglist.core.models import ImportReport, Problem
from readinglist.gui.text import plain_tooltip


def _papers(n: int) -> str:
    return f"{n:,} paper" + ("" if n == 1 else "s")


def headline(report: ImportReport) -> str:
    """One sentence saying what the import did, for the dialog and status bar.

    Args:
        report: the outcome of the import.

    Returns:
        For example "Read 410 papers from 3 files: 401 added, 8 updated."
    """
    files = len(report.files)
    parts = [f"{report.added:,} added"]
    if report.merged:
        parts.append(f"{report.merged:,} updated")
    if report.unchanged:
        parts.append(f"{report.unchanged:,} already in the library")
    if report.duplicates:
        within = "the file" if files == 1 else "the files"
        parts.append(
            f"{report.duplicates:,} duplicate"
            + ("" if report.duplicates == 1 else "s")
            + f" within {within}"
        )
    text = f"Read {_papers(report.parsed)} from {files} file" + (
        "" if files == 1 else "s"
    )
    text += ": " + ", ".join(parts) + "."
    if report.cancelled:
        text += " The import was cancelled; files not yet read were skipped."
    return text


def problem_line(problem: Problem) -> str:
    """A problem as one copyable line: "file.txt, line 41: abstract missing".

    Args:
        problem: one problem an importer met.

    Returns:
        The file name, the line if known, and the message.
    """
    name = PurePath(problem.path).name
    where = f"{name}, line {problem.line}" if problem.line else name
    return f"{where}: {problem.message}"


def problems_text(report: ImportReport) -> str:
    """Every problem of the import, one per line.

    Args:
        report: the outcome of the import.

    Returns:
        One :func:`problem_line` per problem, in file order.
    """
    return "\n".join(problem_line(p) for p in report.problems)


class ImportSummary(QDialog):
    """Shows an :class:`ImportReport`; open it with ``open()``.

    Args:
        report: the outcome of the import.
        parent: the window.
    """

    def __init__(self, report: ImportReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importSummary")
        self.setWindowTitle("Import Finished")
        self.report = report
        layout = QVBoxLayout(self)

        self.headline = QLabel(headline(report), self)
        self.headline.setTextFormat(Qt.TextFormat.PlainText)
        self.headline.setWordWrap(True)
        font = QFont(self.headline.font())
        font.setWeight(QFont.Weight.DemiBold)
        self.headline.setFont(font)
        layout.addWidget(self.headline)

        self.files = QTreeWidget(self)
        self.files.setRootIsDecorated(False)
        self.files.setHeaderLabels(
            ["File", "Added", "Updated", "Unchanged", "Problems"]
        )
        for f in report.files:
            row = QTreeWidgetItem(
                [
                    PurePath(f.path).name,
                    f"{f.added:,}",
                    f"{f.merged:,}",
                    f"{f.unchanged:,}",
                    f"{len(f.problems):,}",
                ]
            )
            # Qt reads tooltips as rich text: a file named <b>x</b> must stay so.
            row.setToolTip(0, plain_tooltip(f.path))
            for col in range(1, 5):
                row.setTextAlignment(col, Qt.AlignmentFlag.AlignRight)
            self.files.addTopLevelItem(row)
        header = self.files.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in range(1, 5):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.files.setMaximumHeight(40 + 24 * min(len(report.files), 6))
        layout.addWidget(self.files)

        text = problems_text(report)
        count = len(report.problems)
        label = QLabel(
            f"{count} problem{'' if count == 1 else 's'}, by file and line; "
            "everything else that could be read was imported:"
            if count
            else "No problems: every paper in these files could be read.",
            self,
        )
        layout.addWidget(label)
        self.problems = QPlainTextEdit(self)
        self.problems.setReadOnly(True)
        self.problems.setPlainText(text)
        self.problems.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.problems.setVisible(bool(count))
        layout.addWidget(self.problems, 1)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        if count:
            copy = QPushButton("Copy Problems", self)
            copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(text))
            buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        layout.addWidget(buttons)
        self.resize(620, 420 if count else 260)
