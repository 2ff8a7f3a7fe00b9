"""Highlights: where a query's words occur in a paper's title, abstract and note.

The text comes from the store (the index does not keep abstracts or notes).
Which words to mark comes from the query itself: its terms per field (stems,
as the index holds them) and the word starts it matched as prefixes. The
fragments follow Whoosh's ContextFragmenter: a run of matched words with some
context around it, at most ``FRAGMENT_CHARS`` long, best two per field.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from heapq import nlargest

from whoosh import query
from whoosh.analysis import STOP_WORDS
from whoosh.reading import IndexReader

from readinglist.core.index import whoosh_private
from readinglist.core.index.analysis import MIN_WORD, TOKEN, fold, stemmed
from readinglist.core.models import Highlight

TEXT_FIELDS = ("title", "abstract", "note")
FRAGMENT_CHARS = 240
SURROUND = 60
TOP_FRAGMENTS = 2
CHAR_LIMIT = 2**15
# Fields whose words are also the title's (unstemmed, or their starts).
_TITLE_WORDS = ("words", "typeahead")


@dataclass(slots=True)
class Marks:
    """What to mark: analysed terms per field, and word starts per field."""

    terms: dict[str, set[str]] = field(default_factory=dict)
    starts: dict[str, set[str]] = field(default_factory=dict)

    def add_term(self, name: str, text: str) -> None:
        """Mark words whose analysed form is ``text``."""
        self.terms.setdefault(name, set()).add(text)

    def add_start(self, name: str, text: str) -> None:
        """Mark words that start with ``text``."""
        self.starts.setdefault(name, set()).add(text.lower())

    def __bool__(self) -> bool:
        return bool(self.terms or self.starts)


def marks_for(q: query.Query | None, reader: IndexReader) -> Marks:
    """The words a query looks for in the text fields (negated parts left out)."""
    marks = Marks()
    if q is not None:
        _collect(q, reader, marks)
    return marks


def _collect(q: query.Query, reader: IndexReader, marks: Marks) -> None:
    if isinstance(q, query.Not):
        return
    if isinstance(q, query.AndNot):
        _collect(q.a, reader, marks)
        return
    if isinstance(q, query.Term):
        if q.fieldname in TEXT_FIELDS and isinstance(q.text, str):
            marks.add_term(q.fieldname, q.text)
        elif q.fieldname == "typeahead" and isinstance(q.text, str):
            marks.add_start("title", q.text)
        elif q.fieldname == "words" and isinstance(q.text, str):
            marks.add_term("title", stemmed(q.text))
        return
    if isinstance(q, query.Phrase):
        if q.fieldname in TEXT_FIELDS:
            for word in q.words:
                marks.add_term(q.fieldname, word)
        return
    if isinstance(q, query.Prefix):
        name = "title" if q.fieldname in _TITLE_WORDS else q.fieldname
        if name in TEXT_FIELDS:
            marks.add_start(name, q.text)
        return
    if isinstance(q, query.MultiTerm):
        if q.fieldname in TEXT_FIELDS:
            fieldobj = reader.schema[q.fieldname]
            for term in whoosh_private.expanded_terms(q, reader):
                text = term if isinstance(term, str) else fieldobj.from_bytes(term)
                marks.add_term(q.fieldname, text)
        return
    for sub in q.children():
        _collect(sub, reader, marks)


def _pattern(terms: set[str], starts: set[str]) -> re.Pattern[str]:
    """A pattern for the words that may match: those starting like a term.

    A Porter stem is the start of its words but for its last letter
    ("happi" from "happy"), so each stem less one letter finds every word
    that may have it; each candidate is then stemmed to be sure.
    """
    heads = {t[:-1] if len(t) > MIN_WORD else t for t in terms} | starts
    alternatives = "|".join(sorted(map(re.escape, heads), key=len, reverse=True))
    return re.compile(rf"(?<![\w*.])(?:{alternatives})[\w*]*(?:\.?[\w*]+)*", re.I)


def _matches(text: str, terms: set[str], starts: set[str]) -> list[tuple[int, int]]:
    """(start, end) of each word of ``text`` the marks select."""
    out: list[tuple[int, int]] = []
    # The index folds accents (analysis.fold), so "schrodinger" must mark
    # "Schrödinger": such text is read word by word, each word folded.
    words = (
        _pattern(terms, starts).finditer(text, 0, CHAR_LIMIT)
        if text.isascii()
        else TOKEN.finditer(text, 0, CHAR_LIMIT)
    )
    for match in words:
        word = fold(match.group().lower())
        if len(word) < MIN_WORD or word in STOP_WORDS:
            continue
        if (terms and stemmed(word) in terms) or any(map(word.startswith, starts)):
            out.append(match.span())
    return out


Fragment = tuple[int, int, list[tuple[int, int]]]


def _fragments(text: str, spans: list[tuple[int, int]]) -> list[Fragment]:
    """Runs of matches with context around them, as Whoosh's ContextFragmenter
    makes them: from a word about ``SURROUND`` characters before the first
    match to one about as far after the last, at most ``FRAGMENT_CHARS`` long."""
    out: list[Fragment] = []
    index = 0
    while index < len(spans):
        first_start = spans[index][0]
        word = TOKEN.search(text, max(0, first_start - SURROUND), first_start + 1)
        start = word.start() if word else first_start
        members = [spans[index]]
        index += 1
        while (
            index < len(spans) and spans[index][1] - start <= FRAGMENT_CHARS - SURROUND
        ):
            members.append(spans[index])
            index += 1
        end = members[-1][1]
        limit = min(len(text), end + SURROUND, start + FRAGMENT_CHARS)
        for after in TOKEN.finditer(text, end, limit):
            if after.end() <= limit:
                end = after.end()
        out.append((start, end, members))
    return out


def _score(text: str, spans: list[tuple[int, int]]) -> int:
    """Whoosh's BasicFragmentScorer: matches, times distinct words matched."""
    return len(spans) * 100 * len({text[a:b].lower() for a, b in spans})


def highlights(
    texts: Iterable[tuple[str, str]], marks: Marks, *, whole: bool = False
) -> list[Highlight]:
    """Highlighted fragments of each (field, text) the query's words occur in.

    Args:
        texts: (field name, text) pairs.
        marks: what the query looks for.
        whole: one fragment per field holding the whole text (the paper view);
            otherwise titles are whole and longer text is cut into fragments.
    """
    out: list[Highlight] = []
    for name, text in texts:
        terms = marks.terms.get(name, set())
        starts = marks.starts.get(name, set())
        if not text or not (terms or starts):
            continue
        hits = _matches(text, terms, starts)
        if not hits:
            continue
        if whole or name == "title":
            out.append(Highlight(name, text, tuple(hits)))
            continue
        scored = [
            (_score(text, spans), -start, start, end, spans)
            for start, end, spans in _fragments(text, hits)
        ]
        best = sorted(nlargest(TOP_FRAGMENTS, scored), key=lambda f: f[2])
        for _, _, start, end, spans in best:
            moved = tuple((a - start, b - start) for a, b in spans)
            out.append(Highlight(name, text[start:end], moved))
    return out
