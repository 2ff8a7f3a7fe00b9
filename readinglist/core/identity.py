"""Paper identity: when two listings name the same paper, and the id it gets.

Two titles name the same paper when they are equal after Unicode NFKC folding,
case folding, and collapsing every run of punctuation and spacing to one space.
The paper id is a short hash of that folded title, so the same paper gets the
same id in every library.

Which records name the same paper is decided by ``same_paper`` over their
``Identity``: identifiers first, then the folded title, held back by years or
first authors that disagree. The id of a paper, once given, never changes.
"""

from __future__ import annotations

import base64
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from readinglist.core.recordfields import Name, arxiv_base, normalise_doi

if TYPE_CHECKING:
    from readinglist.core.models import Paper, ParsedPaper

ID_LENGTH = 10
_NON_WORD = re.compile(r"[\W_]+")


def fold_title(title: str) -> str:
    """The identity key of a title.

    ``"Týr-the-Pruner: X"`` and ``"TÝR the pruner x"`` both give ``"týr the pruner x"``.
    """
    folded = unicodedata.normalize("NFKC", title).casefold()
    return _NON_WORD.sub(" ", folded).strip()


def paper_id_for(ident: str, length: int = ID_LENGTH) -> str:
    """A short, stable, lowercase id for a folded title.

    Ten base-32 characters carry 50 bits: a clash among a million papers is about
    one in two thousand million. The library lengthens the id in that rare case.
    """
    digest = hashlib.blake2b(ident.encode("utf-8"), digest_size=20).digest()
    return base64.b32encode(digest).decode("ascii").lower()[:length]


def fold_family(name: Name | None) -> str | None:
    """A family name folded for comparison: accents dropped, case folded."""
    if name is None:
        return None
    text = name.literal or name.family
    if not text:
        return None
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return fold_title(bare) or None


@dataclass(frozen=True, slots=True)
class Identity:
    """What identity rules compare: the identifiers, folded title, year, author."""

    title: str
    doi: str | None = None
    arxiv: str | None = None
    year: int | None = None
    first_family: str | None = None

    @classmethod
    def of(cls, paper: ParsedPaper | Paper) -> Identity:
        """The identity facts of a parsed or stored paper."""
        year = paper.published[:4] if paper.published else ""
        return cls(
            title=fold_title(paper.title),
            doi=normalise_doi(paper.doi),
            arxiv=arxiv_base(paper.arxiv) if paper.arxiv else None,
            year=int(year) if year.isdigit() else None,
            first_family=fold_family(paper.authors[0] if paper.authors else None),
        )


def same_paper(a: Identity, b: Identity) -> bool:
    """Whether two records name the same paper.

    A shared DOI or arXiv id (version ignored) decides yes; a DOI, or an arXiv
    id, known on both sides and different decides no, whatever the titles.
    Otherwise the folded titles must agree, and so must the years and the first
    authors' folded family names wherever both sides know them.
    """
    if a.doi and a.doi == b.doi:
        return True
    if a.arxiv and a.arxiv == b.arxiv:
        return True
    if (a.doi and b.doi) or (a.arxiv and b.arxiv):
        return False
    if not a.title or a.title != b.title:
        return False
    if a.year is not None and b.year is not None and a.year != b.year:
        return False
    return not (a.first_family and b.first_family and a.first_family != b.first_family)
