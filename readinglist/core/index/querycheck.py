"""Checks that a query means what was written, with a message where it does not.

Whoosh's parser reads anything: an unknown field becomes a word, an unclosed
quote or parenthesis is quietly dropped, a lone ``AND`` searches for nothing
and ``starred:maybe`` means starred. The checks here look at the pieces Whoosh
tagged (words, fields, operators, brackets, quotes) and refuse what cannot
mean what the user wrote, saying what is wrong and where (1-based character
positions, as a person counts them, and the offending text).

While the user types (``typed_to``), the value still being typed may be the
start of a good one: ``status:re`` or ``year:202``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from whoosh.qparser import syntax
from whoosh.qparser.plugins import (
    GroupPlugin,
    GtLtPlugin,
    PhrasePlugin,
    PrefixPlugin,
    WildcardPlugin,
)

USER_FIELDS = (
    "title",
    "abstract",
    "note",
    "tag",
    "list",
    "org",
    "year",
    "status",
    "starred",
    "imports",
)
"""The fields a query may name (the others in the index are its own)."""
STATUSES = ("unread", "reading", "read")
YES = ("yes", "true")
NO = ("no", "false")
# Whoosh's own spellings of true and false (BOOLEAN.trues and .falses).
_BOOLEAN = {"t", "true", "yes", "1", "f", "false", "no", "0"}
INFIX = ("AND", "OR", "ANDNOT", "ANDMAYBE", "REQUIRE")
PREFIX = ("NOT",)
_YEAR = re.compile(r"\d{1,4}")
_PATTERNS = (WildcardPlugin.WildcardNode, PrefixPlugin.PrefixNode)
_YEAR_HELP = "a year such as 2024, a range such as [2022 TO 2024] or >2023"


class QueryError(ValueError):
    """A query that cannot mean what was written; the message says why and where."""


def _at(position: int) -> str:
    return f"character {position + 1}"


def _fields() -> str:
    return ", ".join(USER_FIELDS[:-1]) + " and " + USER_FIELDS[-1]


# -- what a tagged piece is ------------------------------------------------------


def operator_word(node: syntax.SyntaxNode) -> str | None:
    """The operator ``node`` is (``AND``, ``NOT``, ``-``, ...), or None.

    Whoosh tags an operator only between spaces; at the very start or end of a
    query it is left a word, which is an operator standing alone all the same.
    """
    if isinstance(node, syntax.Operator):
        return str(node.text).strip()
    if type(node) is syntax.WordNode and node.text in INFIX + PREFIX:
        return str(node.text)
    return None


def is_prefix_operator(node: syntax.SyntaxNode) -> bool:
    """True for NOT, ``-`` and ``+``: operators that act on what follows."""
    if isinstance(node, syntax.PrefixOperator):
        return True
    return operator_word(node) in PREFIX


def significant(nodes: Sequence[syntax.SyntaxNode]) -> list[syntax.SyntaxNode]:
    """The tagged pieces without the spaces between them."""
    return [n for n in nodes if not n.is_ws()]


def _words(nodes: Sequence[syntax.SyntaxNode]) -> Iterator[syntax.WordNode]:
    for node in nodes:
        if type(node) is syntax.WordNode:
            yield node


# -- checks on the tagged text --------------------------------------------------


def check_tagged(nodes: Sequence[syntax.SyntaxNode], text: str) -> None:
    """Refuse unbalanced quotes, ranges and parentheses, unknown or empty fields
    and operators with nothing to work on.

    Args:
        nodes: the pieces Whoosh's parser tagged in ``text``, in order.
        text: the query.

    Raises:
        QueryError: what is wrong, and where.
    """
    _check_quotes(nodes, text)
    _check_ranges(nodes, text)
    _check_parentheses(nodes)
    _check_fields(nodes, text)
    _check_operators(significant(nodes))


def _check_quotes(nodes: Sequence[syntax.SyntaxNode], text: str) -> None:
    for node in nodes:
        if isinstance(node, PhrasePlugin.PhraseNode) and not node.text.strip():
            raise QueryError(
                f"the quotes at {_at(node.startchar)} have nothing between them"
            )
    for word in _words(nodes):
        if '"' in word.text:
            start = word.startchar + word.text.index('"')
            rest = text[start : start + 30].rstrip()
            raise QueryError(
                f"the quote at {_at(start)} is never closed ({rest}); "
                'add a " where the phrase ends'
            )


def _check_ranges(nodes: Sequence[syntax.SyntaxNode], text: str) -> None:
    words = list(_words(nodes))
    for n, word in enumerate(words):
        body = word.text
        if body[:1] in "[{" and not any(c in body for c in "]}"):
            closed = any(c in w.text for w in words[n + 1 :] for c in "]}")
            start = word.startchar
            if closed:
                end = min(
                    (text.find(c, start) for c in "]}" if text.find(c, start) >= 0),
                    default=len(text),
                )
                raise QueryError(
                    f'the range "{text[start : end + 1]}" needs TO between its '
                    f"ends, as in [2022 TO 2024]"
                )
            raise QueryError(
                f'the range "{text[start:].rstrip()}" at {_at(start)} is never '
                'closed with "]"; write it as [2022 TO 2024]'
            )
        if body[-1:] in "]}" and not any(c in body for c in "[{"):
            at = word.endchar - 1
            raise QueryError(f'the "{body[-1]}" at {_at(at)} closes no range')


def _check_parentheses(nodes: Sequence[syntax.SyntaxNode]) -> None:
    opened: list[syntax.SyntaxNode] = []
    previous: syntax.SyntaxNode | None = None
    for node in significant(nodes):
        if isinstance(node, GroupPlugin.OpenBracket):
            opened.append(node)
        elif isinstance(node, GroupPlugin.CloseBracket):
            if not opened:
                raise QueryError(
                    f'the ")" at {_at(node.startchar)} has no "(" before it'
                )
            if previous is opened.pop():
                raise QueryError(
                    f"the parentheses at {_at(node.startchar - 1)} have nothing "
                    "between them"
                )
        previous = node
    if opened:
        raise QueryError(f'the "(" at {_at(opened[-1].startchar)} is never closed')


def _check_fields(nodes: Sequence[syntax.SyntaxNode], text: str) -> None:
    for n, node in enumerate(nodes):
        if not isinstance(node, syntax.FieldnameNode):
            continue
        name = node.fieldname
        if name not in USER_FIELDS:
            word = text[node.startchar :].split(maxsplit=1)[0]
            raise QueryError(
                f'there is no field "{name}" (in "{word}" at {_at(node.startchar)})'
                f"; the fields are {_fields()}. To search for text with a colon, "
                "put it in quotes"
            )
        after = nodes[n + 1] if n + 1 < len(nodes) else None
        if isinstance(after, GtLtPlugin.GtLtNode):
            after = nodes[n + 2] if n + 2 < len(nodes) else None
        if (
            after is None
            or after.is_ws()
            or isinstance(after, GroupPlugin.CloseBracket)
            or operator_word(after) is not None
        ):
            raise QueryError(
                f'nothing follows "{name}:" at {_at(node.startchar)}; write '
                f"the value right after the colon, as in {name}:{_example(name)}"
            )


def _example(name: str) -> str:
    return {"year": "2024", "status": "unread", "starred": "yes"}.get(name, "diffusion")


def _check_operators(pieces: Sequence[syntax.SyntaxNode]) -> None:
    for n, node in enumerate(pieces):
        word = operator_word(node)
        if word is None:
            continue
        before = pieces[n - 1] if n else None
        after = pieces[n + 1] if n + 1 < len(pieces) else None
        follows = after is not None and not (
            isinstance(after, GroupPlugin.CloseBracket)
            or (operator_word(after) is not None and not is_prefix_operator(after))
        )
        where = _at(node.startchar)
        if is_prefix_operator(node):
            if not follows:
                raise QueryError(
                    f"{word} at {where} needs a word or phrase after it, "
                    f"as in diffusion {word} video"
                )
            continue
        leads = before is not None and not (
            isinstance(before, GroupPlugin.OpenBracket | syntax.FieldnameNode)
            or operator_word(before) is not None
        )
        if not (leads and follows):
            raise QueryError(
                f"{word} at {where} needs a word or phrase on each side, "
                f"as in diffusion {word} video"
            )


# -- checks on field values -------------------------------------------------------


def check_values(group: syntax.GroupNode, typed_to: int | None) -> None:
    """Refuse values the fields year, status and starred cannot take.

    Args:
        group: the syntax tree once fields are applied to their values.
        typed_to: where the word still being typed ends, if one is.

    Raises:
        QueryError: the value, the field, and what it takes.
    """
    for node in group:
        if isinstance(node, syntax.GroupNode):
            check_values(node, typed_to)
            continue
        name = getattr(node, "fieldname", None)
        if name in ("year", "status", "starred"):
            typing = typed_to is not None and node.endchar == typed_to
            _check_value(node, name, typing)


def _check_value(node: syntax.SyntaxNode, name: str, typing: bool) -> None:
    if isinstance(node, syntax.RangeNode):
        ends = [e for e in (node.start, node.end) if e]
        if name == "year" and all(_YEAR.fullmatch(e.strip()) for e in ends):
            return
        value = " TO ".join(str(e) for e in ends)
        raise _bad_value(name, value)
    text = str(getattr(node, "text", ""))
    value = text.lower()
    if name == "year":
        whole = type(node) in (syntax.WordNode, PhrasePlugin.PhraseNode)
        good = whole and bool(_YEAR.fullmatch(value.strip()))
    elif name == "status":
        good = value in STATUSES or (
            (typing or isinstance(node, _PATTERNS))
            and bool(value)
            and any(s.startswith(value.rstrip("*")) for s in STATUSES)
        )
    else:
        good = value in _BOOLEAN or (
            typing and bool(value) and any(s.startswith(value) for s in YES + NO)
        )
    if not good:
        raise _bad_value(name, _as_typed(node, text))


def _as_typed(node: syntax.SyntaxNode, text: str) -> str:
    """A value as the user wrote it (the parser keeps only the words)."""
    if isinstance(node, PrefixPlugin.PrefixNode):
        return f"{text}*"
    if getattr(node, "maxdist", None) is not None:  # fuzzy~
        return f"{text}~"
    return text


def _bad_value(name: str, value: str) -> QueryError:
    takes = {
        "year": _YEAR_HELP,
        "status": "unread, reading or read",
        "starred": "yes or no",
    }[name]
    return QueryError(f'{name}: takes {takes}, not "{value}"')


__all__ = [
    "INFIX",
    "PREFIX",
    "STATUSES",
    "USER_FIELDS",
    "QueryError",
    "check_tagged",
    "check_values",
    "is_prefix_operator",
    "operator_word",
    "significant",
]
