"""Fuzzy matching for the command palette: what the user typed, against a line.

"stn" finds "Star / Unstar" and "add l" finds "Add to List": the letters must
come in order, and letters at the start of words and letters in a row count
most. Kept apart from the widget so the ranking can be tested on its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Entry:
    """One line of the palette.

    Attributes:
        kind: "command", "list" or "search".
        key: the command name, or the sidebar key to jump to.
        text: what the line says.
        detail: the keys of a command, or what a list or search is.
        also: more text that matches (a command's name, "paper-star").
        tip: what it does, shown under the list for the current line.
        enabled: False for a command that cannot run now.
    """

    kind: str
    key: str
    text: str
    detail: str = ""
    also: str = ""
    tip: str = ""
    enabled: bool = True


def fuzzy(pattern: str, text: str) -> tuple[float, list[int]] | None:
    """How well ``pattern`` matches ``text`` as a subsequence, and where.

    Letters at the start of words and letters in a row score higher, gaps
    lower; case is ignored and spaces in the pattern match anywhere.

    Args:
        pattern: what the user typed.
        text: the line to match.

    Returns:
        (score, positions in ``text``), or None if it does not match.
    """
    wanted = [c for c in pattern.lower() if not c.isspace()]
    if not wanted:
        return 0.0, []
    chars = [c.lower() for c in text]
    starts = [i == 0 or not text[i - 1].isalnum() for i in range(len(text))]
    # best[j]: best score with the latest pattern letter at text position j.
    best: list[float | None] = [None] * len(chars)
    trail: list[list[int]] = [[] for _ in chars]
    for n, letter in enumerate(wanted):
        now: list[float | None] = [None] * len(chars)
        now_trail: list[list[int]] = [[] for _ in chars]
        for j, char in enumerate(chars):
            if char != letter:
                continue
            gain = 1.0 + (6.0 if starts[j] else 0.0)
            if n == 0:
                now[j], now_trail[j] = gain - j * 0.05, [j]
                continue
            options = [
                (score + (8.0 if k == j - 1 else -min(j - k - 1, 4) * 0.5), k)
                for k, score in enumerate(best[:j])
                if score is not None
            ]
            if options:
                score, k = max(options)
                now[j], now_trail[j] = score + gain, [*trail[k], j]
        best, trail = now, now_trail
    found = [(score, j) for j, score in enumerate(best) if score is not None]
    if not found:
        return None
    score, j = max(found)
    # Between equal matches, the shorter line is the closer one.
    return score - len(text) * 0.01, trail[j]


def rank(entries: Sequence[Entry], pattern: str) -> list[tuple[Entry, list[int]]]:
    """The entries that match ``pattern``, best first, with matched positions.

    Args:
        entries: every entry, in the order shown when nothing is typed.
        pattern: what the user typed.

    Returns:
        Matching entries and the positions in their text to mark.
    """
    if not pattern.strip():
        return [(entry, []) for entry in entries]
    scored = []
    for order, entry in enumerate(entries):
        on_text = fuzzy(pattern, entry.text)
        on_also = fuzzy(pattern, entry.also) if entry.also else None
        if on_text is None and on_also is None:
            continue
        # What the line says counts more than its name and description.
        score = max(
            on_text[0] if on_text is not None else -1e9,
            on_also[0] * 0.6 if on_also is not None else -1e9,
        )
        marks = on_text[1] if on_text is not None and on_text[0] >= score else []
        # A command that cannot run now goes below an equal one that can.
        score -= 0 if entry.enabled else 3
        scored.append((-score, order, entry, marks))
    scored.sort(key=lambda row: (row[0], row[1]))
    return [(entry, marks) for _, _, entry, marks in scored]
