"""Last checks on what any importer read, before it meets the store.

JSON and other formats can spell characters that no file can hold, such as
half of a surrogate pair (``"\\ud800"``); SQLite refuses to store them, which
would fail the whole file's import. They are replaced with U+FFFD, and the
paper's line is named in a problem so the user can look.

Text far longer than any real field (a 50 MB "abstract" that is really a
whole file on one line) is cut to a size search can handle, with a problem.

A listing whose text stops in the middle of its last abstract (a copy and
paste cut short, a download that died) is kept, but that paper is named so the
user can check it.
"""

from __future__ import annotations

import dataclasses
import re

from readinglist.core.models import ParsedPaper, ParseResult, Problem

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
REPLACED = (
    "some characters of this paper cannot be stored (half of a surrogate pair); "
    "they were replaced with \ufffd"
)


def _clean(value: object) -> tuple[object, bool]:
    if isinstance(value, str):
        cleaned = _LONE_SURROGATE.sub("\ufffd", value)
        return cleaned, cleaned != value
    if isinstance(value, tuple):
        parts = [_clean(v) for v in value]
        return tuple(p for p, _ in parts), any(c for _, c in parts)
    return value, False


# Listing formats, whose last block can be cut off without the parser noticing.
LISTINGS = frozenset({"hf-page", "hf-compact"})
CUT_OFF = (
    "the file ends in the middle of this paper's abstract (was it cut off?); "
    "the paper was kept, but check its abstract"
)
_SENTENCE_END = ".!?)]}\"'\u201d\u2019\u00bb\u2026"


def flag_cut_off(result: ParseResult, text: str, path: str) -> ParseResult:
    """Name the last paper of a listing that ends mid-abstract, without a newline.

    Args:
        result: what a listing importer read from ``text``.
        text: the file's text.
        path: the file, for the problem.

    Returns:
        The same result, with a problem added when the end looks cut off.
    """
    if result.format not in LISTINGS or not result.papers or text.endswith("\n"):
        return result
    last = result.papers[-1]
    abstract = (last.abstract or "").rstrip()
    if not abstract or not text.rstrip().endswith(abstract):
        return result  # a footer (or a title) follows the abstract: not cut
    # Abstracts end a sentence, or with a link to code; anything else was cut.
    last_word = abstract.split()[-1]
    if abstract[-1] not in _SENTENCE_END and "://" not in last_word:
        result.problems.append(Problem(path, last.line, CUT_OFF))
    return result


# No real paper comes near these; past them, indexing only costs time and memory.
LIMITS = {
    "title": 2_000,
    "abstract": 100_000,
    "note": 1_000_000,
    "organisation": 1_000,
    "date_raw": 200,
}


def _clip(paper: ParsedPaper, path: str) -> tuple[dict[str, object], list[Problem]]:
    changes: dict[str, object] = {}
    problems = []
    for name, limit in LIMITS.items():
        value = getattr(paper, name)
        if isinstance(value, str) and len(value) > limit:
            changes[name] = value[:limit]
            message = (
                f"this paper's {name.replace('_', ' ')} is {len(value):,} characters "
                f"long, far more than any real one; only the first {limit:,} were kept"
            )
            problems.append(Problem(path, paper.line, message))
    return changes, problems


def sanitise(result: ParseResult, path: str) -> ParseResult:
    """Make every paper storable: a title, no lone surrogates, no absurd lengths.

    Args:
        result: what an importer read.
        path: the file it came from, for the problems.

    Returns:
        The same result, cleaned in place.
    """
    kept = []
    for paper in result.papers:
        if not paper.title.strip():
            result.problems.append(Problem(path, paper.line, "this paper has no title"))
            continue
        kept.append(paper)
    result.papers = kept
    for index, paper in enumerate(result.papers):
        changes, problems = _clip(paper, path)
        replaced = False
        for field in dataclasses.fields(ParsedPaper):
            cleaned, changed = _clean(
                changes.get(field.name, getattr(paper, field.name))
            )
            if changed:
                changes[field.name] = cleaned
                replaced = True
        if replaced:
            problems.append(Problem(path, paper.line, REPLACED))
        if changes:
            result.papers[index] = dataclasses.replace(paper, **changes)  # type: ignore[arg-type]
        result.problems += problems
    return result
