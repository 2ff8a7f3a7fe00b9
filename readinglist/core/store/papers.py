"""Reading papers from the store: rows, full records, ids.

:class:`PaperReads` is part of :class:`~readinglist.core.store.database.Store`;
it is kept here so the record of a paper is read in one place.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence

from readinglist.core.models import Paper, Source, Status
from readinglist.core.store.schema import PAPER_COLUMNS


class PaperReads:
    """The queries that read papers, over the store's connection."""

    conn: sqlite3.Connection

    def paper_rows(self, ids: Sequence[str]) -> dict[str, sqlite3.Row]:
        """The paper rows for ``ids`` that exist, by id."""
        rows: dict[str, sqlite3.Row] = {}
        for chunk in _chunks(ids, 500):
            marks = ",".join("?" * len(chunk))
            for row in self.conn.execute(
                f"SELECT {PAPER_COLUMNS} FROM papers WHERE id IN ({marks})", chunk
            ):
                rows[row["id"]] = row
        return rows

    def long_texts(self, ids: Sequence[str]) -> dict[str, dict[str, str]]:
        """The abstract and note of each of ``ids`` that exists, by id.

        Only these two columns: a result page's highlights need nothing else.
        """
        found: dict[str, dict[str, str]] = {}
        for chunk in _chunks(ids, 500):
            marks = ",".join("?" * len(chunk))
            for paper_id, abstract, note in self.conn.execute(
                f"SELECT id, abstract, note FROM papers WHERE id IN ({marks})", chunk
            ):
                found[paper_id] = {"abstract": abstract or "", "note": note or ""}
        return found

    def papers(self, ids: Sequence[str]) -> list[Paper]:
        """Full paper records for ``ids``, in the same order; unknown ids skipped."""
        rows = self.paper_rows(ids)
        wanted = [i for i in ids if i in rows]
        tags = self._grouped("SELECT paper_id, tag FROM tags", wanted, "tag")
        lists = self._grouped(
            "SELECT li.paper_id, l.name FROM list_items li "
            "JOIN lists l ON l.id = li.list_id",
            wanted,
            "name",
            column="li.paper_id",
        )
        sources: dict[str, list[Source]] = {}
        for chunk in _chunks(wanted, 500):
            marks = ",".join("?" * len(chunk))
            for row in self.conn.execute(
                "SELECT paper_id, path, line FROM sources "
                f"WHERE paper_id IN ({marks}) ORDER BY import_id",
                chunk,
            ):
                found = sources.setdefault(row["paper_id"], [])
                source = Source(row["path"], row["line"])
                if source not in found:
                    found.append(source)
        return [
            _paper_from_row(
                rows[i],
                tags=tuple(sorted(tags.get(i, ()))),
                lists=tuple(lists.get(i, ())),
                sources=tuple(sources.get(i, ())),
            )
            for i in wanted
        ]

    def _grouped(
        self,
        select: str,
        ids: Sequence[str],
        value: str,
        column: str = "paper_id",
    ) -> dict[str, list[str]]:
        grouped: dict[str, list[str]] = {}
        for chunk in _chunks(ids, 500):
            marks = ",".join("?" * len(chunk))
            for row in self.conn.execute(
                f"{select} WHERE {column} IN ({marks})", chunk
            ):
                grouped.setdefault(row["paper_id"], []).append(row[value])
        return grouped

    def paper_count(self) -> int:
        """How many papers the library holds."""
        return int(self.conn.execute("SELECT count(*) FROM papers").fetchone()[0])

    def all_ids(self) -> list[str]:
        """Every paper id, newest first."""
        return [
            r[0] for r in self.conn.execute("SELECT id FROM papers ORDER BY added DESC")
        ]

    def existing_ids(self, ids: Iterable[str]) -> list[str]:
        """The ids among ``ids`` that name papers in the library, in order."""
        ids = list(dict.fromkeys(ids))
        found: set[str] = set()
        for chunk in _chunks(ids, 500):
            marks = ",".join("?" * len(chunk))
            found.update(
                r[0]
                for r in self.conn.execute(
                    f"SELECT id FROM papers WHERE id IN ({marks})", chunk
                )
            )
        return [i for i in ids if i in found]


def _chunks(items: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _paper_from_row(
    row: sqlite3.Row,
    *,
    tags: tuple[str, ...],
    lists: tuple[str, ...],
    sources: tuple[Source, ...],
) -> Paper:
    return Paper(
        paper_id=row["id"],
        title=row["title"],
        abstract=row["abstract"],
        authors_count=row["authors_count"],
        organisation=row["organisation"],
        published=row["published"],
        year_inferred=bool(row["year_inferred"]),
        date_raw=row["date_raw"],
        upvotes=row["upvotes"],
        links=tuple(json.loads(row["links"])),
        starred=bool(row["starred"]),
        status=Status(row["status"]),
        note=row["note"],
        tags=tags,
        lists=lists,
        citekey=row["citekey"],
        added=row["added"],
        sources=sources,
    )
