"""What a parsed query gains so that results rank as people expect.

Two additions to the query Whoosh's parser builds:

- **Exact forms first.** Title words are indexed twice: stemmed (``title``) and
  as written (``words``, accents folded). Each title word of a query also asks
  for its exact form in ``words``, so a title holding ``transformer`` ranks
  above one holding only ``transformed`` or ``transform``.
- **A transposition is one edit.** ``halpren~`` finds ``halpern``, as in
  Lucene: :class:`DamerauFuzzyTerm` expands to the words within the
  Damerau (optimal string alignment) distance, where Whoosh's automaton
  counts a swap of two letters as two edits. The words come from the
  tables saved with each segment (termtables.py), or from its lexicon.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rapidfuzz.distance import OSA
from whoosh import query
from whoosh.qparser import FuzzyTermPlugin
from whoosh.reading import IndexReader

from readinglist.core.index import termtables
from readinglist.core.index.analysis import fold

# How much an exact title word adds, as a boost on its ``words`` term: the
# same as a title word's, so it counts about as much again.
EXACT_BOOST = 3.0
EXACT_FIELD = "words"
_STEMMED_TITLE = "title"


def with_exact_forms(q: query.Query, text: str, schema: Any) -> query.Query:
    """``q`` where each title word also matches its exact form (more strongly).

    Args:
        q: a query parsed from ``text``.
        text: the query text (the parser's character extents point into it).
        schema: the index schema (for the exact field's analyzer).
    """
    if EXACT_FIELD not in schema:
        return q
    analyzer = schema[EXACT_FIELD].analyzer

    def exact(term: query.Term) -> query.Term | None:
        start, end = term.startchar, term.endchar
        if start is None or end is None:
            return None
        tokens = [t.text for t in analyzer(text[start:end])]
        if len(tokens) != 1:
            return None
        return query.Term(EXACT_FIELD, tokens[0], boost=EXACT_BOOST)

    def walk(node: query.Query) -> query.Query:
        if _is_title_term(node):
            extra = exact(node)
            return node if extra is None else query.Or([node, extra])
        if isinstance(node, query.Or) and not isinstance(node, query.DisjunctionMax):
            titles = [s for s in node.subqueries if _is_title_term(s)]
            others = [walk(s) for s in node.subqueries if not _is_title_term(s)]
            extras = [e for e in map(exact, titles) if e is not None]
            if extras:
                return query.Or([*titles, *others, *extras], boost=node.boost)
        return node if node.is_leaf() else node.apply(walk)

    return walk(q)


def _is_title_term(node: query.Query) -> bool:
    return (
        type(node) is query.Term
        and node.fieldname == _STEMMED_TITLE
        and isinstance(node.text, str)
    )


class DamerauFuzzyTerm(query.FuzzyTerm):  # type: ignore[misc]
    """A fuzzy term whose distance counts a swap of neighbours as one edit."""

    def _btexts(self, ixreader: IndexReader) -> Iterable[Any]:
        field = self.fieldname
        found: set[str] = set()
        for leaf, _ in ixreader.leaf_readers():
            if leaf.schema[field].scorable and not leaf.field_length(field):
                continue  # no text in this field here (notes, mostly)
            # The segment's words saved with it (or, for a segment without a
            # saved table, read once from its lexicon), compared in one call.
            # Whoosh's automaton, built again for each swap of two letters,
            # took seconds for a long word and two edits.
            if field not in termtables.FIELDS:
                # Tags, organisations...: few words, compared one by one.
                words = (_text_of(leaf, field, t) for t in leaf.lexicon(field))
                found.update(w for w in words if self._near(w))
                continue
            saved = termtables.table(leaf, field) or termtables.words_only(leaf, field)
            rows = saved.within(self.text, self.maxdist, self.prefixlength)
            texts = saved.texts()
            found.update(texts[r] for r in rows.tolist())
        return sorted(found)

    def _near(self, word: str) -> bool:
        start = self.text[: self.prefixlength]
        return word.startswith(start) and (
            OSA.distance(word, self.text, score_cutoff=self.maxdist) <= self.maxdist
        )


def _text_of(reader: IndexReader, field: str, word: Any) -> str:
    return word if isinstance(word, str) else str(reader.schema[field].from_bytes(word))


class DamerauFuzzyPlugin(FuzzyTermPlugin):  # type: ignore[misc]
    """``word~`` and ``word~2`` as :class:`DamerauFuzzyTerm`."""

    class FuzzyTermNode(FuzzyTermPlugin.FuzzyTermNode):  # type: ignore[misc]
        qclass = DamerauFuzzyTerm


def folded_start(word: str) -> str:
    """The start of a word as the index holds it: lowercase, accents folded."""
    return fold(word.lower())
