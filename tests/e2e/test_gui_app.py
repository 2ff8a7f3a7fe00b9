"""The app run as a user runs it: ``readinglist`` without a command, offscreen.

The app closes its window on SIGTERM (as on Ctrl+C), which lets these tests end
it the way a desktop session would, and read its exit status.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from readinglist.core import Library

START_TIMEOUT = 60.0


def start_app(library: Path, tmp_path: Path) -> subprocess.Popen[str]:
    """Start the app on ``library`` with its settings kept under ``tmp_path``."""
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "readinglist", "--library", str(library)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def stop(app: subprocess.Popen[str], ready: float) -> tuple[int, str]:
    """After ``ready`` seconds, ask the app to close until it does."""
    time.sleep(ready)
    deadline = time.monotonic() + START_TIMEOUT
    while app.poll() is None and time.monotonic() < deadline:
        app.send_signal(signal.SIGTERM)
        try:
            app.wait(timeout=0.5)
        except subprocess.TimeoutExpired:
            continue
    if app.poll() is None:
        app.kill()
        pytest.fail("the app did not close on SIGTERM")
    _, err = app.communicate()
    return app.returncode, err


def wait_for_lock(library: Path, app: subprocess.Popen[str]) -> None:
    """Wait until the app has opened the library (its pid is in the lock file)."""
    lock = library / "library.lock"
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline and app.poll() is None:
        if lock.exists() and lock.read_text().strip() == str(app.pid):
            return
        time.sleep(0.1)
    pytest.fail("the app did not open the library")


@pytest.mark.slow
def test_the_app_opens_a_library_and_closes_cleanly(
    sample_library_dir: Path, tmp_path: Path
) -> None:
    app = start_app(sample_library_dir, tmp_path)
    wait_for_lock(sample_library_dir, app)
    code, err = stop(app, ready=1.5)
    assert code == 0, err
    assert "Traceback" not in err
    settings = tmp_path / "config" / "readinglist" / "readinglist.conf"
    assert "geometry" in settings.read_text()
    with Library.open(sample_library_dir) as lib:
        assert lib.stats()["papers"] > 0


@pytest.mark.slow
def test_a_locked_library_exits_with_status_2(
    sample_library_dir: Path, tmp_path: Path
) -> None:
    with Library.open(sample_library_dir):
        app = start_app(sample_library_dir, tmp_path)
        # The app waits two seconds for the lock, then shows its message.
        code, err = stop(app, ready=3.0)
    assert code == 2
    assert "Traceback" not in err
