"""Sample papers for the export tests, and checks that they hold what they claim.

``sample_papers`` is a small fixed set with every character that has broken
BibTeX or LaTeX exports before; ``listing_papers`` is every paper of the real
listing files, read by the listing importers.
"""

# Greek letters that look like Latin ones are the point of these tests.
# ruff: noqa: RUF001

from __future__ import annotations

import functools
import unicodedata
from pathlib import Path

from readinglist.core.importers import parse_file
from readinglist.core.models import Paper, ParsedPaper, Status
from readinglist.core.recordfields import EntryType, Name, Venue

DATA = Path(__file__).parents[2] / "data"
LISTINGS = DATA / "listings"
GOLDEN = DATA / "export"


def paper_from_parsed(parsed: ParsedPaper, paper_id: str) -> Paper:
    """The library's view of a freshly imported paper."""
    return Paper(
        paper_id=paper_id,
        title=parsed.title,
        abstract=parsed.abstract,
        authors_count=parsed.authors_count,
        organisation=parsed.organisation,
        published=parsed.published,
        year_inferred=parsed.year_inferred,
        date_raw=parsed.date_raw,
        upvotes=parsed.upvotes,
        links=parsed.links,
        note=parsed.note or "",
        tags=parsed.tags,
        citekey=parsed.citekey,
        authors=parsed.authors,
        doi=parsed.doi,
        arxiv=parsed.arxiv,
        entry_type=parsed.entry_type,
        venue=parsed.venue,
        extra=dict(parsed.extra),
    )


def record_papers() -> list[Paper]:
    """Full records, one of each entry type, as a cited bibliography has them."""
    smith = Name(family="Smith", given="Jane")
    org = Name(literal="Hugging Face")
    return [
        Paper(
            paper_id="r-article",
            title="Accelerating Image Generation with Sparse Attention",
            authors=(smith, Name(family="Müller", given="Jörg"), org),
            published="2024-03-05",
            doi="10.1000/j.x.2024.001",
            entry_type=EntryType.ARTICLE,
            venue=Venue(
                container="Journal of Tests",
                volume="12",
                issue="3",
                pages="100–110",
            ),
            links=(
                "https://doi.org/10.1000/j.x.2024.001",
                "https://github.com/smith/sparse",
            ),
        ),
        Paper(
            paper_id="r-conference",
            title="μ-Parametrisation and ε-Greedy Search in Москва and 東京",
            authors=(
                Name(family="Berg", given="Hans", particle="van der", suffix="Jr."),
            ),
            published="2023",
            arxiv="2301.00001v2",
            entry_type=EntryType.CONFERENCE_PAPER,
            venue=Venue(
                container="Proceedings of the Test Conference",
                pages="1–9",
                publisher="ACM",
            ),
            links=("https://arxiv.org/abs/2301.00001",),
            extra={"primaryclass": "cs.LG"},
        ),
        Paper(
            paper_id="r-book",
            title="A Book of Tests",
            authors=(Name(family="Knuth", given="Donald E."),),
            published="1984",
            entry_type=EntryType.BOOK,
            venue=Venue(publisher="Addison-Wesley", edition="2", series="Tests"),
        ),
        Paper(
            paper_id="r-chapter",
            title="A Chapter on Tests",
            authors=(smith,),
            published="2010",
            entry_type=EntryType.CHAPTER,
            venue=Venue(
                container="The Collected Tests", publisher="Springer", pages="5–20"
            ),
            extra={"editor": "Doe, John"},
        ),
        Paper(
            paper_id="r-thesis",
            title="On Tests",
            authors=(Name(family="Doe", given="Ann"),),
            published="2019",
            entry_type=EntryType.THESIS,
            venue=Venue(institution="University of Tests"),
        ),
        Paper(
            paper_id="r-report",
            title="Tests, a Report",
            authors=(org,),
            published="2022",
            entry_type=EntryType.REPORT,
            venue=Venue(institution="Test Lab", issue="TR-7"),
        ),
        Paper(
            paper_id="r-preprint",
            title="Scaling Tests",
            authors=(smith, Name(family="Lee", given="Kim")),
            published="2024-11-02",
            arxiv="2411.01234",
            links=(
                "https://huggingface.co/papers/2411.01234",
                "https://github.com/lee/scaling",
            ),
            note="Private: compare with our run.",
        ),
        Paper(
            paper_id="r-software",
            title="testkit",
            authors=(org,),
            published="2021",
            entry_type=EntryType.SOFTWARE,
            links=("https://example.org/testkit",),
        ),
        Paper(
            paper_id="r-dataset",
            title="The Test Set",
            authors=(smith,),
            published="2020",
            doi="10.5281/zenodo.1",
            entry_type=EntryType.DATASET,
            venue=Venue(publisher="Zenodo"),
        ),
    ]


