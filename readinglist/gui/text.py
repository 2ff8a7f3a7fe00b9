"""Text helpers shared by the widgets: colours from the palette, links, tooltips.

Colours are derived from the current palette, never written down, so light and
dark themes both read well. Data text is always treated as plain text: a title
such as ``<b>Bold</b> & brave`` is shown exactly as written.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from PySide6.QtGui import QColor, QPalette

_URL = re.compile(r"https?://[^\s<>\"'{}|\\^`]+", re.IGNORECASE)
# Punctuation that ends a sentence rather than a URL ("see https://x.org/a.").
_TRAILING = ".,;:!?'\"*"
_CLOSERS = {")": "(", "]": "["}


def plain_tooltip(text: str) -> str:
    """A tooltip that shows ``text`` literally (Qt reads tooltips as rich text).

    Args:
        text: plain text, possibly with ``<``, ``>`` or ``&`` in it.

    Returns:
        Escaped rich text that wraps long lines and keeps line breaks.
    """
    escaped = html.escape(text).replace("\n", "<br>")
    return f"<p style='white-space:pre-wrap'>{escaped}</p>"


def quoted(name: str) -> str:
    """``name`` in typographic double quotes, for messages and step texts."""
    return f"\N{LEFT DOUBLE QUOTATION MARK}{name}\N{RIGHT DOUBLE QUOTATION MARK}"


def sentence(text: str) -> str:
    """A message as a sentence: capital first letter, full stop at the end.

    The core's messages start in lower case so they read well after a
    prefix ("readinglist: ..."); on their own they read better as sentences.

    Args:
        text: a message.

    Returns:
        The same words, starting with a capital and ending with punctuation.
    """
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?" else text + "."


def find_links(text: str) -> list[tuple[int, int, str]]:
    """Where ``text`` holds web addresses.

    Args:
        text: plain text such as an abstract.

    Returns:
        ``(start, end, url)`` for each address, without trailing punctuation and
        without an unmatched closing bracket.
    """
    links: list[tuple[int, int, str]] = []
    for match in _URL.finditer(text):
        url = match.group(0)
        while url:
            last = url[-1]
            unmatched = last in _CLOSERS and url.count(_CLOSERS[last]) < url.count(last)
            if last not in _TRAILING and not unmatched:
                break
            url = url[:-1]
        if len(url) > len("https://"):
            links.append((match.start(), match.start() + len(url), url))
    return links


def merge_spans(spans: Iterable[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    """Clip spans to ``[0, length)``, sort them and join those that overlap.

    Args:
        spans: ``(start, end)`` character offsets, in any order.
        length: the length of the text they point into.

    Returns:
        Disjoint, non-empty spans in order.
    """
    clipped = sorted(
        (max(0, s), min(length, e)) for s, e in spans if min(length, e) > max(0, s)
    )
    merged: list[tuple[int, int]] = []
    for start, end in clipped:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def blend(top: QColor, bottom: QColor, amount: float) -> QColor:
    """``top`` laid over ``bottom`` at opacity ``amount`` (0 to 1).

    Args:
        top: the colour laid on top.
        bottom: the colour under it.
        amount: the opacity of ``top``.

    Returns:
        The colour seen.
    """
    keep = 1.0 - amount
    return QColor.fromRgbF(
        top.redF() * amount + bottom.redF() * keep,
        top.greenF() * amount + bottom.greenF() * keep,
        top.blueF() * amount + bottom.blueF() * keep,
    )


def is_dark(palette: QPalette) -> bool:
    """True when the palette draws light text on a dark base.

    Args:
        palette: the palette to judge.

    Returns:
        True when its base colour is dark.
    """
    return palette.color(QPalette.ColorRole.Base).lightnessF() < 0.5


def muted_colour(palette: QPalette) -> QColor:
    """Secondary text: metadata, counts, hints.

    Args:
        palette: the palette to draw with.

    Returns:
        The text colour blended towards the base colour.
    """
    return blend(
        palette.color(QPalette.ColorRole.Text),
        palette.color(QPalette.ColorRole.Base),
        0.62,
    )


def match_colour(palette: QPalette) -> QColor:
    """The background of a matched word: the selection colour, softened.

    Blending with the base keeps the text readable in light and dark themes
    and tells a match apart from a real selection.

    Args:
        palette: the palette to draw with.

    Returns:
        A background colour for matched words.
    """
    amount = 0.45 if is_dark(palette) else 0.32
    return blend(
        palette.color(QPalette.ColorRole.Highlight),
        palette.color(QPalette.ColorRole.Base),
        amount,
    )


def star_colour(palette: QPalette) -> QColor:
    """The colour of a star: amber, as light or deep as the theme needs.

    Args:
        palette: the palette to draw with.

    Returns:
        A star colour with enough contrast against the base colour.
    """
    if is_dark(palette):
        return QColor.fromHslF(0.12, 0.9, 0.6)
    return QColor.fromHslF(0.11, 0.95, 0.42)


def contrast(one: QColor, two: QColor) -> float:
    """The WCAG contrast ratio of two colours (1 to 21).

    Args:
        one: a colour.
        two: another colour.

    Returns:
        How far apart their luminances are; 4.5 is enough for body text.
    """

    def luminance(colour: QColor) -> float:
        def channel(value: float) -> float:
            if value <= 0.03928:
                return value / 12.92
            return float(((value + 0.055) / 1.055) ** 2.4)

        red, green, blue = (
            channel(colour.redF()),
            channel(colour.greenF()),
            channel(colour.blueF()),
        )
        return 0.2126 * red + 0.7152 * green + 0.0722 * blue

    light, dark = sorted((luminance(one), luminance(two)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def link_colour(palette: QPalette) -> QColor:
    """The colour of a link: the theme's own, made readable on its base.

    Some dark themes keep the light theme's pure blue for links, which is
    hard to read on dark grey; the hue stays, the lightness moves towards
    the text until the contrast is enough for reading.

    Args:
        palette: the palette to draw with.

    Returns:
        The link colour to use.
    """
    link = palette.color(QPalette.ColorRole.Link)
    base = palette.color(QPalette.ColorRole.Base)
    if contrast(link, base) >= 4.5:
        return link
    hue, saturation, lightness = (
        link.hslHueF(),
        link.hslSaturationF(),
        link.lightnessF(),
    )
    step = 0.04 if is_dark(palette) else -0.04
    for _ in range(25):
        lightness = min(max(lightness + step, 0.0), 1.0)
        candidate = QColor.fromHslF(max(hue, 0.0), saturation, lightness)
        if contrast(candidate, base) >= 4.5:
            return candidate
    return palette.color(QPalette.ColorRole.Text)
