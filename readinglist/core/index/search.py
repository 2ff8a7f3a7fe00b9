"""Searching the index: query language, ranking, sorting, highlights, suggestions.

The query language is Whoosh's (DESIGN.md section 5): words search title,
abstract and note; ``field:value`` searches one field; AND/OR/NOT, ``-word``,
"phrases", ``prefix*``, ``fuzzy~`` and ``year:[2022 TO 2024]`` all work. It is
read strictly, and while the user types the word being typed also matches as
a prefix where it stands (:mod:`querysyntax`).

Whoosh parses; :mod:`evaluate` finds and scores the matches over cached posting
arrays; the result page's rows come from the index's stored fields and their
highlights from the store's text (see :mod:`highlighting`).
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from whoosh import query
from whoosh.qparser import (
    GtLtPlugin,
    MultifieldPlugin,
    QueryParser,
)
from whoosh.qparser.common import QueryParserError
from whoosh.searching import Searcher

from readinglist.core.index import querysyntax
from readinglist.core.index.evaluate import Evaluator
from readinglist.core.index.highlighting import highlights, marks_for
from readinglist.core.index.matches import Matches
from readinglist.core.index.postings import Ints
from readinglist.core.index.querycheck import QueryError
from readinglist.core.index.ranking import (
    DamerauFuzzyPlugin,
    folded_start,
    with_exact_forms,
)
from readinglist.core.index.spelling import FIELD as SPELLING_FIELD
from readinglist.core.index.spelling import (
    INLINE_DOCS,
    catch_up,
    speller_for,
    suggestion,
)
from readinglist.core.models import Highlight, Hit, SearchResult, Status

DEFAULT_FIELDS = ("title", "abstract", "note")
FIELD_BOOSTS = {"title": 3.0, "abstract": 1.0, "note": 1.5}
SORTS = ("relevance", "title", "date", "upvotes", "added")
"""Result orders: best match, A to Z by folded title, then newest or most first."""
MIN_PREFIX = querysyntax.MIN_PREFIX
# Parsed queries kept for asking again.
PARSED_KEPT = 256

_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO"}

TextSource = Callable[[Sequence[str]], dict[str, dict[str, str]]]
"""Looks up the long text (abstract, note) of papers by id, for highlighting."""
TitleRanks = Callable[[], dict[str, int]]
"""Every paper's place in title order, by id (``userdata.title_ranks``)."""


