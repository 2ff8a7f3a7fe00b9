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
    )


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
