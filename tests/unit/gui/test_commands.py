"""Commands are data: names, titles and default keys in one table."""

from __future__ import annotations

from pathlib import Path
from typing import cast

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMenu

from readinglist.gui.commands.catalog import COMMANDS, MENUS
from readinglist.gui.keymap import keyboard_markdown
from readinglist.gui.main_window import MainWindow

README = Path(__file__).parents[3] / "README.md"
REQUIRED = {
    "paper-star": ("S",),
    "paper-status-cycle": ("R",),
    "list-add": ("L",),
    "search-focus": ("/", "Ctrl+F"),
    "search-clear": ("Esc",),
    "import": ("Ctrl+I",),
    "export": ("Ctrl+E",),
    "copy-bibtex": ("Ctrl+Shift+C",),
    "undo": ("Ctrl+Z",),
    "redo": ("Ctrl+Shift+Z", "Ctrl+Y"),
    "palette": ("Ctrl+K", "Ctrl+Shift+P"),
    "search-save": ("Ctrl+S",),
    "help-keys": ("?", "F1"),
    "list-move-up": ("Alt+Up",),
    "list-move-down": ("Alt+Down",),
    "paper-delete": ("Del",),
    "paper-next": ("J",),
    "paper-prev": ("K",),
    "note-edit": ("N",),
}
NAMED = {
    "search-focus", "search-clear", "paper-next", "paper-prev", "paper-open",
    "paper-star", "paper-status-cycle", "note-edit", "list-add", "list-remove",
    "list-new", "list-rename", "list-delete", "import", "export", "copy-bibtex",
    "undo", "redo", "palette", "more-like-this", "search-save", "help-keys",
    "paper-delete", "about", "samples-load",
}  # fmt: skip


def test_the_default_bindings_are_as_documented() -> None:
    assert set(COMMANDS) >= NAMED
    for name, keys in REQUIRED.items():
        assert COMMANDS[name].keys == keys
    assert COMMANDS["paper-open"].keys[0] == "Return"


def test_no_two_commands_share_a_key() -> None:
    keys = [QKeySequence(k).toString() for c in COMMANDS.values() for k in c.keys]
    assert len(keys) == len(set(keys))


def test_every_command_has_a_menu_title_and_tip() -> None:
    menus = {key for key, _ in MENUS}
    for command in COMMANDS.values():
        assert command.menu in menus
        assert command.title and command.tip


def test_every_command_is_bound_in_the_window(window: MainWindow) -> None:
    for name, command in COMMANDS.items():
        action = window.commands.action(name)
        assert action.objectName() == name
        assert [s.toString() for s in action.shortcuts()] == [
            QKeySequence(k).toString() for k in command.keys
        ]
    assert window.commands.shortcut_text("import") == QKeySequence("Ctrl+I").toString(
        QKeySequence.SequenceFormat.NativeText
    )


def test_menus_list_the_commands(window: MainWindow) -> None:
    menus = [cast(QMenu, a.menu()) for a in window.menuBar().actions()]
    assert [m.title() for m in menus] == [title for _, title in MENUS]
    names = {a.objectName() for menu in menus for a in menu.actions()}
    assert set(COMMANDS) <= names


def test_the_readme_keyboard_section_is_the_generated_one() -> None:
    section = keyboard_markdown()
    text = README.read_text(encoding="utf-8")
    start = text.index("## Keyboard\n")
    end = text.index("\n## ", start)
    # To refresh it: python -m readinglist.gui.keymap
    assert text[start:end] == section
    for name, command in COMMANDS.items():
        assert f"`{name}`" in section
        for key in command.keys:
            assert f"`{key}`" in section
