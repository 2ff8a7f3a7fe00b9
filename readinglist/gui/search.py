"""Instant search: debounced queries run off the GUI thread, newest answer wins.

The controller holds what the user asked for (query text, sidebar scope, sort,
or "papers like this one"), runs it on the read lane of the task helper and
hands back a :class:`SearchOutcome`. A newer request makes every older one's
answer stale: one still waiting is never run, and one that arrives is dropped,
never shown over a fresher one.

The results come first. Only then, for a query that found nothing, is "did
you mean" asked, on a lane of its own: however long a suggestion takes, the
next keystroke's results never wait behind it, and a suggestion for a query
the user has since changed is dropped. A query that cannot be read is told
once typing pauses (:data:`ERROR_PAUSE_MS`), not at every keystroke of a
query still being written; the last results stay meanwhile. Each outcome
carries when its request was made, so the window can say how long the user
waited for it (the last key to the results), not how long one query took.

A reading list is shown in its own order (the "list" sort), so papers can be
moved within it; a query typed there filters the list and keeps that order.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

from PySide6.QtCore import QObject, QTimer, Signal

from readinglist.core.library import Library, UserDataError
from readinglist.gui.tasks import Task, TaskContext, Tasks

DEBOUNCE_MS = 100
ERROR_PAUSE_MS = 700
"""How long after the last key a query that cannot be read says so."""
LIKE_LIMIT = 50
SORTS = {
    "relevance": "Relevance",
    "title": "Title",
    "date": "Date",
    "upvotes": "Upvotes",
    "added": "Date Added",
}
"""Sort keys the library knows, with the names the sort menu shows."""
LIST_ORDER = "list"
"""The sort of a reading list shown in its own order."""
LIST_ORDER_LABEL = "List Order"


def first_descending(sort: str) -> bool:
    """Whether ``sort`` starts newest or most first (titles start at A).

    Args:
        sort: a key of :data:`SORTS`.
    """
    return sort != "title"


@dataclass(frozen=True, slots=True)
class SearchRequest:
    """One question to the library.

    Attributes:
        query: the text typed in the search field.
        scope: the sidebar entry's query, which results must also match.
        sort: relevance, date, upvotes or added.
        descending: newest or most first (relevance is always best first).
        like: a paper id: show papers like it instead of the query's results.
        list_name: the reading list the scope is, if it is one.
    """

    query: str = ""
    scope: str = ""
    sort: str = "relevance"
    descending: bool = True
    like: str | None = None
    list_name: str | None = None

    @property
    def in_list_order(self) -> bool:
        """True when the results are a reading list in its own order."""
        return self.list_name is not None and self.sort == LIST_ORDER and not self.like

    @property
    def reorderable(self) -> bool:
        """True when the table shows a whole list in order, so papers can move."""
        return self.in_list_order and not self.query.strip()


@dataclass(frozen=True, slots=True)
class SearchOutcome:
    """The answer to a :class:`SearchRequest`."""

    request: SearchRequest
    ids: list[str]
    elapsed_ms: float
    """How long the library took to answer."""
    error: str | None = None
    index_notice: str | None = None
    """Why the index cannot answer now (being rebuilt): not the query's fault."""
    asked_at: float = 0.0
    """When the request was made (the last key), on ``time.perf_counter``."""


def run_request(library: Library, request: SearchRequest) -> SearchOutcome:
    """Ask the library; called on a worker thread.

    Args:
        library: the open library.
        request: what to search for.

    Returns:
        Every matching id in display order, the time taken, and a query error
        when there is one; or, while the index is being rebuilt, no ids and
        the library's word on it.
    """
    rebuilding = library.rebuilding
    error: str | None = None
    for _ in range(3):
        runs = rebuilding.runs
        busy = rebuilding.message()
        if busy is not None:
            return SearchOutcome(request, [], 0.0, index_notice=busy)
        outcome = _ask(library, request)
        # An error from a rebuild that began (and maybe ended) meanwhile is
        # the index's, not the query's: ask again.
        if outcome.error is None or rebuilding.runs == runs:
            return outcome
        error = outcome.error
    return SearchOutcome(request, [], 0.0, index_notice=rebuilding.message() or error)


def _ask(library: Library, request: SearchRequest) -> SearchOutcome:
    started = time.perf_counter()
    error: str | None = None
    if request.like:
        found = library.more_like_this(request.like, LIKE_LIMIT)
        ids = [hit.paper_id for hit in found.hits]
    elif request.in_list_order and request.list_name is not None:
        ids, error = _list_order(library, request, request.list_name)
    else:
        ids, error = library.search_ids(
            request.query, request.sort, typeahead=True, scope=request.scope
        )
    elapsed = (time.perf_counter() - started) * 1000
    # The library gives titles A to Z and the rest newest or most first.
    ordered = request.sort in SORTS.keys() - {"relevance"}
    if ordered and request.descending != first_descending(request.sort):
        ids.reverse()
    return SearchOutcome(request, ids, elapsed, error)


def wants_suggestion(outcome: SearchOutcome) -> bool:
    """True when "did you mean" is worth asking: typed words found nothing."""
    request = outcome.request
    return not (
        outcome.ids
        or outcome.error
        or outcome.index_notice
        or request.like
        or not request.query.strip()
    )


