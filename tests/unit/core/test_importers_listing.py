"""The two Daily Papers listing importers, on the real sample files and on edits."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

import pytest

from readinglist.core.importers import ParseContext, parse_file, parse_text, sniff
from readinglist.core.importers.hf_compact import IMPORTER as COMPACT
from readinglist.core.importers.hf_page import IMPORTER as PAGE
from readinglist.core.importers.listing_common import (
    extract_links,
    latest_date,
    looks_like_abstract,
    organisation_name,
    parse_date_line,
)
from readinglist.core.models import ParsedPaper, ParseResult

LISTINGS = Path(__file__).parents[2] / "data" / "listings"
DEC_31 = LISTINGS / "000_eddc4fa77d3e3ac7.txt"  # page layout, header date "Dec 31"
COMPACT_FILE = LISTINGS / "001_f78d371d068d1b95.txt"  # compact layout
NOV_11 = LISTINGS / "003_801f34164bebc5e3.txt"  # page layout, header date "Nov 11"

# Paper counts, found without the importers:
# - page files: every block has exactly one abstract line, and only abstracts
#   are longer than 300 characters (titles are at most 168), so
#   `awk 'length($0) > 300' FILE | wc -l` counts the blocks: 35 and 67. The
#   "·" lines (34 and 65) plus the footer-less blocks found by eye (1: line
#   173; 2: lines 301 and 313) give the same totals.
# - compact file: 618 lines; lines 1-2 are headers, then odd lines 3..617 are
#   titles and even lines 4..618 abstracts (awk shows the strict short/long
#   alternation): 308 blocks.
COUNTS = {DEC_31: 35, COMPACT_FILE: 308, NOV_11: 67}
# The titles (the line before each abstract, "Subscribe" cut from the first
# compact title) folded by NFKC + casefold + punctuation/space runs to one
# space, in a separate script and with `tr`/`sed`/`sort -u`: 410 titles, 401
# distinct. Nine papers appear in two files: three in 000 and 001, five in 001
# and 003, and "Constrained Optimization via Exact Augmented Lagrangian..." in
# 000 and 003. No file repeats a paper of its own.
DISTINCT = 401

# The files' own modification dates are those of the checkout; tests give one.
FILE_DATE = dt.date(2025, 11, 22)
CONTEXT = ParseContext(file_date=FILE_DATE)

BLACKBOX = (
    "Opening the Blackbox: Accelerating Neural Differential Equations by "
    "Regularizing Internal Solver Heuristics"
)
ABSTRACT = (
    "We study a problem that matters. Our method improves on earlier work by a "
    "wide margin. Experiments on three benchmarks confirm the gains, and the "
    "analysis explains why they arise. Code is available at "
    "https://github.com/example/repo."
)
PAGE_HEADER = (
    "new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nDaily Papers\n\n"
    "byAK and the research community\n\n"
)
COMPACT_HEADER = (
    "Get trending papers in your email inbox once a day!\n"
    "Get trending papers in your email inbox!\n"
)


def _parse(path: Path, context: ParseContext = CONTEXT) -> ParseResult:
    return parse_text(path.read_text(encoding="utf-8"), path.name, context)


def _by_title(result: ParseResult, title: str) -> ParsedPaper:
    (paper,) = [p for p in result.papers if p.title == title]
    return paper


def _fold(title: str) -> str:
    folded = unicodedata.normalize("NFKC", title).casefold()
    return re.sub(r"[\W_]+", " ", folded).strip()


# The real files ------------------------------------------------------------


@pytest.mark.parametrize("path", list(COUNTS), ids=lambda p: p.name[:3])
def test_real_files_paper_counts_and_no_problems(path: Path) -> None:
    result = _parse(path)
    assert len(result.papers) == COUNTS[path]
    assert result.problems == []
    assert all(paper.title and paper.abstract for paper in result.papers)


def test_real_files_are_sniffed_by_content() -> None:
    assert [sniff(p.read_text(encoding="utf-8")) for p in COUNTS] == [
        PAGE,
        COMPACT,
        PAGE,
    ]
    assert _parse(DEC_31).format == "hf-page"
    assert _parse(COMPACT_FILE).format == "hf-compact"


@pytest.mark.parametrize("path", list(COUNTS), ids=lambda p: p.name[:3])
def test_paper_line_is_its_title_line(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    for paper in _parse(path).papers:
        assert lines[paper.line - 1].strip().endswith(paper.title)


def test_distinct_papers_over_all_files() -> None:
    titles = [paper.title for path in COUNTS for paper in _parse(path).papers]
    assert len(titles) == sum(COUNTS.values()) == 410
    assert len({_fold(title) for title in titles}) == DISTINCT


def test_blackbox_paper_has_full_date_and_authors() -> None:
    paper = _by_title(_parse(DEC_31), BLACKBOX)
    assert paper.line == 13
    assert paper.published == "2021-05-09"
    assert paper.date_raw == "May 9, 2021"
    assert paper.year_inferred is False
    assert paper.authors_count == 4
    assert paper.organisation is None
    assert paper.upvotes is None
    assert paper.abstract is not None
    assert paper.abstract.startswith("Democratization of machine learning requires")


def test_organisation_line_and_upvotes() -> None:
    paper = _by_title(
        _parse(DEC_31),
        "Intelligence per Watt: Measuring Intelligence Efficiency of Local AI",
    )
    assert paper.organisation == "Stanford AI"
    assert paper.authors_count is None
    assert paper.upvotes == 3
    assert paper.date_raw == "Nov 11"
    assert paper.year_inferred is True


@pytest.mark.parametrize(
    ("path", "title", "upvotes", "published", "raw"),
    [
        (
            DEC_31,
            "EvoPress: Towards Optimal Dynamic Model Compression via Evolutionary "
            "Search",
            2,
            "2024-10-18",
            "Oct 18, 2024",
        ),
        (
            DEC_31,
            "Glocal Information Bottleneck for Time Series Imputation",
            2,
            "2024-10-06",
            "Oct 6",
        ),
        (
            NOV_11,
            "Sharing is Caring: Efficient LM Post-Training with Collective RL "
            "Experience Sharing",
            53,
            "2025-09-10",
            "Sep 10",
        ),
        (
            NOV_11,
            "Parameter-Efficient Fine-Tuning for Large Models: A Comprehensive Survey",
            3,
            "2024-03-21",
            "Mar 21, 2024",
        ),
        (NOV_11, "FRL: Federated Rank Learning", None, "2021-10-08", "Oct 8, 2021"),
    ],
)
def test_upvotes_and_dates(
    path: Path, title: str, upvotes: int | None, published: str, raw: str
) -> None:
    paper = _by_title(_parse(path), title)
    assert paper.upvotes == upvotes
    assert paper.published == published
    assert paper.date_raw == raw
    assert paper.year_inferred is ("," not in raw)


def test_upvote_totals_per_file() -> None:
    # Date lines with a trailing number, counted with grep and summed with awk:
    # 000 has 5 (2, 3, 2, 2, 2), 003 has 12 (summing to 72).
    for path, count, total in ((DEC_31, 5, 11), (NOV_11, 12, 72)):
        votes = [p.upvotes for p in _parse(path).papers if p.upvotes is not None]
        assert (len(votes), sum(votes)) == (count, total)


def test_listing_year_comes_from_the_header_date_and_file_date() -> None:
    title = "Accelerating Diffusion LLM Inference via Local Determinism Propagation"
    # A listing headed "Dec 31" read from a file dated 2025-11-22 cannot be
    # from 2025-12-31, so it is 2024-12-31 and its "Oct 8" is in 2024.
    paper = _by_title(_parse(DEC_31), title)
    assert (paper.published, paper.year_inferred, paper.date_raw) == (
        "2024-10-08",
        True,
        "Oct 8",
    )
    later = _by_title(
        _parse(DEC_31, ParseContext(file_date=dt.date(2026, 1, 5))), title
    )
    assert later.published == "2025-10-08"


def test_user_year_sets_the_listing_year() -> None:
    result = _parse(DEC_31, ParseContext(year=2025, file_date=FILE_DATE))
    # "Nov 24" is after the file's date but within the listing dated 2025-12-31.
    modhifi = next(p for p in result.papers if p.title.startswith("ModHiFi"))
    assert modhifi.published == "2025-11-24"
    assert _by_title(result, BLACKBOX).published == "2021-05-09"


def test_nov_11_listing_dates_are_never_after_the_listing() -> None:
    result = _parse(NOV_11)
    inferred = [p for p in result.papers if p.year_inferred]
    # 15 date lines without a year (grep), less the header's own "Nov 11".
    assert len(inferred) == 14
    assert all("2025-01-01" <= (p.published or "") <= "2025-11-11" for p in inferred)


def test_papers_without_footer() -> None:
    result = _parse(DEC_31)
    paper = _by_title(
        result,
        "Fast Controlled Generation from Language Models with Adaptive Weighted "
        "Rejection Sampling",
    )
    assert paper.line == 173
    assert paper.abstract is not None
    assert (paper.authors_count, paper.organisation) == (None, None)
    assert (paper.published, paper.date_raw, paper.upvotes) == (None, None, None)
    # The next block is read normally despite the missing footer.
    nxt = result.papers[result.papers.index(paper) + 1]
    assert nxt.title.startswith("EvoPress") and nxt.authors_count == 4
    footerless = [p.line for p in _parse(NOV_11).papers if p.date_raw is None]
    assert footerless == [301, 313]


def test_links_are_extracted_from_abstracts() -> None:
    page = _parse(DEC_31)
    assert _by_title(
        page, "Accelerating Diffusion LLM Inference via Local Determinism Propagation"
    ).links == ("https://github.com/friedrichor/LocalLeap",)
    assert _by_title(
        page,
        "Pervasive Label Errors in Test Sets Destabilize Machine Learning Benchmarks",
    ).links == ("https://labelerrors.com", "https://github.com/cleanlab/label-errors")
    links = {link for p in page.papers for link in p.links}
    assert "https://github.com/woodenchild95/FL-Simulator.git" in links
    assert sum(len(p.links) for p in page.papers) == 13
    compact = {link for p in _parse(COMPACT_FILE).papers for link in p.links}
    # Bare "github.com/..." gains https; a LaTeX "\_" is unescaped; the
    # \href{url}{url} leftovers give one link, not two.
    assert "https://github.com/hmarkc/FW-Merging" in compact
    assert "https://github.com/pnnl/projection_ntk" in compact
    assert "https://github.com/wangshu31/MetricGrids" in compact
    assert "https://difftactile.github.io/" in compact


def test_compact_first_title_is_unglued_from_subscribe() -> None:
    result = _parse(COMPACT_FILE)
    first = result.papers[0]
    assert first.title == (
        "Accelerating Image Generation with Sub-path Linear Approximation Model"
    )
    assert first.line == 3
    assert not any(p.title.startswith("Subscribe") for p in result.papers)
    assert result.papers[-1].title == "Scaling Laws for Precision"
    assert result.papers[-1].line == 617
    assert all(p.published is None and p.authors_count is None for p in result.papers)


def test_unicode_is_kept() -> None:
    titles = [p.title for p in _parse(DEC_31).papers]
    assert (
        "Týr-the-Pruner: Structural Pruning LLMs via Global Sparsity Distribution "
        "Optimization"
    ) in titles
    abstracts = " ".join(p.abstract or "" for p in _parse(DEC_31).papers)
    assert "fracε{d}" in abstracts and "14.2\\%" in abstracts


def test_parse_file_reads_a_sample() -> None:
    result = parse_file(NOV_11, year=2025)
    assert (result.format, len(result.papers), result.problems) == ("hf-page", 67, [])


def test_a_large_listing_is_read_whole() -> None:
    # Speed is the benchmark's to measure (benchmarks/run.py), not a test's.
    text = COMPACT_FILE.read_text(encoding="utf-8")
    body = text.split("\n", 2)[2]
    big = text + ("\n" + body) * 19  # about 8 MB
    result = parse_text(big, "x", CONTEXT)
    assert len(result.papers) == 308 * 20
    assert not result.problems


# Edited and damaged listings -------------------------------------------------


def _page_block(title: str, footer: str = "  • 3 authors\n·\nOct 8\n") -> str:
    return f"{title}\n\n{ABSTRACT}\n\n{footer}\n"


def _messages(result: ParseResult) -> list[tuple[int, str]]:
    return [(p.line, p.message) for p in result.problems]


def test_page_without_any_header_is_found_by_its_footers() -> None:
    text = _page_block("Title One") + _page_block("Title Two", "·\nOct 9, 2024 5\n")
    assert sniff(text) is PAGE
    result = parse_text(text, "edit.txt", CONTEXT)
    assert [p.title for p in result.papers] == ["Title One", "Title Two"]
    one, two = result.papers
    # No header date: "Oct 8" is the latest Oct 8 not after the file's date.
    assert (one.published, one.year_inferred, one.date_raw) == (
        "2025-10-08",
        True,
        "Oct 8",
    )
    assert (two.published, two.upvotes, two.authors_count) == ("2024-10-09", 5, None)
    assert one.links == ("https://github.com/example/repo",)
    assert result.problems == []


def test_page_without_header_or_footers_is_found_by_blank_lines() -> None:
    text = "Title One\n\n" + ABSTRACT + "\n\nTitle Two\n\n" + ABSTRACT + "\n"
    assert sniff(text) is PAGE
    assert sniff(text.replace("\n\n", "\n")) is COMPACT


def test_title_without_abstract_is_kept_and_reported() -> None:
    text = (
        PAGE_HEADER
        + "Dec 31\n\n"
        + "Lonely Title\n\n  • 2 authors\n·\nNov 8\n\n"
        + "Next Title\n\nAnother Title Right After\n\n"
        + ABSTRACT
        + "\n"
    )
    result = parse_text(text, "edit.txt", CONTEXT)
    assert [(p.title, p.abstract is not None) for p in result.papers] == [
        ("Lonely Title", False),
        ("Next Title", False),
        ("Another Title Right After", True),
    ]
    lonely = result.papers[0]
    assert (lonely.authors_count, lonely.published) == (2, "2024-11-08")
    assert _messages(result) == [
        (13, "a title with no abstract after it: “Lonely Title”"),
        (19, "a title with no abstract after it: “Next Title”"),
    ]


def test_truncated_last_block_in_page_layout() -> None:
    text = PAGE_HEADER + "Nov 11\n\n" + _page_block("Whole") + "Cut\n\n" + ABSTRACT
    text += "\n\n  • 4 authors\n·"
    result = parse_text(text, "cut.txt", CONTEXT)
    assert [p.title for p in result.papers] == ["Whole", "Cut"]
    assert result.papers[1].authors_count == 4
    assert result.papers[1].published is None
    ((line, message),) = _messages(result)
    assert line == text.count("\n") + 1
    assert "ends in the middle of a paper's footer" in message


def test_invalid_date_keeps_the_paper() -> None:
    text = PAGE_HEADER + "Nov 11\n\n" + _page_block("Odd Date", "·\nFeb 30 4\n")
    result = parse_text(text, "date.txt", CONTEXT)
    (paper,) = result.papers
    assert (paper.published, paper.date_raw, paper.upvotes) == (None, "Feb 30", 4)
    assert _messages(result) == [
        (18, "“Feb 30” is not a real date, so this paper was kept without one")
    ]


def test_feb_29_without_year_finds_a_leap_year() -> None:
    text = _page_block("Leap", "·\nFeb 29\n")
    (paper,) = parse_text(text, "leap.txt", CONTEXT).papers
    assert paper.published == "2024-02-29"


def test_stray_lines_are_skipped_and_reported() -> None:
    text = (
        PAGE_HEADER
        + "Nov 11\n\n"
        + ABSTRACT * 2
        + "\n\n"
        + _page_block("Kept")
        + "---\n\n·\n"
    )
    result = parse_text(text, "stray.txt", CONTEXT)
    assert [p.title for p in result.papers] == ["Kept"]
    lines = [line for line, _ in _messages(result)]
    assert lines == [13, 23, 25]
    assert "paragraph with no title above it" in result.problems[0].message
    assert "stray line" in result.problems[1].message
    assert "footer line that belongs to no paper" in result.problems[2].message


def test_organisation_without_authors() -> None:
    text = _page_block("Org Paper", "tencent Tencent\n·\nMar 3, 2024 12\n")
    (paper,) = parse_text(text, "org.txt", CONTEXT).papers
    assert (paper.organisation, paper.upvotes, paper.published) == (
        "Tencent",
        12,
        "2024-03-03",
    )


def test_authors_line_without_dot_or_date() -> None:
    text = _page_block("Authors Only", "  • 5 authors\n") + _page_block("Next")
    result = parse_text(text, "a.txt", CONTEXT)
    first, nxt = result.papers
    assert (first.authors_count, first.date_raw) == (5, None)
    assert (nxt.title, nxt.authors_count, nxt.date_raw) == ("Next", 3, "Oct 8")
    assert result.problems == []


def test_concatenated_listings_each_keep_their_own_date() -> None:
    text = (
        PAGE_HEADER
        + "Nov 11\n\n"
        + _page_block("In November", "·\nNov 20\n")
        + PAGE_HEADER
        + "Dec 31\n\n"
        + _page_block("In December", "·\nNov 20\n")
    )
    result = parse_text(text, "two.txt", ParseContext(file_date=dt.date(2026, 1, 2)))
    # Nov 20 is after the first listing's date (2025-11-11), so a year earlier.
    assert [p.published for p in result.papers] == ["2024-11-20", "2025-11-20"]
    assert result.problems == []


def test_compact_recovers_from_broken_alternation() -> None:
    text = (
        COMPACT_HEADER
        + "SubscribeFirst Title\n"
        + ABSTRACT
        + "\nTitle Without Abstract\nSecond Title\n"
        + ABSTRACT
        + "\n"
        + ABSTRACT
        + "\nLast Title Cut Off"
    )
    assert sniff(text) is COMPACT
    result = parse_text(text, "compact.txt", CONTEXT)
    assert [(p.line, p.title, p.abstract is not None) for p in result.papers] == [
        (3, "First Title", True),
        (5, "Title Without Abstract", False),
        (6, "Second Title", True),
        (9, "Last Title Cut Off", False),
    ]
    assert [line for line, _ in _messages(result)] == [5, 8, 9]
    assert "cut off" in result.problems[2].message


def test_compact_glued_lowercase_title_after_header() -> None:
    text = COMPACT_HEADER + "SubscribeeDKM: Memory Efficient Clustering\n" + ABSTRACT
    (paper,) = parse_text(text, "c.txt", CONTEXT).papers
    assert paper.title == "eDKM: Memory Efficient Clustering"


def test_crlf_listing_through_parse_file(tmp_path: Path) -> None:
    path = tmp_path / "crlf.txt"
    text = DEC_31.read_text(encoding="utf-8").replace("\n", "\r\n")
    path.write_bytes(text.encode("utf-8"))
    result = parse_file(path, year=2025)
    assert len(result.papers) == 35 and result.problems == []
    assert _by_title(result, BLACKBOX).title == BLACKBOX


def test_header_only_listing_reports_no_papers() -> None:
    result = parse_text(PAGE_HEADER + "Dec 31\n", "empty.txt", CONTEXT)
    assert result.format == "hf-page"
    assert result.papers == []
    assert _messages(result) == [
        (0, "no papers were found in this Daily Papers listing")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "@article{key,\n  title = {Opening the Blackbox},\n  year = {2021}\n}\n",
        "% exported\n@misc{key, title={Something}}\n",
        "TY  - JOUR\nTI  - Opening the Blackbox\nER  - \n",
        '[{"title": "Opening the Blackbox", "issued": {"date-parts": [[2021]]}}]',
        '{"papers": []}',
        "# Notes\n\nSome text.\n\n## More\n\nnew\n\nSubscribe\n",
        "",
        "\n\n   \n",
    ],
)
def test_other_text_is_not_claimed(text: str) -> None:
    assert not PAGE.match(text)
    assert not COMPACT.match(text)


# Helpers ------------------------------------------------------------------------


def test_date_lines() -> None:
    date = parse_date_line("Oct 18, 2024 2")
    assert date is not None
    assert (date.raw, date.month, date.day, date.year, date.upvotes) == (
        "Oct 18, 2024",
        10,
        18,
        2024,
        2,
    )
    nov = parse_date_line("Nov 8")
    assert nov is not None and (nov.year, nov.upvotes) == (None, None)
    assert parse_date_line("Llama 3") is None
    assert parse_date_line("October 8") is not None


def test_latest_date() -> None:
    assert latest_date(10, 8, dt.date(2025, 11, 22)) == dt.date(2025, 10, 8)
    assert latest_date(12, 31, dt.date(2025, 11, 22)) == dt.date(2024, 12, 31)
    assert latest_date(2, 30, dt.date(2025, 11, 22)) is None


def test_shapes_and_organisations() -> None:
    assert looks_like_abstract(ABSTRACT)
    assert not looks_like_abstract(BLACKBOX)
    assert organisation_name("Stanford Stanford AI") == "Stanford AI"
    assert organisation_name("tencent Tencent") == "Tencent"
    assert organisation_name("Meta") == "Meta"


def test_extract_links_trims_punctuation() -> None:
    text = (
        "See (https://en.wikipedia.org/wiki/Foo_(bar)), https://a.org/x). "
        "and github.com/u/r, then https://a.org/x again; also https:// alone."
    )
    assert extract_links(text) == (
        "https://en.wikipedia.org/wiki/Foo_(bar)",
        "https://a.org/x",
        "https://github.com/u/r",
    )
