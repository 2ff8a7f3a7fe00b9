"""Between the search and the table: shows answers, keeps the selection, sorts.

When a new answer arrives the paper the user was on stays current if it is
still in the result (else the first row becomes current), and the rest of the
selection is kept where it can be. The sort menu and the header's arrow
always show the sort the search really used. The status line says how long
the user waited for what is on screen: from the last key (or click) to the
rows shown. A "did you mean" comes after an empty result, and the key that
opens papers (Enter) takes it.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtWidgets import QComboBox, QLabel

from readinglist.core.library import Library
from readinglist.gui.models.papers import Column, PaperTableModel
from readinglist.gui.search import (
    LIST_ORDER,
    LIST_ORDER_LABEL,
    SORTS,
    SearchController,
    SearchOutcome,
    SearchRequest,
    first_descending,
)
from readinglist.gui.widgets.results import PAUSED, ResultsPane

_SORT_COLUMNS = {
    "title": Column.TITLE,
    "date": Column.DATE,
    "upvotes": Column.UPVOTES,
}
_FLAGS = QItemSelectionModel.SelectionFlag


class ResultsController(QObject):
    """Keeps the table, the hint line, the sort controls and the status in step.

    Signals:
        current_changed(object): the current paper's id, or None.
        index_unavailable(str): an answer said the index cannot answer now
            (it is being rebuilt); the rows stay for when it can.
    """

    current_changed = Signal(object)
    index_unavailable = Signal(str)

    def __init__(
        self,
        library: Library,
        *,
        search: SearchController,
        model: PaperTableModel,
        pane: ResultsPane,
        sort_box: QComboBox,
        status: QLabel,
    ) -> None:
        super().__init__(pane)
        self._library = library
        self._search = search
        self._model = model
        self._pane = pane
        self._table = pane.table
        self._sort_box = sort_box
        self._status = status
        self.keep: str | None = None
        self.scope_label = ""
        """The sidebar entry the results are scoped to ("" for all papers)."""
        self.clear_key = "Esc"
        """The key that clears the search, as the hint names it."""
        self._place: int | None = None
        # True from a keystroke in the search field until its answer is shown,
        # unless the user moves in the results meanwhile (then their row wins).
        self._to_top = False
        self._moving = False
        self._bring_back: list[str] = []
        for key, label in SORTS.items():
            sort_box.addItem(f"Sort: {label}", key)
        sort_box.activated.connect(
            lambda i: self._sort_chosen(str(sort_box.itemData(i)))
        )
        model.sort_requested.connect(self.sort)
        model.sort_refused.connect(self.show_sort)
        search.finished.connect(self.show_outcome)
        search.suggested.connect(self.show_suggestion)
        pane.like_closed.connect(search.leave_like)
        self._table.selectionModel().currentRowChanged.connect(self._current)

    def current_id(self) -> str | None:
        """The id of the current row, if any."""
        index = self._table.currentIndex()
        return self._model.paper_id(index.row()) if index.isValid() else None

    def selected_ids(self) -> list[str]:
        """The selected papers' ids in table order."""
        rows = sorted(i.row() for i in self._table.selectionModel().selectedRows())
        return [pid for pid in map(self._model.paper_id, rows) if pid is not None]

    def query_typed(self, text: str) -> None:
        """The user changed the query: its answer starts at the top hit.

        Args:
            text: the query now; clearing it keeps the paper the user is on,
                as Zotero does, so they see it among all the papers.
        """
        self._to_top = bool(text.strip())

    def keep_place(self, row: int) -> None:
        """After papers went away, keep the user's place in the next answer.

        If the current paper is gone, the paper that took ``row``'s place
        becomes current (the last one when the table got shorter), and the
        view does not scroll.

        Args:
            row: the first row of the papers that went away.
        """
        self._place = row

    def bring_back(self, ids: list[str]) -> None:
        """Select these papers in the next answer (they came back by Undo).

        Args:
            ids: the papers; the first one found becomes current.
        """
        self._bring_back = list(ids)

    def sort(self, key: str, descending: bool) -> None:
        """Order the results by ``key`` (a key of ``search.SORTS``).

        Args:
            key: relevance, title, date, upvotes or added.
            descending: newest or most first; for titles, Z to A.
        """
        self._search.set_sort(key, descending)
        self.show_sort()

    def _sort_chosen(self, key: str) -> None:
        self.sort(key, first_descending(key))

    def show_sort(self) -> None:
        """Make the sort menu and the header's arrow show the search's sort."""
        request = self._search.request
        box = self._sort_box
        # "List Order" is a choice only while a reading list is shown.
        listed = box.findData(LIST_ORDER)
        if request.list_name is not None and listed < 0:
            box.insertItem(0, f"Sort: {LIST_ORDER_LABEL}", LIST_ORDER)
        elif request.list_name is None and listed >= 0:
            box.removeItem(listed)
        box.setCurrentIndex(box.findData(request.sort))
        order = Qt.SortOrder.DescendingOrder
        if not request.descending:
            order = Qt.SortOrder.AscendingOrder
        header = self._table.horizontalHeader()
        # Quietly: the header's own signal would ask for the sort again.
        header.blockSignals(True)
        header.setSortIndicator(_SORT_COLUMNS.get(request.sort, -1), order)
        header.blockSignals(False)
        header.viewport().update()

    def move(self, step: int) -> None:
        """Make the row ``step`` below (or above) the current one current.

        Args:
            step: rows to move; negative moves up. Stops at either end.
        """
        count = self._model.rowCount()
        if not count:
            return
        current = self._table.currentIndex()
        row = (current.row() if current.isValid() else -1) + step
        self._select_row(min(max(row, 0), count - 1))
        self._to_top = False  # the user picked this row: keep it

    def show_outcome(self, outcome: SearchOutcome) -> None:
        """Show a search's answer: rows, hint line, empty state and status.

        Args:
            outcome: the newest search answer.
        """
        request = outcome.request
        pane = self._pane
        self.show_sort()
        if outcome.index_notice:
            pane.show_notice(outcome.index_notice)
            self._status.setText(PAUSED)
            self.index_unavailable.emit(outcome.index_notice)
            return
        if outcome.error:
            # The last good results stay, under the reason this query cannot
            # give any.
            pane.show_hint(
                f"This query cannot be read yet: {outcome.error}. "
                "The results below are still those of the last query that could."
            )
            return
        chosen, self.keep = self.keep, None
        keep = chosen or self.current_id()
        selected = set(self.selected_ids())
        if self._to_top and not request.like and chosen is None:
            # Enter, S and R then act on the best match, not on a row picked
            # while an earlier prefix of the query was shown.
            keep, selected = None, set()
        self._to_top = False
        place, self._place = self._place, None
        back, self._bring_back = self._bring_back, []
        scrolled = self._table.verticalScrollBar().value()
        self._model.reorderable = request.reorderable
        self._model.set_ids(outcome.ids)
        found = [i for i in back if self._model.row_of(i) is not None]
        if found:
            selected, keep = set(found), found[0]
        self._reselect(selected, keep, place)
        if place is not None or back:
            # The same list less (or more) a few papers: stay where the user was.
            self._table.verticalScrollBar().setValue(scrolled)
            self._table.scrollTo(self._table.currentIndex())
        if request.like:
            try:
                title = " ".join(self._library.paper(request.like).title.split())
            except KeyError:  # deleted since: say so plainly
                title = "a paper no longer in the library"
            pane.show_hint(f"Papers like \u201c{title}\u201d", closable=True)
        elif request.scope and request.query.strip() and self.scope_label:
            # A list opened with text still in the search field shows only
            # the papers that match it: say so, or papers seem to be missing.
            clears = (
                f"{self.clear_key} clears the search"
                if self.clear_key
                else "Edit > Clear Search shows them all"
            )
            pane.show_hint(
                f"Showing papers of \u201c{self.scope_label}\u201d matching "
                f"\u201c{request.query.strip()}\u201d \u2014 {clears}"
            )
        else:
            pane.show_hint("")
        count = len(outcome.ids)
        if count:
            pane.show_table()
        elif request.query.strip():
            query = request.query.strip()
            pane.show_empty(f"No papers match \u201c{query}\u201d.", None)
        else:
            pane.show_empty("No papers here yet.", None)
        noun = "paper" if count == 1 else "papers"
        waited = (time.perf_counter() - outcome.asked_at) * 1000
        self._status.setText(f"{count:,} {noun} \u2013 {waited:.0f} ms")

    def show_suggestion(self, request: SearchRequest, suggestion: str) -> None:
        """Offer "did you mean" under the empty result it was asked for.

        Args:
            request: the request that found nothing.
            suggestion: the corrected query.
        """
        pane = self._pane
        if request == self._search.request and pane.empty:
            pane.show_empty(pane.empty_message.text(), suggestion)

    def take_suggestion(self) -> bool:
        """Search for the offered "did you mean", if one is shown.

        Returns:
            True if there was one to take.
        """
        pane = self._pane
        if not (pane.empty and pane.offered):
            return False
        pane.suggestion_clicked.emit(pane.suggestion.text())
        return True

    def _reselect(
        self, selected: set[str], current: str | None, place: int | None = None
    ) -> None:
        row = self._model.row_of(current) if current else None
        count = self._model.rowCount()
        if row is None and count:
            row = 0 if place is None else min(place, count - 1)
        if row is None:
            self.current_changed.emit(None)
            return
        self._select_row(row)
        selection = self._table.selectionModel()
        for paper_id in selected - {current}:
            other = self._model.row_of(paper_id)
            if other is not None:
                selection.select(
                    self._model.index(other, 0), _FLAGS.Select | _FLAGS.Rows
                )

    def _select_row(self, row: int) -> None:
        index = self._model.index(row, Column.TITLE)
        self._moving = True
        try:
            self._table.selectionModel().setCurrentIndex(
                index, _FLAGS.ClearAndSelect | _FLAGS.Rows
            )
        finally:
            self._moving = False
        self._table.scrollTo(index)

    def _current(self, current: QModelIndex, previous: QModelIndex) -> None:
        if not self._moving:
            self._to_top = False  # the user picked a row: keep it
        self.current_changed.emit(
            self._model.paper_id(current.row()) if current.isValid() else None
        )
