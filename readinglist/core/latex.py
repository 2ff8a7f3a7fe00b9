"""LaTeX text for BibTeX and BibLaTeX fields, and its exact inverse.

``encode_latex`` turns any Unicode text into a field value that BibTeX, biber and
pdflatex accept: the ten LaTeX specials are escaped, every brace in the output is
balanced (BibTeX counts ``\\{`` as a brace, so literal braces become
``\\textbraceleft``), and with ``ascii_only`` each non-ASCII character becomes a
LaTeX command from pylatexenc's table -- Greek in math mode (``{$\\varepsilon$}``,
also in UTF-8 files, since pdflatex has no Greek text font by default) -- or,
when no command for it compiles in plain pdflatex (Cyrillic, CJK), the
character itself as UTF-8. Only control characters become a visible code
point ``{$\\langle$\\texttt{U+0007}$\\rangle$}``.

Every replacement is wrapped in its own brace group, whitespace that LaTeX would
collapse is spelt out (``\\ `` for a space at an edge or in a run, ``{\\ }`` for a
tab, ``{\\leavevmode\\newline}`` for a line break), so ``decode_latex`` can undo
the encoding exactly: ``decode_latex(encode_latex(s))`` is ``s`` in Unicode
normalisation form C (canonically the same text: "e" plus a combining acute
comes back as "é"), for every string, control characters included. Values
written by other programs fall outside that grammar and are decoded by
pylatexenc's ``latex2text`` instead.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from pylatexenc.latex2text import LatexNodes2Text
from pylatexenc.latexencode import get_builtin_uni2latex_dict

# BibTeX's predefined month macros, January first (written bare: ``month = may``).
BIBTEX_MONTHS = (
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "oct",
    "nov",
    "dec",
)

# Control words the LaTeX kernel defines for the article class in text mode, with
# the default OT1 encoding as well as T1. pylatexenc's table also uses commands
# from amssymb, tipa, textcomp extensions and Cyrillic packages; a .bib file
# cannot load packages, so characters needing them fall back to their code point.
_TEXT_COMMANDS = frozenset(
    """
    " ' , - . ; = AE H IJ L O OE ^ ` ae c enskip fbox hspace i ij l nolinebreak
    o oe quad r ss textacutedbl textasciiacute textasciibreve textasciicaron
    textasciicircum textasciidieresis textasciimacron textasciitilde
    textasteriskcentered textbaht textbigcircle textblank textbrokenbar
    textbullet textcelsius textcent textcircledP textcolonmonetary
    textcompwordmark textcopyright textcurrency textdagger textdaggerdbl
    textdegree textdiscount textdiv textdong textdownarrow textellipsis
    textemdash textendash textestimated texteuro textexclamdown textflorin
    textfractionsolidus textinterrobang textlangle textleftarrow textlira
    textlnot textmho textmu textmusicalnote textnaira textnumero textohm
    textonehalf textonequarter textonesuperior textopenbullet textordfeminine
    textordmasculine textparagraph textperiodcentered textpertenthousand
    textperthousand textpeso textquestiondown textquotedblleft textquotedblright
    textquoteleft textquoteright textrangle textrecipe textreferencemark
    textregistered textrightarrow textsc textsection textservicemark
    textsterling textsuperscript textthreequarters textthreesuperior texttimes
    texttrademark texttwosuperior textuparrow textvisiblespace textwon textyen u
    v ~
    """.split()  # noqa: SIM905 (a word list reads better than quoted names)
)

# Math symbols of plain LaTeX (fontmath.ltx), usable inside $...$ without amssymb.
_MATH_COMMANDS = frozenset(
    """
    ! Delta Downarrow Gamma Lambda Leftarrow Leftrightarrow Longleftarrow
    Longleftrightarrow Longrightarrow Omega Phi Pi Psi Rightarrow Sigma Theta
    Uparrow Updownarrow Upsilon Vert Xi acute aleph alpha amalg angle approx
    asymp beta bigcap bigcirc bigcup bigtriangledown bigtriangleup bigvee
    bigwedge bowtie bullet cap cdot cdots chi circ cong coprod cup dashv ddot
    ddots delta diamond dot doteq ell epsilon equiv eta exists forall frown
    gamma geq gg hbar hookleftarrow hookrightarrow in infty int iota kappa kern
    lambda langle lceil leftharpoondown leftharpoonup leftrightarrow leq lfloor
    ll lmoustache longleftarrow longleftrightarrow longmapsto longrightarrow
    mapsto mathbf mathbin mathchar mathit mathrm mathsf mathtt mid mp mu nabla
    nearrow neq ni not notin nu nwarrow odot oint omega ominus oplus oslash
    otimes parallel partial perp phi pi pm prec preceq prod propto psi rangle
    rceil rfloor rho rightharpoondown rightharpoonup rightleftharpoons
    rmoustache searrow sigma sim simeq smile sqcap sqcup sqrt sqsubseteq
    sqsupseteq stackrel star subset subseteq succ succeq sum supset supseteq
    swarrow tau theta times top triangleleft triangleright updownarrow uplus
    upsilon varepsilon varphi varpi varrho varsigma vartheta vdash vdots vee
    wedge wp wr xi zeta
    """.split()  # noqa: SIM905 (a word list reads better than quoted names)
)

# ASCII characters with a meaning to LaTeX or BibTeX. Braces and the backslash
# use text commands because BibTeX counts every brace, escaped or not; < > | are
# included because OT1 fonts print them as other glyphs.
_ASCII = {
    "\\": r"\textbackslash",
    "{": r"\textbraceleft",
    "}": r"\textbraceright",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde",
    "^": r"\textasciicircum",
    "<": r"\textless",
    ">": r"\textgreater",
    "|": r"\textbar",
    # A tab keeps its own token so that it survives BibTeX's whitespace folding.
    "\t": "\\ ",
    # \leavevmode keeps \newline legal where a style starts a paragraph with it.
    "\n": r"\leavevmode\newline",
}

_BIBTEX_SPACE = " \t\n\r"
_COMMAND_NAME = re.compile(r"\\([A-Za-z]+|[^A-Za-z])")
_ENSUREMATH = re.compile(r"^\\ensuremath\{(.*)\}$", re.DOTALL)
_UNIHEX = re.compile(r"^\$\\langle\$\\texttt\{U\+([0-9A-F]{4,6})\}\$\\rangle\$$")
# Spaces BibTeX would fold or trim: at either end, or two and more in a row.
_FOLDED_SPACES = re.compile(r"^ +| +$| {2,}")


def _usable(latex: str) -> bool:
    """True when pylatexenc's replacement compiles in plain pdflatex."""
    names = set(_COMMAND_NAME.findall(latex))
    if not names:
        # Plain-letter stand-ins ("A" for Greek Alpha, "fi" for the ligature)
        # would not decode back to the character; only the tie is kept.
        return latex == "~"
    if names <= _TEXT_COMMANDS:
        return True
    allowed = _MATH_COMMANDS | _TEXT_COMMANDS | {"ensuremath"}
    return latex.startswith("\\ensuremath{") and names <= allowed


