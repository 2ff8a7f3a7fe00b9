"""Typing a query: its own results at once, whatever came before; errors and
suggestions that never get in the way of the next keystroke.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

import readinglist.gui.results_controller
import readinglist.gui.search
from readinglist.core.index.search import Searching
from readinglist.gui.main_window import MainWindow
from tests.unit.gui.conftest import wait_idle
from tests.unit.gui.drive import press, shortcut, type_keys


def retype(window: MainWindow, text: str) -> None:
    """Select what the search field holds and type ``text`` over it."""
    field = window.search_field
    field.setFocus()
    shortcut(field, "Ctrl+A")
    type_keys(field, text)


class Gate:
    """Holds a piece of work until the test lets it go (always, at the end)."""

    def __init__(self) -> None:
        self.entered = threading.Event()
        self.open = threading.Event()
        self.left = threading.Event()

    def wait(self) -> None:
        self.entered.set()
        # Bounded, so a test that fails cannot hang the suite.
        self.open.wait(timeout=20)
        self.left.set()


@pytest.fixture
def gate() -> Iterator[Gate]:
    made = Gate()
    yield made
    made.open.set()


class Clock:
    """``time.perf_counter`` for the search modules: it moves when told to."""

    def __init__(self) -> None:
        self.now = 1000.0

    def perf_counter(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    made = Clock()
    fake = SimpleNamespace(perf_counter=made.perf_counter)
    for module in (readinglist.gui.search, readinglist.gui.results_controller):
        monkeypatch.setattr(module, "time", fake, raising=False)
    return made


def test_a_slow_suggestion_never_delays_the_next_results(
    qtbot: QtBot, window: MainWindow, gate: Gate, monkeypatch: pytest.MonkeyPatch
) -> None:
    # "Did you mean" for a query that finds nothing may take seconds on a big
    # library; here it takes as long as the test wants.
    real = Searching.suggest

    def slow_suggest(self: Searching, text: str) -> str | None:
        gate.wait()
        return real(self, text)

    monkeypatch.setattr(Searching, "suggest", slow_suggest)
    retype(window, "difusion ")
    qtbot.waitUntil(gate.entered.is_set, timeout=10000)

    retype(window, "learning")
    expected, _ = window.library.search_ids("learning", typeahead=True)
    assert expected
    # The suggestion is still being worked out, and the results are there.
    qtbot.waitUntil(lambda: window.model.ids() == expected, timeout=10000)
    assert not gate.left.is_set()
    assert not window.results.empty

    gate.open.set()
    wait_idle(qtbot, window)
    # The late suggestion was for a query no longer there: it is dropped.
    assert window.model.ids() == expected
    assert not window.results.empty
    assert not window.results.suggestion.isVisible()


def test_the_status_says_how_long_the_user_waited(
    qtbot: QtBot,
    window: MainWindow,
    gate: Gate,
    clock: Clock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = window.library.search_ids

    def search_ids(query: str, *args: Any, **kwargs: Any) -> Any:
        if query == "graph":
            gate.wait()
        return real(query, *args, **kwargs)

    monkeypatch.setattr(window.library, "search_ids", search_ids)
    retype(window, "graph")
    qtbot.waitUntil(gate.entered.is_set, timeout=10000)
    # The next query waits behind the slow one for 2.5 s, then takes no time.
    retype(window, "learning")
    qtbot.waitUntil(lambda: not window.search._timer.isActive(), timeout=5000)
    clock.now += 2.5
    gate.open.set()
    wait_idle(qtbot, window)
    count = len(real("learning", typeahead=True)[0])
    assert window.status.text() == f"{count:,} papers \u2013 2500 ms"


def test_an_unfinished_query_does_not_flash_an_error(
    qtbot: QtBot, window: MainWindow, clock: Clock
) -> None:
    retype(window, "diffusion")
    wait_idle(qtbot, window)
    before = window.model.ids()
    retype(window, "diffusion year:[2024 TO")
    task = window.search._task
    qtbot.waitUntil(lambda: task is not window.search._task, timeout=5000)
    qtbot.waitUntil(
        lambda: window.search._task is not None and window.search._task.done
    )
    # Answered, but typing has not paused yet: no error, the results stay.
    assert not window.results.hint_bar.isVisible()
    assert window.model.ids() == before
    # Once it has, the message says what is wrong, under the search field.
    qtbot.waitUntil(window.results.hint_bar.isVisible, timeout=5000)
    hint = window.results.hint.text()
    assert 'the range "[2024 TO" at character 16 is never closed' in hint
    assert window.model.ids() == before
    assert window.results.hint.textFormat() == Qt.TextFormat.PlainText


def test_a_phrase_being_typed_shows_its_results(
    qtbot: QtBot, window: MainWindow
) -> None:
    retype(window, '"language mod')
    wait_idle(qtbot, window)
    expected, error = window.library.search_ids('"language mod"')
    assert error is None
    assert window.model.ids() == expected
    assert not window.results.hint_bar.isVisible()


def test_typing_not_excludes_as_it_should(qtbot: QtBot, window: MainWindow) -> None:
    retype(window, "NOT federated ")
    wait_idle(qtbot, window)
    everything = window.library.stats()["papers"]
    found, _ = window.library.search_ids("federated")
    assert window.model.rowCount() == everything - len(found) > 0


def test_enter_takes_the_suggestion(qtbot: QtBot, window: MainWindow) -> None:
    retype(window, "difusion ")
    wait_idle(qtbot, window)
    assert window.results.empty
    assert window.results.suggestion.text() == "diffusion"
    keys = window.results.suggestion_keys
    assert keys.isVisible() and keys.text() == "Press Enter to search for it"
    press(window.search_field, Qt.Key.Key_Return)
    wait_idle(qtbot, window)
    assert window.search_field.text().strip() == "diffusion"
    assert window.model.rowCount() > 0
    assert not window.results.empty
