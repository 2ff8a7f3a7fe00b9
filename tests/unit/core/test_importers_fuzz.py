"""Property tests: no text and no bytes make the listing importers fail."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readinglist.core.importers import ParseContext, parse_file, parse_text
from readinglist.core.importers.hf_page import read_blocks
from readinglist.core.importers.listing_common import clean
from readinglist.core.importers.reading import read_text
from readinglist.core.models import ParseResult

# No example database: the tests must not write into the source tree.
FUZZ = settings(
    max_examples=200,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)

# Pieces of real listings, so random text often looks like a listing and the
# block reader is exercised, not only the sniffing.
LISTING_LINES = st.sampled_from(
    [
        "",
        "new",
        "Get trending papers in your email inbox!",
        "Get trending papers in your email inbox once a day!",
        "Subscribe",
        "SubscribeA Glued Title",
        "Daily Papers",
        "byAK and the research community",
        "Dec 31",
        "Feb 29",
        "Feb 30 7",
        "Oct 18, 2024 2",
        "  • 4 authors",
        "·",
        "Stanford Stanford AI",
        "Opening the Blackbox: Accelerating Neural Differential Equations",
        "We study a problem. " * 20 + "Code: https://github.com/a/b.",
        "See github.com/x/y). (https://e.org/a_(b)) https:// \\_ }{",
        "@article{",
        "TY  - ",
        "{",
    ]
)
LISTING_TEXT = st.lists(
    st.one_of(LISTING_LINES, st.text(max_size=40)), max_size=40
).map("\n".join)
ANY_TEXT = st.one_of(st.text(), LISTING_TEXT)
TITLE_WORDS = (
    "Deep",
    "Sparse",
    "Learning",
    "of",
    "Graph",
    "Models",
    "via",
    "Attention",
    "for",
    "Scaling",
    "Laws",
    "Transformers:",
    "A",
    "Survey",
    "2",
    "the",
)
TITLES = st.lists(
    st.sampled_from(TITLE_WORDS),
    min_size=1,
    max_size=12,
).map(" ".join)
CONTEXTS = st.builds(
    ParseContext,
    year=st.one_of(st.none(), st.integers(min_value=-5, max_value=10_005)),
    file_date=st.dates(),
)


def _check(result: ParseResult, path: str) -> None:
    for problem in result.problems:
        assert problem.path == path
        assert problem.line >= 0
        assert problem.message
    for paper in result.papers:
        assert paper.title and paper.title == paper.title.strip()
        assert paper.line >= 1
        if paper.published is not None:
            dt.date.fromisoformat(paper.published)
        assert paper.upvotes is None or paper.upvotes >= 0
        assert all(link.startswith(("http://", "https://")) for link in paper.links)


@FUZZ
@given(text=ANY_TEXT, context=CONTEXTS)
def test_parse_text_never_raises(text: str, context: ParseContext) -> None:
    _check(parse_text(text, "fuzz.txt", context), "fuzz.txt")


@FUZZ
@given(text=ANY_TEXT, context=CONTEXTS)
def test_block_reader_never_raises(text: str, context: ParseContext) -> None:
    # Whatever the sniffing says, the reader itself must cope with any text.
    papers, problems = read_blocks(text, "fuzz.txt", context)
    _check(ParseResult(format="", papers=papers, problems=problems), "fuzz.txt")
    lines = text.split("\n")
    for paper in papers:
        # The title is its line, cleaned, less a glued "Subscribe" if any.
        line = lines[paper.line - 1].strip()
        assert paper.title in {clean(line), clean(line.removeprefix("Subscribe"))}


@FUZZ
@given(data=st.one_of(st.binary(), ANY_TEXT.map(str.encode)))
def test_parse_file_never_raises_on_any_bytes(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "fuzz.txt"
    path.write_bytes(data)
    text, _ = read_text(path)
    assert text is None or "\r" not in text
    _check(parse_file(path), str(path))


@FUZZ
@given(
    blocks=st.lists(
        st.tuples(
            TITLES,
            st.sampled_from(["", "  • 3 authors\n·\nOct 8", "·\nMay 9, 2021 4"]),
        ),
        # One block without header or footer is too little to call a listing.
        min_size=2,
        max_size=12,
    ),
    blank=st.booleans(),
)
def test_complete_blocks_are_all_read(
    blocks: list[tuple[str, str]], blank: bool
) -> None:
    abstract = "We study a problem that matters a great deal. " * 8
    separator = "\n\n" if blank else "\n"
    text = separator.join(
        f"{title}{separator}{abstract}" + (f"{separator}{footer}" if footer else "")
        for title, footer in blocks
    )
    result = parse_text(text, "gen.txt", ParseContext(file_date=dt.date(2025, 11, 22)))
    assert [p.title for p in result.papers] == [title for title, _ in blocks]
    assert result.problems == []
    for paper, (_, footer) in zip(result.papers, blocks, strict=True):
        assert paper.abstract == abstract.strip()
        assert (paper.date_raw is None) == (not footer)
