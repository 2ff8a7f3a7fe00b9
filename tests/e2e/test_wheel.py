"""The sdist and wheel as a packager builds them, and the wheel as a user installs it.

``python -m build`` makes the sdist, then the wheel from the unpacked sdist, so
a file the sdist lacks fails the wheel too. The wheel goes into a new virtual
environment of its own (no system site-packages), with its dependencies
resolved from its metadata by pip (from pip's cache when they were downloaded
before), and runs from a temporary folder: neither the source tree nor the
environment running the tests is importable there, so only what the wheel holds
and declares can make these tests pass.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tarfile
import time
import tomllib
import venv
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.unit.core.test_library import DISTINCT_SAMPLE_PAPERS

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
VERSION: str = PYPROJECT["project"]["version"]
BUILD_TIMEOUT = 600
START_TIMEOUT = 60.0
CLOSE_TIMEOUT = 15.0


@dataclass(frozen=True)
class Dists:
    """What ``python -m build`` made, and what it printed."""

    sdist: Path
    wheel: Path
    log: str


@dataclass(frozen=True)
class Installed:
    """A virtual environment holding the installed wheel."""

    prefix: Path
    python: Path
    command: Path


def clean_env(home: Path, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment a user's shell would give: nothing from the test run.

    Settings, data and caches go under ``home`` so nothing escapes the test.
    """
    drop = {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP"}
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(
        {
            "HOME": str(home),
            "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_DATA_HOME": str(home / "data"),
            "XDG_CACHE_HOME": str(home / "cache"),
            "QT_QPA_PLATFORM": "offscreen",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
    )
    env.update(extra or {})
    return env


def run(
    command: Sequence[str | Path], cwd: Path, env: Mapping[str, str]
) -> subprocess.CompletedProcess[str]:
    """Run a command to the end and capture its output."""
    return subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=dict(env),
        capture_output=True,
        text=True,
        check=False,
        timeout=BUILD_TIMEOUT,
    )


def run_app_briefly(
    command: Sequence[str | Path], library: Path, cwd: Path, env: Mapping[str, str]
) -> tuple[int, str]:
    """Start the app on ``library``, wait until it holds it, close it like a desktop.

    Returns:
        The exit status and what the app wrote to stderr.
    """
    app = subprocess.Popen(
        [*map(str, command), "--library", str(library)],
        cwd=cwd,
        env=dict(env),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    lock = library / "library.lock"
    deadline = time.monotonic() + START_TIMEOUT
    try:
        while time.monotonic() < deadline and app.poll() is None:
            if lock.exists() and lock.read_text().strip() == str(app.pid):
                break
            time.sleep(0.1)
        else:
            app.kill()
            _, err = app.communicate()
            pytest.fail(f"the app did not open the library:\n{err}")
        time.sleep(1.5)  # let the window draw and settle
        # One polite request, as a desktop session sends; closing the window
        # and saving its state can take a few seconds on a slow X server.
        while app.poll() is None and time.monotonic() < deadline:
            app.send_signal(signal.SIGTERM)
            try:
                app.wait(timeout=CLOSE_TIMEOUT)
            except subprocess.TimeoutExpired:
                continue
    finally:
        if app.poll() is None:
            app.kill()
    _, err = app.communicate()
    return app.returncode, err


@pytest.fixture(scope="session")
def dists(tmp_path_factory: pytest.TempPathFactory) -> Dists:
    """The sdist and the wheel, built once per session as ``python -m build`` does."""
    out = tmp_path_factory.mktemp("dist")
    done = run(
        [sys.executable, "-m", "build", "--outdir", out, ROOT],
        cwd=out,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return Dists(
        sdist=out / f"readinglist-{VERSION}.tar.gz",
        wheel=out / f"readinglist-{VERSION}-py3-none-any.whl",
        log=done.stdout + done.stderr,
    )


@pytest.fixture(scope="session")
def installed(dists: Dists, tmp_path_factory: pytest.TempPathFactory) -> Installed:
    """A new virtual environment with the wheel and its dependencies installed."""
    prefix = tmp_path_factory.mktemp("venv") / "venv"
    # Without pip of its own (saves seconds): this run's pip installs into it.
    venv.EnvBuilder(with_pip=False, system_site_packages=False).create(prefix)
    python = prefix / "bin" / "python"
    home = tmp_path_factory.mktemp("home")
    done = run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            python,
            "install",
            "--quiet",
            "--disable-pip-version-check",
            dists.wheel,
        ],
        cwd=home,
        env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return Installed(
        prefix=prefix, python=python, command=prefix / "bin" / "readinglist"
    )


def test_sdist_carries_what_building_and_packaging_need(dists: Dists) -> None:
    with tarfile.open(dists.sdist) as sdist:
        names = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    expected = {
        "pyproject.toml",
        "README.md",
        "LICENSE",
        "MANIFEST.in",
        "resources/readinglist.svg",
        "packaging/build.sh",
        "packaging/pyinstaller/readinglist.spec",
        "packaging/linux/install.sh",
        "packaging/linux/io.github.readinglist.ReadingList.desktop",
        "packaging/linux/io.github.readinglist.ReadingList.metainfo.xml",
        "tests/conftest.py",
    }
    expected |= {
        str(path.relative_to(ROOT)) for path in ROOT.glob("resources/samples/*.txt")
    }
    assert expected <= names, sorted(expected - names)
    assert not [name for name in names if "__pycache__" in name]


def test_wheel_carries_every_resource_and_the_licence(dists: Dists) -> None:
    # A resource folder missing from pyproject's packages is left out with a
    # warning only: make it an error here.
    assert "is absent from the `packages` configuration" not in dists.log
    with zipfile.ZipFile(dists.wheel) as wheel:
        names = set(wheel.namelist())
        metadata = wheel.read(f"readinglist-{VERSION}.dist-info/METADATA").decode()
        entry_points = wheel.read(
            f"readinglist-{VERSION}.dist-info/entry_points.txt"
        ).decode()
    resources = {
        f"readinglist/resources/{path.relative_to(ROOT / 'resources')}"
        for path in (ROOT / "resources").rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    assert resources <= names, sorted(resources - names)
    assert f"readinglist-{VERSION}.dist-info/licenses/LICENSE" in names
    assert "License-Expression: MIT" in metadata
    assert "readinglist = readinglist.cli:main" in entry_points
    # Only the package: no tests, benchmarks or packaging scripts in site-packages.
    assert {name.split("/")[0] for name in names} == {
        "readinglist",
        f"readinglist-{VERSION}.dist-info",
    }


def test_installed_wheel_reports_its_version_and_help(
    installed: Installed, tmp_path: Path
) -> None:
    env = clean_env(tmp_path)
    done = run([installed.command, "--version"], cwd=tmp_path, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"readinglist {VERSION}\n"
    done = run([installed.command, "--help"], cwd=tmp_path, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("usage: readinglist ")
    assert "import" in done.stdout
    where = run(
        [installed.python, "-c", "import readinglist; print(readinglist.__file__)"],
        cwd=tmp_path,
        env=env,
    )
    assert Path(where.stdout.strip()).is_relative_to(installed.prefix), where


def test_installed_wheel_imports_the_samples_from_any_folder(
    installed: Installed, tmp_path: Path
) -> None:
    env = clean_env(tmp_path)
    library = tmp_path / "library"
    done = run(
        [installed.command, "--library", library, "import", "--samples"],
        cwd=tmp_path,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    done = run(
        [installed.command, "--library", library, "stats", "--json"],
        cwd=tmp_path,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    stats = json.loads(done.stdout)
    assert stats["papers"] == DISTINCT_SAMPLE_PAPERS
    assert stats["pending_index"] == 0


def test_installed_wheel_opens_the_app(installed: Installed, tmp_path: Path) -> None:
    code, err = run_app_briefly(
        [installed.command], tmp_path / "library", tmp_path, clean_env(tmp_path)
    )
    assert code == 0, err
    assert "Traceback" not in err
