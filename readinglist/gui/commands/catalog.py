"""What each command is: its name, title, keys and where it shows, kept as data.

Every user action in the window is a command with a stable name
(``paper-star``), a title for menus and the command palette, default keys,
the menu that lists it and where its keys work. :data:`COMMANDS` is the one
table of them: menus, the result table's context menu, shortcuts, the
palette, the keyboard help and the README's keyboard map are all made from
it. Nothing here runs anything; what a command does is bound to its name in
:mod:`readinglist.gui.commands.window`. The user's own keys (``keys.toml``,
see :mod:`readinglist.gui.keymap`) replace the defaults of the commands they
name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Place = Literal["search field", "results"]
"""A part of the window that can keep a command's keys to itself."""


@dataclass(frozen=True, slots=True)
class Command:
    """What a command is called and which keys run it by default.

    Attributes:
        title: the menu and palette text (``&`` marks the menu mnemonic).
        keys: default key sequences, in ``QKeySequence`` portable text.
        menu: the menu that lists it.
        tip: what it does, for tooltips, the palette and the keyboard help.
        where: where its keys work when not everywhere in the window, as a
            phrase for the keyboard help ("in the search field").
        keys_in: if given, its keys work only while one of these has focus
            (so Enter on a focused button still presses the button).
        checkable: its menu item is ticked or not (a pane shown or hidden).
    """

    title: str
    keys: tuple[str, ...] = ()
    menu: str = ""
    tip: str = ""
    where: str = ""
    keys_in: tuple[Place, ...] = ()
    checkable: bool = False


