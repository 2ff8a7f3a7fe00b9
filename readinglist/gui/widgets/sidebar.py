"""The sidebar: All Papers, Starred, read states, lists, saved searches, imports.

Clicking an entry scopes the search to it. Counts are drawn right-aligned in a
muted colour, section headings in small bold capitals, like the source lists of
other desktop libraries. Reading lists and saved searches have a context menu
(also on the Menu key) to rename or delete them; Delete and F2 do the same.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QItemSelection,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QKeyEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QMenu,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QWidget,
)

from readinglist.gui.models.sidebar import (
    ALL,
    COUNT_ROLE,
    HEADING_ROLE,
    KEY_ROLE,
    SCOPE_ROLE,
    SidebarData,
    SidebarModel,
)
from readinglist.gui.text import muted_colour

PAD = 12


class SidebarDelegate(QStyledItemDelegate):
    """Draws headings, and entries with their count at the right."""

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        height = option.fontMetrics.height()
        extra = 14 if index.data(HEADING_ROLE) else 10
        return QSize(option.rect.width(), height + extra)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = opt.text
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        palette = opt.palette
        painter.save()
        if index.data(HEADING_ROLE):
            font = QFont(opt.font)
            font.setPointSizeF(font.pointSizeF() * 0.82)
            font.setWeight(QFont.Weight.Bold)
            painter.setFont(font)
            painter.setPen(muted_colour(palette))
            rect = opt.rect.adjusted(PAD, 4, -PAD, 0)
            painter.drawText(rect, Qt.AlignmentFlag.AlignVCenter, text.upper())
            painter.restore()
            return
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        enabled = bool(index.flags() & Qt.ItemFlag.ItemIsEnabled)
        text_colour = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        count = index.data(COUNT_ROLE)
        rect = opt.rect.adjusted(PAD + 8, 0, -PAD, 0)
        count_width = 0
        if count is not None:
            count_text = f"{count:,}"
            count_width = opt.fontMetrics.horizontalAdvance(count_text) + 8
            painter.setPen(text_colour if selected else muted_colour(palette))
            painter.drawText(
                rect,
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                count_text,
            )
        label_rect = QRect(
            rect.x(), rect.y(), rect.width() - count_width, rect.height()
        )
        elided = opt.fontMetrics.elidedText(
            text, Qt.TextElideMode.ElideRight, label_rect.width()
        )
        if not enabled:
            font = QFont(opt.font)
            font.setItalic(True)
            painter.setFont(font)
            painter.setPen(muted_colour(palette))
        else:
            painter.setPen(text_colour)
        painter.drawText(label_rect, Qt.AlignmentFlag.AlignVCenter, elided)
        painter.restore()


def editable_key(key: str) -> bool:
    """True for the entries the user made: reading lists and saved searches."""
    return key.startswith(("list:", "saved:"))


class Sidebar(QTreeView):
    """The scopes to search in.

    Signals:
        scope_selected(str, str, str): key, scope query and label of the entry.
        rename_requested(str): the user asked to rename the list or search
            with this key.
        delete_requested(str): likewise, to delete it.
    """

    scope_selected = Signal(str, str, str)
    rename_requested = Signal(str)
    delete_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sidebar")
        self.sidebar_model = SidebarModel(self)
        self.setModel(self.sidebar_model)
        self.setItemDelegate(SidebarDelegate(self))
        self.setHeaderHidden(True)
        self.setRootIsDecorated(False)
        self.setItemsExpandable(False)
        self.setIndentation(0)
        self.setUniformRowHeights(False)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.Window)
        self.viewport().setBackgroundRole(QPalette.ColorRole.Window)
        self.setMinimumWidth(170)
        self._key = ALL
        self._scope = ""
        self.expandAll()
        self.selectionModel().selectionChanged.connect(self._selected)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._context_menu)
        self._select(ALL)

    @property
    def key(self) -> str:
        """The key of the selected entry."""
        return self._key

    def set_data(self, data: SidebarData) -> None:
        """Show fresh counts and entries, keeping the selected entry if it is left.

        Args:
            data: what the library holds now.
        """
        self.selectionModel().blockSignals(True)
        try:
            self.sidebar_model.update(data)
            self.expandAll()
            found = self._select(self._key)
        finally:
            self.selectionModel().blockSignals(False)
        if not found:
            self.select(ALL)
        elif self.currentIndex().data(SCOPE_ROLE) != self._scope:
            # The same entry asks for other papers now (a saved search's
            # query was replaced, a list renamed): search again.
            self._emit(self.currentIndex())

    def follow(self, key: str, new_key: str) -> None:
        """Keep an entry selected under its new key once it has been renamed.

        Args:
            key: the entry's key before the rename.
            new_key: its key after.
        """
        if self._key == key:
            self._key = new_key

    def select(self, key: str) -> bool:
        """Select the entry with ``key`` (and scope the search to it)."""
        return self._select(key)

    def entry(self, key: str) -> QModelIndex:
        """The index of the entry with ``key``."""
        return self.sidebar_model.find(key)

    def _select(self, key: str) -> bool:
        index = self.sidebar_model.find(key)
        if not index.isValid():
            return False
        self.setCurrentIndex(index)
        return True

    def _selected(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if indexes:
            self._emit(indexes[0])

    def _emit(self, index: QModelIndex) -> None:
        key = index.data(KEY_ROLE)
        if not key:
            return
        self._key = str(key)
        self._scope = str(index.data(SCOPE_ROLE))
        self.scope_selected.emit(self._key, self._scope, str(index.data()))

    def _context_menu(self, pos: QPoint) -> None:
        menu = self.context_menu(str(self.indexAt(pos).data(KEY_ROLE) or ""))
        if menu is not None:
            menu.popup(self.viewport().mapToGlobal(pos))

    def context_menu(self, key: str) -> QMenu | None:
        """The menu of the entry with ``key``: rename and delete, for user entries.

        Args:
            key: a sidebar key.

        Returns:
            The menu (deleted once closed), or None for an entry without one.
        """
        if not editable_key(key):
            return None
        kind = "List" if key.startswith("list:") else "Saved Search"
        menu = QMenu(self)
        menu.setObjectName("sidebarMenu")
        menu.addAction(f"Rename {kind}\N{HORIZONTAL ELLIPSIS}").triggered.connect(
            lambda: self.rename_requested.emit(key)
        )
        menu.addAction(f"Delete {kind}").triggered.connect(
            lambda: self.delete_requested.emit(key)
        )
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        return menu

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = str(self.currentIndex().data(KEY_ROLE) or "")
        if editable_key(key) and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_F2):
            signal = self.delete_requested
            if event.key() == Qt.Key.Key_F2:
                signal = self.rename_requested
            signal.emit(key)
            return
        super().keyPressEvent(event)
