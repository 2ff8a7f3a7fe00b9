"""The peer: the same corpus in SQLite FTS5, searched the way the app searches.

One FTS5 table holds what the app's index holds (title, abstract, note,
organisation, year, starred, status), with the Porter stemmer and prefix
indexes for two to four characters, which is how one would set FTS5 up for
type-ahead. A search returns what the app's first page returns: the total
count, and 20 rows ranked by BM25 with the title highlighted and a fragment of
the abstract and note.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from readinglist.core.models import ParsedPaper

# Column weights as the app's: title 3, abstract 1, note 1.5 (the rest unused).
_RANK = "bm25(papers, 0, 3.0, 1.0, 1.5, 0, 0, 0, 0)"
_MARK = ("\x02", "\x03")


@dataclass(frozen=True, slots=True)
class Row:
    """One result row, with its highlights."""

    paper_id: str
    title: str
    abstract: str
    note: str


class Fts5Library:
    """A FTS5 table over the corpus, in its own database file."""

    def __init__(self, path: Path) -> None:
        self.conn = sqlite3.connect(path, isolation_level=None)
        self.conn.execute("PRAGMA journal_mode = WAL")
        self.conn.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS papers USING fts5("
            "id UNINDEXED, title, abstract, note, org, year, starred, status, "
            "tokenize = 'porter unicode61 remove_diacritics 2', "
            "prefix = '2 3 4')"
        )

    def add(self, papers: Iterable[tuple[str, ParsedPaper]]) -> int:
        """Insert papers (id, parsed paper) in one transaction; returns how many."""
        rows = [
            (
                paper_id,
                p.title,
                p.abstract or "",
                p.note or "",
                p.organisation or "",
                (p.published or "")[:4],
                "no",
                "unread",
            )
            for paper_id, p in papers
        ]
        with self.conn:
            self.conn.execute("BEGIN")
            self.conn.executemany(
                "INSERT INTO papers VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows
            )
        return len(rows)

    def star(self, paper_ids: Iterable[str]) -> None:
        """Mark papers starred, as the app's benchmark stars them."""
        with self.conn:
            self.conn.executemany(
                "UPDATE papers SET starred = 'yes' WHERE id = ?",
                [(i,) for i in paper_ids],
            )

    def search(self, match: str, limit: int = 20) -> tuple[int, list[Row]]:
        """The total and the first page of ``match``, best first, highlighted."""
        total = int(
            self.conn.execute(
                "SELECT count(*) FROM papers WHERE papers MATCH ?", (match,)
            ).fetchone()[0]
        )
        rows = self.conn.execute(
            "SELECT id, highlight(papers, 1, ?, ?), "
            "snippet(papers, 2, ?, ?, '…', 40), snippet(papers, 3, ?, ?, '…', 40) "
            f"FROM papers WHERE papers MATCH ? ORDER BY {_RANK} LIMIT ?",
            (*_MARK, *_MARK, *_MARK, match, limit),
        ).fetchall()
        return total, [Row(*r) for r in rows]

    def close(self) -> None:
        """Close the database."""
        self.conn.close()
