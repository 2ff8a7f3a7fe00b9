"""The palette, the keyboard help and the About box, filled from the commands.

All three read the same :class:`CommandRegistry`, so what they show is what
the keys really do, after the user's own bindings.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QIcon, QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget

from readinglist.core.library import Library
from readinglist.core.paths import config_dir
from readinglist.gui.commands.catalog import COMMANDS, MENUS, plain_title
from readinglist.gui.commands.registry import CommandRegistry
from readinglist.gui.keymap import KEY_FILES
from readinglist.gui.matching import Entry
from readinglist.gui.text import quoted
from readinglist.gui.undo import papers
from readinglist.gui.widgets.about import AboutDialog
from readinglist.gui.widgets.key_help import HelpRow, HelpSection, KeyHelp
from readinglist.gui.widgets.palette import CommandPalette
from readinglist.gui.widgets.sidebar import Sidebar


class Overlays(QObject):
    """Opens the palette, the keyboard help and the About box for the window.

    Args:
        window: the main window.
        commands: the window's commands.
        library: the open library (its lists and saved searches).
        sidebar: where the palette jumps to a list or saved search.
        search_field: emptied when jumping, so the whole list shows.
        icon: the app icon, for the About box.

    Signals:
        notify(str): a short message for the status bar.
    """

    notify = Signal(str)

    def __init__(
        self,
        window: QWidget,
        commands: CommandRegistry,
        library: Library,
        *,
        sidebar: Sidebar,
        search_field: QLineEdit,
        icon: QIcon,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._commands = commands
        self._library = library
        self._sidebar = sidebar
        self._search_field = search_field
        self._icon = icon
        self.palette = CommandPalette(window, self._passes("palette"))
        self.palette.chosen.connect(self._run)
        self.help = KeyHelp(window, self._passes("help-keys"))
        self.about: AboutDialog | None = None

    def _passes(self, name: str) -> Callable[[QKeyEvent], bool]:
        def passes(event: QKeyEvent) -> bool:
            return self._commands.is_key_of(name, event)

        return passes

    # -- the palette -----------------------------------------------------------

    def toggle_palette(self) -> None:
        """Open the palette, or close it if it is open."""
        if self.palette.isVisible():
            self.palette.dismiss()
            return
        self.help.dismiss()
        self.palette.popup(self.entries())

    def entries(self) -> list[Entry]:
        """Every command, then the reading lists and saved searches."""
        commands = self._commands
        entries = [
            Entry(
                "command",
                name,
                commands.title(name).removesuffix("\N{HORIZONTAL ELLIPSIS}"),
                ", ".join(commands.key_texts(name)[:2]),
                also=name,
                tip=COMMANDS[name].tip,
                enabled=commands.action(name).isEnabled(),
            )
            for name in commands.names()
            if name != "palette"
        ]
        entries += [
            Entry(
                "list", f"list:{rl.name}", rl.name, f"Reading list, {papers(rl.count)}"
            )
            for rl in self._library.lists()
        ]
        entries += [
            Entry(
                "search",
                f"saved:{s.name}",
                s.name,
                "Saved search",
                also=s.query,
                tip=f"Show the papers matching {s.query}",
            )
            for s in self._library.saved_searches()
        ]
        return entries

    def _run(self, entry: Entry) -> None:
        if entry.kind != "command":
            self._search_field.clear()
            if self._sidebar.select(entry.key):
                self._sidebar.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        action = self._commands.action(entry.key)
        if not action.isEnabled():
            self.notify.emit(f"{quoted(entry.text)} cannot be used just now.")
            return
        action.trigger()

    # -- the keyboard help -----------------------------------------------------

    def toggle_help(self) -> None:
        """Show the keyboard help, or close it if it is shown."""
        if self.help.isVisible():
            self.help.dismiss()
            return
        self.palette.dismiss()
        keymap = self._commands.keymap
        if keymap.source is not None:
            source = (
                f"Your keys come from {keymap.source}; the others are the defaults."
            )
        else:
            path = config_dir() / KEY_FILES[0]
            source = (
                f"These are the default keys. To change them, write {path}, for "
                'example: [bindings] "paper-star" = ["S", "Ctrl+D"]'
            )
        self.help.present(
            self.sections(),
            source=source,
            problems=keymap.problems,
            palette_key=self._commands.shortcut_text("palette"),
        )

    def sections(self) -> list[HelpSection]:
        """The commands by menu, with the keys in effect."""
        commands = self._commands
        sections = []
        for menu, title in MENUS:
            rows = tuple(
                HelpRow(
                    plain_title(name),
                    tuple(commands.key_texts(name)),
                    COMMANDS[name].where,
                )
                for name in commands.names()
                if COMMANDS[name].menu == menu
            )
            sections.append(HelpSection(title.replace("&", ""), rows))
        return sections

    # -- about -----------------------------------------------------------------

    def show_about(self) -> None:
        """Open the About box (a non-blocking dialog)."""
        if self.about is not None:
            self.about.raise_()
            return
        about = AboutDialog(self._library.path, self._icon, self._window)
        about.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        about.finished.connect(self._about_closed)
        self.about = about
        about.open()

    def _about_closed(self) -> None:
        self.about = None
