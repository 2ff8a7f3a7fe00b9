"""Reading a query: Whoosh's parser, with our checks, signs and type-ahead.

The query language is Whoosh's (DESIGN.md section 5), read strictly: what the
parser tagged is checked first (:mod:`querycheck`), so a query that cannot
mean what was written is an error, never a silent "no papers". ``-word``
excludes like ``NOT word``; ``+word`` requires (as in Lucene: in an OR it
must match, the rest only ranks). AND, OR and NOT also work next to
parentheses and at either end of the query, where they were words before.

While the user types (the app), the one word still being typed is widened to
a prefix where it stands (after NOT or OR, inside parentheses, as a field's
value), so the rest of the query keeps its meaning: a finished query (its last
word followed by a space) means exactly what it means on the command line. A
query plainly still being typed is completed rather than refused: an open
quote or parenthesis is closed at the end, and a trailing operator or empty
field waits for what follows it.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from whoosh import query
from whoosh.qparser import MultifieldPlugin, OperatorsPlugin, QueryParser, syntax
from whoosh.qparser.plugins import GroupPlugin, GtLtPlugin, Plugin

from readinglist.core.index.analysis import EDGE_MAX, TOKEN, fold
from readinglist.core.index.querycheck import (
    NO,
    YES,
    QueryError,
    check_tagged,
    check_values,
    operator_word,
    significant,
)

# A one-letter last word would match most titles for little use.
MIN_PREFIX = 2
# A prefix over every word of the abstracts or notes needs a few letters to stay
# cheap (titles have the edge n-grams of analysis.py).
MIN_TEXT_PREFIX = 3
# Whoosh applies fields at 100 and spreads unfielded words over the default
# fields at 110: values are checked, and the last word widened, in between.
_WIDEN_PRIORITY = 105
_REQUIRE_PRIORITY = 610  # after Whoosh's operators (600)
_LEFT = r"(^|(?<=[\s()]))"
_RIGHT = r"($|(?=[\s()]))"
_KEYWORDS = ("tag", "list", "imports", "org", "status")


class Required(syntax.Wrapper):  # type: ignore[misc]
    """``+word``: what follows must match (it already must, outside an OR)."""

    def query(self, parser: QueryParser) -> Any:
        return self.nodes[0].query(parser) if self.nodes else None


def operators() -> OperatorsPlugin:
    """Whoosh's operators, also next to parentheses and at either end, and signs."""
    tagger = OperatorsPlugin.OpTagger
    prefix = syntax.PrefixOperator
    signs = [
        (tagger(r"(^|(?<=[\s(]))-(?=[^\s)])", syntax.NotGroup, prefix, memo="-"), 0),
        (tagger(r"(^|(?<=[\s(]))\+(?=[^\s)])", Required, prefix, memo="+"), 0),
    ]
    return OperatorsPlugin(
        signs,
        And=f"{_LEFT}AND{_RIGHT}",
        Or=f"{_LEFT}OR{_RIGHT}",
        AndNot=f"{_LEFT}ANDNOT{_RIGHT}",
        AndMaybe=f"{_LEFT}ANDMAYBE{_RIGHT}",
        Not=f"{_LEFT}NOT{_RIGHT}",
        Require=f"{_LEFT}REQUIRE{_RIGHT}",
    )


class RequirePlugin(Plugin):  # type: ignore[misc]
    """Makes ``a OR +b`` mean: b must match, a only ranks (Lucene's meaning)."""

    def filters(self, parser: QueryParser) -> list[tuple[Callable[..., Any], int]]:
        return [(_require, _REQUIRE_PRIORITY)]


def _require(parser: QueryParser, group: syntax.GroupNode) -> syntax.GroupNode:
    for n, node in enumerate(group):
        if isinstance(node, syntax.GroupNode) and not isinstance(node, Required):
            group[n] = _require(parser, node)
    if not isinstance(group, syntax.OrGroup):
        return group
    needed = [n for n in group if isinstance(n, Required)]
    if not needed:
        return group
    rest = [n for n in group if not isinstance(n, Required)]
    must: syntax.SyntaxNode = needed[0] if len(needed) == 1 else syntax.AndGroup(needed)
    if not rest:
        return syntax.AndGroup([must])
    maybe = syntax.AndMaybeGroup([must, syntax.OrGroup(rest)])
    return syntax.AndGroup([maybe])


# -- what is still being typed --------------------------------------------------


def typed_to(parser: QueryParser, text: str) -> int | None:
    """Where the word still being typed ends, or None if the last one is done."""
    if not text or text[-1].isspace():
        return None
    pieces = significant(parser.tag(text))
    last: Any = pieces[-1] if pieces else None
    if (
        type(last) is syntax.WordNode
        and operator_word(last) is None
        and last.endchar == len(text)
        and '"' not in last.text
    ):
        return len(text)
    return None


def finish(parser: QueryParser, text: str) -> str:
    """``text`` as the user is plainly about to finish it.

    An open quote is closed at the end (the phrase is being typed); a trailing
    operator, sign, field name or open parenthesis is left out until what
    follows it is typed; open parentheses are closed at the end. A query
    that needs none of this comes back unchanged.
    """
    tags = parser.tag(text)
    if any(type(n) is syntax.WordNode and '"' in n.text for n in tags):
        text += '"'
        tags = parser.tag(text)
    while True:
        pieces = significant(tags)
        last = pieces[-1] if pieces else None
        if last is None or not (
            operator_word(last) is not None
            or isinstance(
                last,
                syntax.FieldnameNode | GroupPlugin.OpenBracket | GtLtPlugin.GtLtNode,
            )
        ):
            break
        text = text[: last.startchar]
        tags = parser.tag(text)
    depth = 0
    for piece in significant(tags):
        if isinstance(piece, GroupPlugin.OpenBracket):
            depth += 1
        elif isinstance(piece, GroupPlugin.CloseBracket):
            depth -= 1
            if depth < 0:  # a ")" with no "(": the check says where
                return text
    return text + ")" * depth


