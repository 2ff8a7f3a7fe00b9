"""The sidebar's model: where the user can look, each with a count.

Entries are grouped under section headings (Library, Reading Lists, Saved
Searches, Recent Imports). Each entry carries a stable key (to keep it
selected across refreshes) and its scope: the query the results must match.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePath

from PySide6.QtCore import QModelIndex, QObject, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel

from readinglist.core.library import Library
from readinglist.core.models import ImportRecord, ReadingList, SavedSearch
from readinglist.gui.text import plain_tooltip

KEY_ROLE = Qt.ItemDataRole.UserRole + 1
SCOPE_ROLE = Qt.ItemDataRole.UserRole + 2
COUNT_ROLE = Qt.ItemDataRole.UserRole + 3
HEADING_ROLE = Qt.ItemDataRole.UserRole + 4

ALL = "all"
FIXED: tuple[tuple[str, str, str, str], ...] = (
    # key, label, scope, the stats() count it shows
    (ALL, "All Papers", "", "papers"),
    ("starred", "Starred", "starred:yes", "starred"),
    ("unread", "Unread", "status:unread", "unread"),
    ("reading", "Reading", "status:reading", "reading"),
    ("read", "Read", "status:read", "read"),
)


def list_scope(name: str) -> str:
    """The scope query of reading list ``name``.

    Args:
        name: the list's name.

    Returns:
        A query that matches the papers in that list. The name is quoted with
        double quotes, or with single quotes when it holds a double quote (the
        query language has no escape inside quotes).
    """
    if '"' in name:
        return f"list:'{name}'"
    return f'list:"{name}"'


@dataclass(slots=True)
class SidebarData:
    """Everything the sidebar shows, read from the library in one go."""

    stats: dict[str, int] = field(default_factory=dict)
    lists: list[ReadingList] = field(default_factory=list)
    saved: list[SavedSearch] = field(default_factory=list)
    saved_counts: dict[str, int] = field(default_factory=dict)
    imports: list[ImportRecord] = field(default_factory=list)


def read_sidebar(library: Library) -> SidebarData:
    """Everything the sidebar shows; called on a worker thread.

    Args:
        library: the open library.

    Returns:
        Counts, lists, saved searches with their counts, and recent imports.
    """
    saved = library.saved_searches()
    counts = {s.name: len(library.search_ids(s.query)[0]) for s in saved}
    return SidebarData(
        library.stats(), library.lists(), saved, counts, library.imports(limit=10)
    )


def _entry(key: str, label: str, scope: str, count: int | None) -> QStandardItem:
    item = QStandardItem(label)
    item.setData(key, KEY_ROLE)
    item.setData(scope, SCOPE_ROLE)
    item.setData(count, COUNT_ROLE)
    item.setEditable(False)
    return item


def _heading(label: str) -> QStandardItem:
    item = QStandardItem(label)
    item.setData(True, HEADING_ROLE)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled)
    return item


class SidebarModel(QStandardItemModel):
    """Sections of scopes with counts; rebuilt from a :class:`SidebarData`."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # Says how to make a list while there is none; the window names the key.
        self.list_hint = "Add papers to a list to make one"
        self.update(SidebarData())

    def update(self, data: SidebarData) -> None:
        """Show these lists, searches, imports and counts.

        Args:
            data: what the library holds now.
        """
        self.clear()
        root = self.invisibleRootItem()
        library = _heading("Library")
        for key, label, scope, stat in FIXED:
            library.appendRow(_entry(key, label, scope, data.stats.get(stat)))
        root.appendRow(library)

        lists = _heading("Reading Lists")
        for rl in data.lists:
            lists.appendRow(
                _entry(f"list:{rl.name}", rl.name, list_scope(rl.name), rl.count)
            )
        if not data.lists:
            hint = _entry("", self.list_hint, "", None)
            hint.setFlags(Qt.ItemFlag.NoItemFlags)
            lists.appendRow(hint)
        root.appendRow(lists)

        if data.saved:
            saved = _heading("Saved Searches")
            for s in data.saved:
                item = _entry(
                    f"saved:{s.name}", s.name, s.query, data.saved_counts.get(s.name)
                )
                item.setToolTip(plain_tooltip(s.query))
                saved.appendRow(item)
            root.appendRow(saved)

        if data.imports:
            imports = _heading("Recent Imports")
            for rec in data.imports:
                item = _entry(
                    f"import:{rec.import_id}",
                    PurePath(rec.path).name,
                    f"imports:{rec.import_id}",
                    rec.count,
                )
                item.setToolTip(plain_tooltip(rec.path))
                imports.appendRow(item)
            root.appendRow(imports)

    def find(self, key: str) -> QModelIndex:
        """The index of the entry with ``key``, or an invalid index."""
        for section in range(self.rowCount()):
            parent = self.index(section, 0)
            for row in range(self.rowCount(parent)):
                index = self.index(row, 0, parent)
                if index.data(KEY_ROLE) == key:
                    return index
        return QModelIndex()
