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


def catches_sigterm(pid: int) -> bool:
    """True once process ``pid`` has its own SIGTERM handler (Linux /proc)."""
    status = Path(f"/proc/{pid}/status").read_text()
    caught = next(line for line in status.splitlines() if line.startswith("SigCgt:"))
    return bool(int(caught.split()[1], 16) & (1 << (signal.SIGTERM - 1)))


def stop(app: subprocess.Popen[str]) -> tuple[int, str]:
    """Ask the app to close, as a desktop session does; its status and stderr."""
    deadline = time.monotonic() + START_TIMEOUT
    while app.poll() is None and not catches_sigterm(app.pid):
        if time.monotonic() > deadline:
            app.kill()
            pytest.fail("the app never started")
        time.sleep(0.05)
    app.send_signal(signal.SIGTERM)
    try:
        _, err = app.communicate(timeout=START_TIMEOUT)
    except subprocess.TimeoutExpired:
        app.kill()
        pytest.fail("the app did not close on SIGTERM")
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
    code, err = stop(app)
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
        # Asked to close while it waits for the lock, the app still reports why
        # it could not open the library.
        code, err = stop(app)
    assert code == 2
    assert "is open in another Reading List window" in err
    assert "Traceback" not in err
