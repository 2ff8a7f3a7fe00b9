"""Reading List: a keyboard-first reading-list manager for research papers."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

APP_NAME = "readinglist"
DISPLAY_NAME = "Reading List"

try:
    __version__ = version("readinglist")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"