def _as_math(latex: str) -> str:
    # $...$ rather than \ensuremath: a brace group that starts with "$" is
    # protected from BibTeX's case changes as a whole, so \Omega stays \Omega.
    match = _ENSUREMATH.match(latex)
    return f"${match.group(1)}$" if match else latex


@functools.cache
def _table() -> dict[str, str]:
    """Character -> LaTeX for non-ASCII characters, one-to-one."""
    table: dict[str, str] = {}
    seen = set(_ASCII.values())
    for code, spelling in sorted(get_builtin_uni2latex_dict().items()):
        char, latex = chr(code), spelling
        if code < 128 or unicodedata.normalize("NFC", char) != char:
            continue
        greek = unicodedata.name(char, "").startswith("GREEK")
        if greek and len(latex) == 1 and latex.isalpha():
            # Greek letters drawn like Latin ones: pylatexenc writes "A" for
            # Alpha, which would read back as a Latin A.
            upright = rf"\mathrm{{{latex}}}" if char.isupper() else latex
            latex = rf"\ensuremath{{{upright}}}"
        if not _usable(latex):
            continue
        written = _as_math(latex)
        if written in seen:  # keep the lowest code point of a shared spelling
            continue
        seen.add(written)
        table[char] = written
    return table


@functools.cache
def _inverse() -> dict[str, str]:
    inverse = {latex: char for char, latex in _table().items()}
    inverse.update({latex: char for char, latex in _ASCII.items()})
    return inverse


