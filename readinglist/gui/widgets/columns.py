"""The result table's columns: which are shown, how wide, and the header menu.

The Title column is the one that stretches, as in a reference manager: the
short columns (date, upvotes, status, added, citation key) are as wide as
their text, and Lists and Authors start narrow, so a 900-pixel window still
shows whole words of every title and no horizontal scroll bar. A right click
on the header (or View > Columns) shows or hides the optional columns; the
user may drag columns into another order and resize them, and the window
remembers both with the rest of its layout.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHeaderView, QMenu, QTableView, QWidget

from readinglist.gui.models.papers import HEADERS, Column

OPTIONAL = (
    Column.AUTHORS,
    Column.ADDED,
    Column.CITEKEY,
    Column.UPVOTES,
    Column.LISTS,
)
"""The columns the header menu shows or hides, in menu order."""

MENU_NAMES = {Column.UPVOTES: "Upvotes"}
"""Names in the menu where the header is shorter."""

HIDDEN_AT_FIRST = frozenset({Column.AUTHORS, Column.ADDED, Column.CITEKEY})

FIT_TO_TEXT = (
    Column.DATE,
    Column.UPVOTES,
    Column.STATUS,
    Column.ADDED,
    Column.CITEKEY,
)
"""Columns as wide as their widest visible text (short, even text)."""

NARROW = {Column.LISTS: 1.6, Column.AUTHORS: 2.6}
"""Columns of free text that start this many header-widths wide; the user
drags them wider."""

STAR_WIDTH = 28


def set_up(table: QTableView) -> None:
    """Give a new table its column sizes, the hidden columns and the menu.

    Args:
        table: the result table, with its model set.
    """
    header = table.horizontalHeader()
    header.setSectionsMovable(True)
    header.setFirstSectionMovable(False)
    header.setStretchLastSection(False)
    header.setMinimumSectionSize(24)
    header.setResizeContentsPrecision(0)  # only the rows in view: the model is lazy
    for column in Column:
        header.setSectionHidden(column, column in HIDDEN_AT_FIRST)
    for column, scale in NARROW.items():
        width = header.fontMetrics().horizontalAdvance(HEADERS[column])
        table.setColumnWidth(column, int(width * scale) + 24)
    apply_modes(header)
    header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    header.customContextMenuRequested.connect(
        lambda pos: show_menu(header, header.mapToGlobal(pos))
    )


def apply_modes(header: QHeaderView) -> None:
    """Set how each column sizes (again after a remembered layout is restored).

    Args:
        header: the table's horizontal header.
    """
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setSectionResizeMode(Column.TITLE, QHeaderView.ResizeMode.Stretch)
    header.setSectionResizeMode(Column.STAR, QHeaderView.ResizeMode.Fixed)
    header.resizeSection(Column.STAR, STAR_WIDTH)
    header.setSectionHidden(Column.TITLE, False)
    for column in FIT_TO_TEXT:
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)


def column_actions(header: QHeaderView, parent: QWidget) -> list[QAction]:
    """One checkable action per optional column, ticked when it is shown.

    Args:
        header: the table's horizontal header.
        parent: the actions' owner.

    Returns:
        The actions, in menu order.
    """
    actions = []
    for column in OPTIONAL:
        action = QAction(MENU_NAMES.get(column, HEADERS[column]), parent)
        action.setObjectName(f"column-{column.name.lower()}")
        action.setCheckable(True)
        action.setChecked(not header.isSectionHidden(column))
        action.toggled.connect(lambda on, c=column: header.setSectionHidden(c, not on))
        actions.append(action)
    return actions


def fill_menu(menu: QMenu, header: QHeaderView) -> None:
    """Fill ``menu`` with the optional columns (called as it is about to show).

    Args:
        menu: an empty or stale menu.
        header: the table's horizontal header.
    """
    menu.clear()
    for action in column_actions(header, menu):
        menu.addAction(action)


def show_menu(header: QHeaderView, where: QPoint) -> QMenu:
    """Pop up the columns menu at ``where`` (global coordinates).

    Args:
        header: the table's horizontal header.
        where: where to show it.

    Returns:
        The menu, shown and not blocking.
    """
    menu = QMenu("Columns", header)
    menu.setObjectName("columnMenu")
    menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    fill_menu(menu, header)
    menu.popup(where)
    return menu
