"""The first-run panel, shown in place of the results while the library is empty."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

INTRO = (
    "Import the listing files you copied from the Hugging Face Daily Papers "
    "page, or BibTeX, RIS and CSL-JSON files. You can also drop files on this "
    "window. To look around first, load the sample papers."
)


class WelcomePanel(QWidget):
    """Offers the two ways to fill an empty library.

    Signals:
        import_requested(): choose files to import.
        samples_requested(): import the bundled sample listings.
    """

    import_requested = Signal()
    samples_requested = Signal()

    def __init__(self, icon: QIcon, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcome")
        layout = QVBoxLayout(self)
        layout.addStretch(2)

        picture = QLabel(self)
        picture.setPixmap(icon.pixmap(96, 96))
        picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(picture)

        heading = QLabel("Your library is empty", self)
        font = QFont(heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setWeight(QFont.Weight.DemiBold)
        heading.setFont(font)
        heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(heading)

        intro = QLabel(INTRO, self)
        intro.setWordWrap(True)
        intro.setAlignment(Qt.AlignmentFlag.AlignCenter)
        intro.setMinimumWidth(460)
        intro.setMaximumWidth(560)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(intro)
        row.addStretch(1)
        layout.addSpacing(8)
        layout.addLayout(row)
        layout.addSpacing(16)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.import_button = QPushButton(
            "Import Listing Files\N{HORIZONTAL ELLIPSIS}", self
        )
        self.import_button.setDefault(True)
        self.import_button.clicked.connect(self.import_requested.emit)
        buttons.addWidget(self.import_button)
        self.samples_button = QPushButton("Load Sample Papers", self)
        self.samples_button.clicked.connect(self.samples_requested.emit)
        buttons.addWidget(self.samples_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addStretch(3)
