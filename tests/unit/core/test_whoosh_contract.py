"""The Whoosh internals the index relies on are there, as we use them.

Search decodes Whoosh's posting blocks and columns itself, and batch writing
overrides hooks of Whoosh's multiprocess writer (core/index/whoosh_private.py).
None of that is public, and whoosh3 releases often. Each test here checks one
group of those internals against the installed whoosh3, so an upgrade that
moves one fails here, by name, rather than in a user's search.
"""

from __future__ import annotations

import inspect
import pickle
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from whoosh import index as whoosh_index
from whoosh import query
from whoosh.codec import whoosh3
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.multiproc import MpWriter, SubWriterTask
from whoosh.reading import IndexReader
from whoosh.writing import SegmentWriter

from readinglist.core.index import postings, whoosh_private
from readinglist.core.index.documents import make_schema
from readinglist.core.index.ranking import DamerauFuzzyTerm

# More postings than one block holds (Whoosh writes 128 per block).
DOCS = 300


@pytest.fixture(scope="module")
def ix(tmp_path_factory: pytest.TempPathFactory) -> Any:
    folder: Path = tmp_path_factory.mktemp("contract")
    ix = whoosh_index.create_in(str(folder), make_schema())
    w = ix.writer()
    for n in range(DOCS):
        title = f"Diffusion models number {n}"
        w.add_document(
            id=f"p{n:04d}",
            title=title,
            words=title,
            typeahead=title,
            abstract=" ".join(["diffusion"] * (1 + n % 4) + ["video", "models"]),
            year=2000 + n % 25,
            upvotes=n % 7,
            added=float(n),
            date=f"{2000 + n % 25}-01-0{1 + n % 9}",
            starred=n % 2 == 0,
            status="unread",
        )
    w.commit()
    return ix


@pytest.fixture
def leaf(ix: Any) -> Iterator[IndexReader]:
    with ix.searcher() as s:
        leaves = [r for r, _ in s.reader().leaf_readers()]
        assert len(leaves) == 1
        yield leaves[0]


def test_posting_blocks_decode_as_whoosh_reads_them(leaf: IndexReader) -> None:
    term = b"diffus"
    fmt = leaf.schema["abstract"].format
    walked = leaf.postings("abstract", term)
    expected = []
    while walked.is_active():
        expected.append((walked.id(), walked.weight(), walked.value()))
        walked.next()

    table = whoosh_private.terms_table(leaf)
    assert table is not None
    matcher = table.matcher("abstract", term, fmt)
    assert isinstance(matcher, W3LeafMatcher)
    decoded: list[tuple[int, float, bytes]] = []
    blocks = 0
    while matcher.is_active():
        ids, weights, values = whoosh_private.read_block(matcher)
        blocks += 1
        # Document numbers are delta-coded within a block.
        docs = [sum(ids[: i + 1]) for i in range(len(ids))]
        if weights is None:
            weights = [1.0] * len(ids)
        elif isinstance(weights, float):
            weights = [weights] * len(ids)
        decoded.extend(zip(docs, weights, values, strict=True))
        whoosh_private.next_block(matcher)
    assert blocks > 1
    assert decoded == expected
    # And as the search engine decodes them.
    found = postings.postings(leaf, "abstract", term)
    assert found.docs.tolist() == [d for d, _, _ in expected]
    assert found.weights.tolist() == pytest.approx([w for _, w, _ in expected])


def test_numeric_columns_read_as_whoosh_reads_them(leaf: IndexReader) -> None:
    column = leaf.schema["upvotes"].column_type
    code = whoosh_private.column_typecode(column)
    assert code is not None
    # Stored as Whoosh encodes numbers for sorting: the raw default, not 0.
    assert whoosh_private.column_default(column) == column._default
    where = whoosh_private.column_file(leaf, "upvotes")
    assert where is not None
    colfile, offset, length = where
    colfile.close()
    assert offset >= 0
    assert length > 0
    assert whoosh_private.column_file(leaf, "no-such-column") is None
    expected = list(leaf.column_reader("upvotes", translate=False))
    assert postings.sort_keys(leaf, "upvotes").tolist() == expected
    lengths = postings.lengths(leaf, "abstract").tolist()
    assert lengths == [leaf.doc_field_length(d, "abstract") for d in range(DOCS)]


def test_string_columns_read_as_whoosh_reads_them(leaf: IndexReader) -> None:
    reader = leaf.column_reader("id", translate=False)
    whole = whoosh_private.string_column(reader, leaf.doc_count_all())
    assert whole is not None
    assert postings.strings(leaf, "id") == [
        bytes(v).decode("utf-8") for v in leaf.column_reader("id", translate=False)
    ]
    # A text column type has no fixed width.
    assert whoosh_private.column_typecode(leaf.schema["id"].column_type) is None


