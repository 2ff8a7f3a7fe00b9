"""The result table's model: a lazy table over an ordered list of paper ids.

Only the ids of a result are held; rows are read from the library by id, a page
at a time, when the view first asks for them, and a bounded number of pages is
kept. A result of 100,000 papers costs a list of ids, not 100,000 records.

While a whole reading list is shown in its order, rows can be dragged to a
new place; the model does not move them itself but asks for the move by
signal, so the move is an undoable library action like any other.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence

from PySide6.QtCore import (
    QAbstractTableModel,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from readinglist.core.models import Paper, Status
from readinglist.gui.icons import status_icon
from readinglist.gui.text import muted_colour, plain_tooltip, star_colour

PAGE_SIZE = 100
MAX_PAGES = 40
STAR = "\N{BLACK STAR}"

AnyIndex = QModelIndex | QPersistentModelIndex
Fetch = Callable[[Sequence[str]], list[Paper]]
"""Reads papers by id, in order, skipping unknown ids (``Library.papers``)."""


class Column(enum.IntEnum):
    """The table's columns, in model order (the header may show another).

    Columns are only ever added at the end, so a remembered header layout
    keeps meaning the same columns.
    """

    STAR = 0
    TITLE = 1
    DATE = 2
    UPVOTES = 3
    STATUS = 4
    LISTS = 5
    AUTHORS = 6
    ADDED = 7
    CITEKEY = 8


HEADERS = {
    Column.STAR: STAR,
    Column.TITLE: "Title",
    Column.DATE: "Date",
    Column.UPVOTES: "Votes",
    Column.STATUS: "Status",
    Column.LISTS: "Lists",
    Column.AUTHORS: "Authors",
    Column.ADDED: "Added",
    Column.CITEKEY: "Citation Key",
}
HEADER_TIPS = {
    Column.STAR: "Starred",
    Column.TITLE: "Title; click to sort A to Z, again for Z to A",
    Column.DATE: "Publication date; click to sort",
    Column.UPVOTES: "Upvotes on the listing; click to sort",
    Column.AUTHORS: "The organisation, or how many authors the listing named",
    Column.ADDED: "The day the paper came into the library",
    Column.CITEKEY: "The key for \\cite{}",
}
SORT_KEYS = {Column.TITLE: "title", Column.DATE: "date", Column.UPVOTES: "upvotes"}
"""The columns a click on the header sorts by, and the search sort they use."""

PAPER_IDS_MIME = "application/x-readinglist-paper-ids"
"""The drag data of rows being moved: their paper ids as a JSON list."""

PAPER_ID_ROLE = Qt.ItemDataRole.UserRole + 1
STARRED_ROLE = Qt.ItemDataRole.UserRole + 2

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_CENTRE = Qt.AlignmentFlag.AlignCenter


def _date_text(paper: Paper) -> str:
    return paper.published or ""


class PaperTableModel(QAbstractTableModel):
    """Rows of papers for one search result, read lazily by id.

    Signals:
        sort_requested(str, bool): the header asked for a sort key
            (``title``, ``date``, ``upvotes``) and whether descending.
        sort_refused(): the header asked to sort a column that cannot be sorted.
        move_requested(list, object): papers dragged to just before a paper id
            (None: to the end), while :attr:`reorderable`.
    """

    sort_requested = Signal(str, bool)
    sort_refused = Signal()
    move_requested = Signal(list, object)

    def __init__(self, fetch: Fetch, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._fetch = fetch
        self._ids: list[str] = []
        self._rows: dict[str, int] = {}
        self._pages: OrderedDict[int, dict[str, Paper]] = OrderedDict()
        self.reorderable = False

    # -- the result ---------------------------------------------------------

    def set_ids(self, ids: Sequence[str]) -> None:
        """Show these papers, in this order.

        Args:
            ids: paper ids in display order; only these are kept, not the papers.
        """
        self.beginResetModel()
        self._ids = list(ids)
        self._rows = {paper_id: row for row, paper_id in enumerate(self._ids)}
        self._pages.clear()
        self.endResetModel()

    def ids(self) -> list[str]:
        """The ids shown, in row order."""
        return list(self._ids)

    def paper_id(self, row: int) -> str | None:
        """The id in ``row``, or None outside the table."""
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, paper_id: str) -> int | None:
        """The row showing ``paper_id``, if it is shown."""
        return self._rows.get(paper_id)

    def paper(self, row: int) -> Paper | None:
        """The paper in ``row``, read from the library if not cached."""
        paper_id = self.paper_id(row)
        if paper_id is None:
            return None
        return self._page(row // PAGE_SIZE).get(paper_id)

    def refresh(self, ids: Iterable[str]) -> None:
        """Re-read these papers (their stars, status or lists changed).

        Args:
            ids: papers that changed; those not shown are ignored.
        """
        rows = sorted(r for r in (self._rows.get(i) for i in ids) if r is not None)
        if not rows:
            return
        for row in rows:
            self._pages.pop(row // PAGE_SIZE, None)
        last = self.columnCount() - 1
        self.dataChanged.emit(self.index(rows[0], 0), self.index(rows[-1], last))

    def _page(self, number: int) -> dict[str, Paper]:
        page = self._pages.get(number)
        if page is not None:
            self._pages.move_to_end(number)
            return page
        ids = self._ids[number * PAGE_SIZE : (number + 1) * PAGE_SIZE]
        page = {p.paper_id: p for p in self._fetch(ids)}
        self._pages[number] = page
        while len(self._pages) > MAX_PAGES:
            self._pages.popitem(last=False)
        return page

    # -- QAbstractTableModel ------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        movable = Qt.ItemFlag.NoItemFlags
        if self.reorderable:
            movable = Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled
        if not index.isValid():
            # Dropping between rows lands on the table itself.
            return movable & Qt.ItemFlag.ItemIsDropEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | movable

    # -- moving rows within a list ------------------------------------------

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [PAPER_IDS_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        rows = sorted({i.row() for i in indexes if i.isValid()})
        ids = [pid for pid in map(self.paper_id, rows) if pid is not None]
        data = QMimeData()
        data.setData(PAPER_IDS_MIME, json.dumps(ids).encode())
        return data

    def canDropMimeData(
        self,
        data: QMimeData,
        action: Qt.DropAction,
        row: int,
        column: int,
        parent: AnyIndex,
    ) -> bool:
        return self.reorderable and data.hasFormat(PAPER_IDS_MIME)

    def dropMimeData(
        self,
        data: QMimeData,
        action: Qt.DropAction,
        row: int,
        column: int,
        parent: AnyIndex,
    ) -> bool:
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        try:
            ids = [str(i) for i in json.loads(bytes(data.data(PAPER_IDS_MIME).data()))]
        except (ValueError, TypeError):
            return False
        # Dropped on a row: in front of it; between rows: at ``row``.
        target = parent.row() if parent.isValid() else row
        before = self.paper_id(target) if target >= 0 else None
        moving = [i for i in ids if i in self._rows]
        while before is not None and before in moving:
            # Dropped on itself or inside the block: go before the next one left.
            target += 1
            before = self.paper_id(target)
        if moving:
            self.move_requested.emit(moving, before)
        return bool(moving)

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        column = Column(section)
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return HEADER_TIPS.get(column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if column == Column.UPVOTES else _LEFT
        if role == Qt.ItemDataRole.InitialSortOrderRole and column in SORT_KEYS:
            # Newest and most upvoted first is what a reader wants on first
            # click; titles start at A.
            if column == Column.TITLE:
                return Qt.SortOrder.AscendingOrder
            return Qt.SortOrder.DescendingOrder
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not self.checkIndex(index, self.CheckIndexOption.IndexIsValid):
            return None
        if role == PAPER_ID_ROLE:
            return self._ids[index.row()]
        paper = self.paper(index.row())
        if paper is None:
            return None
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(paper, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(paper, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _alignment(column)
        if role == Qt.ItemDataRole.ForegroundRole:
            return _foreground(paper, column)
        if role == Qt.ItemDataRole.DecorationRole and column == Column.STATUS:
            return status_icon(paper.status, QApplication.palette())
        if role == STARRED_ROLE:
            return paper.starred
        return None

    def sort(
        self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder
    ) -> None:
        # Sorting is the search's job (the index sorts 100,000 ids faster than
        # Python could compare rows it has not read); ask for a new query.
        key = SORT_KEYS.get(Column(column)) if 0 <= column < len(Column) else None
        if key is None:
            self.sort_refused.emit()
            return
        self.sort_requested.emit(key, order == Qt.SortOrder.DescendingOrder)


def _display(paper: Paper, column: Column) -> str:
    match column:
        case Column.STAR:
            return STAR if paper.starred else ""
        case Column.TITLE:
            return " ".join(paper.title.split())
        case Column.DATE:
            return _date_text(paper)
        case Column.UPVOTES:
            return "" if paper.upvotes is None else f"{paper.upvotes:,}"
        case Column.STATUS:
            return paper.status.value.capitalize()
        case Column.LISTS:
            return ", ".join(paper.lists)
        case Column.AUTHORS:
            return _authors_text(paper)
        case Column.ADDED:
            if not paper.added:
                return ""
            return dt.datetime.fromtimestamp(paper.added).date().isoformat()
        case Column.CITEKEY:
            return paper.citekey or ""
    return ""


def _authors_text(paper: Paper) -> str:
    if paper.organisation:
        return paper.organisation
    if paper.authors_count:
        count = paper.authors_count
        return f"{count} author" + ("" if count == 1 else "s")
    return ""


def _tooltip(paper: Paper, column: Column) -> str | None:
    match column:
        case Column.TITLE:
            return plain_tooltip(paper.title)
        case Column.DATE if paper.year_inferred:
            return plain_tooltip(
                f"Year inferred from the listing (it said {paper.date_raw!r})"
                if paper.date_raw
                else "Year inferred from the listing"
            )
        case Column.LISTS if paper.lists:
            return plain_tooltip("\n".join(paper.lists))
        case Column.STAR:
            return "Starred" if paper.starred else None
    return None


def _alignment(column: Column) -> Qt.AlignmentFlag:
    if column == Column.UPVOTES:
        return _RIGHT
    if column == Column.STAR:
        return _CENTRE
    return _LEFT


def _foreground(paper: Paper, column: Column) -> QColor | None:
    palette = QApplication.palette()
    if column == Column.STAR:
        return star_colour(palette)
    if column == Column.STATUS and paper.status != Status.READING:
        return muted_colour(palette)
    if column == Column.DATE and paper.year_inferred:
        return muted_colour(palette)
    return None