def _no_ranks() -> dict[str, int]:
    return {}


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed query, or why it could not be parsed."""

    text: str
    parsed: query.Query | None
    error: str | None = None


class _Parser(QueryParser):  # type: ignore[misc]
    """Whoosh's parser, except that ``prefix*`` and wildcards are not stemmed,
    and title words also ask for their exact form (ranking.py).

    The stemmer would turn ``cons*`` into ``con*``, which matches thousands of
    words the user did not mean. Unstemmed, the prefix still matches the
    index's stems that start with it.
    """

    def parse(self, text: str, normalize: bool = True, debug: bool = False) -> Any:
        parsed = super().parse(text, normalize=normalize, debug=debug)
        return with_exact_forms(parsed, text, self.schema)

    def term_query(  # noqa: PLR0917 -- Whoosh's own signature
        self,
        fieldname: str,
        text: Any,
        termclass: type,
        boost: float = 1.0,
        tokenize: bool = True,
        removestops: bool = True,
    ) -> Any:
        if (
            issubclass(termclass, query.PatternQuery)
            and isinstance(text, str)
            and fieldname in DEFAULT_FIELDS
        ):
            return termclass(fieldname, folded_start(text), boost=boost)
        return super().term_query(
            fieldname, text, termclass, boost, tokenize, removestops
        )


class QueryBuilder:
    """Turns what the user typed into a Whoosh query."""

    def __init__(self, schema: Any) -> None:
        self.schema = schema
        # What whoosh.qparser.MultifieldParser builds, with the parser above.
        self.parser = _Parser(None, schema)
        self.parser.add_plugin(MultifieldPlugin(DEFAULT_FIELDS, FIELD_BOOSTS))
        self.parser.add_plugin(DamerauFuzzyPlugin())
        self.parser.add_plugin(GtLtPlugin())
        # AND, OR, NOT also beside parentheses; -word and +word (querysyntax).
        self.parser.replace_plugin(querysyntax.operators())
        self.parser.add_plugin(querysyntax.RequirePlugin())
        self.parser.add_plugin(querysyntax.TypingPlugin())
        # The same query is asked again and again (the window refreshes its
        # results after every star or note); parsing it costs more than
        # some answers do. Queries are read, never changed, once built.
        self._built: OrderedDict[tuple[str, bool, str], Query] = OrderedDict()

    def build(self, text: str, *, typeahead: bool = False, scope: str = "") -> Query:
        """Parse ``text``; with ``typeahead`` the last word also matches as a prefix.

        Args:
            text: the query as typed.
            typeahead: treat the last word as possibly unfinished.
            scope: another query (a sidebar entry) the results must also match.
        """
        key = (text, typeahead, scope)
        found = self._built.get(key)
        if found is None:
            found = self._built[key] = self._build(text, typeahead, scope)
            if len(self._built) > PARSED_KEPT:
                self._built.popitem(last=False)
        else:
            self._built.move_to_end(key)
        return found

    def _build(self, text: str, typeahead: bool, scope: str) -> Query:
        try:
            parsed = querysyntax.read(self.parser, text, typing=typeahead)
            if scope.strip():
                scoped = self.parser.parse(scope)
                everything = isinstance(parsed, query.Every)
                parsed = scoped if everything else query.And([scoped, parsed])
        except QueryError as exc:
            return Query(text, None, str(exc))
        except (QueryParserError, ValueError, TypeError) as exc:
            return Query(text, None, f"this query cannot be read: {exc}")
        return Query(text, parsed)


class Searching:
    """Runs queries against one Whoosh searcher and shapes the answers."""

    title_ranks: TitleRanks = staticmethod(_no_ranks)
    """Where the title order comes from; the library sets its store's."""

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
        key = _sort_key(sort, text)
        parsed = self.builder.build(text, typeahead=typeahead, scope=scope)
        if parsed.parsed is None:
            return SearchResult(text, 0, [], error=parsed.error)
        evaluator = Evaluator(self.searcher)
        found = evaluator.run(parsed.parsed)
        order = _order(evaluator, found, key, offset + limit, self.title_ranks)
        order = order[offset:]
        hits = self._hits(
            evaluator,
            found.docs[order],
            found.scores[order],
            parsed.parsed,
            scored=key is None,
        )
        total = len(found)
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
        key = _sort_key(sort, text)
        parsed = self.builder.build(text, typeahead=typeahead, scope=scope)
        if parsed.parsed is None:
            return [], parsed.error
        evaluator = Evaluator(self.searcher)
        found = evaluator.run(parsed.parsed)
        order = _order(evaluator, found, key, len(found), self.title_ranks)
        return evaluator.ids(found.docs[order]), None

    def more_like(self, paper_id: str, abstract: str, limit: int) -> SearchResult:
        """Papers whose abstracts share the most telling words with this one's."""
        started = time.perf_counter()
        docnum = self.searcher.document_number(id=paper_id)
        if docnum is None or not abstract:
            return SearchResult(f"like:{paper_id}", 0, [])
        words = self.searcher.key_terms_from_text("abstract", abstract, numterms=12)
        like = query.Or([query.Term("abstract", w, boost=b) for w, b in words])
        evaluator = Evaluator(self.searcher)
        found = evaluator.run(like)
        others = np.array(
            [i != paper_id for i in evaluator.ids(found.docs)], dtype=bool
        )
        found = Matches(found.docs[others], found.scores[others])
        order = _order(evaluator, found, None, limit)
        hits = self._hits(
            evaluator, found.docs[order], found.scores[order], None, scored=True
        )
        elapsed = (time.perf_counter() - started) * 1000
        return SearchResult(f"like:{paper_id}", len(hits), hits, elapsed_ms=elapsed)

    def highlight_paper(self, paper_id: str, text: str) -> list[Highlight]:
        """Every match of ``text`` in one paper's title, abstract and note."""
        parsed = self.builder.build(text, typeahead=True)
        if parsed.parsed is None or not text.strip():
            return []
        only = query.And([query.Term("id", paper_id), parsed.parsed])
        evaluator = Evaluator(self.searcher)
        found = evaluator.run(only)
        if not len(found):
            return []
        stored = evaluator.stored_fields(int(found.docs[0]))
        long_text = self.texts([paper_id]).get(paper_id, {})
        fields = [("title", str(stored.get("title", ""))), *long_text.items()]
        marks = marks_for(parsed.parsed, self.searcher.reader())
        return highlights(fields, marks, whole=True)

    def suggest(self, text: str) -> str | None:
        """The query with each word no title has replaced by the closest title
        word (the most common of the closest), from the spelling index."""
        evaluator = Evaluator(self.searcher)
        leaves = [leaf for leaf, _ in evaluator.leaves]
        speller = speller_for(leaves)
        if speller is None:
            return None
        catch_up(speller, leaves, most_docs=INLINE_DOCS)

        def count(word: str) -> int:
            return len(evaluator.term(SPELLING_FIELD, word))

        def often(word: str) -> int:
            # From the term dictionary: no posting list is decoded for it.
            return evaluator._df(SPELLING_FIELD, word.encode("utf-8"))

        return suggestion(text, speller, count, _OPERATORS, often)

    def _hits(
        self,
        evaluator: Evaluator,
        docs: Ints,
        scores: Any,
        parsed: query.Query | None,
        *,
        scored: bool,
    ) -> list[Hit]:
        rows = [evaluator.stored_fields(int(d)) for d in docs]
        ids = [str(r["id"]) for r in rows]
        # A query with no words to mark (``starred:yes``) needs no text.
        marks = marks_for(parsed, self.searcher.reader()) if ids else None
        texts = self.texts(ids) if marks else {}
        hits = []
        for fields, score in zip(rows, scores.tolist(), strict=True):
            title = str(fields["title"])
            marked: list[Highlight] = []
            if marks:
                long_text = texts.get(fields["id"], {})
                marked = highlights([("title", title), *long_text.items()], marks)
            hits.append(
                Hit(
                    paper_id=fields["id"],
                    title=title,
                    year=fields.get("year"),
                    date=fields.get("date"),
                    starred=bool(fields.get("starred")),
                    status=Status(fields.get("status", "unread")),
                    # A sorted search's "score" is the sort key, not a relevance.
                    score=float(score) if scored else 0.0,
                    upvotes=fields.get("upvotes") or None,
                    highlights=marked,
                )
            )
        return hits


