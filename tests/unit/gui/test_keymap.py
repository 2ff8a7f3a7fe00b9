"""The user's own keys: read from keys.toml or keys.json, problems reported."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from readinglist.gui.commands.catalog import COMMANDS
from readinglist.gui.keymap import load_keymap, normalise, read_user_bindings, resolve
from tests.unit.gui.conftest import WindowFactory, wait_idle
from tests.unit.gui.drive import press, shortcut, type_keys


def test_keys_are_read_in_qt_portable_text() -> None:
    assert normalise("ctrl+d") == "Ctrl+D"
    assert normalise("s") == "S"
    assert normalise("Delete") == "Del"
    assert normalise("Ctrl+X, Ctrl+C") == "Ctrl+X, Ctrl+C"
    for bad in ("", "Ctrl+Foo", "Ctrl+", "Hyper+Q"):
        assert normalise(bad) is None, bad


def test_the_defaults_have_no_problems(config_home: Path) -> None:
    keymap = load_keymap()
    assert keymap.problems == ()
    assert keymap.source is None
    assert dict(keymap.keys) == {n: c.keys for n, c in COMMANDS.items()}


def test_a_user_key_replaces_the_defaults_of_that_command() -> None:
    keys, problems = resolve({"paper-star": ["s", "ctrl+d"], "note-edit": []})
    assert problems == []
    assert keys["paper-star"] == ("S", "Ctrl+D")
    assert keys["note-edit"] == ()
    assert keys["paper-next"] == ("J",)


def test_every_kind_of_problem_is_named() -> None:
    keys, problems = resolve(
        {
            "paper-stare": ["X"],
            "paper-star": ["Ctrl+Foo", "Ctrl+D"],
            "note-edit": ["Ctrl+D"],
            "more-like-this": ["J"],
        }
    )
    assert problems == [
        'keys.toml: there is no command named "paper-stare"; did you mean '
        '"paper-star"?',
        'keys.toml: "Ctrl+Foo" for paper-star is not a key Reading List can read; '
        'write keys like "S", "Ctrl+D" or "Alt+Up"',
        '"Ctrl+D" is bound to both paper-star and note-edit; it runs paper-star. '
        "Give one of them another key in keys.toml",
        '"J" is bound to both more-like-this and paper-next; it runs '
        "more-like-this. Give one of them another key in keys.toml",
    ]
    assert keys["paper-star"] == ("Ctrl+D",)
    assert keys["note-edit"] == ()
    assert keys["more-like-this"] == ("J",)
    assert keys["paper-next"] == ()


def test_a_chord_that_starts_another_is_a_conflict() -> None:
    _, problems = resolve({"paper-star": ["Ctrl+X"], "note-edit": ["Ctrl+X, N"]})
    assert problems == [
        '"Ctrl+X, N" is bound to both paper-star and note-edit; it runs '
        "paper-star. Give one of them another key in keys.toml"
    ]


def test_json_is_read_when_there_is_no_toml(config_home: Path) -> None:
    (config_home / "keys.json").write_text('{"bindings": {"paper-star": "Ctrl+D"}}')
    bindings, problems, source = read_user_bindings(config_home)
    assert (bindings, problems) == ({"paper-star": ["Ctrl+D"]}, [])
    assert source == config_home / "keys.json"
    (config_home / "keys.toml").write_text('[bindings]\n"paper-star" = ["Ctrl+T"]\n')
    bindings, problems, source = read_user_bindings(config_home)
    assert bindings == {"paper-star": ["Ctrl+T"]}
    assert problems == ["both keys.toml and keys.json exist; only keys.toml is read"]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('[bindings\n"a" = 1', "keys.toml is not valid (Expected ']'"),
        ('"paper-star" = ["S"]\n', "keys.toml has no [bindings] table"),
        ('[bindings]\n"paper-star" = 3\n', "keys.toml: the keys of paper-star should"),
        ('[keys]\n[bindings]\n"paper-star" = ["S"]\n', "keys.toml has a part"),
    ],
)
def test_a_file_that_cannot_be_used_says_why(
    config_home: Path, text: str, problem: str
) -> None:
    (config_home / "keys.toml").write_text(text)
    keymap = load_keymap()
    assert any(p.startswith(problem) for p in keymap.problems), keymap.problems


def test_rebinding_from_the_settings_file_works(
    qtbot: QtBot,
    config_home: Path,
    open_window: WindowFactory,
    sample_library_dir: Path,
) -> None:
    (config_home / "keys.toml").write_text(
        '[bindings]\n"paper-star" = ["Ctrl+D"]\n"paper-next" = ["J", "Down"]\n'
    )
    window = open_window(sample_library_dir)
    assert window.commands.keymap.problems == ()
    first = window.model.paper_id(0)
    window.table.setFocus()
    shortcut(window.table, "Ctrl+D")
    wait_idle(qtbot, window)
    assert first is not None and window.library.paper(first).starred
    press(window.table, Qt.Key.Key_S)
    wait_idle(qtbot, window)
    assert window.library.paper(first).starred  # S no longer stars
    assert window.commands.action("paper-star").shortcut().toString() == "Ctrl+D"
    # Ctrl+D is not an editing key, so it stars from the search field too.
    window.search_field.setFocus()
    type_keys(window.search_field, "d")
    shortcut(window.search_field, "Ctrl+D")
    wait_idle(qtbot, window)
    assert not window.library.paper(first).starred
    assert window.search_field.text() == "d"


def test_a_conflict_is_reported_not_ignored(
    qtbot: QtBot,
    config_home: Path,
    open_window: WindowFactory,
    sample_library_dir: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    (config_home / "keys.toml").write_text(
        '[bindings]\n"paper-star" = ["Ctrl+D"]\n"note-edit" = ["Ctrl+D"]\n'
    )
    with caplog.at_level(logging.WARNING):
        window = open_window(sample_library_dir)
    conflict = (
        '"Ctrl+D" is bound to both paper-star and note-edit; it runs paper-star. '
        "Give one of them another key in keys.toml"
    )
    assert window.commands.keymap.problems == (conflict,)
    assert conflict in caplog.text
    assert conflict in window.statusBar().currentMessage()
    window.table.setFocus()
    press(window.table, Qt.Key.Key_F1)
    help_text = window.overlays.help.text()
    assert conflict in help_text
    assert str(config_home / "keys.toml") in help_text
    press(window.overlays.help, Qt.Key.Key_Escape)
    assert not window.overlays.help.isVisible()
    shortcut(window.table, "Ctrl+D")
    wait_idle(qtbot, window)
    assert window.library.stats()["starred"] == 1
