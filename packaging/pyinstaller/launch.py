"""Entry point of the frozen app: the same ``main`` as the ``readinglist`` command."""

from __future__ import annotations

import multiprocessing

from readinglist.cli import main

if __name__ == "__main__":
    # Whoosh's bulk writer runs worker processes; a frozen app must let a
    # child started that way run the worker, not the app.
    multiprocessing.freeze_support()
    raise SystemExit(main())