COMMANDS: dict[str, Command] = {
    # -- File
    "import": Command(
        "&Import Files…",
        ("Ctrl+I",),
        "File",
        "Import listing, BibTeX, RIS or CSL-JSON files",
    ),
    "paste-import": Command(
        "Paste &Listing",
        ("Ctrl+V",),
        "File",
        "Import listing text from the clipboard, such as a Daily Papers page "
        "copied in a browser",
        "outside text fields",
    ),
    "samples-load": Command(
        "Load &Sample Papers", (), "File", "Import the bundled sample listings"
    ),
    "export": Command(
        "&Export…",
        ("Ctrl+E",),
        "File",
        "Export papers as BibTeX, BibLaTeX, RIS, CSL-JSON, Markdown or CSV",
    ),
    "copy-bibtex": Command(
        "&Copy as BibTeX",
        ("Ctrl+Shift+C",),
        "File",
        "Copy the selected papers to the clipboard as BibTeX",
    ),
    "copy-citekey": Command(
        "Copy Citation &Key",
        ("Ctrl+Shift+K",),
        "File",
        "Copy the selected papers' citation keys, for \\cite{}",
    ),
    "index-rebuild": Command(
        "Re&build Search Index",
        (),
        "File",
        "Rebuild the search index from the library; searching waits until it is done",
    ),
    "backup-restore": Command(
        "&Restore from Backup…",
        (),
        "File",
        "Replace the library with one of its backups, or a backup file you choose",
    ),
    "quit": Command("&Quit", ("Ctrl+Q",), "File", "Close the library and quit"),
    # -- Edit
    "undo": Command("&Undo", ("Ctrl+Z",), "Edit", "Undo the last change"),
    "redo": Command(
        "&Redo", ("Ctrl+Shift+Z", "Ctrl+Y"), "Edit", "Redo the change just undone"
    ),
    "search-focus": Command(
        "&Search", ("/", "Ctrl+F"), "Edit", "Move to the search field"
    ),
    "search-clear": Command(
        "C&lear Search",
        ("Esc",),
        "Edit",
        "Clear the query, or step back from the paper to the results",
    ),
    "search-save": Command(
        "Sa&ve Search…",
        ("Ctrl+S",),
        "Edit",
        "Save the query under a name in the sidebar",
        "in the search field",
        keys_in=("search field",),
    ),
    "search-rename": Command(
        "Rena&me Saved Search…", (), "Edit", "Give a saved search another name"
    ),
    "search-delete": Command(
        "&Delete Saved Search…", (), "Edit", "Remove a saved search from the sidebar"
    ),
    "palette": Command(
        "Command &Palette…",
        ("Ctrl+K", "Ctrl+Shift+P"),
        "Edit",
        "Find any command, reading list or saved search by typing",
    ),
    # -- Paper
    "paper-next": Command("&Next Paper", ("J",), "Paper", "Select the next paper"),
    "paper-prev": Command(
        "&Previous Paper", ("K",), "Paper", "Select the previous paper"
    ),
    "paper-open": Command(
        "&Open Paper",
        ("Return", "Enter"),
        "Paper",
        "Go from the search to the results, or from the results to the abstract;"
        " with no results, search for the \u201cdid you mean\u201d",
        "in the search field and results",
        keys_in=("search field", "results"),
    ),
    "paper-browse": Command(
        "Open in &Browser",
        ("O",),
        "Paper",
        "Open the paper's own page, or search Hugging Face papers for its title",
    ),
    "paper-star": Command(
        "&Star / Unstar", ("S",), "Paper", "Star or unstar the selected papers"
    ),
    "paper-status-cycle": Command(
        "Cycle &Read Status", ("R",), "Paper", "Unread, then reading, then read"
    ),
    "note-edit": Command(
        "Edit No&te", ("N",), "Paper", "Write a note on the current paper"
    ),
    "more-like-this": Command(
        "&More Like This", ("M",), "Paper", "Show papers with similar abstracts"
    ),
    "paper-delete": Command(
        "&Delete Papers",
        ("Del",),
        "Paper",
        "Remove the selected papers from the library (Undo brings them back)",
        "in the results",
        keys_in=("results",),
    ),
    # -- Lists
    "list-add": Command(
        "&Add to List…", ("L",), "Lists", "Add the selected papers to a reading list"
    ),
    "list-remove": Command(
        "&Remove from List…",
        ("Shift+L",),
        "Lists",
        "Take the selected papers out of a reading list",
    ),
    "list-new": Command("&New List…", (), "Lists", "Make an empty reading list"),
    "list-rename": Command(
        "Re&name List…", (), "Lists", "Give a reading list another name"
    ),
    "list-delete": Command(
        "&Delete List…",
        (),
        "Lists",
        "Delete a reading list; its papers stay in the library",
    ),
    "list-move-up": Command(
        "Move &Up in List",
        ("Alt+Up",),
        "Lists",
        "Move the paper one place up in the reading list shown",
        "in a reading list",
        keys_in=("results",),
    ),
    "list-move-down": Command(
        "Move Do&wn in List",
        ("Alt+Down",),
        "Lists",
        "Move the paper one place down in the reading list shown",
        "in a reading list",
        keys_in=("results",),
    ),
    # -- View
    "view-sidebar": Command(
        "&Sidebar",
        ("Ctrl+B",),
        "View",
        "Show or hide the sidebar, for more room on a small screen",
        checkable=True,
    ),
    "view-paper": Command(
        "&Paper Pane",
        ("Ctrl+Shift+B",),
        "View",
        "Show or hide the paper pane beside the results",
        checkable=True,
    ),
    # -- Help
    "help-keys": Command(
        "&Keyboard Shortcuts", ("?", "F1"), "Help", "Show every key and what it does"
    ),
    "messages": Command(
        "&Messages…",
        (),
        "Help",
        "Show what Reading List had to tell you: repairs, backups, unsaved notes",
    ),
    "about": Command(
        "&About Reading List",
        (),
        "Help",
        "Version, licence, and where the library and settings are kept",
    ),
}
"""Every command by name; the one place default key bindings are written down."""

MENUS: tuple[tuple[str, str], ...] = (
    ("File", "&File"),
    ("Edit", "&Edit"),
    ("Paper", "&Paper"),
    ("Lists", "&Lists"),
    ("View", "&View"),
    ("Help", "&Help"),
)
"""The menus commands are listed in, by key and title, in menu bar order."""

SEPARATE_AFTER = frozenset(
    {
        "samples-load",
        "copy-citekey",
        "backup-restore",
        "redo",
        "search-delete",
        "paper-prev",
        "list-delete",
    }
)
"""Commands followed by a separator in their menu, to group the rest."""

TABLE_MENU = (
    "paper-star",
    "paper-status-cycle",
    "note-edit",
    "more-like-this",
    "",
    "list-add",
    "list-remove",
    "list-move-up",
    "list-move-down",
    "",
    "copy-bibtex",
    "copy-citekey",
    "paper-browse",
    "paper-delete",
)
"""The result table's context menu ("" draws a separator)."""


def plain_title(name: str) -> str:
    """A command's title without its menu mnemonic or trailing ellipsis.

    Args:
        name: a key of :data:`COMMANDS`.

    Returns:
        For example "Import Files" for ``import``.
    """
    return COMMANDS[name].title.replace("&", "").removesuffix("…")