def _sort_key(sort: str, text: str) -> str | None:
    """The field to sort by, newest or most first; None for relevance."""
    if sort not in SORTS:
        raise ValueError(f"unknown sort {sort!r}; use one of {', '.join(SORTS)}")
    if sort == "relevance" and text.strip():
        return None
    return "added" if sort == "relevance" else sort


def _order(
    evaluator: Evaluator,
    found: Matches,
    key: str | None,
    count: int,
    title_ranks: TitleRanks = _no_ranks,
) -> Ints:
    """Positions in ``found`` of its best ``count`` documents, best first.

    Best is the highest score (or sort value), or the first title from A;
    ties go to the lower document number, as in Whoosh. Only the top
    ``count`` are fully sorted.
    """
    total = len(found)
    count = min(count, total)
    if not count:
        return np.zeros(0, dtype=np.int64)
    if key == "title":
        # Titles are not an index column: their order comes from the store,
        # and the earliest title must come out "highest".
        ranks = title_ranks()
        ids = evaluator.ids(found.docs)
        values = -np.array([ranks.get(i, len(ranks)) for i in ids], dtype=np.float64)
    elif key is None:
        values = np.asarray(found.scores, dtype=np.float64)
    else:
        values = np.asarray(evaluator.sort_keys(key, found.docs), dtype=np.float64)
    if count < total:
        threshold = np.partition(values, total - count)[total - count]
        chosen = np.flatnonzero(values >= threshold)
    else:
        chosen = np.arange(total)
    # found.docs ascends, so position order is document order for ties.
    ranked = chosen[np.lexsort((chosen, -values[chosen]))]
    return np.asarray(ranked[:count], dtype=np.int64)
