"""Every user action of the window as a named command: what it is, what it does.

What a command *is* is plain data in :mod:`.catalog`: its name, its menu and
palette title, its default keys, the menu it is listed in and where its keys
work. Menus, shortcuts, the palette, the keyboard help and the README's
keyboard map are all made from that one table; :mod:`.registry` turns it into
one ``QAction`` per command, with the user's own keys.

What a command *does* lives beside it, by subject: :mod:`.window` says which
handler each name runs and builds the menus; :mod:`.papers` and :mod:`.lists`
are the commands on papers and on reading lists and saved searches, as the
user meets them (selection, dialogs); :mod:`.paper_actions` and
:mod:`.list_actions` are the undoable library changes they make.
"""
