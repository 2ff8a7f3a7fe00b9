"""The keys in effect: the defaults of :data:`COMMANDS` with the user's own.

Users rebind keys in ``keys.toml`` (or ``keys.json``) in the settings folder,
:func:`readinglist.core.paths.config_dir`::

    [bindings]
    "paper-star" = ["S", "Ctrl+D"]
    "paper-delete" = []

A command named there gets exactly the keys listed (none for ``[]``). What
cannot be honoured is reported, never silently dropped: an unknown command
name, a key Qt cannot read, a file that cannot be parsed, and a key that two
commands claim. Such a key goes to the command the file names (the user's
choice beats a default), or between two the file names, to the first.
"""

from __future__ import annotations

import difflib
import json
import textwrap
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from readinglist.core.paths import config_dir
from readinglist.gui.commands.catalog import COMMANDS, plain_title

KEY_FILES = ("keys.toml", "keys.json")
"""The files read for the user's keys, in order of preference."""


@dataclass(frozen=True, slots=True)
class Keymap:
    """Which keys run which command, and what could not be honoured.

    Attributes:
        keys: the key sequences of every command, in portable text.
        problems: one plain sentence per thing that was not honoured.
        source: the file the user's keys were read from, if any.
    """

    keys: Mapping[str, tuple[str, ...]] = field(
        default_factory=lambda: {n: c.keys for n, c in COMMANDS.items()}
    )
    problems: tuple[str, ...] = ()
    source: Path | None = None


def normalise(text: str) -> str | None:
    """A key sequence in Qt's portable text ("ctrl+d" gives "Ctrl+D").

    Args:
        text: a key sequence as a user writes it.

    Returns:
        The canonical text, or None if Qt cannot read it as keys.
    """
    sequence = QKeySequence.fromString(text, QKeySequence.SequenceFormat.PortableText)
    chords = [sequence[i] for i in range(sequence.count())]  # type: ignore[index]
    if not chords or any(c.key() == Qt.Key.Key_unknown for c in chords):
        return None
    return sequence.toString(QKeySequence.SequenceFormat.PortableText) or None


