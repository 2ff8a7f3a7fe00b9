"""Opening a sidebar entry: what it does to the search field.

A saved search is its query typed again: choosing it puts the query in the
search field and searches every paper with it, so it ranks and highlights
exactly as the typed query does. Choosing another entry takes that query out
of the field again, unless the user edited it meanwhile.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit

SAVED = "saved:"
"""The key prefix of saved searches in the sidebar."""


class SearchFieldScopes:
    """Keeps the search field in step with the sidebar entry chosen.

    Args:
        field: the search field.
    """

    def __init__(self, field: QLineEdit) -> None:
        self._field = field
        self._saved_query: str | None = None

    def enter(self, key: str, scope: str) -> str:
        """The user chose entry ``key``; returns the scope to search in.

        Args:
            key: the entry's key.
            scope: the entry's query.

        Returns:
            ``scope``, or "" (every paper) for a saved search, whose query is
            in the field now.
        """
        field = self._field
        if key.startswith(SAVED):
            self._saved_query = scope
            if field.text() != scope:
                field.setText(scope)
            return ""
        if self._saved_query is not None and field.text() == self._saved_query:
            field.clear()
        self._saved_query = None
        return scope
