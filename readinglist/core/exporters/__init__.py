"""Exporters: one module per format, each a pure function from papers to text.

``EXPORTERS`` is the one registry, keyed by format name; ``export`` picks from it
and ``write_file`` saves the text the way every format expects (UTF-8, line ends
untouched, replaced atomically). What each format writes, and how text is
cleaned first, is described in the format's module and in ``_base``.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Sequence
from pathlib import Path

from readinglist.core.exporters import (
    biblatex,
    bibtex,
    csljson,
    csvtable,
    markdown,
    ris,
)
from readinglist.core.exporters._base import (
    DEFAULT_TITLE,
    Exporter,
    citekeys,
    clean_text,
)
from readinglist.core.models import Paper

__all__ = [
    "DEFAULT_TITLE",
    "EXPORTERS",
    "Exporter",
    "citekeys",
    "clean_text",
    "export",
    "for_path",
    "write_file",
]

EXPORTERS: dict[str, Exporter] = {
    exporter.name: exporter
    for exporter in (
        bibtex.EXPORTER,
        biblatex.EXPORTER,
        ris.EXPORTER,
        csljson.EXPORTER,
        markdown.EXPORTER,
        csvtable.EXPORTER,
    )
}


def _exporter(format: str) -> Exporter:
    try:
        return EXPORTERS[format]
    except KeyError:
        names = ", ".join(EXPORTERS)
        raise ValueError(
            f"Reading List cannot export to {format!r}; choose one of {names}"
        ) from None


def export(
    format: str,
    papers: Sequence[Paper],
    *,
    title: str = DEFAULT_TITLE,
    include_notes: bool = False,
) -> str:
    """The papers as text in the named format.

    Args:
        format: a key of ``EXPORTERS`` (``bibtex``, ``biblatex``, ``ris``,
            ``csljson``, ``markdown``, ``csv``).
        papers: the papers, in the order they should appear.
        title: the list's name, for formats that show one (Markdown).
        include_notes: write the user's private notes (left out unless asked).

    Returns:
        The whole file's text.

    Raises:
        ValueError: the format is not one of ``EXPORTERS``.
    """
    return _exporter(format).export(papers, title=title, include_notes=include_notes)


def for_path(path: str | os.PathLike[str]) -> Exporter | None:
    """The exporter a file name's extension implies (``.bib`` means BibTeX)."""
    suffix = Path(path).suffix.lower()
    for exporter in EXPORTERS.values():
        if exporter.extension == suffix:
            return exporter
    return None


def write_file(
    format: str,
    papers: Sequence[Paper],
    path: str | os.PathLike[str],
    *,
    title: str = DEFAULT_TITLE,
    include_notes: bool = False,
) -> Path:
    """Export the papers into a file, replacing it in one step.

    The text is written as UTF-8 with line ends exactly as the format made them
    (CSV needs its ``\\r\\n``), to a temporary file beside the target that then
    replaces it, so a failed export never leaves half a file behind.

    Args:
        format: a key of ``EXPORTERS``.
        papers: the papers, in order.
        path: the file to write.
        title: the list's name, for formats that show one.
        include_notes: write the user's private notes too.

    Returns:
        The path written.

    Raises:
        ValueError: the format is not one of ``EXPORTERS``.
        OSError: the file could not be written.
    """
    text = export(format, papers, title=title, include_notes=include_notes)
    target = Path(path)
    try:
        handle, temporary = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
        )
    except OSError as exc:
        # The temporary file's name means nothing to the user: say what is
        # wrong with the place they chose.
        raise _unwritable(target, exc) from exc
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        # mkstemp makes the file private; an export is an ordinary document.
        mode = stat.S_IMODE(target.stat().st_mode) if target.exists() else 0o644
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException as exc:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _unwritable(target, exc) from exc
        raise
    return target


def _unwritable(target: Path, exc: OSError) -> OSError:
    """An error saying, in words, why ``target`` cannot be written."""
    folder = target.parent
    if target.is_dir():
        text = f"{target} is a folder; name a file to write"
    elif not folder.exists():
        text = f"the folder {folder} does not exist"
    elif not folder.is_dir():
        text = f"{folder} is a file, not a folder"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        text = f"Reading List is not allowed to write in {folder}"
    elif exc.errno in (errno.ENOSPC, errno.EDQUOT):
        text = f"the disk that holds {folder} is full"
    else:
        text = f"{exc.strerror or exc} (writing {target})"
    error = OSError(text)
    error.errno = exc.errno
    return error