def _list_order(
    library: Library, request: SearchRequest, name: str
) -> tuple[list[str], str | None]:
    """The list's papers in its order, only those matching the query if any."""
    try:
        order = library.list_ids(name)
    except UserDataError:  # deleted meanwhile: the sidebar moves on
        return [], None
    if not request.query.strip():
        return order, None
    found, error = library.search_ids(
        request.query, typeahead=True, scope=request.scope
    )
    matching = set(found)
    return [i for i in order if i in matching], error


class SearchController(QObject):
    """Runs the current request whenever it changes.

    Signals:
        finished(SearchOutcome): the answer to the newest request.
        suggested(SearchRequest, str): a "did you mean" for the newest
            request, which found nothing; it comes after its results.
        failed(str): the search itself broke (not a query typo: those come back
            as ``SearchOutcome.error``).
    """

    finished = Signal(object)
    suggested = Signal(object, str)
    failed = Signal(str)

    def __init__(self, library: Library, tasks: Tasks, parent: QObject | None = None):
        super().__init__(parent)
        self._library = library
        self._tasks = tasks
        self.request = SearchRequest()
        self._serial = 0
        self._asked_at = time.perf_counter()
        self._task: Task | None = None
        self._suggesting: Task | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._start)
        # An answer that says the query cannot be read, held until typing pauses.
        self._held: SearchOutcome | None = None
        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.timeout.connect(self._release)

    @property
    def pending(self) -> bool:
        """True while a request waits for its debounce, its answer or a pause."""
        return (
            self._timer.isActive()
            or self._pause.isActive()
            or (self._task is not None and not self._task.done)
        )

    def set_query(self, text: str) -> None:
        """The user typed: search once typing pauses."""
        self.request = replace(self.request, query=text, like=None)
        self._asked_at = time.perf_counter()
        self._drop_stale()
        self._timer.start()

    def set_scope(self, scope: str, list_name: str | None = None) -> None:
        """The user picked a sidebar entry: search it now.

        Args:
            scope: the entry's query.
            list_name: the reading list it is, if one: shown in list order.
        """
        sort = self.request.sort
        if list_name is not None:
            sort = LIST_ORDER
        elif sort == LIST_ORDER:
            sort = "relevance"
        self.request = replace(
            self.request, scope=scope, like=None, list_name=list_name, sort=sort
        )
        self.run()

    def set_sort(self, sort: str, descending: bool = True) -> None:
        """The user picked a sort: search again now.

        Args:
            sort: relevance, date, upvotes or added.
            descending: newest or most first; ascending reverses the order.
        """
        if sort == LIST_ORDER and self.request.list_name is None:
            sort = "relevance"
        self.request = replace(self.request, sort=sort, descending=descending)
        self.run()

    def more_like(self, paper_id: str) -> None:
        """Show papers like ``paper_id`` until the query or scope changes."""
        self.request = replace(self.request, like=paper_id)
        self.run()

    def leave_like(self) -> None:
        """Go back from "more like this" to the query's results."""
        self.request = replace(self.request, like=None)
        self.run()

    def run(self) -> None:
        """Run the current request now, superseding any older one."""
        self._asked_at = time.perf_counter()
        self._start()

    def _start(self) -> None:
        self._timer.stop()
        self._drop_stale()
        self._serial += 1
        serial = self._serial
        request = self.request
        library = self._library
        asked_at = self._asked_at

        def work(ctx: TaskContext) -> SearchOutcome | None:
            # A request superseded while it waited in the queue is not run.
            if ctx.cancelled:
                return None
            return replace(run_request(library, request), asked_at=asked_at)

        self._task = self._tasks.run(
            work,
            on_success=lambda outcome: self._deliver(serial, outcome),
            on_error=lambda exc: self.failed.emit(str(exc) or type(exc).__name__),
        )

    def _drop_stale(self) -> None:
        """Cancel what the current request makes stale, and any held error."""
        for task in (self._task, self._suggesting):
            if task is not None and not task.done:
                task.cancel()
        self._pause.stop()
        self._held = None

    def _deliver(self, serial: int, outcome: SearchOutcome | None) -> None:
        if outcome is None or serial != self._serial:
            return
        if outcome.error and not outcome.index_notice:
            waited = (time.perf_counter() - outcome.asked_at) * 1000
            if waited < ERROR_PAUSE_MS:
                self._held = outcome
                self._pause.start(int(ERROR_PAUSE_MS - waited))
                return
        self.finished.emit(outcome)
        if wants_suggestion(outcome):
            self._suggest(serial, outcome.request)

    def _release(self) -> None:
        held, self._held = self._held, None
        if held is not None:
            self.finished.emit(held)

    def _suggest(self, serial: int, request: SearchRequest) -> None:
        library = self._library

        def work(ctx: TaskContext) -> str | None:
            return None if ctx.cancelled else library.suggest(request.query)

        def done(suggestion: str | None) -> None:
            if suggestion and serial == self._serial:
                self.suggested.emit(request, suggestion)

        # A suggestion is a nicety: one that fails is not worth a message.
        self._suggesting = self._tasks.run(
            work, on_success=done, on_error=lambda exc: None, lane="suggest"
        )