def sample_papers() -> list[Paper]:
    """A fixed set of papers with every kind of text that breaks exports."""
    return [
        Paper(
            paper_id="p-blackbox",
            title=(
                "Opening the Blackbox: Accelerating Neural Differential Equations "
                "by Regularizing Internal Solver Heuristics"
            ),
            abstract="Neural Differential Equations (NDEs) can halve prediction time.",
            published="2021-05-09",
            upvotes=12,
            links=("https://huggingface.co/papers/2105.03918",),
            starred=True,
            status=Status.READ,
            note="Compare with the adjoint method.\nRead section 3 twice.",
            tags=("ode", "solvers"),
            lists=("reading group",),
            citekey="openingBlackboxAccelerating2021",
        ),
        Paper(
            paper_id="p-specials",
            title="Sort & Search: 50% of LLMs_v2 #1 ~ ^ $5 \\cmd {unbalanced",
            abstract=(
                "A sublinear mathcal{O}(poly(d)) bound with fracε{d}-LDP and "
                "e^{ε/d}; decoding drops to 14.2\\% of ell_p cost}; costs $3 "
                "and #2 ~ half. Backslashes \\ and \\\\ stay; {w}^* too. "
                "Code: https://github.com/a_b/c-d."
            ),
            published="2024-02-29",
            links=("https://example.org/~user/a_b%20c?q=1&r=2#frag",),
            status=Status.READING,
            note=(
                "First line & 100% sure\n\n  indented line\twith a tab\n"
                "KW  - not a tag\nER  -\n- a bullet\n1. a numbered line"
            ),
            tags=("ml", "latex"),
            lists=("reading group", "to cite"),
            citekey="sortSearchLlms2024",
        ),
        Paper(
            paper_id="p-greek",
            title="Týr-the-Pruner: ε-Greedy Ω-Nets with α Tuning",
            abstract=(
                "Local Fréchet regression, Nyström and Hölder classes; Spearman's "
                "ρ and {\\Psi} · • — “quoted” 中文 😀 Αlpha."
            ),
            published="2024-11",
            links=("https://github.com/AMD-AGI/Tyr-the-Pruner",),
            tags=("pruning", "ε-greedy"),
        ),
        Paper(
            paper_id="p-lower",
            title="a lowercase title with no capitals",
            published="2023",
        ),
        Paper(
            paper_id="p-markdown",
            title="*Bold* [link](x) <b>html</b> `code` | pipe # hash_1 &amp;",
            starred=True,
            links=("not a url", "https://github.com/a_b/c-d"),
            note="- looks like a list\n> looks like a quote\n=cmd|' /C calc'!A0",
        ),
        Paper(
            paper_id="p-attention",
            title="Attention Is All You Need",
            published="2017-06-12",
            citekey="attentionAllYou2017",
            upvotes=0,
        ),
        Paper(
            paper_id="p-attention-again",
            title="Attention is all you need, again",
            published="2017",
        ),
    ]


@functools.cache
def _listing_papers() -> tuple[Paper, ...]:
    papers: list[Paper] = []
    for path in sorted(LISTINGS.glob("*.txt")):
        result = parse_file(path)
        for index, parsed in enumerate(result.papers):
            papers.append(paper_from_parsed(parsed, f"{path.stem}-{index}"))
    return tuple(papers)


def listing_papers() -> list[Paper]:
    """Every paper of the real listing files, as the library would hold it."""
    return list(_listing_papers())


def nfc(text: str) -> str:
    """``text`` in Unicode normalisation form C."""
    return unicodedata.normalize("NFC", text)


def test_samples_hold_the_characters_that_broke_exports() -> None:
    text = "".join(
        f"{p.title}{p.abstract}{p.note}{''.join(p.links)}" for p in sample_papers()
    )
    for char in "&%$#_{}~^\\εΩαý\n\t":
        assert char in text, char
    for fragment in ("mathcal{O}", "fracε{d}", "14.2\\%", "ell_p", "LLMs"):
        assert fragment in text


def test_listing_papers_are_all_read() -> None:
    papers = listing_papers()
    assert len(papers) == 35 + 308 + 67
    assert all(p.title and p.abstract for p in papers)
