"""Small icons drawn from the palette, so they suit light and dark themes.

Drawn with QPainter rather than shipped as fixed-colour files: a status circle
or a magnifier in the theme's own text and accent colours.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPalette, QPen, QPixmap

from readinglist.core.models import Status
from readinglist.gui.text import muted_colour

_ICONS: dict[tuple[Status, int], QIcon] = {}


def _circle(status: Status, colour: QColor, size: int) -> QPixmap:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    ring = QRectF(1.5, 1.5, size - 3, size - 3)
    painter.setPen(colour)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawEllipse(ring)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    if status == Status.READ:
        painter.drawEllipse(ring)
    elif status == Status.READING:
        painter.drawPie(ring, 90 * 16, 180 * 16)
    painter.end()
    return pixmap


def status_icon(status: Status, palette: QPalette, size: int = 12) -> QIcon:
    """A small circle for a read status: empty, half full (reading) or full.

    Drawn in palette colours (and in the selected-text colour on selected
    rows), cached per palette, so it suits the theme.

    Args:
        status: the read status to draw.
        palette: the palette to draw with.
        size: the icon's side in pixels.

    Returns:
        The icon, with a variant for selected rows.
    """
    key = (status, palette.cacheKey())
    icon = _ICONS.get(key)
    if icon is None:
        accent = palette.color(QPalette.ColorRole.Highlight)
        colour = accent if status == Status.READING else muted_colour(palette)
        selected = palette.color(QPalette.ColorRole.HighlightedText)
        icon = QIcon(_circle(status, colour, size))
        icon.addPixmap(_circle(status, selected, size), QIcon.Mode.Selected)
        _ICONS[key] = icon
    return icon


def search_icon(palette: QPalette, size: int = 16) -> QIcon:
    """A magnifying glass in the muted text colour, for the search field.

    Args:
        palette: the palette to draw with.
        size: the icon's side in pixels.

    Returns:
        The icon.
    """
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(muted_colour(palette), size / 9)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    lens = size * 0.6
    painter.drawEllipse(QRectF(size * 0.12, size * 0.12, lens, lens))
    handle = size * 0.12 + lens * 0.85
    painter.drawLine(QPointF(handle, handle), QPointF(size * 0.9, size * 0.9))
    painter.end()
    return QIcon(pixmap)
