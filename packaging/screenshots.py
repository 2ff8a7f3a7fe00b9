"""Draw the screenshots in docs/ from the sample library, on a virtual screen.

Run it under Xvfb so the window is drawn as on a desktop::

    xvfb-run -s '-screen 0 1400x900x24' .venv/bin/python packaging/screenshots.py

It imports the bundled samples into a temporary library, types a query,
selects a paper and saves ``docs/screenshot-900x600.png`` and
``docs/screenshot-1400x900.png`` (colours reduced, so the files stay small).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from readinglist.core import Library
from readinglist.gui.app import app_icon, configure
from readinglist.gui.main_window import MainWindow

DOCS = Path(__file__).resolve().parents[1] / "docs"
SIZES = ((900, 600), (1400, 900))
QUERY = "reasoning"


def dress(library: Library) -> None:
    """Star, list and annotate a few papers, as a reader would have."""
    ids = library.search_ids(QUERY)[0]
    library.set_starred(ids[1:3], True)
    library.set_status(ids[:2], "reading")
    for name, chosen in (("Reading group", ids[:4]), ("Thesis", [ids[0], ids[5]])):
        library.create_list(name)
        library.add_to_list(name, chosen)
    library.set_note(
        ids[0],
        "Compare the compute budgets with our runs (section 4) before the "
        "reading group.",
    )


def settle(app: QApplication, window: MainWindow) -> None:
    """Let searches and imports finish and the window redraw."""
    for _ in range(400):
        app.processEvents()
        if not window.tasks.busy and not window.search.pending:
            break
        QTest.qWait(25)
    QTest.qWait(300)
    app.processEvents()


def shoot(app: QApplication, folder: Path, size: tuple[int, int]) -> Path:
    """Open a window of ``size`` over the library in ``folder`` and save it."""
    settings = QSettings(
        str(folder / f"settings-{size[0]}.ini"), QSettings.Format.IniFormat
    )
    window = MainWindow(Library.open(folder / "library"), settings, app_icon())
    window.resize(*size)
    window.show()
    settle(app, window)
    window.search_field.setFocus()
    QTest.keyClicks(window.search_field, QUERY)
    settle(app, window)
    QTest.keyClick(window.search_field, Qt.Key.Key_Return)
    window.table.setCurrentIndex(window.model.index(0, 1))
    window.table.selectRow(0)
    settle(app, window)
    image = window.grab().toImage()
    # A palette of 256 colours keeps the PNG small; the UI has few colours.
    image = image.convertToFormat(
        QImage.Format.Format_Indexed8, Qt.ImageConversionFlag.ThresholdDither
    )
    path = DOCS / f"screenshot-{size[0]}x{size[1]}.png"
    image.save(str(path), "PNG", 0)  # type: ignore[call-overload]
    window.close()
    return path


def main() -> int:
    """Draw every screenshot; print where each went."""
    app = QApplication(sys.argv[:1])
    configure(app)
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        with Library.open(folder / "library") as library:
            library.import_samples()
            dress(library)
        for size in SIZES:
            print(shoot(app, folder, size))
    return 0


if __name__ == "__main__":
    sys.exit(main())