def _code_point(char: str) -> str:
    return rf"$\langle$\texttt{{U+{ord(char):04X}}}$\rangle$"


def rules(*, ascii_only: bool) -> dict[int, str]:
    """Code point -> LaTeX, before each replacement gets its own braces.

    The same rules drive ``pylatexenc.latexencode.UnicodeToLatexEncoder`` (with
    ``replacement_latex_protection="braces-all"``) to the same output; the
    encoder here applies them with ``str.translate``, which is some twenty times
    faster on a library's worth of abstracts.
    """
    found = {ord(char): latex for char, latex in _ASCII.items()}
    # Control characters have no business in a .bib file, even a UTF-8 one.
    controls = [*range(0x20), 0x7F]
    found.update({c: _code_point(chr(c)) for c in controls if chr(c) not in _ASCII})
    if ascii_only:
        found.update({ord(char): latex for char, latex in _table().items()})
    else:
        # pdflatex's UTF-8 input has no Greek letters (there is no Greek font
        # in a default setup), so even a UTF-8 file writes them as math.
        found.update({ord(c): latex for c, latex in _table().items() if _greek(c)})
    return found


def _greek(char: str) -> bool:
    return unicodedata.name(char, "").startswith("GREEK") or char == "\u00b5"


class _Translation(dict[int, str]):
    """A ``str.translate`` table that settles unknown characters on first sight."""

    def __init__(self, *, ascii_only: bool) -> None:
        super().__init__(
            {c: "{" + latex + "}" for c, latex in rules(ascii_only=ascii_only).items()}
        )
        self.ascii_only = ascii_only

    def __missing__(self, code: int) -> str:
        char = chr(code)
        # C1 controls and lone surrogates cannot stand raw in a UTF-8 file.
        # Other characters without a LaTeX spelling (Cyrillic, CJK) pass as
        # UTF-8 even in BibTeX: a document that loads support for the script
        # sets them, where a stand-in would print the wrong text everywhere.
        raw_ok = code < 128 or unicodedata.category(char) not in {"Cc", "Cs"}
        value = char if raw_ok else "{" + _code_point(char) + "}"
        self[code] = value
        return value


_TRANSLATIONS = {flag: _Translation(ascii_only=flag) for flag in (True, False)}


def encode_latex(text: str, *, ascii_only: bool = True) -> str:
    """LaTeX for ``text``, safe inside a braced BibTeX field.

    Args:
        text: any Unicode text.
        ascii_only: turn non-ASCII characters into LaTeX commands (BibTeX);
            when False they stay UTF-8 (BibLaTeX with biber).

    Returns:
        The field value, without the outer braces.
    """
    # Composed characters are the ones with LaTeX spellings ("é" is {\'e}; a
    # lone combining accent is not), and pylatexenc composes the same way.
    text = unicodedata.normalize("NFC", text)
    table = _TRANSLATIONS[ascii_only]
    out: list[str] = []
    last = 0
    for match in _FOLDED_SPACES.finditer(text):
        out.append(text[last : match.start()].translate(table))
        run = len(match.group())
        inner = match.start() > 0 and match.end() < len(text)
        # Only a single space between two other characters stays plain.
        out.append(" " + "\\ " * (run - 1) if inner else "\\ " * run)
        last = match.end()
    out.append(text[last:].translate(table))
    # "--" and "---" are dashes to TeX; a run of hyphens the text really has
    # is kept apart by empty groups so that it reads back as hyphens.
    return _HYPHENS.sub("-{}", "".join(out))


