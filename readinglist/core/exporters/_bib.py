"""The entry layout BibTeX and BibLaTeX exports share.

Every field value goes through ``readinglist.core.latex``, so the only braces in
a value are balanced ones the encoder wrote, and ``@``, ``%`` or quotes inside a
value cannot end an entry early.
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import quote

from readinglist.core.exporters._base import clean_tags
from readinglist.core.latex import encode_latex

# What may stay raw in a URL inside \url{...} and a .bib file: printable ASCII
# without spaces, quotes, braces or backslashes. "%" stays, so URLs that are
# already percent-encoded are not encoded twice.
_URL_SAFE = "!#$%&'()*+,-./:;=?@[]^_`|~"


def bib_url(url: str) -> str:
    """``url`` percent-encoded where BibTeX or ``\\url`` could not take it raw."""
    return quote(url.strip(), safe=_URL_SAFE)


def keywords(tags: Sequence[str], *, ascii_only: bool) -> str:
    """Tags as a ``keywords`` value; a tag holding a comma gets its own braces."""
    parts = []
    for tag in clean_tags(tags):
        encoded = encode_latex(tag, ascii_only=ascii_only)
        parts.append("{" + encoded + "}" if "," in tag else encoded)
    return ", ".join(parts)


def entry(kind: str, key: str, fields: Sequence[tuple[str, str]]) -> str:
    """One entry; ``fields`` holds (name, value) with values already encoded.

    A value that is a bare month macro (``may``) is written without braces so
    styles print the month's name; every other value is braced.
    """
    lines = [f"@{kind}{{{key},"]
    for name, value in fields:
        written = value if name == "month" else "{" + value + "}"
        lines.append(f"  {name} = {written},")
    lines.append("}")
    return "\n".join(lines)


def join_entries(entries: Sequence[str]) -> str:
    """Entries separated by a blank line, ending with a line break."""
    return "\n\n".join(entries) + "\n" if entries else ""
