"""Binds every command of :data:`COMMANDS` to what it does in the main window.

One table, :func:`handlers`, says what each command name runs; binding fails
loudly if a command has no handler, so none is ever left without one. The
menus, the result table's context menu, the Undo/Redo texts and the key hints
around the window are made here from the same actions.

The window is known here only by the parts the commands use
(:class:`CommandWindow`), so this module never imports the main window that
installs it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Protocol

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QUndoStack
from PySide6.QtWidgets import QLineEdit, QMenu, QMenuBar, QWidget

from readinglist.gui.commands.catalog import (
    COMMANDS,
    MENUS,
    SEPARATE_AFTER,
    TABLE_MENU,
    Place,
)
from readinglist.gui.commands.lists import ListCommands
from readinglist.gui.commands.papers import PaperCommands
from readinglist.gui.commands.registry import CommandRegistry
from readinglist.gui.exporting import ExportController
from readinglist.gui.importing import ImportController
from readinglist.gui.maintenance import Maintenance
from readinglist.gui.overlays import Overlays
from readinglist.gui.paper_links import PaperLinks
from readinglist.gui.results_controller import ResultsController
from readinglist.gui.search import SearchController, SearchOutcome
from readinglist.gui.undo import History
from readinglist.gui.widgets import columns
from readinglist.gui.widgets.paper_view import PaperView
from readinglist.gui.widgets.results import PaperTable, ResultsPane
from readinglist.gui.widgets.sidebar import Sidebar

log = logging.getLogger(__name__)


class CommandWindow(Protocol):
    """What the commands use of the main window."""

    commands: CommandRegistry
    history: History
    search: SearchController
    importer: ImportController
    exporter: ExportController
    paper_commands: PaperCommands
    list_commands: ListCommands
    paper_links: PaperLinks
    overlays: Overlays
    maintenance: Maintenance
    results_controller: ResultsController
    results: ResultsPane
    search_field: QLineEdit
    table: PaperTable
    paper_view: PaperView
    sidebar: Sidebar

    def quit(self) -> None: ...
    def focus_search(self) -> None: ...
    def clear_search(self) -> None: ...
    def notify(self, message: str) -> None: ...
    def show_sidebar(self, shown: bool) -> None: ...
    def show_paper_pane(self, shown: bool) -> None: ...
    def menuBar(self) -> QMenuBar: ...


def handlers(window: CommandWindow) -> dict[str, Callable[[], None]]:
    """What each command runs in ``window``.

    Args:
        window: the main window, with its controllers built.

    Returns:
        A handler for every command name.
    """
    paper = window.paper_commands
    lists = window.list_commands
    overlays = window.overlays
    exporter = window.exporter
    stack = window.history.stack
    results = window.results_controller
    return {
        "import": window.importer.choose_files,
        "paste-import": window.importer.paste,
        "copy-citekey": window.paper_links.copy_citation_keys,
        "paper-browse": window.paper_links.open_paper,
        "view-sidebar": lambda: _toggle(window, "view-sidebar"),
        "view-paper": lambda: _toggle(window, "view-paper"),
        "samples-load": window.importer.load_samples,
        "export": exporter.open_dialog,
        "copy-bibtex": exporter.copy_bibtex,
        "index-rebuild": window.maintenance.rebuild.start,
        "backup-restore": window.maintenance.restore.open_dialog,
        "quit": window.quit,
        "undo": stack.undo,
        "redo": stack.redo,
        "search-focus": window.focus_search,
        "search-clear": window.clear_search,
        "search-save": lambda: lists.save_search(window.search_field.text()),
        "search-rename": lists.rename_search,
        "search-delete": lists.delete_search,
        "palette": overlays.toggle_palette,
        "paper-next": lambda: results.move(1),
        "paper-prev": lambda: results.move(-1),
        "paper-open": lambda: _open_or_take_suggestion(window),
        "paper-star": paper.toggle_star,
        "paper-status-cycle": paper.cycle_status,
        "note-edit": paper.edit_note,
        "more-like-this": paper.more_like_this,
        "paper-delete": paper.delete_selected,
        # With no paper to add, L still makes a list, as the sidebar's hint says.
        "list-add": lambda: (
            paper.pick_list() if paper.selected_ids() else lists.new_list()
        ),
        "list-remove": lists.remove_from_list,
        "list-new": lists.new_list,
        "list-rename": lists.rename_list,
        "list-delete": lists.delete_list,
        "list-move-up": lambda: lists.move(-1),
        "list-move-down": lambda: lists.move(1),
        "help-keys": overlays.toggle_help,
        "messages": window.maintenance.messages.show_all,
        "about": overlays.show_about,
    }


def _open_or_take_suggestion(window: CommandWindow) -> None:
    # With no results but a "did you mean", the key that opens takes it.
    if window.results_controller.take_suggestion():
        return
    if window.table.hasFocus() and window.paper_view.isHidden():
        # Opening a paper from the results shows the pane hidden to make room.
        show_panes(window, not window.sidebar.isHidden(), True)
    window.paper_commands.open_current()


def _toggle(window: CommandWindow, name: str) -> None:
    """Show or hide the sidebar or the paper pane, as its menu item says."""
    sidebar = not window.sidebar.isHidden()
    paper = not window.paper_view.isHidden()
    if name == "view-sidebar":
        sidebar = not sidebar
    else:
        paper = not paper
    show_panes(window, sidebar, paper)


def show_panes(window: CommandWindow, sidebar: bool, paper: bool) -> None:
    """Show or hide the sidebar and the paper pane, and tick View's items.

    Args:
        window: the main window.
        sidebar: show the sidebar.
        paper: show the paper pane.
    """
    window.show_sidebar(sidebar)
    window.show_paper_pane(paper)
    window.commands.action("view-sidebar").setChecked(sidebar)
    window.commands.action("view-paper").setChecked(paper)


def install(window: CommandWindow) -> None:
    """Bind every command, and fill the menus and the table's context menu.

    Args:
        window: the main window, with its controllers built.
    """
    commands = window.commands
    run = handlers(window)
    field, table = window.search_field, window.table
    places: dict[Place, QWidget] = {"search field": field, "results": table}
    for name, command in COMMANDS.items():
        only_in = [places[place] for place in command.keys_in]
        action = commands.bind(name, run[name], only_in=only_in)
        action.setCheckable(command.checkable)
        action.setChecked(command.checkable)
    for key, title in MENUS:
        menu = window.menuBar().addMenu(title)
        for action in commands.menu_actions(key):
            menu.addAction(action)
            if action.objectName() in SEPARATE_AFTER:
                menu.addSeparator()
        if key == "View":
            _add_columns_menu(window, menu)
    for name in TABLE_MENU:
        if name:
            table.addAction(commands.action(name))
        else:
            separator = QAction(table)
            separator.setSeparator(True)
            table.addAction(separator)
    table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
    offer_moves(window)
    follow_stack(commands.action("undo"), commands.action("redo"), window.history.stack)
    show_keys(window)


def _add_columns_menu(window: CommandWindow, view: QMenu) -> None:
    """View > Columns: the header's menu, for the keyboard."""
    view.addSeparator()
    menu = view.addMenu("&Columns")
    menu.setObjectName("viewColumns")
    header = window.table.horizontalHeader()
    menu.aboutToShow.connect(lambda: columns.fill_menu(menu, header))
    columns.fill_menu(menu, header)