_HYPHENS = re.compile(r"-(?=-)")


def needs_case_protection(text: str) -> bool:
    """True when a BibTeX style's sentence casing would change ``text``.

    Styles such as ``plain.bst`` lowercase every letter of a title but the first
    ("Bayesian" -> "bayesian", "LLMs" -> "llms"); without a dictionary of proper
    nouns the only safe answer is to keep any title that has a capital beyond
    its first character exactly as written.
    """
    table = _table()
    return any(
        char != char.lower()
        # A spelling such as \ensuremath{^\circ}F carries a capital of its own.
        or any(c.isupper() for c in _COMMAND_NAME.sub("", table.get(char, "")))
        for char in text[1:]
    )


def encode_title(text: str, *, ascii_only: bool = True) -> str:
    """``encode_latex`` plus one brace group around titles that need protection."""
    encoded = encode_latex(text, ascii_only=ascii_only)
    return "{" + encoded + "}" if needs_case_protection(text) else encoded


class _ForeignLatexError(ValueError):
    """The value uses LaTeX this module never writes."""


def _group_end(value: str, start: int) -> int:
    depth = 0
    for index in range(start, len(value)):
        if value[index] == "{":
            depth += 1
        elif value[index] == "}":
            depth -= 1
            if depth == 0:
                return index
    raise _ForeignLatexError("unbalanced braces")


def _decode_group(inner: str) -> str:
    char = _inverse().get(inner)
    if char is not None:
        return char
    code = _UNIHEX.match(inner)
    if code is not None:
        return chr(int(code.group(1), 16))
    # Anything else is a protective group (a cased title or a keyword): encoded
    # text never starts the way a replacement does, so the two cannot be confused.
    return _decode_own(inner, top=False)


def _decode_own(value: str, *, top: bool = True) -> str:
    out: list[str] = []
    index = 0
    length = len(value)
    while index < length:
        char = value[index]
        if char == "{":
            end = _group_end(value, index)
            out.append(_decode_group(value[index + 1 : end]))
            index = end + 1
        elif char == "\\" and value[index + 1 : index + 2] == " ":
            out.append(" ")
            index += 2
        elif char in _BIBTEX_SPACE:
            end = index
            while end < length and value[end] in _BIBTEX_SPACE:
                end += 1
            if not top or (index > 0 and end < length):
                out.append(" ")
            index = end
        elif value.startswith("--", index):
            dashes = 3 if value.startswith("---", index) else 2
            out.append("\u2014" if dashes == 3 else "\u2013")
            index += dashes
        elif char in "\\}$&%#_^~":
            raise _ForeignLatexError(char)
        else:
            out.append(char)
            index += 1
    return "".join(out)


@functools.cache
def _latex2text() -> LatexNodes2Text:
    return LatexNodes2Text(math_mode="text", strict_latex_spaces=True)


def decode_latex(value: str) -> str:
    """Unicode text for a BibTeX field value (without its outer braces).

    Args:
        value: the field as written in the file.

    Returns:
        Exactly the text ``encode_latex`` was given, for values it wrote; for
        other LaTeX, pylatexenc's best reading of it.
    """
    try:
        return _decode_own(value)
    except _ForeignLatexError:
        text = _latex2text().latex_to_text(value)
        return re.sub(f"[{_BIBTEX_SPACE}]+", " ", text).strip(_BIBTEX_SPACE)
