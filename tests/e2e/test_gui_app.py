"""The app run as a user runs it: ``readinglist`` without a command, offscreen.

The app closes its window on SIGTERM (as on Ctrl+C), which lets these tests end
it the way a desktop session would, and read its exit status.
"""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from readinglist import cli
from readinglist.core import Library

START_TIMEOUT = 60.0
BUSY = "is open in another Reading List window or command"
_started: list[subprocess.Popen[str]] = []


@pytest.fixture(autouse=True)
def _end_every_app() -> Iterator[None]:
    """Kill any app a failed test left running and close its pipes."""
    yield
    while _started:
        app = _started.pop()
        if app.poll() is None:
            app.kill()
        app.communicate()


def start_app(library: Path, tmp_path: Path, *files: Path) -> subprocess.Popen[str]:
    """Start the app on ``library`` (opening ``files``), settings under ``tmp_path``."""
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
    }
    app = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "readinglist",
            "--library",
            str(library),
            *map(str, files),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    _started.append(app)
    return app


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
    assert BUSY in err
    assert "Traceback" not in err


@pytest.mark.slow
def test_files_named_at_start_are_imported(
    sample_library: Library, library_dir: Path, tmp_path: Path
) -> None:
    ids = sample_library.search_ids("diffusion")[0][:5]
    bib = tmp_path / "picked.bib"
    sample_library.export("bibtex", ids, path=bib)
    app = start_app(library_dir, tmp_path, bib)
    wait_for_lock(library_dir, app)
    deadline = time.monotonic() + START_TIMEOUT
    found: set[str] = set()
    while time.monotonic() < deadline and found != set(ids):
        time.sleep(0.2)
        with Library.open(library_dir, readonly=True) as lib:
            found = set(lib.search_ids("")[0])
    code, err = stop(app)
    assert code == 0, err
    assert found == set(ids)


def test_only_files_where_a_command_would_be_open_the_app(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    opened: list[tuple[Path, list[Path]]] = []

    def fake_gui(library: Path, files: Sequence[Path] = ()) -> int:
        opened.append((library, list(files)))
        return 0

    monkeypatch.setattr(cli, "_open_gui", fake_gui)
    monkeypatch.chdir(tmp_path)
    bib = tmp_path / "refs.bib"
    bib.write_text("")
    assert cli.main(["--library", str(tmp_path / "lib"), str(bib), "more.bib"]) == 0
    assert opened == [(tmp_path / "lib", [bib, Path("more.bib")])]
    # A file named like a command does not hide the command.
    Library.open(tmp_path / "lib").close()
    (tmp_path / "stats").write_text("")
    assert cli.main(["--library", str(tmp_path / "lib"), "stats"]) == 0
    assert cli.main(["--library", str(tmp_path / "lib")]) == 0
    assert opened[1:] == [(tmp_path / "lib", [])]
    with pytest.raises(SystemExit):
        cli.main(["--library", str(tmp_path / "lib"), "no-such-file.bib"])


def stderr_until(app: subprocess.Popen[str], words: str) -> str:
    """What ``app`` wrote on stderr until ``words`` appeared (or it ended)."""
    assert app.stderr is not None
    handle = app.stderr.fileno()
    seen = b""
    deadline = time.monotonic() + START_TIMEOUT
    while words.encode() not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([handle], [], [], 0.1)
        if ready:
            chunk = os.read(handle, 4096)
            if not chunk:
                break  # it ended
            seen += chunk
    return seen.decode("utf-8", "replace")


def command(library: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run a ``readinglist`` command on ``library`` as another process."""
    return subprocess.run(
        [sys.executable, "-m", "readinglist", "--library", str(library), *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


@pytest.mark.slow
def test_while_the_app_has_the_library_other_writers_are_told(
    sample_library_dir: Path, tmp_path: Path
) -> None:
    with Library.open(sample_library_dir, readonly=True) as lib:
        paper_id = lib.search_ids("diffusion")[0][0]
    app = start_app(sample_library_dir, tmp_path / "first")
    wait_for_lock(sample_library_dir, app)

    # A second app on the same folder says why on stderr at once (while its
    # message box waits for the user), and exits with status 2 once closed.
    second = start_app(sample_library_dir, tmp_path / "second")
    said = stderr_until(second, BUSY)
    assert f"readinglist: the library in {sample_library_dir} {BUSY}" in said
    code, rest = stop(second)
    assert code == 2
    assert "Traceback" not in said + rest

    # Commands that write are refused the same way; those that read work.
    for args in (["star", paper_id], ["reindex"], ["restore", "x.json"]):
        done = command(sample_library_dir, *args)
        assert done.returncode == 2, (args, done.stderr)
        assert BUSY in done.stderr
        assert "Traceback" not in done.stderr
    found = command(sample_library_dir, "search", "diffusion", "--json")
    assert found.returncode == 0, found.stderr
    assert paper_id in {hit["id"] for hit in json.loads(found.stdout)["hits"]}
    shown = command(sample_library_dir, "show", paper_id)
    assert shown.returncode == 0, shown.stderr

    assert app.poll() is None  # the app was never disturbed
    code, err = stop(app)
    assert code == 0, err
    with Library.open(sample_library_dir) as lib:
        assert not lib.paper(paper_id).starred
        assert lib.check() == []
