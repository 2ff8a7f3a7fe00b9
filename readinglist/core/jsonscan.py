"""Reading a JSON backup record by record, keeping what comes before any damage.

The backup's layout is described in ``jsonbackup``. Here the top-level object is
stepped through one value at a time, so each paper's line is known and a file
that is cut off or damaged still gives up every paper before the damage.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from readinglist.core.models import Problem

FORMAT = "readinglist-backup"
_WHITESPACE = " \t\n\r"


@dataclass(slots=True)
class Scan:
    """What was read from a JSON backup: its header, its papers, and problems."""

    header: dict[str, Any] = field(default_factory=dict)
    papers: list[tuple[int, Any]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def scan(text: str, path: str) -> Scan:
    """Read a JSON backup record by record, keeping what comes before any damage.

    Args:
        text: the file's text.
        path: the file name, for problems.

    Returns:
        The top-level values, each paper with its line, and the problems met.
    """
    found = Scan()
    reader = _Reader(text.removeprefix("\ufeff"))
    try:
        reader.expect("{", "a JSON backup is a JSON object")
        while not reader.take("}"):
            key = reader.value()
            if not isinstance(key, str):
                raise _DamageError(reader.line(), "expected a quoted name")
            reader.expect(":", "expected “:” after a name")
            if key == "papers":
                reader.expect("[", "“papers” must be a list")
                while not reader.take("]"):
                    line = reader.line()
                    found.papers.append((line, reader.value()))
                    reader.separator("]")
            else:
                found.header[key] = reader.value()
            reader.separator("}")
        if reader.rest().strip():
            raise _DamageError(reader.line(), "there is more text after the backup")
    except _DamageError as damage:
        found.problems.append(Problem(path, damage.line, damage.message))
    except json.JSONDecodeError as error:
        message = f"not valid JSON ({error.msg}); the rest was skipped"
        found.problems.append(Problem(path, error.lineno, message))
    return found


class _DamageError(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = f"{message}; the rest was skipped"


class _Reader:
    """Steps through JSON text one value at a time, counting lines."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.at = 0
        self.decoder = json.JSONDecoder()
        self._skip()

    def _skip(self) -> None:
        while self.at < len(self.text) and self.text[self.at] in _WHITESPACE:
            self.at += 1

    def line(self) -> int:
        return self.text.count("\n", 0, self.at) + 1

    def rest(self) -> str:
        return self.text[self.at :]

    def take(self, char: str) -> bool:
        if self.text.startswith(char, self.at):
            self.at += 1
            self._skip()
            return True
        if self.at >= len(self.text):
            raise _DamageError(self.line(), "the file ends too soon (was it cut off?)")
        return False

    def expect(self, char: str, message: str) -> None:
        if not self.take(char):
            raise _DamageError(self.line(), message)

    def separator(self, closing: str) -> None:
        if not self.take(",") and not self.text.startswith(closing, self.at):
            raise _DamageError(self.line(), f"expected “,” or “{closing}”")

    def value(self) -> Any:
        value, self.at = self.decoder.raw_decode(self.text, self.at)
        self._skip()
        return value


def looks_like_backup(text: str) -> bool:
    """True when ``text`` starts like a JSON backup made by this app."""
    head = text[:4096].lstrip("\ufeff" + _WHITESPACE)
    return head.startswith("{") and bool(
        re.search(r'"format"\s*:\s*"' + FORMAT + '"', head)
    )