def _read_file(path: Path) -> tuple[object, str | None]:
    """The parsed file, or why it cannot be read."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, f"{path.name} could not be read ({exc}); the default keys are used"
    try:
        if path.suffix == ".toml":
            return tomllib.loads(text), None
        return json.loads(text), None
    except tomllib.TOMLDecodeError as exc:
        reason = str(exc)
    except json.JSONDecodeError as exc:
        reason = f"{exc.msg} at line {exc.lineno}"
    return None, f"{path.name} is not valid ({reason}); the default keys are used"


def _bindings(data: object, name: str) -> tuple[dict[str, list[str]], list[str]]:
    """The ``bindings`` table of a parsed file, and what in it was not usable."""
    example = '"paper-star" = ["S", "Ctrl+D"]'
    if not isinstance(data, dict) or not isinstance(data.get("bindings"), dict):
        return {}, [
            f"{name} has no [bindings] table; write the keys like this: "
            f"[bindings] {example}"
        ]
    problems = [
        f"{name} has a part Reading List does not use: {key!r}; keys go under "
        "[bindings]"
        for key in data
        if key != "bindings"
    ]
    bindings: dict[str, list[str]] = {}
    for command, keys in data["bindings"].items():
        listed = [keys] if isinstance(keys, str) else keys
        if not isinstance(listed, list) or not all(isinstance(k, str) for k in listed):
            problems.append(
                f"{name}: the keys of {command} should be a list of key names, "
                f"like {example}"
            )
            continue
        bindings[str(command)] = listed
    return bindings, problems


def read_user_bindings(
    folder: Path,
) -> tuple[dict[str, list[str]], list[str], Path | None]:
    """The keys the user wrote in ``keys.toml`` (else ``keys.json``) in ``folder``.

    Args:
        folder: the settings folder.

    Returns:
        Keys by command name as written, problems with the file, and the file
        read (None when there is none).
    """
    found = [folder / name for name in KEY_FILES if (folder / name).is_file()]
    if not found:
        return {}, [], None
    path = found[0]
    problems = [
        f"both {path.name} and {other.name} exist; only {path.name} is read"
        for other in found[1:]
    ]
    data, error = _read_file(path)
    if error is not None:
        return {}, [*problems, error], path
    bindings, more = _bindings(data, path.name)
    return bindings, problems + more, path


def resolve(
    user: Mapping[str, Sequence[str]], origin: str = "keys.toml"
) -> tuple[dict[str, tuple[str, ...]], list[str]]:
    """The keys of every command once the user's bindings are applied.

    Args:
        user: keys by command name, in the order the user wrote them.
        origin: the file's name, for the messages.

    Returns:
        Keys by command name (every command of :data:`COMMANDS`) and one
        message per unknown name, unreadable key or key claimed twice.
    """
    problems: list[str] = []
    chosen: dict[str, list[str]] = {}
    for name, keys in user.items():
        if name not in COMMANDS:
            close = difflib.get_close_matches(name, list(COMMANDS), n=1)
            hint = f'; did you mean "{close[0]}"?' if close else ""
            problems.append(f'{origin}: there is no command named "{name}"{hint}')
            continue
        chosen[name] = []
        for key in keys:
            canonical = normalise(key)
            if canonical is None:
                problems.append(
                    f'{origin}: "{key}" for {name} is not a key Reading List can '
                    'read; write keys like "S", "Ctrl+D" or "Alt+Up"'
                )
            elif canonical not in chosen[name]:
                chosen[name].append(canonical)
    # The user's commands claim their keys first, then the defaults in order.
    claims = [*chosen.items()]
    claims += [(n, list(c.keys)) for n, c in COMMANDS.items() if n not in chosen]
    owner: dict[str, str] = {}
    result: dict[str, list[str]] = {name: [] for name in COMMANDS}
    for name, keys in claims:
        for key in keys:
            taken = owner.get(key) or _prefix_owner(owner, key)
            if taken is not None:
                problems.append(
                    f'"{key}" is bound to both {taken} and {name}; it runs {taken}. '
                    f"Give one of them another key in {origin}"
                )
                continue
            owner[key] = name
            result[name].append(key)
    return {name: tuple(keys) for name, keys in result.items()}, problems


def _prefix_owner(owner: Mapping[str, str], key: str) -> str | None:
    """The command whose sequence starts ``key`` or is started by it, if any.

    "Ctrl+X" and "Ctrl+X, Ctrl+C" cannot both work: Qt would wait after the
    first chord for a second one.
    """
    for other, name in owner.items():
        if key.startswith(other + ", ") or other.startswith(key + ", "):
            return name
    return None


def load_keymap(folder: Path | None = None) -> Keymap:
    """The keys in effect, from the defaults and the user's settings file.

    Args:
        folder: the settings folder (default: :func:`config_dir`).

    Returns:
        The keymap, with every problem found described.
    """
    user, problems, source = read_user_bindings(folder or config_dir())
    keys, more = resolve(user, source.name if source else KEY_FILES[0])
    return Keymap(keys, tuple(problems + more), source)


def _paragraph(text: str) -> list[str]:
    return [*textwrap.wrap(text, 84, break_on_hyphens=False), ""]


def keyboard_markdown() -> str:
    """The README's "Keyboard" section, made from :data:`COMMANDS`.

    Returns:
        Markdown from the section's heading to its last line.
    """
    rows = [
        "## Keyboard",
        "",
        *_paragraph(
            "Every action in the app is a named command with default keys. Press "
            "`Ctrl+K` (or `Ctrl+Shift+P`) for the command palette: type a few "
            "letters of any command, reading list or saved search and press "
            "`Enter`. Press `?` or `F1` in the app to see this map with your own "
            "keys. Keys without `Ctrl` or `Alt` never act while you type in the "
            "search field or a note. Stars, read states, notes, lists, saved "
            "searches and deleted papers come back with `Ctrl+Z`."
        ),
        "| Keys | Action | Command |",
        "| --- | --- | --- |",
    ]
    for name, command in COMMANDS.items():
        keys = ", ".join(f"`{key}`" for key in command.keys) or "palette or menu"
        action = plain_title(name)
        if command.where:
            action += f" ({command.where})"
        rows.append(f"| {keys} | {action} | `{name}` |")
    rows += [
        "",
        *_paragraph(
            "To change keys, write `keys.toml` in the settings folder "
            "(`~/.config/readinglist/` on Linux; Help > About shows where it is). "
            "A command listed there gets exactly the keys given:"
        ),
        "```toml",
        "[bindings]",
        '"paper-star" = ["S", "Ctrl+D"]   # both keys star',
        '"paper-delete" = []              # no key; the palette still has it',
        "```",
        "",
        *_paragraph(
            '`keys.json` with `{"bindings": {"paper-star": ["S", "Ctrl+D"]}}` '
            "works too. A key given to two commands, an unknown command name or a "
            "key that cannot be read is reported in the status bar, on standard "
            "error and in the keyboard help; such a key runs the command your file "
            "names."
        ),
    ]
    return "\n".join(rows).rstrip() + "\n"


if __name__ == "__main__":
    # Prints the README's keyboard section: python -m readinglist.gui.keymap
    print(keyboard_markdown(), end="")
