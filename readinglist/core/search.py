"""Searching the index: query language, ranking, sorting, highlights, suggestions.

The query language is Whoosh's (DESIGN.md section 5): words search title,
abstract and note; ``field:value`` searches one field; AND/OR/NOT, "phrases",
``prefix*``, ``fuzzy~`` and ``year:[2022 TO 2024]`` all work. While the user types,
the last word also matches as a prefix of title words.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from whoosh import highlight, query
from whoosh.qparser import (
    FuzzyTermPlugin,
    GtLtPlugin,
    MultifieldParser,
)
from whoosh.qparser.common import QueryParserError
from whoosh.searching import Hit as WhooshHit
from whoosh.searching import Searcher

from readinglist.core.models import Highlight, Hit, SearchResult, Status

DEFAULT_FIELDS = ("title", "abstract", "note")
FIELD_BOOSTS = {"title": 3.0, "abstract": 1.0, "note": 1.5}
SORTS = ("relevance", "date", "upvotes", "added")
# Shorter last words would expand to thousands of terms for little use.
MIN_PREFIX = 2
MAX_PREFIX_TERMS = 64
FRAGMENT_CHARS = 240

_LAST_WORD = re.compile(r"(?:^|\s)([^\s:\"()*~^\[\]{}]+)$")
_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO"}

TextSource = Callable[[Sequence[str]], dict[str, dict[str, str]]]
"""Looks up the long text (abstract, note) of papers by id, for highlighting."""


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed query, or why it could not be parsed."""

    text: str
    parsed: query.Query | None
    error: str | None = None


class QueryBuilder:
    """Turns what the user typed into a Whoosh query."""

    def __init__(self, schema: Any) -> None:
        self.schema = schema
        self.parser = MultifieldParser(
            list(DEFAULT_FIELDS), schema, fieldboosts=FIELD_BOOSTS
        )
        self.parser.add_plugin(FuzzyTermPlugin())
        self.parser.add_plugin(GtLtPlugin())

    def build(self, text: str, *, typeahead: bool = False, scope: str = "") -> Query:
        """Parse ``text``; with ``typeahead`` the last word also matches as a prefix.

        Args:
            text: the query as typed.
            typeahead: treat the last word as possibly unfinished.
            scope: another query (a sidebar entry) the results must also match.
        """
        try:
            parsed = self._parse(text.strip(), typeahead)
            if scope.strip():
                scoped = self.parser.parse(scope)
                everything = isinstance(parsed, query.Every)
                parsed = scoped if everything else query.And([scoped, parsed])
        except (QueryParserError, ValueError, TypeError) as exc:
            return Query(text, None, f"cannot read this query: {exc}")
        return Query(text, parsed)

    def _parse(self, text: str, typeahead: bool) -> query.Query:
        if not text:
            return query.Every()
        parsed = self.parser.parse(text)
        match = _LAST_WORD.search(text) if typeahead else None
        word = match.group(1) if match else ""
        if len(word) < MIN_PREFIX or word in _OPERATORS or text.endswith(" "):
            return parsed
        head = text[: match.start(1)] if match else text
        prefix = query.Or(
            [
                self.parser.parse(word),
                query.Prefix("words", word.lower()),
            ]
        )
        if not head.strip():
            return prefix
        return query.And([self.parser.parse(head), prefix])


