"""The LaTeX encoder behind the BibTeX exports, and its exact inverse."""

# Greek letters that look like Latin ones are the point of these tests.
# ruff: noqa: RUF001

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pylatexenc.latexencode import (
    RULE_DICT,
    UnicodeToLatexConversionRule,
    UnicodeToLatexEncoder,
)

from readinglist.core.latex import (
    _code_point,
    _table,
    decode_latex,
    encode_latex,
    encode_title,
    needs_case_protection,
    rules,
)
from tests.unit.core.test_export_samples import nfc


@pytest.mark.parametrize(
    ("text", "latex"),
    [
        ("Týr", "T{\\'y}r"),
        ("ε", "{$\\varepsilon$}"),
        ("Ω α", "{$\\Omega$} {$\\alpha$}"),
        ("Α", "{$\\mathrm{A}$}"),
        ("& % $ # _", "{\\&} {\\%} {\\$} {\\#} {\\_}"),
        ("{ } \\", "{\\textbraceleft} {\\textbraceright} {\\textbackslash}"),
        ("~^", "{\\textasciitilde}{\\textasciicircum}"),
        ("14.2\\%", "14.2{\\textbackslash}{\\%}"),
        ("中", "中"),
        ("Москва", "Москва"),
        ("\x00", "{$\\langle$\\texttt{U+0000}$\\rangle$}"),
        ("a\nb", "a{\\leavevmode\\newline}b"),
        ("a\tb", "a{\\ }b"),
        (" a  b ", "\\ a \\ b\\ "),
        ("a\u00a0b", "a{~}b"),
    ],
)
def test_encoding(text: str, latex: str) -> None:
    assert encode_latex(text) == latex
    assert decode_latex(latex) == text


def test_utf8_mode_keeps_non_ascii_but_escapes_specials() -> None:
    # Greek is math even here: pdflatex has no Greek text font by default.
    assert (
        encode_latex("Týr ε μ & 中", ascii_only=False)
        == "Týr {$\\varepsilon$} {$\\mu$} {\\&} 中"
    )
    assert (
        encode_latex("a\x00", ascii_only=False)
        == "a{$\\langle$\\texttt{U+0000}$\\rangle$}"
    )


@pytest.mark.parametrize(
    ("title", "protected"),
    [
        ("a lowercase title", False),
        ("Lowercase after the first", False),
        ("Bayesian inference", False),
        ("Scaling LLMs", True),
        ("GPT", True),
        ("Attention Is All You Need", True),
        ("iPhone", True),
        ("in \u2109", True),
    ],
)
def test_case_protection(title: str, protected: bool) -> None:
    assert needs_case_protection(title) is protected
    encoded = encode_title(title)
    assert (encoded == "{" + encode_latex(title) + "}") is protected
    assert decode_latex(encoded) == title


def test_table_is_one_to_one_and_brace_safe() -> None:
    table = _table()
    assert len(set(table.values())) == len(table)
    assert "\u03b5" in table and "é" in table
    for latex in table.values():
        assert "\\{" not in latex and "\\}" not in latex
        assert latex.count("{") == latex.count("}")
    for char in "αεΩΨρ":
        assert table[char].startswith("$") and table[char].endswith("$")


def test_every_table_character_roundtrips() -> None:
    for char in _table():
        text = f"x{char}y"
        assert decode_latex(encode_latex(text)) == nfc(text)


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        ("Caf\\'e", "Café"),
        ("\\emph{Deep} learning --- a {\\em survey}", "Deep learning — a survey"),
        ("$\\alpha$-Nets \\& 50\\%", "α-Nets & 50%"),
        ("  two\n   lines  ", "two lines"),
        ('{\\"o}', "ö"),
    ],
)
def test_decoding_other_tools_latex(latex: str, text: str) -> None:
    assert decode_latex(latex) == text


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(st.characters(codec=None, exclude_categories=())),
    ascii_only=st.booleans(),
)
def test_any_text_roundtrips(text: str, ascii_only: bool) -> None:
    encoded = encode_title(text, ascii_only=ascii_only)
    assert encoded.count("{") == encoded.count("}")
    if ascii_only:
        assert not {char for char in encoded if not char.isascii()} & set(_table())
    assert decode_latex(encoded) == nfc(text)


@pytest.mark.parametrize("ascii_only", [True, False])
def test_same_output_as_pylatexencs_encoder(ascii_only: bool) -> None:
    def unknown(char: str) -> str:
        keep = unicodedata.category(char) not in {"Cc", "Cs"}
        return char if keep else "{" + _code_point(char) + "}"

    encoder = UnicodeToLatexEncoder(
        conversion_rules=[
            UnicodeToLatexConversionRule(RULE_DICT, rules(ascii_only=ascii_only))
        ],
        replacement_latex_protection="braces-all",
        unknown_char_policy=unknown,
        unknown_char_warning=False,
        non_ascii_only=False,
    )
    text = "".join(_table()) + "Týr&%$#_{}~^\\<>|\t\n\x00\x85\x9f中😀ε"
    assert encode_latex(text, ascii_only=ascii_only) == encoder.unicode_to_latex(text)
