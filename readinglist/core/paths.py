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


def folder_problem(folder: Path) -> str | None:
    """Why ``folder`` cannot hold a library, or None if it can (or may be made).

    A library is a folder; naming a file (or a path through one) is a mistake
    worth saying plainly, not an ``[Errno 17] File exists``.
    """
    for place in (folder, *folder.parents):
        try:
            if not place.exists():
                continue
        except OSError:
            return None  # the open says what the system refused
        if place.is_dir():
            return None
        if place == folder:
            return f"{folder} is a file, not a folder; a library is a folder"
        return f"{folder} cannot be a library folder: {place} is a file, not a folder"
    return None


def no_library_message(folder: Path) -> str:
    """What a command that only reads says of a folder that holds no library."""
    if not folder.exists():
        where = f"the folder {folder} does not exist"
    else:
        where = f"{folder} holds no library.sqlite3"
    return (
        f"there is no library in {folder} ({where}); check the folder's name, "
        "or import papers to start a library there"
    )
