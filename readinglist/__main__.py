"""Entry point for ``python -m readinglist``."""

from __future__ import annotations

from readinglist.cli import main

raise SystemExit(main())
