"""The task helper: results, progress and errors come back on the GUI thread."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from readinglist.gui.tasks import TaskContext, Tasks


@pytest.fixture
def tasks(qapp: QApplication) -> Iterator[Tasks]:
    """A task helper, shut down after the test."""
    helper = Tasks()
    yield helper
    helper.shutdown()


def test_results_and_progress_arrive_on_the_gui_thread(
    qtbot: QtBot, tasks: Tasks
) -> None:
    seen: list[tuple[str, object, bool]] = []
    gui = QThread.currentThread()
    workers: list[bool] = []

    def work(ctx: TaskContext) -> int:
        workers.append(threading.current_thread() is not threading.main_thread())
        for n in range(3):
            ctx.report(n)
        return 42

    task = tasks.run(
        work,
        on_success=lambda r: seen.append(("done", r, QThread.currentThread() is gui)),
        on_progress=lambda v: seen.append(("step", v, QThread.currentThread() is gui)),
    )
    qtbot.waitUntil(lambda: task.done)
    assert workers == [True]
    assert seen == [
        ("step", 0, True),
        ("step", 1, True),
        ("step", 2, True),
        ("done", 42, True),
    ]


def test_errors_come_back_as_signals(qtbot: QtBot, tasks: Tasks) -> None:
    def work(ctx: TaskContext) -> None:
        raise ValueError("the file is not a listing")

    errors: list[Exception] = []
    tasks.run(work, on_error=errors.append)
    with qtbot.waitSignal(tasks.error) as blocker:
        tasks.run(work)
    qtbot.waitUntil(lambda: not tasks.busy)
    assert [str(e) for e in errors] == ["the file is not a listing"]
    assert blocker.args == ["the file is not a listing"]


def test_a_cancelled_task_delivers_nothing(qtbot: QtBot, tasks: Tasks) -> None:
    gate = threading.Event()
    got: list[object] = []

    def work(ctx: TaskContext) -> str:
        gate.wait(5)
        return "stale"

    task = tasks.run(work, on_success=got.append)
    task.cancel()
    gate.set()
    qtbot.waitUntil(lambda: task.done)
    assert got == []


def test_writes_run_one_at_a_time_in_order(qtbot: QtBot, tasks: Tasks) -> None:
    order: list[int] = []
    running = threading.Semaphore(1)

    def write(n: int) -> Callable[[TaskContext], None]:
        def work(ctx: TaskContext) -> None:
            assert running.acquire(blocking=False), "two writes overlapped"
            order.append(n)
            running.release()

        return work

    for n in range(20):
        tasks.run(write(n), lane="write")
    qtbot.waitUntil(lambda: not tasks.busy)
    assert order == list(range(20))


def test_shutdown_waits_for_work_and_then_delivers_nothing(
    qtbot: QtBot, qapp: QApplication
) -> None:
    helper = Tasks()
    done = threading.Event()
    got: list[object] = []

    def work(ctx: TaskContext) -> str:
        done.wait(0.2)
        return "late"

    helper.run(work, on_success=got.append, lane="write")
    helper.shutdown()
    qtbot.wait(50)
    assert got == []
    assert not helper.run(work, on_success=got.append).done
    qtbot.wait(50)
    assert got == []
