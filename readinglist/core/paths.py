"""Where a library lives: ``--library``, else ``READINGLIST_LIBRARY``, else the
platform's data folder; and where the bundled sample listings are."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

import platformdirs

from readinglist import APP_NAME

ENV_LIBRARY = "READINGLIST_LIBRARY"
# The bundled listings were copied from the Daily Papers page in 2025; their
# dates without a year belong to that year, whatever the files' dates say.
SAMPLES_YEAR = 2025


def default_library() -> Path:
    """The library folder used when none is named."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def library_path(given: str | os.PathLike[str] | None = None) -> Path:
    """The library folder to open, by the precedence the CLI documents."""
    if given:
        return Path(given).expanduser()
    from_env = os.environ.get(ENV_LIBRARY)
    if from_env:
        return Path(from_env).expanduser()
    return default_library()


def config_dir() -> Path:
    """The folder for settings (key bindings, window state lives in QSettings)."""
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def sample_paths() -> list[Path]:
    """The bundled sample listing files, in a stable order."""
    folder = resources.files("readinglist.resources") / "samples"
    return sorted(
        Path(str(entry)) for entry in folder.iterdir() if entry.name.endswith(".txt")
    )
