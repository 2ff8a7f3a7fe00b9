"""The main window's widgets and how they are arranged.

:class:`WindowLayout` makes the toolbar (search field, sort menu), the
sidebar, the result table, the paper view and the welcome panel, and fits
the window to the screen; :class:`~readinglist.gui.main_window.MainWindow`
adds what they do.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QIcon, QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from readinglist.gui.icons import search_icon
from readinglist.gui.models.papers import PaperTableModel
from readinglist.gui.widgets.paper_view import PaperView
from readinglist.gui.widgets.results import ResultsPane
from readinglist.gui.widgets.sidebar import Sidebar
from readinglist.gui.widgets.welcome import WelcomePanel

SPLITTERS = ("main", "content", "paper")
DEFAULT_SIZE = (1280, 800)
NARROW = 1100
"""Below this width the results get most of the room (titles need it)."""


class WindowLayout(QMainWindow):
    """The widgets of the main window, arranged; no behaviour of their own."""

    model: PaperTableModel

    def _build(self, icon: QIcon) -> None:
        """Make and arrange the widgets; the subclass wires them."""
        self.setObjectName("mainWindow")
        self._fit_to_screen()
        self._build_toolbar()

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
        # A narrow window gives the sidebar less: the titles need the room.
        side = min(200, self.width() * 18 // 100)
        centre = self.width() - side
        self.splitter.setSizes([side, centre])
        # The results get more of a narrow window: their columns need it.
        share = 6 if self.width() >= 1200 else 7
        self.content.setSizes([centre * share // 10, centre * (10 - share) // 10])
        self.setCentralWidget(self.splitter)
        self.status = QLabel(self)
        self.status.setObjectName("resultStatus")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.statusBar().addWidget(self.status, 1)

    def _build_toolbar(self) -> None:
        self.search_field = QLineEdit(self)
        self.search_field.setObjectName("searchField")
        self.search_field.setClearButtonEnabled(True)
        # Small enough for the toolbar to fit a 1024-pixel screen.
        self.search_field.setMinimumWidth(220)
        self._search_icon = self.search_field.addAction(
            search_icon(self.palette()), QLineEdit.ActionPosition.LeadingPosition
        )
        self.search_field.setSizePolicy(
            QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed
        )
        self.sort_box = QComboBox(self)
        self.sort_box.setObjectName("sortBox")
        self.sort_box.setToolTip("Order of the results")
        self.sort_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        toolbar = QToolBar("Search", self)
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setFloatable(False)
        toolbar.setContentsMargins(6, 2, 6, 2)
        self.addToolBar(toolbar)
        self._toolbar = toolbar

    def _fit_to_screen(self) -> None:
        # The default size, but never more than the screen has room for.
        width, height = DEFAULT_SIZE
        screen = self.screen() or QApplication.primaryScreen()
        if screen is not None:
            room = screen.availableGeometry()
            width = min(width, room.width() * 95 // 100)
            height = min(height, room.height() * 92 // 100)
        self.resize(width, height)

    def show_sidebar(self, shown: bool) -> None:
        """Show or hide the sidebar (more room for titles on a small screen).

        Args:
            shown: True to show it.
        """
        self._show_pane(self.sidebar, shown)

    def show_paper_pane(self, shown: bool) -> None:
        """Show or hide the paper view beside the results.

        Args:
            shown: True to show it.
        """
        self._show_pane(self.paper_view, shown)

    def _show_pane(self, pane: QWidget, shown: bool) -> None:
        focus = QApplication.focusWidget()
        pane.setVisible(shown)
        # Keys must keep working: a hidden pane cannot hold the focus.
        if not shown and focus is not None and pane.isAncestorOf(focus):
            self.results.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _splitters(self) -> dict[str, QSplitter]:
        splitters = (self.splitter, self.content, self.paper_view.splitter)
        return dict(zip(SPLITTERS, splitters, strict=True))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        narrow = event.size().width() < NARROW
        # Once, on becoming narrow: after that the user's dragging stands.
        if narrow and not getattr(self, "_narrow", False):
            self.fit_narrow()
        self._narrow = narrow

    def fit_narrow(self) -> None:
        """Share a narrow window out: a slim sidebar, the results first."""
        width = self.width()
        side = min(200, width * 16 // 100) if not self.sidebar.isHidden() else 0
        centre = max(width - side, 1)
        self.splitter.setSizes([side, centre])
        if not self.paper_view.isHidden():
            self.content.setSizes([centre * 66 // 100, centre * 34 // 100])

    def changeEvent(self, event: QEvent) -> None:
        # The drawn search icon takes its colour from the theme: redraw it.
        icon_action = getattr(self, "_search_icon", None)
        if event.type() == QEvent.Type.PaletteChange and icon_action is not None:
            icon_action.setIcon(search_icon(self.palette()))
        super().changeEvent(event)