def offer_moves(window: CommandWindow) -> None:
    """Offer Move Up and Move Down in List only while a reading list is shown.

    Outside a list there is no order to change, so the menus leave them out
    (as Zotero has no such item outside a collection) and their keys rest.

    Args:
        window: the main window, with its commands bound.
    """
    moves = [window.commands.action(n) for n in ("list-move-up", "list-move-down")]

    def follow(outcome: SearchOutcome) -> None:
        in_list = outcome.request.list_name is not None
        for action in moves:
            action.setVisible(in_list)
            action.setEnabled(in_list)

    window.search.finished.connect(follow)
    follow(SearchOutcome(window.search.request, [], 0.0))


def follow_stack(undo: QAction, redo: QAction, stack: QUndoStack) -> None:
    """Keep Undo and Redo saying what they will do ("Undo Star 3 papers").

    Args:
        undo: the undo command's action.
        redo: the redo command's action.
        stack: the undo stack.
    """

    def update() -> None:
        # The stack also says it emptied while it is being destroyed.
        if not all(shiboken6.isValid(o) for o in (stack, undo, redo)):
            return
        # A list called "R&D" must not turn its D into a menu mnemonic.
        undo_text = stack.undoText().replace("&", "&&")
        redo_text = stack.redoText().replace("&", "&&")
        undo.setText(f"&Undo {undo_text}" if undo_text else "&Undo")
        redo.setText(f"&Redo {redo_text}" if redo_text else "&Redo")
        undo.setEnabled(stack.canUndo())
        redo.setEnabled(stack.canRedo())

    stack.indexChanged.connect(lambda _: update())
    stack.undoTextChanged.connect(lambda _: update())
    stack.redoTextChanged.connect(lambda _: update())
    update()


def show_keys(window: CommandWindow) -> None:
    """Name the keys in effect in the window's hints (the user may change them).

    Args:
        window: the main window, with its commands bound.
    """
    commands = window.commands
    keys = {name: commands.shortcut_text(name) for name in commands.names()}
    window.paper_view.show_keys(keys)
    # "Return" is the key most keyboards label Enter.
    opening = keys["paper-open"]
    window.results.set_suggestion_key("Enter" if opening == "Return" else opening)
    window.results_controller.clear_key = keys["search-clear"]
    search = f"   ( {keys['search-focus']} )" if keys["search-focus"] else ""
    window.search_field.setPlaceholderText(
        f"Search titles, abstracts and notes{search}"
    )
    if keys["list-add"]:
        window.sidebar.sidebar_model.list_hint = f"Press {keys['list-add']} to make one"


def report_key_problems(window: CommandWindow) -> None:
    """Say what in the user's keys could not be used, on stderr and in the window.

    Args:
        window: the main window, with its commands bound.
    """
    problems = window.commands.keymap.problems
    for problem in problems:
        log.warning("%s", problem)
    if problems:
        keys = window.commands.shortcut_text("help-keys")
        window.notify(
            f"Some of your keys could not be used ({len(problems)}): "
            f"{problems[0]}. Press {keys} to see them all."
        )
