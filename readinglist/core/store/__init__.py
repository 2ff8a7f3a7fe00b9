"""The SQLite record: the library's system of record, and the only place SQL is written.

``database`` holds the connection and its transactions, ``schema`` the tables and
their migrations; ``papers``, ``userdata``, ``lists``, ``imports`` and
``undelete`` the reads and user actions over them, each one transaction that
also queues the changed papers in the index's outbox; ``whole`` reads and
writes the whole record for the JSON backup. The store depends on nothing
else in the app but the plain records: a copy before an upgrade is asked for
by whoever opens it.
"""

from __future__ import annotations

from readinglist.core.store.database import Store, StoreError, now
from readinglist.core.store.schema import SCHEMA_VERSION, STORE_FILE

__all__ = ["SCHEMA_VERSION", "STORE_FILE", "Store", "StoreError", "now"]
