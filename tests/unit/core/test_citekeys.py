"""Citation keys: three significant title words and the year, ASCII, unique."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from readinglist.core.citekeys import base_key, is_valid_key, make_citekey
from readinglist.core.exporters import citekeys
from readinglist.core.models import Paper
from readinglist.core.recordfields import Name

BLACKBOX = (
    "Opening the Blackbox: Accelerating Neural Differential Equations by "
    "Regularizing Internal Solver Heuristics"
)


def test_key_from_title_and_year() -> None:
    assert base_key(BLACKBOX, 2021) == "openingBlackboxAccelerating2021"


@pytest.mark.parametrize(
    ("title", "year", "key"),
    [
        ("Attention Is All You Need", 2017, "attentionAllYou2017"),
        (
            "Týr-the-Pruner: Unlocking Accurate 50% Structural Pruning",
            2025,
            "tyrPrunerUnlocking2025",
        ),
        ("Don't Stop Pretraining", 2020, "dontStopPretraining2020"),
        ("Straße, Łódź and Ærø", None, "strasseLodzAero"),
        ("3D Gaussian Splatting", 2023, "p3dGaussianSplatting2023"),
        ("ε-Greedy is ε-Optimal", 2019, "greedyOptimal2019"),
        ("εδ", 2019, "paper2019"),
        ("The And Of", None, "theAndOf"),
        ("GPT-4o: LLMs", 2024, "gpt4oLlms2024"),
    ],
)
def test_keys(title: str, year: int | None, key: str) -> None:
    assert base_key(title, year) == key


def test_clash_gets_suffixes_a_b_then_aa() -> None:
    taken = {"attentionAllYou2017"}
    first = make_citekey("Attention Is All You Need", 2017, taken.__contains__)
    assert first == "attentionAllYou2017a"
    taken.add(first)
    assert make_citekey("Attention is all you need!", 2017, taken.__contains__) == (
        "attentionAllYou2017b"
    )
    taken |= {f"attentionAllYou2017{chr(c)}" for c in range(ord("a"), ord("z") + 1)}
    assert make_citekey("Attention Is All You Need", 2017, taken.__contains__) == (
        "attentionAllYou2017aa"
    )


def test_free_key_has_no_suffix() -> None:
    assert make_citekey(BLACKBOX, 2021, lambda key: False) == (
        "openingBlackboxAccelerating2021"
    )


@pytest.mark.parametrize(
    ("key", "valid"),
    [
        ("openingBlackboxAccelerating2021", True),
        ("smith:2020/a.b-c_d+e", True),
        ("Müller2020", False),
        ("has space", False),
        ("comma,key", False),
        ("brace{", False),
        ("", False),
        ("_leading", False),
    ],
)
def test_valid_keys(key: str, valid: bool) -> None:
    assert is_valid_key(key) is valid


@given(title=st.text(), year=st.one_of(st.none(), st.integers(1000, 9999)))
def test_every_key_is_a_valid_ascii_bibtex_key(title: str, year: int | None) -> None:
    key = base_key(title, year)
    assert key.isascii() and is_valid_key(key)
    assert make_citekey(title, year, {key}.__contains__) == key + "a"


def test_a_first_author_gives_better_bibtex_keys() -> None:
    assert (
        base_key("Accelerating Image Generation with Sparse Attention", 2024, "Smith")
        == "smithAcceleratingImageGeneration2024"
    )
    assert base_key("On the Omega of Tests", None, "Müller-Lüdenscheidt") == (
        "mullerludenscheidtOmegaTests"
    )
    assert base_key("A Test", 2020, "Hugging Face") == "huggingfaceTest2020"


def test_exports_key_new_papers_by_author_but_keep_pinned_keys() -> None:
    smith = (Name(family="Smith", given="Jane"),)
    new = Paper(
        paper_id="a", title="Scaling Tests Further", published="2024", authors=smith
    )
    pinned = Paper(
        paper_id="b",
        title="Scaling Tests Further",
        published="2024",
        authors=smith,
        citekey="scalingTestsFurther2024",
    )
    assert citekeys([new, pinned]) == [
        "smithScalingTestsFurther2024",
        "scalingTestsFurther2024",
    ]
