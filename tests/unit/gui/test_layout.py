"""Room for titles: the columns, their menu, and a window of 900 by 600."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtGui import QContextMenuEvent, QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.qtbot import QtBot

from readinglist.core.weblinks import paper_page_url
from readinglist.gui.main_window import MainWindow
from readinglist.gui.models.papers import Column
from tests.unit.gui.conftest import WindowFactory, wait_idle
from tests.unit.gui.drive import press, shortcut


def fit(qtbot: QtBot, window: MainWindow, width: int, height: int) -> None:
    """Resize the window as a user on a small screen would."""
    window.resize(width, height)
    qtbot.waitUntil(lambda: window.width() == width)
    QApplication.processEvents()
    wait_idle(qtbot, window)


@pytest.mark.parametrize(("width", "height", "share"), [(900, 600, 3), (1150, 750, 2)])
def test_the_title_column_takes_the_room(
    qtbot: QtBot, window: MainWindow, width: int, height: int, share: int
) -> None:
    fit(qtbot, window, width, height)
    table = window.table
    header = table.horizontalHeader()
    assert not table.horizontalScrollBar().isVisible()
    widths = {c: header.sectionSize(c) for c in Column if not header.isSectionHidden(c)}
    assert max(widths, key=lambda c: widths[c]) == Column.TITLE
    # Whole words of a title: a third of the table at 900 pixels, half at 1150.
    assert widths[Column.TITLE] * share >= table.viewport().width()
    # The mostly empty Lists column is no wider than a short list name.
    assert widths[Column.LISTS] < 100


def header_menu(qtbot: QtBot, window: MainWindow) -> QMenu:
    """Right-click the header and return the menu that opened."""
    header = window.table.horizontalHeader()
    pos = QPoint(header.sectionViewportPosition(Column.TITLE) + 10, 5)
    event = QContextMenuEvent(
        QContextMenuEvent.Reason.Mouse, pos, header.mapToGlobal(pos)
    )
    QApplication.sendEvent(header.viewport(), event)
    menu = header.findChild(QMenu, "columnMenu")
    assert menu is not None
    qtbot.waitUntil(menu.isVisible)
    return menu


# The offscreen platform cannot raise a pop-up menu or let it grab the keyboard.
@pytest.mark.qt_log_ignore("does not support raise", "does not support grabbing")
def test_the_header_menu_shows_and_hides_columns_and_they_are_remembered(
    qtbot: QtBot, open_window: WindowFactory, sample_library_dir: Path
) -> None:
    window = open_window(sample_library_dir)
    header = window.table.horizontalHeader()
    assert header.isSectionHidden(Column.CITEKEY)
    menu = header_menu(qtbot, window)
    names = [a.text() for a in menu.actions()]
    assert names == ["Authors", "Added", "Citation Key", "Upvotes", "Lists"]
    # Down to "Citation Key" and tick it, from the keyboard.
    for _ in range(3):
        press(menu, Qt.Key.Key_Down)
    press(menu, Qt.Key.Key_Return)
    assert not header.isSectionHidden(Column.CITEKEY)
    key = window.model.index(0, Column.CITEKEY).data()
    first = window.model.paper_id(0)
    assert key and first and key == window.library.paper(first).citekey
    header.moveSection(header.visualIndex(Column.LISTS), 2)
    header.resizeSection(Column.LISTS, 150)
    window.close()
    again = open_window(sample_library_dir)
    header = again.table.horizontalHeader()
    assert not header.isSectionHidden(Column.CITEKEY)
    assert header.visualIndex(Column.LISTS) == 2
    assert header.sectionSize(Column.LISTS) == 150
    assert header.sectionResizeMode(Column.TITLE) == header.ResizeMode.Stretch


def test_sidebar_and_paper_pane_hide_by_key_and_stay_hidden(
    qtbot: QtBot, open_window: WindowFactory, sample_library_dir: Path
) -> None:
    window = open_window(sample_library_dir)
    window.activateWindow()
    window.table.setFocus()
    fit(qtbot, window, 900, 600)
    before = window.table.horizontalHeader().sectionSize(Column.TITLE)
    shortcut(window.table, "Ctrl+B")
    shortcut(window.table, "Ctrl+Shift+B")
    assert window.sidebar.isHidden()
    assert window.paper_view.isHidden()
    QApplication.processEvents()
    assert window.table.horizontalHeader().sectionSize(Column.TITLE) > before * 2
    assert window.table.hasFocus()
    press(window.table, Qt.Key.Key_J)  # keys still work
    window.close()
    again = open_window(sample_library_dir)
    assert again.sidebar.isHidden()
    assert again.paper_view.isHidden()
    assert not again.commands.action("view-sidebar").isChecked()
    shortcut(again.table, "Ctrl+B")
    assert not again.sidebar.isHidden()


def test_enter_on_a_paper_shows_the_hidden_paper_pane(
    qtbot: QtBot, open_window: WindowFactory, sample_library_dir: Path
) -> None:
    window = open_window(sample_library_dir)
    window.activateWindow()
    window.table.setFocus()
    shortcut(window.table, "Ctrl+Shift+B")
    assert window.paper_view.isHidden()
    press(window.table, Qt.Key.Key_J)
    press(window.table, Qt.Key.Key_Return)
    assert not window.paper_view.isHidden()
    assert window.commands.action("view-paper").isChecked()
    assert window.paper_view.browser.hasFocus()


def test_o_opens_the_papers_page(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []

    def open_url(url: QUrl) -> bool:
        opened.append(url.toString(QUrl.ComponentFormattingOption.FullyEncoded))
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", open_url)
    window.activateWindow()
    window.table.setFocus()
    seen: dict[bool, str] = {}
    for _ in range(window.model.rowCount()):
        paper = window.paper_view.paper
        assert paper is not None
        own = any(link.startswith("http") for link in paper.links)
        if own not in seen:
            press(window.table, Qt.Key.Key_O)
            seen[own] = opened[-1]
            assert opened[-1] == paper_page_url(paper)
        if len(seen) == 2:
            break
        press(window.table, Qt.Key.Key_J)
    assert seen[False].startswith("https://huggingface.co/papers?q=")
    assert not seen[True].startswith("https://huggingface.co/papers?q=")


def test_copy_citation_key(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    window.table.setFocus()
    paper = window.paper_view.paper
    assert paper is not None and paper.citekey
    shortcut(window.table, "Ctrl+Shift+K")
    assert QGuiApplication.clipboard().text() == paper.citekey
    assert paper.citekey in window.statusBar().currentMessage()
