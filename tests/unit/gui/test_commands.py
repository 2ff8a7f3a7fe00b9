"""Commands are data: names, titles and default keys in one table."""

from __future__ import annotations

from typing import cast

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMenu

from readinglist.gui.commands import COMMANDS, CommandRegistry
from readinglist.gui.main_window import MainWindow

REQUIRED = {
    "paper-star": ("S",),
    "paper-status-cycle": ("R",),
    "list-add": ("L",),
    "search-focus": ("/", "Ctrl+F"),
    "search-clear": ("Esc",),
    "import": ("Ctrl+I",),
    "paper-next": ("J",),
    "paper-prev": ("K",),
    "note-edit": ("N",),
}


def test_the_default_bindings_are_as_documented() -> None:
    for name, keys in REQUIRED.items():
        assert COMMANDS[name].keys == keys
    assert COMMANDS["paper-open"].keys[0] == "Return"


def test_no_two_commands_share_a_key() -> None:
    keys = [QKeySequence(k).toString() for c in COMMANDS.values() for k in c.keys]
    assert len(keys) == len(set(keys))


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
    titles = {a.objectName() for menu in menus for a in menu.actions()}
    assert set(COMMANDS) <= titles


def test_bindings_can_be_replaced(window: MainWindow) -> None:
    registry = CommandRegistry(window, {"paper-star": ["Ctrl+D"], "unknown": ["X"]})
    action = registry.bind("paper-star", lambda: None)
    assert [s.toString() for s in action.shortcuts()] == ["Ctrl+D"]
    assert registry.keys("paper-next") == ("J",)
    action.setParent(None)
    window.removeAction(action)
