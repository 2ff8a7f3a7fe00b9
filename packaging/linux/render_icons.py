"""Render the app icon's PNG sizes for the hicolor icon theme from the SVG.

The PNGs are committed (so installing the desktop files needs no renderer);
run this after changing ``resources/readinglist.svg``::

    python packaging/linux/render_icons.py           # rewrite the PNGs
    python packaging/linux/render_icons.py --check   # exit 1 if any is stale

Rendering uses Qt's own SVG renderer, which the app already depends on.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

APP_ID = "io.github.readinglist.ReadingList"
ROOT = Path(__file__).resolve().parents[2]
SVG = ROOT / "resources" / "readinglist.svg"
ICONS = Path(__file__).resolve().parent / "icons" / "hicolor"
# The sizes desktops look up most (the icon theme spec requires 48x48 at least).
SIZES = (48, 64, 128, 256)
# Mean difference per colour channel (0-255) still taken as the same picture:
# another Qt version may antialias edges a little differently.
TOLERANCE = 2.0


def png_path(size: int) -> Path:
    """Where the PNG of one size lives in the hicolor layout."""
    return ICONS / f"{size}x{size}" / "apps" / f"{APP_ID}.png"


def render(svg: Path, size: int) -> QImage:
    """Draw ``svg`` into a transparent square image of ``size`` pixels.

    Raises:
        ValueError: the file is not an SVG image Qt can read.
    """
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"{svg} is not an SVG image Qt can read")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return image


def difference(a: QImage, b: QImage) -> float:
    """Mean absolute difference per channel of two images (inf if sizes differ)."""
    if a.size() != b.size():
        return float("inf")
    fmt = QImage.Format.Format_ARGB32
    left = bytes(a.convertToFormat(fmt).constBits())
    right = bytes(b.convertToFormat(fmt).constBits())
    total = sum(abs(x - y) for x, y in zip(left, right, strict=True))
    return total / max(len(left), 1)


def stale(svg: Path = SVG) -> list[str]:
    """Problems with the committed PNGs: missing, wrong size or out of date."""
    problems = []
    for size in SIZES:
        path = png_path(size)
        committed = QImage(str(path))
        if committed.isNull():
            problems.append(f"{path}: missing or unreadable")
            continue
        if committed.width() != size or committed.height() != size:
            problems.append(
                f"{path}: {committed.width()}x{committed.height()}, "
                f"expected {size}x{size}"
            )
            continue
        diff = difference(render(svg, size), committed)
        if diff > TOLERANCE:
            problems.append(f"{path}: differs from {svg.name} (mean {diff:.1f})")
    return problems


def write_all(svg: Path = SVG) -> list[Path]:
    """Render every size and write the PNGs; returns the files written."""
    written = []
    for size in SIZES:
        path = png_path(size)
        path.parent.mkdir(parents=True, exist_ok=True)
        if not render(svg, size).save(str(path)):
            raise OSError(f"cannot write {path}")
        written.append(path)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    """Write the PNGs, or with ``--check`` report stale ones; the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="only check the committed PNGs"
    )
    args = parser.parse_args(argv)
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    try:
        if args.check:
            problems = stale()
            for problem in problems:
                print(problem, file=sys.stderr)
            if problems:
                print(f"run: python {Path(__file__).relative_to(ROOT)}")
            return 1 if problems else 0
        for path in write_all():
            print(path.relative_to(ROOT))
        return 0
    finally:
        del app


if __name__ == "__main__":
    raise SystemExit(main())
