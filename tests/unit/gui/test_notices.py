"""What the library says when it opens is shown, and stays within reach."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from readinglist.gui.messages import MessagesDialog
from tests.unit.gui.conftest import WindowFactory, wait_idle
from tests.unit.gui.drive import click, press, seen_text, type_keys
from tests.unit.gui.test_palette import open_palette


def test_notices_at_open_are_shown_and_kept(
    qtbot: QtBot, open_window: WindowFactory, sample_library_dir: Path
) -> None:
    # Two real notices: the index was deleted (rebuilt at open) and the
    # backups folder is a file (today's backup fails).
    shutil.rmtree(sample_library_dir / "index")
    (sample_library_dir / "backups").write_text("not a folder", "utf-8")
    window = open_window(sample_library_dir)
    notices = window.library.notices
    assert len(notices) == 2
    assert "rebuilt from the library" in notices[0]
    assert "automatic backup could not be made" in notices[1]

    status = window.statusBar().currentMessage()
    assert status.startswith("The search index is missing")
    assert "(1 more in Help > Messages.)" in status
    assert not window.status.isVisible()  # not drawn over the result count
    button = window.maintenance.messages.button
    assert button.isVisible()
    assert button.text().endswith("2 messages")
    tip = seen_text(button.toolTip())
    assert "Today's automatic backup could not be made" in tip
    assert "The search index is missing" in tip

    # The message outlives the status bar's few seconds: the log reopens.
    window.statusBar().clearMessage()
    click(button)
    dialog = window.findChild(MessagesDialog, "messagesDialog")
    assert dialog is not None and dialog.isVisible()
    text = dialog.text.toPlainText()
    assert "rebuilt from the library, and nothing was lost." in text
    assert "Today's automatic backup could not be made" in text
    dialog.close()
    qtbot.waitUntil(lambda: window.maintenance.messages.dialog is None)

    # And from the palette, by name.
    open_palette(qtbot, window)
    type_keys(window.overlays.palette.filter, "messages")
    press(window.overlays.palette.filter, Qt.Key.Key_Return)
    again = window.maintenance.messages.dialog
    assert again is not None and again.isVisible()
    assert again.text.toPlainText() == text
    again.close()


def test_a_library_with_nothing_to_say_shows_no_messages(
    open_window: WindowFactory, library_dir: Path
) -> None:
    # A new library has no index yet: building one is no news.
    window = open_window(library_dir)
    assert window.library.notices == []
    assert not window.maintenance.messages.button.isVisible()
    assert window.statusBar().currentMessage() == ""


def test_messages_are_plain_text(
    qtbot: QtBot, open_window: WindowFactory, sample_library_dir: Path
) -> None:
    window = open_window(sample_library_dir)
    wait_idle(qtbot, window)
    log = window.maintenance.messages
    log.add("a file named <b>bold</b> &amp; co could not be read")
    assert window.statusBar().currentMessage() == (
        "A file named <b>bold</b> &amp; co could not be read."
    )
    assert "<b>bold</b> &amp; co" in seen_text(log.button.toolTip())
    log.show_all()
    assert log.dialog is not None
    assert "<b>bold</b> &amp; co" in log.dialog.text.toPlainText()
    log.dialog.close()
