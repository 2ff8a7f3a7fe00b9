"""The "Restore from Backup" dialog: the library's own backups, or any file.

It lists the copies in the library's ``backups/`` folder, newest first, with
when and why each was made (what ``readinglist backup --list`` prints), and
offers Browse for a backup kept elsewhere. It only chooses: checking the
file, asking to confirm and restoring are the window's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from readinglist.gui.text import plain_tooltip

REASONS = {
    "daily": "Daily copy",
    "before-upgrade": "Before an upgrade",
    "before-restore": "Before a restore",
    "manual": "Made by you",
}
FILE_FILTER = "Reading List backups (*.sqlite3 *.json);;All files (*)"
PATH_ROLE = Qt.ItemDataRole.UserRole + 1

Backup = tuple[Path, dt.datetime, str]
"""A backup as ``snapshots.listing`` gives it: file, when made, why."""


class RestoreDialog(QDialog):
    """Pick a backup to restore; open it with ``open()``.

    Args:
        backups: the library's backups, newest first.
        folder: the backups folder, where Browse starts.
        parent: the window.

    Signals:
        chosen(object): the backup file (a ``Path``) the user picked.
    """

    chosen = Signal(object)

    def __init__(
        self, backups: Sequence[Backup], folder: Path, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("restoreDialog")
        self.setWindowTitle("Restore from Backup")
        self._folder = folder
        self.browser: QFileDialog | None = None
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Choose a copy of the library to go back to. Everything in the library "
            "now is replaced by it; a copy of the library as it is now is kept in "
            "the backups folder first, so you can come back.",
            self,
        )
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(self._build_list(backups), 1)
        self.empty = QLabel(
            f"There are no backups in {folder} yet. Reading List makes one each "
            "day you open the library, and before an upgrade or a restore; "
            "Browse finds a backup kept elsewhere.",
            self,
        )
        self.empty.setObjectName("noBackups")
        self.empty.setTextFormat(Qt.TextFormat.PlainText)
        self.empty.setWordWrap(True)
        # In place of the list: just below the introduction, not mid-dialog.
        self.empty.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.empty, 1)
        self.list.setVisible(bool(backups))
        self.empty.setVisible(not backups)
        layout.addWidget(self._build_buttons(bool(backups)))
        first = self.list.topLevelItem(0)
        if first is not None:
            self.list.setCurrentItem(first)
            self.list.setFocus()
        self.resize(620, 360)

    def _build_list(self, backups: Sequence[Backup]) -> QTreeWidget:
        self.list = QTreeWidget(self)
        self.list.setObjectName("backupList")
        self.list.setRootIsDecorated(False)
        self.list.setHeaderLabels(["Made", "Why", "File"])
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        for path, when, reason in backups:
            item = QTreeWidgetItem(
                [f"{when:%Y-%m-%d %H:%M}", REASONS.get(reason, reason), path.name]
            )
            item.setData(0, PATH_ROLE, str(path))
            item.setToolTip(2, plain_tooltip(str(path)))
            self.list.addTopLevelItem(item)
        header = self.list.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.list.itemDoubleClicked.connect(lambda *_: self._restore())
        return self.list

    def _build_buttons(self, listed: bool) -> QDialogButtonBox:
        buttons = QDialogButtonBox(self)
        self.restore_button = QPushButton("&Restore\N{HORIZONTAL ELLIPSIS}", self)
        self.restore_button.setEnabled(listed)
        self.restore_button.clicked.connect(self._restore)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.browse_button = QPushButton("&Browse\N{HORIZONTAL ELLIPSIS}", self)
        self.browse_button.clicked.connect(self.browse)
        buttons.addButton(self.browse_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.rejected.connect(self.reject)
        (self.restore_button if listed else self.browse_button).setDefault(True)
        return buttons

    def selected(self) -> Path | None:
        """The backup selected in the list, if any."""
        item = self.list.currentItem()
        return None if item is None else Path(str(item.data(0, PATH_ROLE)))

    def _restore(self) -> None:
        path = self.selected()
        if path is not None:
            self.accept()
            self.chosen.emit(path)

    def browse(self) -> None:
        """Pick a backup file anywhere (a non-blocking file dialog)."""
        start = self._folder if self._folder.is_dir() else self._folder.parent
        dialog = QFileDialog(self, "Restore from Backup File", str(start), FILE_FILTER)
        dialog.setObjectName("restoreFileDialog")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(self._browsed)
        self.browser = dialog
        dialog.open()

    def _browsed(self, file: str) -> None:
        self.browser = None
        if file:
            self.accept()
            self.chosen.emit(Path(file))
