"""What the window remembers between runs: layout, sort, search and paper.

Declared once here, with defaults, and stored in ``QSettings`` (the platform's
settings file for the app, or the file a test passes in).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QHeaderView, QMainWindow, QSplitter

from readinglist.gui.search import SORTS
from readinglist.gui.widgets import columns

COLUMNS_KEY = "window/columns"
"""Where the table's columns are kept; the older "window/table_header" held
widths that squeezed the title, so it is left unread."""


@dataclass(slots=True)
class WindowState:
    """The window's remembered layout and choices.

    Attributes:
        geometry: ``QMainWindow.saveGeometry()``; empty for a first run.
        splitters: ``QSplitter.saveState()`` by splitter name (sidebar | centre,
            results | paper view, abstract | note).
        table_header: the result table's columns: order, widths, hidden ones.
        sort: the result order (a key of ``search.SORTS``).
        descending: newest or most first.
        scope_key: the sidebar entry last chosen.
        sidebar_shown: the sidebar was shown (View > Sidebar).
        paper_shown: the paper pane was shown (View > Paper Pane).
        query: the text last in the search field.
        paper: the paper last current in the results ("" for none).
    """

    geometry: QByteArray = field(default_factory=QByteArray)
    splitters: dict[str, QByteArray] = field(default_factory=dict)
    table_header: QByteArray = field(default_factory=QByteArray)
    sort: str = "relevance"
    descending: bool = True
    scope_key: str = "all"
    sidebar_shown: bool = True
    paper_shown: bool = True
    query: str = ""
    paper: str = ""


def _blob(settings: QSettings, key: str) -> QByteArray:
    value = settings.value(key)
    return value if isinstance(value, QByteArray) else QByteArray()


def load_state(settings: QSettings, splitter_names: tuple[str, ...]) -> WindowState:
    """Read the remembered state, falling back to defaults for anything odd.

    Args:
        settings: where the state is kept.
        splitter_names: the splitters whose sizes are remembered.

    Returns:
        The state, with empty byte arrays where nothing was stored.
    """
    sort = str(settings.value("search/sort", "relevance"))
    descending = settings.value("search/descending", True)
    return WindowState(
        geometry=_blob(settings, "window/geometry"),
        splitters={n: _blob(settings, f"window/splitter/{n}") for n in splitter_names},
        table_header=_blob(settings, COLUMNS_KEY),
        sort=sort if sort in SORTS else "relevance",
        descending=descending not in (False, "false", "0", 0),
        scope_key=str(settings.value("sidebar/key", "all")),
        sidebar_shown=_flag(settings, "window/sidebar_shown"),
        paper_shown=_flag(settings, "window/paper_shown"),
        query=str(settings.value("search/query", "") or ""),
        paper=str(settings.value("search/paper", "") or ""),
    )


def _flag(settings: QSettings, key: str, default: bool = True) -> bool:
    # INI files give the text "false", other back ends a bool.
    return settings.value(key, default) not in (False, "false", "0", 0)


def save_state(settings: QSettings, state: WindowState) -> None:
    """Write ``state`` and flush it to disk.

    Args:
        settings: where the state is kept.
        state: what to remember.
    """
    settings.setValue("window/geometry", state.geometry)
    for name, blob in state.splitters.items():
        settings.setValue(f"window/splitter/{name}", blob)
    settings.setValue(COLUMNS_KEY, state.table_header)
    settings.setValue("search/sort", state.sort)
    settings.setValue("search/descending", state.descending)
    settings.setValue("sidebar/key", state.scope_key)
    settings.setValue("window/sidebar_shown", state.sidebar_shown)
    settings.setValue("window/paper_shown", state.paper_shown)
    settings.setValue("search/query", state.query)
    settings.setValue("search/paper", state.paper)
    settings.sync()


def restore_layout(
    state: WindowState,
    window: QMainWindow,
    splitters: Mapping[str, QSplitter],
    header: QHeaderView,
) -> None:
    """Put the window, its splitters and the table's columns back as they were.

    Args:
        state: what was remembered.
        window: the main window.
        splitters: the splitters by the names they are remembered under.
        header: the result table's header.
    """
    if not state.geometry.isEmpty():
        window.restoreGeometry(state.geometry)
    for name, splitter in splitters.items():
        blob = state.splitters.get(name)
        if blob is not None and not blob.isEmpty():
            splitter.restoreState(blob)
    if not state.table_header.isEmpty():
        header.restoreState(state.table_header)
        # The title stretches and short columns fit their text, whatever was saved.
        columns.apply_modes(header)


def capture_layout(
    window: QMainWindow, splitters: Mapping[str, QSplitter], header: QHeaderView
) -> WindowState:
    """The window's current layout, to be completed with the search choices.

    Args:
        window: the main window.
        splitters: the splitters by the names they are remembered under.
        header: the result table's header.

    Returns:
        The layout part of a :class:`WindowState`.
    """
    return WindowState(
        geometry=window.saveGeometry(),
        splitters={name: s.saveState() for name, s in splitters.items()},
        table_header=header.saveState(),
    )
