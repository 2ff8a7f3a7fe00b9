"""Exporting from the window: the export dialog and "Copy as BibTeX".

The file is written by :meth:`Library.export` on the write lane of the task
helper, after any change the user made before asking, so the file holds
exactly what the library holds at that point. The dialog shows progress while
it runs and remembers the last choices (which papers, format, folder).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, QStandardPaths, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from readinglist.core.exporters import EXPORTERS
from readinglist.core.library import Library
from readinglist.gui.tasks import TaskContext, Tasks
from readinglist.gui.text import quoted
from readinglist.gui.undo import message, papers
from readinglist.gui.widgets.export_dialog import ExportDialog, ExportSource

Shown = Callable[[], tuple[list[str], str]]
"""The ids in the table in order, and a title for them."""


def export_ids(library: Library, source: ExportSource) -> list[str]:
    """The papers of ``source``, in export order; called on a worker.

    Args:
        library: the open library.
        source: the set of papers chosen.

    Returns:
        Paper ids: a list in its order, the rest as the window or library
        orders them.
    """
    if source.list_name is not None:
        return library.select(list_name=source.list_name)
    if source.key == "starred":
        return library.select(starred=True)
    if source.key == "all":
        return library.select(everything=True)
    return list(source.ids)


class ExportController(QObject):
    """Opens the export dialog and copies BibTeX for the window.

    Args:
        library: the open library.
        tasks: the window's task helper.
        window: the window, parent of the dialog.
        settings: where the last choices are remembered.
        selected: the selected papers' ids in table order.
        shown: the table's ids and their title.
        shown_list: the reading list the table shows, if one.

    Signals:
        done(str): an export or copy finished; the message says what it did.
        failed(str): a copy failed; the message says why.
    """

    done = Signal(str)
    failed = Signal(str)

    def __init__(
        self,
        library: Library,
        tasks: Tasks,
        window: QWidget,
        settings: QSettings,
        *,
        selected: Callable[[], list[str]],
        shown: Shown,
        shown_list: Callable[[], str | None] = lambda: None,
    ) -> None:
        super().__init__(window)
        self._library = library
        self._tasks = tasks
        self._window = window
        self._settings = settings
        self._selected = selected
        self._shown = shown
        self._shown_list = shown_list
        self.dialog: ExportDialog | None = None

    def sources(self) -> list[ExportSource]:
        """The sets of papers the dialog offers, with their counts."""
        selected = self._selected()
        shown, title = self._shown()
        stats = self._library.stats()
        sources = [
            ExportSource(
                "selection",
                f"Selected papers ({len(selected):,})",
                "Selected papers",
                len(selected),
                tuple(selected),
            ),
            ExportSource(
                "results",
                f"Papers shown: {title} ({len(shown):,})",
                title,
                len(shown),
                tuple(shown),
            ),
        ]
        sources += [
            ExportSource(
                f"list:{rl.name}",
                f"Reading list {quoted(rl.name)} ({rl.count:,})",
                rl.name,
                rl.count,
                list_name=rl.name,
            )
            for rl in self._library.lists()
        ]
        starred, everything = stats.get("starred", 0), stats.get("papers", 0)
        sources += [
            ExportSource(
                "starred", f"Starred papers ({starred:,})", "Starred papers", starred
            ),
            ExportSource(
                "all", f"All papers ({everything:,})", "All papers", everything
            ),
        ]
        return sources

    def open_dialog(self) -> None:
        """Open the export dialog with the last choices."""
        if self.dialog is not None:
            self.dialog.raise_()
            return
        remembered = str(self._settings.value("export/folder", "") or "")
        folder = Path(remembered)
        if not remembered or not folder.is_dir():
            # First time: the user's documents folder, where papers are written.
            documents = QStandardPaths.writableLocation(
                QStandardPaths.StandardLocation.DocumentsLocation
            )
            folder = Path(documents) if documents else Path.home()
        source = str(self._settings.value("export/source", "selection"))
        list_name = self._shown_list()
        if list_name is not None:
            # With a reading list open the list is what one shares, unless
            # the user picked several of its papers (as Zotero's collection).
            many = len(self._selected()) > 1
            source = "selection" if many else f"list:{list_name}"
        dialog = ExportDialog(
            self.sources(),
            self._window,
            source=source,
            format=str(self._settings.value("export/format", "bibtex")),
            folder=folder if folder.is_dir() else Path.home(),
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.export_requested.connect(self._export)
        dialog.copy_requested.connect(self._copy_from_dialog)
        dialog.finished.connect(self._closed)
        self.dialog = dialog
        dialog.open()

    def _closed(self) -> None:
        self.dialog = None
        self._window.activateWindow()

    def _remember(self, source: ExportSource, format: str, path: str = "") -> None:
        self._settings.setValue("export/source", source.key)
        self._settings.setValue("export/format", format)
        if path:
            self._settings.setValue("export/folder", str(Path(path).parent))

    def _export(self, source: ExportSource, format: str, path: str) -> None:
        dialog = self.dialog
        if dialog is None:
            return
        self._remember(source, format, path)
        library = self._library
        notes = dialog.include_notes.isChecked()
        dialog.set_busy(
            f"Exporting {papers(source.count)} as {EXPORTERS[format].label}"
            "\N{HORIZONTAL ELLIPSIS}"
        )

        def work(ctx: TaskContext) -> int:
            ids = export_ids(library, source)
            library.export(
                format, ids, title=source.title, path=path, include_notes=notes
            )
            return len(ids)

        def written(count: int) -> None:
            if self.dialog is not None:
                self.dialog.accept()
            self.done.emit(f"Exported {papers(count)} to {path}.")

        def broke(exc: Exception) -> None:
            text = f"The file could not be written: {message(exc)}"
            if self.dialog is not None:
                self.dialog.show_failure(text)
            else:
                self.failed.emit(text)

        self._tasks.run(work, on_success=written, on_error=broke, lane="write")

    def _copy_from_dialog(self, source: ExportSource, format: str) -> None:
        self._remember(source, format)
        self.copy(source, format)

    def copy_bibtex(self) -> None:
        """Copy the selected papers to the clipboard as BibTeX."""
        ids = self._selected()
        if not ids:
            self.done.emit("Select the papers to copy first.")
            return
        self.copy(
            ExportSource("selection", "", "Selected papers", len(ids), tuple(ids))
        )

    def copy(self, source: ExportSource, format: str = "bibtex") -> None:
        """Put ``source`` on the clipboard in ``format``.

        Args:
            source: the papers.
            format: a key of ``EXPORTERS``.
        """
        library = self._library

        def work(ctx: TaskContext) -> tuple[int, str]:
            ids = export_ids(library, source)
            return len(ids), library.export(format, ids, title=source.title)

        def copied(result: tuple[int, str]) -> None:
            count, text = result
            QGuiApplication.clipboard().setText(text)
            label = EXPORTERS[format].label
            self.done.emit(f"Copied {papers(count)} to the clipboard as {label}.")
            if self.dialog is not None:
                self.dialog.accept()

        self._tasks.run(
            work,
            on_success=copied,
            on_error=lambda exc: self.failed.emit(
                f"The papers could not be copied: {message(exc)}"
            ),
            lane="write",
        )
