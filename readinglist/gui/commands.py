"""Named commands and their default key bindings, kept as data.

Every user action in the window is a command with a stable name
(``paper-star``), a title for menus and the command palette, and default keys.
:data:`COMMANDS` is the one table of them; the window binds a handler to each
name through :class:`CommandRegistry`, which makes the ``QAction`` that menus,
shortcuts and a palette share. Rebinding means passing other keys for a name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)


@dataclass(frozen=True, slots=True)
class Command:
    """What a command is called and which keys run it by default.

    Attributes:
        title: the menu and palette text.
        keys: default key sequences, in ``QKeySequence`` portable text.
        menu: the menu that lists it ("" for none).
        tip: a longer description for tooltips and the palette.
    """

    title: str
    keys: tuple[str, ...] = ()
    menu: str = ""
    tip: str = ""


COMMANDS: dict[str, Command] = {
    "import": Command(
        "&Import Files…", ("Ctrl+I",), "File", "Import listing, BibTeX, RIS or CSL-JSON"
    ),
    "samples-load": Command(
        "Load &Sample Papers", (), "File", "Import the bundled sample listings"
    ),
    "quit": Command("&Quit", ("Ctrl+Q",), "File", "Close the library and quit"),
    "search-focus": Command(
        "&Search", ("/", "Ctrl+F"), "Edit", "Move to the search field"
    ),
    "search-clear": Command(
        "&Clear Search", ("Esc",), "Edit", "Clear the query and show all papers in view"
    ),
    "paper-next": Command("&Next Paper", ("J",), "Paper", "Select the next paper"),
    "paper-prev": Command(
        "&Previous Paper", ("K",), "Paper", "Select the previous paper"
    ),
    "paper-open": Command(
        "&Open Paper",
        ("Return", "Enter"),
        "Paper",
        "Go from the search to the results, or from the results to the abstract",
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
    "list-add": Command(
        "Add to &List…", ("L",), "Paper", "Add the selected papers to a reading list"
    ),
    "paper-more-like-this": Command(
        "&More Like This", ("M",), "Paper", "Show papers with similar abstracts"
    ),
}
"""Every command by name; the one place default key bindings are written down."""

MENUS: tuple[tuple[str, str], ...] = (
    ("File", "&File"),
    ("Edit", "&Edit"),
    ("Paper", "&Paper"),
)
"""The menus commands are listed in, by key and title, in menu bar order."""


def _is_plain_key(event: QKeyEvent) -> bool:
    """True for a key that types a character: no Ctrl, Alt or Meta held."""
    held = event.modifiers() & (
        Qt.KeyboardModifier.ControlModifier
        | Qt.KeyboardModifier.AltModifier
        | Qt.KeyboardModifier.MetaModifier
    )
    text = event.text()
    return held == Qt.KeyboardModifier.NoModifier and text.isprintable() and bool(text)


def is_typing_widget(widget: QWidget | None) -> bool:
    """True when ``widget`` takes typed text, so single-key commands must wait.

    Args:
        widget: the focused widget, if any.

    Returns:
        True for editable line edits, text edits, spin boxes and combo boxes.
    """
    if isinstance(widget, QLineEdit | QAbstractSpinBox):
        return not (isinstance(widget, QLineEdit) and widget.isReadOnly())
    if isinstance(widget, QTextEdit | QPlainTextEdit):
        return not widget.isReadOnly()
    return isinstance(widget, QComboBox) and widget.isEditable()


class _TypingGuard(QObject):
    """Keeps single-key commands from firing while the user types text.

    Qt asks the focused widget first (a ShortcutOverride event) whether it wants
    a key itself; accepting it for every printable key in a text field means
    ``s`` types an "s" there instead of starring a paper.
    """

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and _is_plain_key(event)
            and is_typing_widget(QApplication.focusWidget())
        ):
            event.accept()
        return False


class CommandRegistry(QObject):
    """The window's commands: one ``QAction`` per name, bound to a handler.

    Args:
        window: the widget the shortcuts belong to (they work while it is active).
        bindings: keys per command name, replacing the defaults of those named.
    """

    def __init__(
        self, window: QWidget, bindings: Mapping[str, Sequence[str]] | None = None
    ) -> None:
        super().__init__(window)
        self._window = window
        self._keys = {name: cmd.keys for name, cmd in COMMANDS.items()}
        for name, keys in (bindings or {}).items():
            if name in COMMANDS:
                self._keys[name] = tuple(keys)
        self._actions: dict[str, QAction] = {}
        self._guard = _TypingGuard(self)

    def bind(
        self,
        name: str,
        handler: Callable[[], None],
        *,
        only_in: Sequence[QWidget] = (),
    ) -> QAction:
        """Make the action for command ``name`` run ``handler``.

        Args:
            name: a key of :data:`COMMANDS`.
            handler: what the command does.
            only_in: if given, its keys work only while one of these widgets
                has focus (so Enter on a focused button still presses it).

        Raises:
            KeyError: there is no command of that name.
        """
        command = COMMANDS[name]
        action = QAction(command.title, self._window)
        action.setObjectName(name)
        action.setShortcuts([QKeySequence(k) for k in self._keys[name]])
        if only_in:
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            for widget in only_in:
                widget.addAction(action)
        else:
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.setStatusTip(command.tip)
        action.setToolTip(command.tip)
        action.triggered.connect(handler)
        self._window.addAction(action)
        self._actions[name] = action
        return action

    def action(self, name: str) -> QAction:
        """The bound action of command ``name``."""
        return self._actions[name]

    def trigger(self, name: str) -> None:
        """Run command ``name`` as if its key was pressed."""
        self._actions[name].trigger()

    def keys(self, name: str) -> tuple[str, ...]:
        """The key sequences that run ``name``, in portable text."""
        return self._keys[name]

    def shortcut_text(self, name: str) -> str:
        """The first key of ``name`` as the user sees it ("Ctrl+I"), or ""."""
        keys = self._keys.get(name, ())
        if not keys:
            return ""
        return QKeySequence(keys[0]).toString(QKeySequence.SequenceFormat.NativeText)

    def menu_actions(self, menu: str) -> Iterator[QAction]:
        """The bound actions listed in ``menu``, in table order."""
        for name, command in COMMANDS.items():
            if command.menu == menu and name in self._actions:
                yield self._actions[name]

    def protect(self, *widgets: QWidget) -> None:
        """Keep single-key commands out of these text-entry widgets.

        Qt's own text widgets already claim printable keys; the guard makes it
        hold for every field the window adds, whatever its type.
        """
        for widget in widgets:
            widget.installEventFilter(self._guard)
