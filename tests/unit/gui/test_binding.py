"""The Qt binding keeps Python's own objects alive: a long session quits cleanly.

PySide6 6.12.0 on Python 3.11 takes a reference to ``True`` from every
``Signal.emit`` and one to ``None`` from every call of a Qt method that returns
nothing (``setText``, ``QTimer.start``, ...). Python 3.12 made those objects
immortal, so nothing shows there; on 3.11 their counts sink with every
keystroke until one reaches zero and the interpreter aborts with "Fatal Python
error: none_dealloc", at the latest when it frees everything at exit.
pyproject.toml keeps that release out; this test keeps any later one out that
does the same. The calls run in a child process, since a binding with the bug
may abort the process that makes them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

CALLS = 2000

PROBE = textwrap.dedent(
    f"""
    import json, sys
    from PySide6.QtCore import QObject, QTimer, Signal
    from PySide6.QtWidgets import QApplication, QLineEdit

    app = QApplication([])

    class Sender(QObject):
        said = Signal(object)

    sender = Sender()
    sender.said.connect(lambda value: None)
    field = QLineEdit()
    timer = QTimer()
    # Plenty of spare references, so a faulty binding cannot abort the probe.
    spare = [None, True] * {CALLS * 4}
    before = sys.getrefcount(None), sys.getrefcount(True)
    for i in range({CALLS}):
        sender.said.emit(None)
        field.setText(str(i))
        timer.start(1000)
        timer.stop()
    after = sys.getrefcount(None), sys.getrefcount(True)
    lost = {{"none": after[0] - before[0], "true": after[1] - before[1]}}
    print(json.dumps(lost), flush=True)
    """
)


def test_qt_calls_leave_the_counts_of_none_and_true_alone() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert done.stdout, done.stderr
    lost = json.loads(done.stdout)
    # A sound binding gives back every reference it takes: the counts end
    # where they began, give or take what the interpreter itself holds.
    assert lost["none"] > -CALLS // 10, lost
    assert lost["true"] > -CALLS // 10, lost
    assert done.returncode == 0, done.stderr
