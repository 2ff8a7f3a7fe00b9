"""Entry point of the frozen app: the same ``main`` as the ``readinglist`` command."""

from __future__ import annotations

import multiprocessing

if __name__ == "__main__":
    # The index writers are started as new processes of this executable
    # (readinglist/workers.py); in one of them, freeze_support runs the
    # worker and exits. It comes before the app's import, which a worker
    # does not need: the sooner a worker starts, the sooner it is bound to
    # the app, to end with it.
    multiprocessing.freeze_support()
    from readinglist.cli import main

    raise SystemExit(main())