# -- the word being typed, widened ------------------------------------------------


class Unfinished(syntax.SyntaxNode):  # type: ignore[misc]
    """The word still being typed: itself, or any word it starts, where it stands."""

    def __init__(self, word: syntax.WordNode, spread: MultifieldPlugin) -> None:
        self.word = word
        self.spread = spread
        self.startchar = word.startchar
        self.endchar = word.endchar

    def r(self) -> str:
        return f"{self.word.text!r}…"

    def query(self, parser: QueryParser) -> Any:
        word = self.word
        name = word.fieldname
        if name is None:
            exact = self.spread.do_multifield(parser, syntax.AndGroup([word]))[0]
        else:
            exact = word
        found = exact.query(parser)
        wider, replaces = widened(name, word.text)
        if wider is None:
            return found
        if replaces or found is None:
            return wider
        return query.Or([found, wider])


def widened(name: str | None, text: str) -> tuple[query.Query | None, bool]:
    """What the unfinished ``text`` may become in field ``name`` (None: the
    default fields), and whether that stands in for the word itself.
    """
    # The index holds every word lowercase with its accents folded.
    start = fold(text.lower())
    if name in (None, "title", "abstract", "note") and not TOKEN.fullmatch(start):
        # Several words in one (state-of-the-a): the prefix of the whole
        # would match no word; the words as typed still do.
        return None, False
    if name is None or name == "title":
        if len(start) < MIN_PREFIX:
            return None, False
        # The starts of title words are indexed (analysis.EdgeGrams): one
        # term, however many words begin with it.
        if len(start) <= EDGE_MAX:
            return query.Term("typeahead", start), False
        return query.Prefix("words", start), False
    if name in ("abstract", "note"):
        if len(start) < MIN_TEXT_PREFIX:
            return None, False
        return query.Prefix(name, start), False
    if name in _KEYWORDS:
        return query.Prefix(name, start), name == "status"
    if name == "year" and start.isdigit() and len(start) < 4:
        scale = 10 ** (4 - len(start))
        low = int(start) * scale
        return query.NumericRange("year", low, low + scale - 1), True
    if name == "starred" and start not in YES + NO:
        yes = any(s.startswith(start) for s in YES)
        no = any(s.startswith(start) for s in NO)
        if yes != no:
            return query.Term("starred", yes), True
    return None, False


def _widen_last(
    group: syntax.GroupNode, end: int, spread: MultifieldPlugin
) -> syntax.GroupNode:
    for n, node in enumerate(group):
        if isinstance(node, syntax.GroupNode):
            group[n] = _widen_last(node, end, spread)
        elif (
            type(node) is syntax.WordNode
            and node.endchar == end
            and operator_word(node) is None
        ):
            group[n] = Unfinished(node, spread)
    return group


# -- reading --------------------------------------------------------------------


class TypingPlugin(Plugin):  # type: ignore[misc]
    """Checks field values and, while typing, widens the word being typed.

    It runs once fields are applied to their values and before unfielded
    words are spread over the default fields (Whoosh's filters at 100 and
    110). A parser holds one with no word being typed; :func:`read` asks a
    copy of the parser holding one that knows where the typed word ends.
    """

    def __init__(self, end: int | None = None) -> None:
        self.end = end

    def filters(self, parser: QueryParser) -> list[tuple[Callable[..., Any], int]]:
        return [(self.apply, _WIDEN_PRIORITY)]

    def apply(self, parser: QueryParser, group: syntax.GroupNode) -> Any:
        check_values(group, self.end)
        if self.end is None:
            return group
        spread = next(p for p in parser.plugins if isinstance(p, MultifieldPlugin))
        return _widen_last(group, self.end, spread)


def read(parser: QueryParser, text: str, *, typing: bool) -> query.Query:
    """The query ``text`` means, checked; while ``typing``, with its last word
    widened and what is plainly still being typed completed.

    Args:
        parser: a parser with :func:`operators`, :class:`RequirePlugin`,
            :class:`TypingPlugin` and a ``MultifieldPlugin``.
        text: the query as typed.
        typing: the app's type-ahead.

    Raises:
        QueryError: the query cannot mean what was written.
    """
    end = typed_to(parser, text) if typing else None
    if typing:
        text = finish(parser, text)
    if not text.strip():
        return query.Every()
    check_tagged(list(parser.tag(text)), text)
    if end is not None:
        # The parser is shared: a copy of it knows where the typed word ends.
        parser = copy.copy(parser)
        parser.plugins = [
            TypingPlugin(end) if isinstance(p, TypingPlugin) else p
            for p in parser.plugins
        ]
    # Whoosh marks a part it could not read and normalising drops it: look first.
    found = parser.parse(text, normalize=False)
    _refuse_errors(found)
    return found.normalize()


def _refuse_errors(q: query.Query) -> None:
    """Whoosh marks a part it could not read with an ``error``; say so."""
    error = getattr(q, "error", None)
    if error:
        raise QueryError(f"part of this query cannot be read: {error}")
    for child in q.children():
        _refuse_errors(child)
