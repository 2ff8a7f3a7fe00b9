"""The palette and the key help fit their window; links read in a dark theme."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from readinglist.gui.main_window import MainWindow
from readinglist.gui.text import contrast
from tests.unit.gui.conftest import wait_idle
from tests.unit.gui.drive import press, type_keys
from tests.unit.gui.test_layout import fit
from tests.unit.gui.test_palette import open_palette


def test_the_palettes_keys_are_clear_of_its_scroll_bar(
    qtbot: QtBot, window: MainWindow
) -> None:
    fit(qtbot, window, 1150, 750)
    open_palette(qtbot, window)
    choices = window.overlays.palette.choices
    assert choices.verticalScrollBar().isVisible()  # more commands than rows
    assert not choices.horizontalScrollBar().isVisible()
    viewport = choices.viewport().width()
    for row in range(choices.count()):
        rect = choices.visualItemRect(choices.item(row))
        # The key is drawn at the row's right end: it must end inside the view.
        assert rect.right() < viewport
    press(window.overlays.palette.filter, Qt.Key.Key_Escape)


# The help cut "in the search field and results" off at 1150 pixels with a
# desktop's fonts; the offscreen fonts are smaller, and cut it at 900.
@pytest.mark.parametrize(("width", "height"), [(900, 600), (1150, 750)])
def test_the_key_help_shows_every_word(
    qtbot: QtBot, window: MainWindow, width: int, height: int
) -> None:
    fit(qtbot, window, width, height)
    window.table.setFocus()
    press(window.table, Qt.Key.Key_Question)
    help_ = window.overlays.help
    assert help_.isVisible()
    QApplication.processEvents()
    body = help_.area.widget()
    assert body is not None
    check_help_fits(body)
    press(help_, Qt.Key.Key_Escape)


def check_help_fits(body: QWidget) -> None:
    """Every label of the key help shows all its words."""
    where = [
        label
        for label in body.findChildren(QLabel)
        if label.text() == "in the search field and results"
    ]
    assert where
    for label in body.findChildren(QLabel):
        if not label.text():
            continue
        # Inside the row that holds it, or its end is cut off.
        parent = label.parentWidget()
        assert parent is not None
        assert label.geometry().right() < parent.width(), label.text()
        if label.wordWrap():
            assert label.height() >= label.heightForWidth(label.width()), label.text()
        else:
            assert label.width() >= label.sizeHint().width(), label.text()


def test_did_you_mean_is_readable_in_a_dark_theme(
    qtbot: QtBot, window: MainWindow, qapp: QApplication
) -> None:
    light = qapp.palette()
    dark = QPalette(light)
    for role, colour in (
        (QPalette.ColorRole.Window, "#2b2b2b"),
        (QPalette.ColorRole.Base, "#2b2b2b"),
        (QPalette.ColorRole.Text, "#e8e8e8"),
        (QPalette.ColorRole.WindowText, "#e8e8e8"),
        (QPalette.ColorRole.Link, "#0000ff"),
    ):
        dark.setColor(role, QColor(colour))
    try:
        qapp.setPalette(dark)
        window.search_field.setFocus()
        type_keys(window.search_field, "difusion ")
        wait_idle(qtbot, window)
        suggestion = window.results.suggestion
        assert suggestion.isVisible()
        shown = suggestion.palette().color(suggestion.foregroundRole())
        assert contrast(shown, QColor("#2b2b2b")) >= 4.5
        assert shown.hslHue() == QColor("#0000ff").hslHue()  # still the link's hue
    finally:
        qapp.setPalette(light)
