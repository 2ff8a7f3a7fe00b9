"""The Linux desktop integration in packaging/linux/, checked as distributions do.

The freedesktop validators (``desktop-file-validate``, ``appstreamcli``) run on
the files as committed and as ``install.sh`` installs them; a test skips only
when its tool is not installed (``packaging/install-deps.sh --test`` installs
them).
"""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "packaging" / "linux"
APP_ID = "io.github.readinglist.ReadingList"
DESKTOP = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"
MIME = LINUX / f"{APP_ID}.mime.xml"
MIME_NS = "{http://www.freedesktop.org/standards/shared-mime-info}"
ICON_SIZES = (48, 64, 128, 256)
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def tool(name: str) -> str:
    """The path of a command-line tool, or skip the test when it is missing."""
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (packaging/install-deps.sh --test)")
    return path


def run(*command: str | Path, env: dict[str, str] | None = None) -> str:
    """Run a command that must succeed; its stdout and stderr together."""
    done = subprocess.run(
        [str(part) for part in command],
        capture_output=True,
        text=True,
        check=False,
        env=env,
        timeout=120,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    return output


def desktop_entry(path: Path) -> dict[str, str]:
    """The ``[Desktop Entry]`` group of a desktop file."""
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(path, encoding="utf-8")
    return dict(parser["Desktop Entry"])


def validate_desktop(path: Path) -> None:
    """``desktop-file-validate`` passes with no error and no warning."""
    output = run(tool("desktop-file-validate"), path)
    problems = [line for line in output.splitlines() if ": hint: " not in line]
    assert not problems, output


def validate_metainfo(*command: str | Path) -> None:
    """An ``appstreamcli`` validation passes with no error, warning or info."""
    output = run(tool("appstreamcli"), *command)
    problems = [line for line in output.splitlines() if line[:2] in {"E:", "W:", "I:"}]
    assert not problems, output


def test_desktop_entry_validates() -> None:
    validate_desktop(DESKTOP)


def test_metainfo_validates() -> None:
    validate_metainfo("validate", "--no-net", METAINFO)


def test_desktop_entry_metainfo_and_package_agree() -> None:
    entry = desktop_entry(DESKTOP)
    script = next(iter(PYPROJECT["project"]["scripts"]))
    assert entry["Exec"] == f"{script} %F"
    assert entry["TryExec"] == script
    assert entry["Icon"] == APP_ID
    assert entry["MimeType"] == "text/x-bibtex;"
    meta = ET.parse(METAINFO).getroot()
    assert meta.findtext("id") == APP_ID
    assert meta.findtext("launchable") == DESKTOP.name
    assert meta.findtext("icon") == APP_ID
    assert meta.findtext("project_license") == PYPROJECT["project"]["license"]
    assert meta.findtext("provides/binary") == script
    assert meta.findtext("provides/mediatype") == "text/x-bibtex"
    newest = meta.find("releases/release")
    assert newest is not None
    assert newest.get("version") == PYPROJECT["project"]["version"], (
        "add a <release> for the new version to the metainfo"
    )


def test_mime_type_for_bib_files() -> None:
    root = ET.parse(MIME).getroot()
    (mime_type,) = root.findall(f"{MIME_NS}mime-type")
    assert mime_type.get("type") == "text/x-bibtex"
    globs = [g.get("pattern") for g in mime_type.findall(f"{MIME_NS}glob")]
    assert globs == ["*.bib"]


def test_icons_are_in_every_size_and_match_the_svg() -> None:
    for size in ICON_SIZES:
        png = LINUX / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", png
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    run(sys.executable, LINUX / "render_icons.py", "--check", env=env)


def test_install_into_a_staging_prefix_validates(tmp_path: Path) -> None:
    stage = tmp_path / "stage"
    command = tmp_path / "bin with space" / "readinglist"
    command.parent.mkdir()
    command.write_text("#!/bin/sh\n", encoding="utf-8")
    command.chmod(0o755)
    run(
        LINUX / "install.sh",
        "--prefix",
        stage / "usr",
        "--no-refresh",
        "--exec",
        command,
    )
    share = stage / "usr" / "share"
    installed = share / "applications" / DESKTOP.name
    assert desktop_entry(installed)["Exec"] == f'"{command}" %F'
    validate_desktop(installed)
    for size in ICON_SIZES:
        assert (share / f"icons/hicolor/{size}x{size}/apps/{APP_ID}.png").is_file()
    assert (share / f"icons/hicolor/scalable/apps/{APP_ID}.svg").is_file()
    validate_metainfo("validate-tree", "--no-net", stage)


def test_user_install_registers_bib_files_and_uninstalls(tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        # As on a system whose MIME database lacks text/x-bibtex.
        "XDG_DATA_DIRS": str(tmp_path / "no-system-data"),
    }
    share = home / ".local" / "share"
    run(LINUX / "install.sh", "--user", "--exec", "/usr/bin/readinglist", env=env)
    assert (share / "applications" / DESKTOP.name).is_file()
    assert (share / "metainfo" / METAINFO.name).is_file()
    assert (share / "mime" / "packages" / f"{APP_ID}.xml").is_file()
    if shutil.which("update-mime-database"):
        globs = (share / "mime" / "globs2").read_text(encoding="utf-8")
        assert "text/x-bibtex:*.bib" in globs
    if shutil.which("update-desktop-database"):
        cache = (share / "applications" / "mimeinfo.cache").read_text("utf-8")
        assert f"text/x-bibtex={DESKTOP.name};" in cache
    run(LINUX / "install.sh", "--user", "--uninstall", env=env)
    assert not (share / "applications" / DESKTOP.name).exists()
    assert not (share / "mime" / "packages" / f"{APP_ID}.xml").exists()
    assert not list(share.glob(f"icons/hicolor/*/apps/{APP_ID}.*"))
