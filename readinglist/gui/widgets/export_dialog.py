"""The export dialog: which papers, which format, which file.

It only gathers the choices and shows progress; the window's export
controller does the work in the background and closes the dialog when the
file is written. Open it with ``open()``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from readinglist.core.exporters import EXPORTERS


@dataclass(frozen=True, slots=True)
class ExportSource:
    """A set of papers that can be exported.

    Attributes:
        key: "selection", "results", "starred", "all" or "list:<name>".
        label: what the dialog's menu says.
        title: the export's title (Markdown's heading) and the file's name.
        count: how many papers, if known.
        ids: the papers, for the selection and the results shown.
        list_name: the reading list, for a list.
    """

    key: str
    label: str
    title: str
    count: int
    ids: tuple[str, ...] = ()
    list_name: str | None = None


def file_stem(title: str) -> str:
    """A file name from an export's title: "Thesis reading" gives "thesis-reading"."""
    stem = re.sub(r"[^\w]+", "-", title.casefold(), flags=re.UNICODE).strip("-_")
    return stem[:60].strip("-") or "reading-list"


def _extensions() -> set[str]:
    return {exporter.extension for exporter in EXPORTERS.values()}


class ExportDialog(QDialog):
    """Asks what to export, in which format, to which file.

    Args:
        sources: the sets of papers on offer, in menu order.
        parent: the window.
        source: the key of the set chosen last time.
        format: the format chosen last time.
        folder: the folder written to last time.

    Signals:
        export_requested(ExportSource, str, str): source, format name, path.
        copy_requested(ExportSource, str): source and format, to the clipboard.
    """

    export_requested = Signal(object, str, str)
    copy_requested = Signal(object, str)

    def __init__(
        self,
        sources: Sequence[ExportSource],
        parent: QWidget | None = None,
        *,
        source: str = "",
        format: str = "bibtex",
        folder: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle("Export Papers")
        self._folder = folder or Path.home()
        self._named_by_user = False
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.source = QComboBox(self)
        self.source.setObjectName("exportSource")
        for entry in sources:
            self.source.addItem(entry.label, entry)
        form.addRow("&Papers:", self.source)
        self.format = QComboBox(self)
        self.format.setObjectName("exportFormat")
        for name, exporter in EXPORTERS.items():
            self.format.addItem(f"{exporter.label} ({exporter.extension})", name)
        form.addRow("&Format:", self.format)
        row = QHBoxLayout()
        self.path = QLineEdit(self)
        self.path.setObjectName("exportPath")
        row.addWidget(self.path, 1)
        self.browse = QPushButton("C&hoose\N{HORIZONTAL ELLIPSIS}", self)
        self.browse.clicked.connect(self._choose_file)
        row.addWidget(self.browse)
        save_to = QLabel("&Save to:", self)
        save_to.setBuddy(self.path)
        form.addRow(save_to, row)
        layout.addLayout(form)
        self.include_notes = QCheckBox(
            "Include my &notes (as annote, which bibliographies do not print)", self
        )
        self.include_notes.setObjectName("exportNotes")
        layout.addWidget(self.include_notes)
        self.note = QLabel(self)
        self.note.setObjectName("exportNote")
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setWordWrap(True)
        self.note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout.addWidget(self.note)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.hide()
        layout.addWidget(self.progress)
        layout.addWidget(self._build_buttons())
        self.setMinimumWidth(560)

        self._select(self.source, source)
        self._select(self.format, format)
        self.source.currentIndexChanged.connect(lambda _: self._suggest_name())
        self.format.currentIndexChanged.connect(lambda _: self._suggest_name())
        self.path.textEdited.connect(self._edited)
        self.path.textChanged.connect(lambda _: self._check())
        self._suggest_name()

    def showEvent(self, event: QShowEvent) -> None:
        # Keys go to the dialog at once: Enter exports with the last choices.
        super().showEvent(event)
        self.activateWindow()
        self.source.setFocus(Qt.FocusReason.PopupFocusReason)

    def _build_buttons(self) -> QDialogButtonBox:
        self.buttons = QDialogButtonBox(self)
        self.export_button = self.buttons.addButton(
            "&Export", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.copy_button = self.buttons.addButton(
            "&Copy to Clipboard", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.export_button.setDefault(True)
        self.buttons.accepted.connect(self._export)
        self.buttons.rejected.connect(self.reject)
        self.copy_button.clicked.connect(self._copy)
        return self.buttons

    @staticmethod
    def _select(box: QComboBox, key: str) -> None:
        for index in range(box.count()):
            data = box.itemData(index)
            if data == key or (isinstance(data, ExportSource) and data.key == key):
                box.setCurrentIndex(index)
                return

    def chosen_source(self) -> ExportSource:
        """The set of papers chosen."""
        data = self.source.currentData()
        assert isinstance(data, ExportSource)
        return data

    def chosen_format(self) -> str:
        """The format chosen (a key of ``EXPORTERS``)."""
        return str(self.format.currentData())

    def set_busy(self, text: str) -> None:
        """Show that the export runs; the choices wait until it is done.

        Args:
            text: what is happening ("Exporting 23 papers…").
        """
        self.progress.show()
        self.note.setText(text)
        self.note.show()
        for widget in (self.source, self.format, self.path, self.browse, self.buttons):
            widget.setEnabled(False)

    def show_failure(self, text: str) -> None:
        """The export failed: say why and let the user change the choices.

        Args:
            text: why, in words for the user.
        """
        self.progress.hide()
        for widget in (self.source, self.format, self.path, self.browse, self.buttons):
            widget.setEnabled(True)
        self.note.setText(text)
        self.note.show()

    def _suggest_name(self) -> None:
        extension = EXPORTERS[self.chosen_format()].extension
        current = Path(self.path.text().strip()) if self.path.text().strip() else None
        if self._named_by_user and current is not None:
            # Keep the user's name; only a format's own extension follows.
            if current.suffix in _extensions():
                self.path.setText(str(current.with_suffix(extension)))
        else:
            folder = current.parent if current is not None else self._folder
            name = file_stem(self.chosen_source().title) + extension
            self.path.setText(str(folder / name))
        self._check()

    def _edited(self, text: str) -> None:
        self._named_by_user = bool(text.strip())

    def _check(self) -> None:
        text = self.path.text().strip()
        source = self.chosen_source()
        target = Path(text).expanduser() if text else None
        notes = []
        if source.count == 0:
            notes.append("There are no papers in this choice to export.")
        if target is not None and target.is_dir():
            notes.append("This is a folder; add a file name.")
        elif target is not None and target.exists():
            notes.append("A file of this name exists; exporting replaces it.")
        elif target is not None and not target.parent.is_dir():
            notes.append(f"The folder {target.parent} does not exist.")
        self.note.setText(" ".join(notes))
        self.note.setVisible(bool(notes))
        usable = target is not None and not target.is_dir() and target.parent.is_dir()
        self.export_button.setEnabled(usable and source.count > 0)
        self.copy_button.setEnabled(source.count > 0)

    def _choose_file(self) -> None:
        extension = EXPORTERS[self.chosen_format()].extension
        dialog = QFileDialog(self, "Export To", self.path.text())
        dialog.setObjectName("exportFileDialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilters(
            [f"{EXPORTERS[self.chosen_format()].label} (*{extension})", "All files (*)"]
        )
        dialog.setDefaultSuffix(extension.lstrip("."))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(self._file_chosen)
        dialog.open()

    def _file_chosen(self, path: str) -> None:
        self._named_by_user = True
        self.path.setText(path)

    def _export(self) -> None:
        if not self.export_button.isEnabled():
            return
        path = str(Path(self.path.text().strip()).expanduser())
        self.export_requested.emit(self.chosen_source(), self.chosen_format(), path)

    def _copy(self) -> None:
        self.copy_requested.emit(self.chosen_source(), self.chosen_format())
