"""The main window: sidebar | results | paper view, wired to the library.

The window owns the task helper and the controllers (search, actions,
imports, export) and routes every user action through a named command
(:mod:`readinglist.gui.commands.window`). Every change goes through the undo
history and reports what changed; the window then refreshes just those rows,
the paper shown, the sidebar counts, and the results when lists changed.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QIcon
from PySide6.QtWidgets import (
    QApplication,
    QMessageBox,
)

from readinglist import DISPLAY_NAME
from readinglist.core.library import Library
from readinglist.core.models import Changes, Highlight, ImportReport, Paper
from readinglist.gui.commands import window as window_commands
from readinglist.gui.commands.list_actions import ListActions
from readinglist.gui.commands.lists import ListCommands
from readinglist.gui.commands.paper_actions import PaperActions
from readinglist.gui.commands.papers import PaperCommands
from readinglist.gui.commands.registry import CommandRegistry
from readinglist.gui.exporting import ExportController
from readinglist.gui.importing import ImportController
from readinglist.gui.keymap import Keymap, load_keymap
from readinglist.gui.maintenance import Maintenance
from readinglist.gui.models.papers import PaperTableModel
from readinglist.gui.models.sidebar import ALL, SidebarData, read_sidebar
from readinglist.gui.overlays import Overlays
from readinglist.gui.paper_links import PaperLinks
from readinglist.gui.results_controller import ResultsController
from readinglist.gui.scopes import SearchFieldScopes
from readinglist.gui.search import SearchController
from readinglist.gui.state import capture_layout, load_state, restore_layout, save_state
from readinglist.gui.tasks import TaskContext, Tasks
from readinglist.gui.undo import History
from readinglist.gui.widgets.import_summary import headline
from readinglist.gui.window_layout import NARROW, SPLITTERS, WindowLayout


class MainWindow(WindowLayout):
    """The app's one window over an open library.

    Args:
        library: the open library; the window closes it when it closes.
        settings: where window state is remembered (the app's QSettings by
            default; tests pass a file of their own).
        icon: the app icon, shown on the welcome panel and in the About box.
        keymap: the keys of the commands (default: read from the settings
            folder, problems reported).
    """

    def __init__(
        self,
        library: Library,
        settings: QSettings | None = None,
        icon: QIcon | None = None,
        keymap: Keymap | None = None,
    ) -> None:
        super().__init__()
        self.library = library
        self.settings = settings if settings is not None else QSettings()
        self.tasks = Tasks(self)
        self.tasks.error.connect(self.show_error)
        self.search = SearchController(library, self.tasks, self)
        self.history = History(library, self.tasks, self)
        self.paper_actions = PaperActions(self.history, self)
        self.list_actions = ListActions(self.history, self)
        self.importer = ImportController(library, self.tasks, self)
        self.model = PaperTableModel(library.papers, self)
        self.commands = CommandRegistry(self, keymap or load_keymap())
        self._closed = False
        self.error_box: QMessageBox | None = None
        self._scope_label = ""
        self._state = load_state(self.settings, SPLITTERS)
        self._restore_scope: str | None = self._state.scope_key
        self._build(icon or QIcon())
        self._scopes = SearchFieldScopes(self.search_field)
        self._build_controllers(icon or QIcon())
        self.maintenance = Maintenance(self, self)
        window_commands.install(self)
        self._toolbar.addAction(self.commands.action("import"))
        self._toolbar.addWidget(self.search_field)
        self._toolbar.addWidget(self.sort_box)
        self._wire()
        self._restore()
        self.setAcceptDrops(True)
        # Open where the user left off: the same search, on the same paper.
        if self._state.query:
            self.search_field.setText(self._state.query)
        self.results_controller.keep = self._state.paper or None
        self.results_controller.sort(self._state.sort, self._state.descending)
        self.refresh_sidebar()
        window_commands.report_key_problems(self)

    # -- building ----------------------------------------------------------

    def _build_controllers(self, icon: QIcon) -> None:
        self.results_controller = ResultsController(
            self.library,
            search=self.search,
            model=self.model,
            pane=self.results,
            sort_box=self.sort_box,
            status=self.status,
        )
        self.paper_commands = PaperCommands(
            self,
            self.library,
            actions=self.paper_actions,
            results=self.results_controller,
            search=self.search,
            view=self.paper_view,
            table=self.table,
        )
        selected = self.paper_commands.selected_ids
        self.paper_links = PaperLinks(
            self.library, lambda: self.paper_view.paper, selected, self
        )
        self.list_commands = ListCommands(
            self,
            self.library,
            lists=self.list_actions,
            papers=self.paper_actions,
            search=self.search,
            sidebar=self.sidebar,
            selected=selected,
            shown=self.model.ids,
            notify=self.notify,
        )
        self.exporter = ExportController(
            self.library,
            self.tasks,
            self,
            self.settings,
            selected=selected,
            shown=lambda: (self.model.ids(), self._shown_title()),
            shown_list=lambda: self.search.request.list_name,
        )
        self.overlays = Overlays(
            self,
            self.commands,
            self.library,
            sidebar=self.sidebar,
            search_field=self.search_field,
            icon=icon,
        )
        self.commands.protect(self.search_field, self.paper_view.note)

    def _wire(self) -> None:
        self.search_field.textChanged.connect(self.search.set_query)
        self.search_field.textChanged.connect(self.results_controller.query_typed)
        self.search.failed.connect(self.show_error)
        self.sidebar.scope_selected.connect(self._scope)
        self.results_controller.current_changed.connect(self.show_paper)
        self.table.doubleClicked.connect(lambda _: self.paper_commands.open_current())
        self.results.suggestion_clicked.connect(self.search_field.setText)
        self.model.move_requested.connect(self.list_commands.drop)
        self.history.changed.connect(self.apply_changes)
        self.history.failed.connect(self.show_error)
        self.exporter.done.connect(self.notify)
        self.exporter.failed.connect(self.show_error)
        self.overlays.notify.connect(self.notify)
        self.paper_links.notice.connect(self.notify)
        self.importer.notice.connect(self.notify)
        self.welcome.import_requested.connect(self.importer.choose_files)
        self.welcome.samples_requested.connect(self.importer.load_samples)
        self.importer.started.connect(lambda: self._set_importing(True))
        self.importer.finished.connect(self._imported)
        self.importer.failed.connect(lambda message: self._imported(None, message))

    # -- window state ------------------------------------------------------

    def _restore(self) -> None:
        header = self.table.horizontalHeader()
        restore_layout(self._state, self, self._splitters(), header)
        # A remembered narrow layout is the user's; do not share it out again.
        self._narrow = not self._state.geometry.isEmpty() and self.width() < NARROW
        window_commands.show_panes(
            self, self._state.sidebar_shown, self._state.paper_shown
        )

    def _save(self) -> None:
        state = capture_layout(self, self._splitters(), self.table.horizontalHeader())
        state.sort = self.search.request.sort
        state.descending = self.search.request.descending
        state.scope_key = self.sidebar.key
        state.sidebar_shown = not self.sidebar.isHidden()
        state.paper_shown = not self.paper_view.isHidden()
        state.query = self.search_field.text()
        state.paper = self.results_controller.current_id() or ""
        save_state(self.settings, state)

    def quit(self) -> None:
        """Close the window (and with it the app), saving everything."""
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._closed and not self.maintenance.notes.may_close():
            event.ignore()  # a note could not be saved: the user decides
            return
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Save the note being typed, finish pending writes, close the library."""
        if self._closed:
            return
        self._closed = True
        self.paper_view.note.flush()
        self.importer.cancel()
        self._save()
        self.tasks.shutdown()
        self.model.set_ids([])  # a closed library has no rows for the table to read
        self.library.close()

    # -- searching ---------------------------------------------------------

    def _scope(self, key: str, scope: str, label: str) -> None:
        self._scope_label = "" if key == ALL else label
        self._update_title()
        list_name = key.removeprefix("list:") if key.startswith("list:") else None
        scope = self._scopes.enter(key, scope)
        self.results_controller.scope_label = "" if key == ALL else label
        self.search.set_scope(scope, list_name)

    def _shown_title(self) -> str:
        query = " ".join(self.search_field.text().split())
        if query:
            return f"Papers matching {query}"
        return self._scope_label or "All papers"

    def show_paper(self, paper_id: str | None) -> None:
        """Show ``paper_id`` in the paper view with the query's matches marked.

        Args:
            paper_id: the paper to show, or None for the empty view.
        """
        paper: Paper | None = None
        highlights: list[Highlight] = []
        if paper_id is not None:
            try:
                paper = self.library.paper(paper_id)
            except KeyError:
                paper = None
            query = self.search.request.query
            if paper is not None and query.strip():
                highlights = self.library.highlights(paper_id, query)
        self.paper_view.show_paper(paper, highlights)

    # -- refreshing --------------------------------------------------------

    def apply_changes(self, changes: Changes) -> None:
        """Refresh what an action changed: its rows, the paper shown, the counts.

        Args:
            changes: what the library says an action changed.
        """
        if self._closed:
            return
        self.model.refresh(changes.papers)
        shown = self.paper_view.paper
        if shown is not None and shown.paper_id in changes.papers:
            self.show_paper(shown.paper_id)
        if changes.lists or changes.imports:
            # Papers came or went, or a list's order changed: ask again.
            self.search.run()
        if changes.any:
            self.refresh_sidebar()

    def refresh_sidebar(self) -> None:
        """Re-read the counts, lists, saved searches and imports."""
        library = self.library

        def work(ctx: TaskContext) -> SidebarData:
            return read_sidebar(library)

        self.tasks.run(work, on_success=self._sidebar_read)

    def _sidebar_read(self, data: SidebarData) -> None:
        self.sidebar.set_data(data)
        # The entry chosen last time exists only once the lists are read.
        restore, self._restore_scope = self._restore_scope, None
        if restore and restore != ALL:
            self.sidebar.select(restore)
        empty = data.stats.get("papers", 0) == 0
        self.center.setCurrentWidget(self.welcome if empty else self.content)
        self._update_title()

    def _update_title(self) -> None:
        where = self._scope_label or self.library.path.name
        self.setWindowTitle(f"{DISPLAY_NAME} \u2014 {where}")

    # -- commands ----------------------------------------------------------

    def focus_search(self) -> None:
        """Move to the search field with its text selected, ready to retype."""
        self.search_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_field.selectAll()

    def clear_search(self) -> None:
        """Clear the query (or leave "more like this") and go to the results.

        From the paper view, Esc only steps back to the results.
        """
        focus = QApplication.focusWidget()
        if focus is not None and self.paper_view.isAncestorOf(focus):
            self.table.setFocus()
            return
        if self.search.request.like:
            self.search.leave_like()
        elif self.search_field.text():
            self.search_field.clear()
            self.search.run()
        self.table.setFocus()

    # -- importing ---------------------------------------------------------

    def import_files(self, paths: Iterable[Path]) -> bool:
        """Import ``paths`` in the background with progress, then a summary.

        Args:
            paths: the files to import.

        Returns:
            False when another import is still running.
        """
        return self.importer.start(list(paths))

    def _set_importing(self, busy: bool) -> None:
        self.maintenance.set_busy(busy)

    def _imported(self, report: ImportReport | None, error: str = "") -> None:
        self._set_importing(False)
        self.refresh_sidebar()
        self.search.run()
        if report is not None:
            self.notify(headline(report))
        if error:
            self.show_error(error)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [
            Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()
        ]
        if paths and self.import_files(paths):
            event.acceptProposedAction()

    # -- telling the user --------------------------------------------------

    def notify(self, message: str) -> None:
        """Show a short message in the status bar for a while.

        Args:
            message: what happened, in words for the user.
        """
        self.statusBar().showMessage(message, 10000)

    def show_error(self, message: str) -> None:
        """Tell the user something could not be done (a non-blocking box).

        Args:
            message: what went wrong, in words for the user.
        """
        box = QMessageBox(QMessageBox.Icon.Warning, DISPLAY_NAME, message, parent=self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.error_box = box
        box.open()