class Searching:
    """Runs queries against one Whoosh searcher and shapes the answers."""

    def __init__(self, searcher: Searcher, builder: QueryBuilder, texts: TextSource):
        self.searcher = searcher
        self.builder = builder
        self.texts = texts

    def search(
        self,
        text: str,
        *,
        limit: int = 20,
        offset: int = 0,
        sort: str = "relevance",
        typeahead: bool = False,
        scope: str = "",
    ) -> SearchResult:
        """One page of results with highlights, a total and, if empty, a suggestion."""
        started = time.perf_counter()
        parsed = self.builder.build(text, typeahead=typeahead, scope=scope)
        if parsed.parsed is None:
            return SearchResult(text, 0, [], error=parsed.error)
        kwargs = _sort_args(sort, text)
        results = self.searcher.search(
            parsed.parsed, limit=offset + limit, terms=True, **kwargs
        )
        total = len(results)
        window = list(results)[offset : offset + limit]
        hits = self._hits(window, parsed.parsed, scored=not kwargs)
        suggestion = None if total else self.suggest(text)
        elapsed = (time.perf_counter() - started) * 1000
        return SearchResult(text, total, hits, suggestion, None, elapsed)

    def ids(
        self,
        text: str,
        *,
        sort: str = "relevance",
        typeahead: bool = False,
        scope: str = "",
    ) -> tuple[list[str], str | None]:
        """Every matching paper id in result order (for a lazy table), or an error."""
        parsed = self.builder.build(text, typeahead=typeahead, scope=scope)
        if parsed.parsed is None:
            return [], parsed.error
        results = self.searcher.search(
            parsed.parsed, limit=None, **_sort_args(sort, text)
        )
        return [hit["id"] for hit in results], None

    def more_like(self, paper_id: str, abstract: str, limit: int) -> SearchResult:
        """Papers whose abstracts share the most telling words with this one's."""
        started = time.perf_counter()
        docnum = self.searcher.document_number(id=paper_id)
        if docnum is None or not abstract:
            return SearchResult(f"like:{paper_id}", 0, [])
        results = self.searcher.more_like(
            docnum, "abstract", text=abstract, top=limit, numterms=12
        )
        hits = self._hits(list(results), None, scored=True)
        elapsed = (time.perf_counter() - started) * 1000
        return SearchResult(f"like:{paper_id}", len(hits), hits, elapsed_ms=elapsed)

    def highlight_paper(self, paper_id: str, text: str) -> list[Highlight]:
        """Every match of ``text`` in one paper's title, abstract and note."""
        parsed = self.builder.build(text, typeahead=True)
        if parsed.parsed is None or not text.strip():
            return []
        only = query.And([parsed.parsed, query.Term("id", paper_id)])
        results = self.searcher.search(only, limit=1, terms=True)
        if not len(results):
            return []
        hit = results[0]
        long_text = self.texts([paper_id]).get(paper_id, {})
        return _highlights(hit, hit["title"], long_text, whole=True)

    def suggest(self, text: str) -> str | None:
        """The query with each unknown word replaced by the closest title word."""
        reader = self.searcher.reader()
        corrector = self.searcher.corrector("words")
        changed = False
        out: list[str] = []
        for token in re.split(r"(\s+)", text):
            word = token.lower()
            if (
                word.isalpha()
                and len(word) > 2
                and token not in _OPERATORS
                and not reader.frequency("words", word)
            ):
                found = corrector.suggest(word, limit=1, maxdist=2)
                if found:
                    out.append(found[0])
                    changed = True
                    continue
            out.append(token)
        return "".join(out) if changed else None

    def _hits(
        self, window: list[WhooshHit], parsed: query.Query | None, *, scored: bool
    ) -> list[Hit]:
        texts = self.texts([h["id"] for h in window]) if parsed is not None else {}
        hits = []
        for whoosh_hit in window:
            fields = whoosh_hit.fields()
            highlights: list[Highlight] = []
            if parsed is not None:
                long_text = texts.get(fields["id"], {})
                highlights = _highlights(whoosh_hit, fields["title"], long_text)
            hits.append(
                Hit(
                    paper_id=fields["id"],
                    title=fields["title"],
                    year=fields.get("year"),
                    date=fields.get("date"),
                    starred=bool(fields.get("starred")),
                    status=Status(fields.get("status", "unread")),
                    # A sorted search's "score" is the sort key, not a relevance.
                    score=float(whoosh_hit.score or 0.0) if scored else 0.0,
                    upvotes=fields.get("upvotes") or None,
                    highlights=highlights,
                )
            )
        return hits


def _sort_args(sort: str, text: str) -> dict[str, Any]:
    if sort not in SORTS:
        raise ValueError(f"unknown sort {sort!r}; use one of {', '.join(SORTS)}")
    if sort == "relevance" and text.strip():
        return {}
    field = "added" if sort == "relevance" else sort
    return {"sortedby": field, "reverse": True}


class _SpanFormatter(highlight.Formatter):  # type: ignore[misc]
    """Returns fragments as (text, match offsets) instead of HTML."""

    between = " … "

    def format_fragment(
        self, fragment: highlight.Fragment, replace: bool = False
    ) -> tuple[str, tuple[tuple[int, int], ...]]:
        start = fragment.startchar
        text = fragment.text[start : fragment.endchar]
        spans = tuple(
            (t.startchar - start, t.endchar - start)
            for t in fragment.matches
            if t.startchar is not None
        )
        return text, spans

    def format(
        self, fragments: list[highlight.Fragment], replace: bool = False
    ) -> list[tuple[str, tuple[tuple[int, int], ...]]]:
        return [self.format_fragment(f, replace) for f in fragments]


_FORMATTER = _SpanFormatter()
_FRAGMENTER = highlight.ContextFragmenter(maxchars=FRAGMENT_CHARS, surround=60)


def _highlights(
    hit: WhooshHit, title: str, long_text: dict[str, str], *, whole: bool = False
) -> list[Highlight]:
    out: list[Highlight] = []
    for field, text in (("title", title), *long_text.items()):
        if not text:
            continue
        whole_field = whole or field == "title"
        fragmenter = highlight.WholeFragmenter() if whole_field else _FRAGMENTER
        hit.results.fragmenter = fragmenter
        hit.results.formatter = _FORMATTER
        try:
            fragments = hit.highlights(field, text=text, top=2)
        except Exception:
            continue
        for fragment_text, spans in fragments or []:
            if spans:
                out.append(Highlight(field, fragment_text, spans))
    return out