def test_query_hooks_expand_as_whoosh_does(ix: Any, leaf: IndexReader) -> None:
    prefix = query.Prefix("abstract", "vid")
    assert list(whoosh_private.expanded_terms(prefix, leaf)) == [b"video"]
    fuzzy = query.FuzzyTerm("abstract", "vidoe", maxdist=2)
    # Fuzzy terms come back as text, prefixes as bytes (matches.as_bytes).
    assert set(whoosh_private.expanded_terms(fuzzy, leaf)) == {"video"}
    years = query.NumericRange("year", 2001, 2002)
    compiled = whoosh_private.compiled(years, leaf)
    assert isinstance(compiled, query.Query)
    with ix.searcher() as searcher:
        with_range = set(compiled.docs(searcher))
        assert with_range == set(years.docs(searcher))
    assert len(with_range) == 2 * DOCS // 25


def test_table_of_contents_names_the_segments(ix: Any) -> None:
    toc = whoosh_private.table_of_contents(ix)
    assert [s.segment_id() for s in toc.segments] == whoosh_private.segment_ids(ix)
    assert toc.generation == ix.latest_generation()
    assert "abstract" in toc.schema


def test_the_codec_pickles_blocks_through_a_replaceable_dumps() -> None:
    # The codec calls its module's dumps() by name when it writes a block.
    source = inspect.getsource(whoosh3)
    assert "from pickle import dumps, loads" in source
    assert "dumps(data, 2)" in source
    whoosh_private.use_newest_pickle_protocol()
    assert whoosh3.dumps is whoosh_private._dumps
    block = ((1, 2), None, (b"x",))
    written = whoosh3.dumps(block, 2)
    assert written[1] == pickle.HIGHEST_PROTOCOL
    assert whoosh3.loads(written) == block


def _parameters(function: Any) -> list[str]:
    return list(inspect.signature(function).parameters)


def test_the_multiprocess_writer_has_the_hooks_we_override() -> None:
    assert _parameters(MpWriter._commit) == ["self", "mergetype", "optimize", "merge"]
    assert _parameters(MpWriter._new_task) == ["self"]
    assert _parameters(MpWriter._enqueue) == ["self"]
    for name in ("_merge_segments", "_commit_toc", "_finish"):
        assert callable(getattr(MpWriter, name)), name
    assert _parameters(SegmentWriter._finalize_segment) == ["self"]
    assert _parameters(SegmentWriter._close_segment) == ["self"]
    # Instance state the overrides read, set where Whoosh sets it.
    mp_init = inspect.getsource(MpWriter.__init__)
    for name in ("self.docbuffer", "self.tasks", "self.jobqueue", "self.resultqueue"):
        assert name in mp_init, name
    for name in ("self.subargs", "self.multisegment", "self.procs"):
        assert name in mp_init, name
    assert "self._added" in inspect.getsource(SegmentWriter)


def test_the_writer_process_has_the_hooks_we_override() -> None:
    assert _parameters(SubWriterTask.run) == ["self"]
    assert _parameters(SubWriterTask._process_file) == [
        "self",
        "filename",
        "doc_count",
    ]
    assert _parameters(SubWriterTask.__init__)[1:] == [
        "storage",
        "indexname",
        "jobqueue",
        "resultqueue",
        "kwargs",
        "multisegment",
    ]
    source = inspect.getsource(SubWriterTask)
    for name in ("self.running", "self.storage", "self.indexname", "self.kwargs"):
        assert name in source, name
    pool_source = inspect.getsource(SegmentWriter.__init__)
    assert "self.pool" in pool_source
    assert "self.docnum" in inspect.getsource(SegmentWriter)


def test_a_writer_pool_reports_its_fill(tmp_path: Path) -> None:
    ix = whoosh_index.create_in(str(tmp_path), make_schema())
    w = SegmentWriter(ix)
    try:
        w.add_document(id="p1", title="One paper", abstract="about diffusion")
        pool = w.pool
        assert pool.currentsize > 0
        assert pool.limit > pool.currentsize
        assert "abstract" in pool.fieldnames
        assert w.docnum == 1
    finally:
        w.cancel()


def test_fuzzy_terms_expand_through_the_hook_ranking_overrides(
    ix: Any, leaf: IndexReader
) -> None:
    # ranking.DamerauFuzzyTerm overrides _btexts: Whoosh must still ask it for
    # the words a fuzzy term stands for when it searches.
    assert _parameters(query.FuzzyTerm._btexts) == ["self", "ixreader"]
    assert "_btexts" in inspect.getsource(query.MultiTerm)
    fuzzy = DamerauFuzzyTerm("abstract", "vdieo", maxdist=1, prefixlength=1)
    assert set(whoosh_private.expanded_terms(fuzzy, leaf)) == {"video"}
    with ix.searcher() as searcher:
        assert len(searcher.search(fuzzy, limit=None)) == DOCS
