"""The one-folder app that packaging/build.sh makes, run as a user runs it.

Building it takes a minute, so CI does not; after a build, point these tests at
it::

    packaging/build.sh
    export READINGLIST_FROZEN_APP=dist/readinglist
    python -m pytest tests/e2e/test_packaging_frozen.py

Without ``READINGLIST_FROZEN_APP`` they skip. The app runs from a temporary
folder with a clean environment, offscreen and on a virtual X screen (Xvfb).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.test_wheel import VERSION, clean_env, run, run_app_briefly
from tests.unit.core.test_library import DISTINCT_SAMPLE_PAPERS

FROZEN = os.environ.get("READINGLIST_FROZEN_APP", "")

pytestmark = pytest.mark.skipif(
    not FROZEN, reason="set READINGLIST_FROZEN_APP=dist/readinglist after a build"
)


@pytest.fixture(scope="module")
def app() -> Path:
    """The frozen executable."""
    path = Path(FROZEN).resolve() / "readinglist"
    assert path.is_file(), f"{path} is missing: run packaging/build.sh"
    return path


@pytest.fixture(scope="module")
def x_display() -> Iterator[str]:
    """A virtual X screen (Xvfb), as ``DISPLAY``; skips if Xvfb is missing."""
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        pytest.skip("Xvfb is not installed (packaging/install-deps.sh --test)")
    read, write = os.pipe()
    command = [xvfb, "-displayfd", str(write), "-screen", "0", "1280x800x24"]
    server = subprocess.Popen(
        [*command, "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as numbers:
        display = numbers.readline().strip()
    try:
        assert display, "Xvfb did not start"
        yield f":{display}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_frozen_app_reports_its_version(app: Path, tmp_path: Path) -> None:
    done = run([app, "--version"], cwd=tmp_path, env=clean_env(tmp_path))
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"readinglist {VERSION}\n"


def test_frozen_app_imports_the_samples(app: Path, tmp_path: Path) -> None:
    env = clean_env(tmp_path)
    library = tmp_path / "library"
    done = run([app, "--library", library, "import", "--samples"], tmp_path, env)
    assert done.returncode == 0, done.stderr
    done = run([app, "--library", library, "stats", "--json"], tmp_path, env)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["papers"] == DISTINCT_SAMPLE_PAPERS
    done = run([app, "--library", library, "check"], tmp_path, env)
    assert done.returncode == 0, done.stderr


def test_frozen_app_opens_offscreen(app: Path, tmp_path: Path) -> None:
    code, err = run_app_briefly(
        [app], tmp_path / "library", tmp_path, clean_env(tmp_path)
    )
    assert code == 0, err
    assert "Traceback" not in err


def test_frozen_app_opens_on_an_x_screen(
    app: Path, tmp_path: Path, x_display: str
) -> None:
    env = clean_env(tmp_path, {"QT_QPA_PLATFORM": "xcb", "DISPLAY": x_display})
    env.pop("WAYLAND_DISPLAY", None)
    code, err = run_app_briefly([app], tmp_path / "library", tmp_path, env)
    assert code == 0, err
    assert "Traceback" not in err
    assert "Could not load the Qt platform plugin" not in err
