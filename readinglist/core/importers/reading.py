"""Turning a file on disk into text an importer can read, whatever state it is in.

Listing files come from copy and paste, so they arrive in every encoding and
line-ending a desktop can produce, and sometimes they are not text at all. This
module reads the bytes once, decides what they are, and returns plain text with
``\\n`` line ends, or ``None`` with a message that says what was wrong.
"""

from __future__ import annotations

import codecs
import stat
from pathlib import Path

from readinglist.core.models import Problem

MAX_BYTES = 100 * 1024 * 1024
"""Files larger than this are refused: no listing comes near it, and reading a
bigger file whole would only risk running out of memory."""

# How much of the start of a file is inspected to tell text from binary data.
_SNIFF_BYTES = 8192

# Signatures of common non-text files someone might pick by mistake, so the
# message can name what the file really is.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or a Word, Excel or EPUB file)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x7fELF", "a program"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
)

_BOMS: tuple[tuple[bytes, str, str], ...] = (
    # UTF-32 first: its little-endian mark starts with the UTF-16 one.
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)

# Control bytes that never occur in text files (tab, line feed, form feed,
# carriage return and escape are left out on purpose).
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27))


def read_text(path: Path) -> tuple[str | None, list[Problem]]:
    """Read a listing file as text, never raising for bad input.

    The text comes back with ``\\n`` line ends and no byte-order mark. UTF-8
    (with or without a mark), UTF-16 and UTF-32 with a mark are read as such;
    text that is not UTF-8 is read as Latin-1 (Windows-1252) with a problem
    saying so.

    Args:
        path: the file to read.

    Returns:
        The text, or None when the file cannot be used, and the problems met,
        each naming the file (line 0 for the file as a whole).
    """
    where = str(path)
    data, message = _read_bytes(path)
    if data is None:
        return None, [Problem(where, 0, message)]
    text, problems = _decode(data, where)
    if text is None:
        return None, problems
    if not text.strip():
        message = "the file is empty" if not text else "the file holds only blank lines"
        return None, [*problems, Problem(where, 0, message)]
    return text, problems


def _read_bytes(path: Path) -> tuple[bytes | None, str]:
    """The file's bytes, or None and a message saying why they cannot be had."""
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            return None, "this is a folder, not a file; choose a listing file inside it"
        if not stat.S_ISREG(info.st_mode):
            # Reading a pipe or a device could block or never end.
            return (
                None,
                "this is not a regular file (a device or a pipe?), so it was not read",
            )
        if info.st_size > MAX_BYTES:
            return None, _too_big(info.st_size)
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except (FileNotFoundError, NotADirectoryError):
        return None, "there is no file at this path"
    except PermissionError:
        return None, "Reading List is not allowed to read this file (permission denied)"
    except IsADirectoryError:
        return None, "this is a folder, not a file; choose a listing file inside it"
    except OSError as error:
        return None, f"the file could not be read ({error.strerror or error})"
    except ValueError:
        # A path with a NUL character in it.
        return None, "this is not a valid file name"
    if len(data) > MAX_BYTES:
        # The file grew after it was measured.
        return None, _too_big(len(data))
    return data, ""


def _too_big(size: int) -> str:
    megabyte = 1024 * 1024
    # Rounded up, so a file just over the limit does not read as equal to it.
    return (
        f"the file is {-(-size // megabyte):,} MB, more than the "
        f"{MAX_BYTES // megabyte} MB a listing can be; split it into smaller files"
    )


def _decode(data: bytes, where: str) -> tuple[str | None, list[Problem]]:
    """Decode ``data``, choosing the encoding from its marks and content."""
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            return _decode_strict_or_replace(data, codec, label, where)
    head = data[:_SNIFF_BYTES]
    what = _binary_kind(head)
    if what is not None and (utf16 := _utf16_without_bom(head)) is not None:
        return _decode_strict_or_replace(data, utf16, "UTF-16", where)
    if what is not None:
        return None, [Problem(where, 0, f"this looks like {what}, not a text listing")]
    try:
        return _newlines(data.decode("utf-8")), []
    except UnicodeDecodeError as error:
        return _decode_damaged(data, error, where)


def _decode_strict_or_replace(
    data: bytes, codec: str, label: str, where: str
) -> tuple[str | None, list[Problem]]:
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as error:
        line = _line_of(data, error.start, codec)
        text = data.decode(codec, "replace")
        message = (
            f"some bytes are not valid {label} (the first on this line); "
            "they were replaced with \ufffd"
        )
        return _newlines(text).lstrip("\ufeff"), [Problem(where, line, message)]
    return _newlines(text).lstrip("\ufeff"), []


def _decode_damaged(
    data: bytes, error: UnicodeDecodeError, where: str
) -> tuple[str | None, list[Problem]]:
    """Text that is not valid UTF-8: damaged UTF-8, or another encoding."""
    line = _line_of(data, error.start, "utf-8")
    if error.end == len(data) and len(data) - error.start < 4:
        # Only the last character is incomplete: the file was cut off mid-way.
        text = _newlines(data[: error.start].decode("utf-8"))
        message = (
            "the file ends in the middle of a character (was it cut off?); "
            "the incomplete character was left out"
        )
        return text, [Problem(where, line, message)]
    replaced = data.decode("utf-8", "replace")
    bad = replaced.count("\ufffd")
    # Each valid non-ASCII character takes two to four bytes; each replacement
    # character stands for one bad byte sequence and itself encodes to three.
    valid_extra = len(replaced.encode("utf-8")) - len(replaced) - 2 * bad
    if valid_extra >= bad:
        # Mostly good UTF-8 with a few broken bytes: reading it all as Latin-1
        # would garble every accented letter that was right.
        message = (
            "some bytes are not valid UTF-8 (the first on this line); "
            "they were replaced with \ufffd"
        )
        return _newlines(replaced), [Problem(where, line, message)]
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        # Windows-1252 leaves five bytes undefined; Latin-1 takes every byte.
        text = data.decode("latin-1")
    message = (
        "the file is not UTF-8 (the first such byte is on this line), so it was "
        "read as Latin-1 (Windows-1252); check that accented letters look right"
    )
    return _newlines(text), [Problem(where, line, message)]


def _binary_kind(head: bytes) -> str | None:
    """What kind of non-text data ``head`` starts, or None if it may be text."""
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return what
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "a WebP image"
    binary = "a binary file (an image or archive?)"
    if b"\x00" in head:
        return binary
    controls = len(head) - len(head.translate(None, _CONTROL))
    if head and controls * 20 > len(head):
        return binary
    return None


def _utf16_without_bom(head: bytes) -> str | None:
    """``utf-16-le`` or ``-be`` when ``head`` is plainly UTF-16 text without a mark.

    ASCII-range text in UTF-16 has a zero in every other byte; binary data
    has its zeros scattered.
    """
    even, odd = head[0::2], head[1::2]
    if len(odd) < 2:
        return None
    zeros_even, zeros_odd = even.count(0), odd.count(0)
    if zeros_odd * 10 >= len(odd) * 9 and zeros_even * 10 <= len(even):
        return "utf-16-le"
    if zeros_even * 10 >= len(even) * 9 and zeros_odd * 10 <= len(odd):
        return "utf-16-be"
    return None


def _line_of(data: bytes, offset: int, codec: str) -> int:
    """The 1-based line, after line-end normalisation, of byte ``offset``."""
    before = data[:offset].decode(codec, "replace")
    return _newlines(before).count("\n") + 1


def _newlines(text: str) -> str:
    """Windows (CRLF) and old Mac (lone CR) line ends become ``\\n``."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")
