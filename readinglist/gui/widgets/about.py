"""The About box: version, what the app is, where its data is kept, licence.

The paths are the ones this run really uses (the library given at start, the
settings folder), so a user can find their files or quote them in a report;
every line is selectable plain text. Open it with ``open()``.
"""

from __future__ import annotations

import platform
from importlib import metadata
from pathlib import Path

import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from readinglist import APP_NAME, DISPLAY_NAME, __version__
from readinglist.core.paths import config_dir

LICENCE = "Licence: MIT. Copyright (c) 2026 the Reading List authors."
FALLBACK_SUMMARY = "A keyboard-first reading-list manager for research papers."


def summary() -> str:
    """The one-line description from the package's metadata."""
    try:
        text = metadata.metadata(APP_NAME)["Summary"]
    except (metadata.PackageNotFoundError, KeyError):
        text = None
    return str(text) if text else FALLBACK_SUMMARY


def versions() -> str:
    """The versions of Qt, PySide6 and Python this run uses."""
    return (
        f"Qt {qVersion()} \N{MIDDLE DOT} PySide6 {PySide6.__version__} "
        f"\N{MIDDLE DOT} Python {platform.python_version()}"
    )


def _text(text: str, parent: QWidget, *, wrap: bool = False) -> QLabel:
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(wrap)
    return label


class AboutDialog(QDialog):
    """About Reading List.

    Args:
        library: the library folder this window has open.
        icon: the app icon.
        parent: the window.
    """

    def __init__(
        self, library: Path, icon: QIcon | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(f"About {DISPLAY_NAME}")
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        top = QHBoxLayout()
        top.setSpacing(16)
        picture = QLabel(self)
        if icon is not None and not icon.isNull():
            picture.setPixmap(icon.pixmap(64, 64))
        picture.setAlignment(Qt.AlignmentFlag.AlignTop)
        top.addWidget(picture)
        heading = QVBoxLayout()
        self.title = _text(f"{DISPLAY_NAME} {__version__}", self)
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setWeight(QFont.Weight.DemiBold)
        self.title.setFont(font)
        heading.addWidget(self.title)
        self.summary = _text(summary(), self, wrap=True)
        heading.addWidget(self.summary)
        top.addLayout(heading, 1)
        layout.addLayout(top)

        facts = QFormLayout()
        facts.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.library = _text(str(library), self)
        self.settings = _text(str(config_dir()), self)
        self.versions = _text(versions(), self)
        facts.addRow("Library:", self.library)
        facts.addRow("Settings:", self.settings)
        facts.addRow("Built with:", self.versions)
        layout.addLayout(facts)
        self.licence = _text(LICENCE, self, wrap=True)
        layout.addWidget(self.licence)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    def text(self) -> str:
        """Everything the box says, one line per label."""
        return "\n".join(label.text() for label in self.findChildren(QLabel))
