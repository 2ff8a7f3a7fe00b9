"""Rebuilding the search index from the window, and what the results show meanwhile.

Each rebuild is held at its first progress report by a gate the test opens,
so what the window shows during a rebuild is looked at while it really runs.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog, QPushButton
from pytestqt.qtbot import QtBot

from readinglist.core.errors import StorageError
from readinglist.core.index.engine import Progress
from readinglist.core.library import Library
from readinglist.gui.main_window import MainWindow
from readinglist.gui.search import SearchRequest, run_request
from tests.unit.gui.conftest import wait_idle
from tests.unit.gui.drive import click, press, type_keys
from tests.unit.gui.test_palette import open_palette

Gate = threading.Event


@pytest.fixture
def gate(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> Iterator[Gate]:
    """Holds the window's library's rebuilds at their first report until set."""
    opened = threading.Event()
    real = window.library.reindex

    def held(progress: Progress | None = None) -> bool:
        def report(done: int, total: int) -> bool:
            opened.wait(20)
            return progress is None or progress(done, total)

        return real(report)

    monkeypatch.setattr(window.library, "reindex", held)
    yield opened
    opened.set()  # never leave a worker waiting


def run_command(qtbot: QtBot, window: MainWindow, typed: str) -> None:
    """Run a command from the palette: Ctrl+K, a few letters, Enter."""
    open_palette(qtbot, window)
    type_keys(window.overlays.palette.filter, typed)
    press(window.overlays.palette.filter, Qt.Key.Key_Return)


def rebuild_dialog(window: MainWindow) -> QProgressDialog:
    dialog = window.maintenance.rebuild.progress
    assert dialog is not None
    return dialog


def test_rebuild_from_the_palette_shows_progress_then_the_results(
    qtbot: QtBot, window: MainWindow, gate: Gate
) -> None:
    papers = window.library.stats()["papers"]
    assert window.model.rowCount() == papers
    run_command(qtbot, window, "rebuild search")

    # The rebuild runs on the write lane; the window keeps drawing.
    dialog = rebuild_dialog(window)
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    assert dialog.windowModality() == Qt.WindowModality.WindowModal
    assert dialog.findChild(QPushButton) is not None  # Cancel
    pane = window.results
    qtbot.waitUntil(lambda: pane.notice_shown, timeout=5000)
    assert pane.notice.text() == (
        f"The search index is being rebuilt (0 of {papers:,} papers); "
        "results will be back when it has finished."
    )
    assert pane.notice_progress.isVisible()
    assert pane.notice_progress.maximum() == papers
    assert not pane.rebuild_button.isVisible()
    assert not window.commands.action("index-rebuild").isEnabled()
    assert not window.commands.action("import").isEnabled()

    # A search asked meanwhile gets the library's word, not "bad query".
    window.search.set_query("diffusion")
    qtbot.waitUntil(lambda: not window.search.pending, timeout=5000)
    assert pane.notice_shown
    assert not pane.hint_bar.isVisible()

    gate.set()
    qtbot.waitUntil(lambda: window.maintenance.rebuild.progress is None, timeout=20000)
    wait_idle(qtbot, window)
    assert not pane.notice_shown
    matching = window.library.search_ids("diffusion", typeahead=True)[0]
    assert window.model.ids() == matching != []
    assert window.statusBar().currentMessage() == (
        f"The search index was rebuilt: {papers:,} papers."
    )
    assert window.commands.action("index-rebuild").isEnabled()
    assert window.library.check() == []


def test_cancel_leaves_the_index_incomplete_and_offers_to_finish(
    qtbot: QtBot, window: MainWindow, gate: Gate
) -> None:
    papers = window.library.stats()["papers"]
    window.commands.trigger("index-rebuild")
    dialog = rebuild_dialog(window)
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    cancel = dialog.findChild(QPushButton)
    assert cancel is not None and cancel.text() == "Cancel"
    click(cancel)
    gate.set()
    qtbot.waitUntil(lambda: window.maintenance.rebuild.progress is None, timeout=20000)
    wait_idle(qtbot, window)

    pane = window.results
    assert pane.notice_shown
    assert pane.notice.text().startswith("The search index is incomplete")
    assert not pane.notice_progress.isVisible()
    assert pane.rebuild_button.isVisible()
    assert "cancelled" in window.statusBar().currentMessage()
    # Every search says so too, instead of "no papers match".
    window.search_field.setFocus()
    type_keys(window.search_field, "diffusion")
    wait_idle(qtbot, window)
    assert pane.notice_shown
    assert pane.notice.text().startswith("The search index is incomplete")

    click(pane.rebuild_button)
    qtbot.waitUntil(lambda: window.maintenance.rebuild.progress is None, timeout=20000)
    wait_idle(qtbot, window)
    assert not pane.notice_shown
    assert window.model.rowCount() > 0
    assert window.library.stats()["papers"] == papers
    assert window.library.check() == []


def test_results_come_back_after_a_rebuild_the_window_did_not_start(
    qtbot: QtBot, window: MainWindow
) -> None:
    # As when a search or a change meets a damaged index and the library
    # rebuilds it on the spot: the window learns of it from the answers.
    opened = threading.Event()

    def held(done: int, total: int) -> bool:
        opened.wait(20)
        return True

    library: Library = window.library
    worker = threading.Thread(target=library.reindex, args=(held,))
    worker.start()
    try:
        qtbot.waitUntil(lambda: library.rebuilding.active, timeout=5000)
        window.search_field.setFocus()
        type_keys(window.search_field, "attention")
        pane = window.results
        qtbot.waitUntil(lambda: pane.notice_shown, timeout=5000)
        assert "being rebuilt" in pane.notice.text()
        assert window.status.text() == "Search is paused"
    finally:
        opened.set()
        worker.join(20)
    # Nobody asks again: the window notices the end of the rebuild itself.
    qtbot.waitUntil(lambda: not window.results.notice_shown, timeout=5000)
    wait_idle(qtbot, window)
    expected = library.search_ids("attention", typeahead=True)[0]
    assert window.model.ids() == expected != []


def test_a_rebuild_the_disk_refuses_is_reported(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    refusal = "the disk that holds the library is full; free some space"

    def full(progress: Callable[[int, int], bool] | None = None) -> bool:
        raise StorageError(refusal)

    monkeypatch.setattr(window.library, "reindex", full)
    window.commands.trigger("index-rebuild")
    qtbot.waitUntil(lambda: window.error_box is not None, timeout=5000)
    box = window.error_box
    assert box is not None
    assert box.text() == f"The search index could not be rebuilt: {refusal}"
    assert box.textFormat() == Qt.TextFormat.PlainText
    assert window.commands.action("index-rebuild").isEnabled()
    assert window.maintenance.messages.messages[-1].text.endswith(refusal + ".")


def test_a_search_during_a_rebuild_is_the_indexs_notice_not_a_query_error(
    sample_library: Library,
) -> None:
    opened = threading.Event()

    def held(done: int, total: int) -> bool:
        opened.wait(20)
        return True

    worker = threading.Thread(target=sample_library.reindex, args=(held,))
    worker.start()
    try:
        while not sample_library.rebuilding.active:
            opened.wait(0.01)
        outcome = run_request(sample_library, SearchRequest("diffusion"))
    finally:
        opened.set()
        worker.join(20)
    assert outcome.error is None
    assert outcome.index_notice is not None
    assert "being rebuilt" in outcome.index_notice
    assert outcome.ids == []


def test_an_error_from_a_rebuild_that_came_and_went_is_asked_again(
    sample_library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A rebuild that starts and ends within one query leaves only its error
    # behind: the answer must be asked for again, not shown as a bad query.
    real = sample_library.search_ids
    calls: list[str] = []

    def once_busy(
        query: str, *args: Any, **kwargs: Any
    ) -> tuple[list[str], str | None]:
        calls.append(query)
        if len(calls) == 1:
            sample_library.rebuilding.runs += 1
            return [], "The search index is being rebuilt (0 of 3 papers)"
        return real(query, *args, **kwargs)

    monkeypatch.setattr(sample_library, "search_ids", once_busy)
    outcome = run_request(sample_library, SearchRequest("diffusion"))
    assert len(calls) == 2
    assert outcome.error is None and outcome.index_notice is None
    assert outcome.ids == real("diffusion", typeahead=True)[0] != []
