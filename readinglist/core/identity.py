"""Paper identity: when two listings name the same paper, and the id it gets.

Two titles name the same paper when they are equal after Unicode NFKC folding,
case folding, and collapsing every run of punctuation and spacing to one space.
The paper id is a short hash of that folded title, so the same paper gets the
same id in every library.
"""

from __future__ import annotations

import base64
import hashlib
import re
import unicodedata

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
