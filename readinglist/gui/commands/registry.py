"""The window's commands as ``QAction`` objects, with the keys of a :class:`Keymap`.

The window binds a handler to each command name; the registry makes the one
action that menus, shortcuts, the palette and the keyboard help share, and
keeps single keys out of text fields.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

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

from readinglist.gui.commands.catalog import COMMANDS
from readinglist.gui.keymap import Keymap

_COMMAND_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)
# Keys without Ctrl or Alt that still mean "do something" in a text field.
_ACTION_KEYS = {Qt.Key.Key_Escape, Qt.Key.Key_Return, Qt.Key.Key_Enter}
# What a text field must keep even when a command has the same keys.
_EDITING = (
    QKeySequence.StandardKey.Undo,
    QKeySequence.StandardKey.Redo,
    QKeySequence.StandardKey.Copy,
    QKeySequence.StandardKey.Cut,
    QKeySequence.StandardKey.Paste,
    QKeySequence.StandardKey.SelectAll,
)


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


def is_single_key(event: QKeyEvent) -> bool:
    """True for a key pressed without Ctrl, Alt or Meta (Shift may be held).

    Esc, Enter and the function keys do not count: they type nothing.
    """
    key = event.key()
    if event.modifiers() & _COMMAND_MODIFIERS or key in _ACTION_KEYS:
        return False
    return not Qt.Key.Key_F1 <= key <= Qt.Key.Key_F35


def event_keys(event: QKeyEvent) -> str:
    """The pressed keys in portable text ("Ctrl+K")."""
    return QKeySequence(event.keyCombination()).toString(
        QKeySequence.SequenceFormat.PortableText
    )


class _TypingGuard(QObject):
    """Decides, in text fields, whether a key types or runs its command.

    Qt first asks the focused widget (a ShortcutOverride event) whether it
    wants a key itself. In a text field every single key types (``s`` is an
    "s", Delete deletes a character); the editing keys (Ctrl+Z, Ctrl+C...)
    edit the text; other keys bound to a command run it even where the
    platform gives them a text meaning (Ctrl+E, Ctrl+K on X11).
    """

    def __init__(self, registry: CommandRegistry) -> None:
        super().__init__(registry)
        self._registry = registry

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() != QEvent.Type.ShortcutOverride
            or not isinstance(event, QKeyEvent)
            or not is_typing_widget(QApplication.focusWidget())
        ):
            return False
        if is_single_key(event):
            event.accept()
            return False
        if any(event.matches(standard) for standard in _EDITING):
            return False
        # Eaten unanswered: the field does not claim the key, the command runs.
        return event_keys(event) in self._registry.bound_keys


class CommandRegistry(QObject):
    """The window's commands: one ``QAction`` per name, bound to a handler.

    Args:
        window: the widget the shortcuts belong to (they work while it is active).
        keymap: the keys of every command (the defaults when not given).
    """

    def __init__(self, window: QWidget, keymap: Keymap | None = None) -> None:
        super().__init__(window)
        self._window = window
        self.keymap = keymap or Keymap()
        self._actions: dict[str, QAction] = {}
        self._guard = _TypingGuard(self)
        self.bound_keys: set[str] = set()

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
        keys = self.keys(name)
        action = QAction(command.title, self._window)
        action.setObjectName(name)
        action.setShortcuts([QKeySequence(k) for k in keys])
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
        self.bound_keys.update(keys)
        return action

    def action(self, name: str) -> QAction:
        """The bound action of command ``name``."""
        return self._actions[name]

    def trigger(self, name: str) -> None:
        """Run command ``name`` as if its key was pressed (if it is enabled)."""
        self._actions[name].trigger()

    def keys(self, name: str) -> tuple[str, ...]:
        """The key sequences that run ``name``, in portable text."""
        return tuple(self.keymap.keys.get(name, ()))

    def key_texts(self, name: str) -> list[str]:
        """The keys of ``name`` as the user sees them ("Ctrl+I")."""
        return [
            QKeySequence(k).toString(QKeySequence.SequenceFormat.NativeText)
            for k in self.keys(name)
        ]

    def shortcut_text(self, name: str) -> str:
        """The first key of ``name`` as the user sees it, or ""."""
        texts = self.key_texts(name)
        return texts[0] if texts else ""

    def title(self, name: str) -> str:
        """The action's text as shown now, without its mnemonic ("&&" is "&")."""
        text = self._actions[name].text()
        return "&".join(part.replace("&", "") for part in text.split("&&"))

    def is_key_of(self, name: str, event: QKeyEvent) -> bool:
        """True when ``event`` presses one of the keys of command ``name``."""
        return event_keys(event) in self.keys(name)

    def names(self) -> Iterator[str]:
        """The bound command names, in table order."""
        return (name for name in COMMANDS if name in self._actions)

    def menu_actions(self, menu: str) -> Iterator[QAction]:
        """The bound actions listed in ``menu``, in table order."""
        for name, command in COMMANDS.items():
            if command.menu == menu and name in self._actions:
                yield self._actions[name]

    def protect(self, *widgets: QWidget) -> None:
        """Keep single-key commands out of these text-entry widgets."""
        for widget in widgets:
            widget.installEventFilter(self._guard)
