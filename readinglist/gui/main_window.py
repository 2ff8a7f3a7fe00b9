"""The main window: sidebar | results | paper view, wired to the library.

The window owns the task helper and the controllers (search, actions,
imports) and routes every user action through a named command. Actions report
what changed; the window then refreshes just those rows, the paper shown and
the sidebar counts.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QEvent, QSettings, Qt
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QIcon
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QToolBar,
)

from readinglist import DISPLAY_NAME
from readinglist.core.library import Library
from readinglist.core.models import Changes, Highlight, ImportReport, Paper
from readinglist.gui.actions import PaperActions
from readinglist.gui.commands import MENUS, CommandRegistry
from readinglist.gui.icons import search_icon
from readinglist.gui.importing import ImportController
from readinglist.gui.models.papers import PaperTableModel
from readinglist.gui.models.sidebar import ALL, SidebarData, read_sidebar
from readinglist.gui.paper_commands import PaperCommands
from readinglist.gui.results_controller import ResultsController
from readinglist.gui.search import SearchController
from readinglist.gui.state import (
    capture_layout,
    load_state,
    restore_layout,
    save_state,
)
from readinglist.gui.tasks import TaskContext, Tasks
from readinglist.gui.widgets.import_summary import headline
from readinglist.gui.widgets.paper_view import PaperView
from readinglist.gui.widgets.results import ResultsPane
from readinglist.gui.widgets.sidebar import Sidebar
from readinglist.gui.widgets.welcome import WelcomePanel

SPLITTERS = ("main", "content", "paper")


class MainWindow(QMainWindow):
    """The app's one window over an open library.

    Args:
        library: the open library; the window closes it when it closes.
        settings: where window state is remembered (the app's QSettings by
            default; tests pass a file of their own).
        icon: the app icon, shown on the welcome panel.
    """

    def __init__(
        self,
        library: Library,
        settings: QSettings | None = None,
        icon: QIcon | None = None,
    ) -> None:
        super().__init__()
        self.library = library
        self.settings = settings if settings is not None else QSettings()
        self.tasks = Tasks(self)
        self.tasks.error.connect(self.show_error)
        self.search = SearchController(library, self.tasks, self)
        self.paper_actions = PaperActions(library, self.tasks, self)
        self.importer = ImportController(library, self.tasks, self)
        self.model = PaperTableModel(library.papers, self)
        self.commands = CommandRegistry(self)
        self._closed = False
        self._scope_label = ""
        self._state = load_state(self.settings, SPLITTERS)
        self._restore_scope: str | None = self._state.scope_key
        self._build(icon or QIcon())
        self._bind_commands()
        self._wire()
        self._restore()
        self.setAcceptDrops(True)
        self.results_controller.sort(self._state.sort, self._state.descending)
        self.refresh_sidebar()

    # -- building ----------------------------------------------------------

    def _build(self, icon: QIcon) -> None:
        self.setObjectName("mainWindow")
        self.resize(1280, 800)
        self.search_field = QLineEdit(self)
        self.search_field.setObjectName("searchField")
        self.search_field.setClearButtonEnabled(True)
        self.search_field.setPlaceholderText(
            "Search titles, abstracts and notes   ( / )"
        )
        self.search_field.setMinimumWidth(360)
        self._search_icon = self.search_field.addAction(
            search_icon(self.palette()), QLineEdit.ActionPosition.LeadingPosition
        )
        self.search_field.setSizePolicy(
            QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed
        )
        self.sort_box = QComboBox(self)
        self.sort_box.setObjectName("sortBox")
        self.sort_box.setToolTip("Order of the results")
        toolbar = QToolBar("Search", self)
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setFloatable(False)
        toolbar.setContentsMargins(6, 2, 6, 2)
        self.addToolBar(toolbar)
        self._toolbar = toolbar

        self.sidebar = Sidebar(self)
        self.results = ResultsPane(self.model, self)
        self.table = self.results.table
        self.paper_view = PaperView(self)
        self.welcome = WelcomePanel(icon, self)
        self.content = QSplitter(Qt.Orientation.Horizontal, self)
        self.content.setObjectName("contentSplitter")
        self.content.addWidget(self.results)
        self.content.addWidget(self.paper_view)
        self.content.setChildrenCollapsible(False)
        self.content.setStretchFactor(0, 3)
        self.content.setStretchFactor(1, 2)
        self.center = QStackedWidget(self)
        self.center.addWidget(self.content)
        self.center.addWidget(self.welcome)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(self.center)
        self.splitter.setCollapsible(1, False)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([200, 1080])
        self.content.setSizes([660, 420])
        self.setCentralWidget(self.splitter)
        self.status = QLabel(self)
        self.status.setObjectName("resultStatus")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.statusBar().addWidget(self.status, 1)
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
        self.commands.protect(self.search_field, self.paper_view.note)

    def _bind_commands(self) -> None:
        c = self.commands
        c.bind("import", self.importer.choose_files)
        c.bind("samples-load", self.importer.load_samples)
        c.bind("quit", self.quit)
        c.bind("search-focus", self.focus_search)
        c.bind("search-clear", self.clear_search)
        c.bind("paper-next", lambda: self.results_controller.move(1))
        c.bind("paper-prev", lambda: self.results_controller.move(-1))
        p = self.paper_commands
        c.bind("paper-open", p.open_current, only_in=(self.search_field, self.table))
        c.bind("paper-star", p.toggle_star)
        c.bind("paper-status-cycle", p.cycle_status)
        c.bind("note-edit", p.edit_note)
        c.bind("list-add", p.pick_list)
        c.bind("paper-more-like-this", p.more_like_this)
        for key, title in MENUS:
            menu = self.menuBar().addMenu(title)
            for action in c.menu_actions(key):
                menu.addAction(action)
                if action.objectName() in ("samples-load", "search-clear"):
                    menu.addSeparator()
        context = ("paper-star", "paper-status-cycle", "list-add", "note-edit")
        self.table.addActions([c.action(n) for n in (*context, "paper-more-like-this")])
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self._toolbar.addAction(c.action("import"))
        self._toolbar.addWidget(self.search_field)
        self._toolbar.addWidget(self.sort_box)

    def _wire(self) -> None:
        self.search_field.textChanged.connect(self.search.set_query)
        self.search.failed.connect(self.show_error)
        self.sidebar.scope_selected.connect(self._scope)
        self.results_controller.current_changed.connect(self.show_paper)
        self.table.doubleClicked.connect(lambda _: self.paper_commands.open_current())
        self.results.suggestion_clicked.connect(self.search_field.setText)
        self.paper_actions.changed.connect(self.apply_changes)
        self.paper_actions.failed.connect(self.show_error)
        self.paper_actions.note_saved.connect(self.paper_view.note.mark_saved)
        self.paper_actions.note_failed.connect(self.paper_view.note.mark_failed)
        self.paper_view.note.save_requested.connect(self.paper_actions.save_note)
        self.welcome.import_requested.connect(self.importer.choose_files)
        self.welcome.samples_requested.connect(self.importer.load_samples)
        self.importer.started.connect(lambda: self._set_importing(True))
        self.importer.finished.connect(self._imported)
        self.importer.failed.connect(lambda message: self._imported(None, message))

    # -- window state ------------------------------------------------------

    def _splitters(self) -> dict[str, QSplitter]:
        splitters = (self.splitter, self.content, self.paper_view.splitter)
        return dict(zip(SPLITTERS, splitters, strict=True))

    def _restore(self) -> None:
        header = self.table.horizontalHeader()
        restore_layout(self._state, self, self._splitters(), header)

    def _save(self) -> None:
        state = capture_layout(self, self._splitters(), self.table.horizontalHeader())
        state.sort = self.search.request.sort
        state.descending = self.search.request.descending
        state.scope_key = self.sidebar.key
        save_state(self.settings, state)

    def changeEvent(self, event: QEvent) -> None:
        # The drawn search icon takes its colour from the theme: redraw it.
        icon_action = getattr(self, "_search_icon", None)
        if event.type() == QEvent.Type.PaletteChange and icon_action is not None:
            icon_action.setIcon(search_icon(self.palette()))
        super().changeEvent(event)

    def quit(self) -> None:
        """Close the window (and with it the app), saving everything."""
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
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
        self.library.close()

    # -- searching ---------------------------------------------------------

    def _scope(self, key: str, scope: str, label: str) -> None:
        self._scope_label = "" if key == ALL else label
        self._update_title()
        self.search.set_scope(scope)

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
        for name in ("import", "samples-load"):
            self.commands.action(name).setEnabled(not busy)
        self.welcome.setEnabled(not busy)

    def _imported(self, report: ImportReport | None, error: str = "") -> None:
        self._set_importing(False)
        self.refresh_sidebar()
        self.search.run()
        if report is not None:
            self.statusBar().showMessage(headline(report), 8000)
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
