"""Copies of a library: backups, restoring one, JSON backups, the backups folder.

``restoring`` makes backups and puts one back, ``jsonbackup`` writes and reads
the readable JSON form, ``snapshots`` keeps the ``backups/`` folder (daily copies,
copies before an upgrade or a restore, rotation). The index is never backed up:
it is rebuilt from the store.
"""
