"""Worker processes that end with the app and never hold its library.

A batch of indexing runs in worker processes (core/index/writer.py). If the app dies
without cleaning up (the OOM killer, a crash inside Qt, ``kill -9``), a worker
must not live on: it would keep working on an index nobody commits, and a
worker forked from the app would also keep the app's open files, among them
the library lock (a ``flock`` belongs to the open file, which a forked child
shares), so every later write would be refused while no window is open.

So workers are started with the ``spawn`` method, a fresh interpreter that
inherits no open file of the app, and each one binds itself to its parent
before anything else: it ends within moments of its parent's death, whatever
kills the parent. This module imports only the standard library and sits
outside ``core`` (whose package imports the whole library), so a worker is
bound a few tens of milliseconds after it starts; what it runs is imported
after that.
"""

from __future__ import annotations

import contextlib
import ctypes
import importlib
import multiprocessing
import multiprocessing.connection
import os
import pickle
import signal
import sys
import threading
from multiprocessing.context import SpawnContext, SpawnProcess
from typing import Any

CONTEXT: SpawnContext = multiprocessing.get_context("spawn")
# How often a worker looks whether its parent was replaced (see _watch).
POLL_SECONDS = 0.25
# A worker whose parent is gone exits with this status.
ORPHANED = 70
_PR_SET_PDEATHSIG = 1


def start(
    target: str, shared: tuple[Any, ...], args: tuple[Any, ...], name: str
) -> SpawnProcess:
    """Run ``target(*shared, *args)`` in a new worker bound to this process.

    Args:
        target: ``"module:function"``, imported in the worker once it is bound.
        shared: multiprocessing objects (queues), handed over as they are.
        args: anything picklable; unpickled in the worker once it is bound.
        name: the process name.
    """
    payload = pickle.dumps((target, args), pickle.HIGHEST_PROTOCOL)
    process = CONTEXT.Process(
        target=_main,
        args=(os.getpid(), payload, *shared),
        name=name,
        # Ended at the app's normal exit too, even one that forgot them.
        daemon=True,
    )
    process.start()
    return process


def _main(parent_pid: int, payload: bytes, *shared: Any) -> None:
    bind_to_parent(parent_pid)
    target, args = pickle.loads(payload)
    module, _, function = target.partition(":")
    getattr(importlib.import_module(module), function)(*shared, *args)


def bind_to_parent(parent_pid: int) -> None:
    """In a worker, before any work: end this process when its parent ends.

    Three ways, as none covers every case alone. On Linux the kernel sends
    SIGKILL when the parent dies (``PR_SET_PDEATHSIG``); a parent that died
    before that was set is seen by comparing ``getppid``. Everywhere, a thread
    waits on the parent's end of the start-up pipe, which reaches end-of-file
    when the parent dies, and also watches ``getppid``, in case another
    process inherited that pipe's other end.
    """
    if sys.platform.startswith("linux"):
        _kill_me_with_parent()
    if os.getppid() != parent_pid:
        os._exit(ORPHANED)
    parent = multiprocessing.parent_process()
    sentinels = [] if parent is None else [parent.sentinel]
    threading.Thread(
        target=_watch,
        args=(sentinels, parent_pid),
        name="readinglist-parent-watch",
        daemon=True,
    ).start()


def _kill_me_with_parent() -> None:
    # The signal comes when the *thread* that started this process ends, not
    # the whole parent; a writer session starts and finishes its workers in
    # one thread, so that is the same moment, and _watch covers the rest.
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)


def _watch(sentinels: list[int], parent_pid: int) -> None:
    while True:
        ended = multiprocessing.connection.wait(sentinels, timeout=POLL_SECONDS)
        if ended or os.getppid() != parent_pid:
            # No cleanup: the parent that would commit this work is gone.
            os._exit(ORPHANED)
