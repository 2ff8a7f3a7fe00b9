"""The SQLite record: the library's system of record, and the only place SQL is written.

``database`` holds the connection and its transactions, ``schema`` the tables and
their migrations; ``papers``, ``userdata``, ``lists``, ``imports`` and
``undelete`` the reads and user actions over them, each one transaction that
also queues the changed papers in the index's outbox.
"""

from __future__ import annotations

from readinglist.core.store.database import Store, StoreError, now
from readinglist.core.store.schema import SCHEMA_VERSION, STORE_FILE

__all__ = ["SCHEMA_VERSION", "STORE_FILE", "Store", "StoreError", "now"]
