"""The app's own JSON backup: the whole library, user data included, as text.

A backup made with ``readinglist backup --json`` holds every paper with its star,
read status, note, tags, citation key and sources, every reading list in order,
the saved searches and the import history. It is one JSON object::

    {
      "format": "readinglist-backup",
      "version": 1,
      "created": "2025-11-22T06:15:00+00:00",
      "counts": {"papers": 401, "lists": 2, "saved_searches": 1, "imports": 3},
      "imports": [{"id": 1, "path": "daily.txt", "format": "hf-page", ...}],
      "lists": [{"name": "Thesis", "created": 1.7e9, "papers": ["4mzk2q7ba1"]}],
      "saved_searches": [{"name": "Unread ODEs", "query": "...", "created": 1.7e9}],
      "meta": {},
      "papers": [
        {"id": "4mzk2q7ba1", "title": "...", "starred": true, "note": "...", ...},
        ...
      ]
    }

with one paper per line, so problems can name a line and a damaged file still
gives up the papers before the damage when it is imported. Restoring one
(``readinglist restore``) is all or nothing: the file must be complete and every
record sound. Importing one (``readinglist import``) merges its papers, notes and
tags into the library like any other file.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from readinglist import __version__
from readinglist.core.jsonscan import FORMAT, looks_like_backup, scan
from readinglist.core.models import Status
from readinglist.core.store import Store, whole

VERSION = 1
_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
_BIG = 2**63

Check = Callable[[object], bool]


def _text(value: object) -> bool:
    return isinstance(value, str)


def _maybe_text(value: object) -> bool:
    return value is None or isinstance(value, str)


def _count(value: object) -> bool:
    return type(value) is int and 0 <= value < _BIG


def _maybe_count(value: object) -> bool:
    return value is None or _count(value)


def _number(value: object) -> bool:
    return type(value) in (int, float) and math.isfinite(value)  # type: ignore[arg-type]


def _texts(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _date(value: object) -> bool:
    return value is None or (isinstance(value, str) and bool(_DATE.match(value)))


def _status(value: object) -> bool:
    return value in {s.value for s in Status}


def _flag(value: object) -> bool:
    return isinstance(value, bool)


def _sources(value: object) -> bool:
    return isinstance(value, list) and all(
        isinstance(s, dict)
        and _count(s.get("import"))
        and _text(s.get("path"))
        and _count(s.get("line"))
        for s in value
    )


# Each paper field: how to check it, and its value when the record lacks it.
PAPER_FIELDS: dict[str, tuple[Check, object]] = {
    "abstract": (_maybe_text, None),
    "authors_count": (_maybe_count, None),
    "organisation": (_maybe_text, None),
    "published": (_date, None),
    "year_inferred": (_flag, False),
    "date_raw": (_maybe_text, None),
    "upvotes": (_maybe_count, None),
    "links": (_texts, []),
    "starred": (_flag, False),
    "status": (_status, "unread"),
    "note": (_text, ""),
    "tags": (_texts, []),
    "citekey": (_maybe_text, None),
    "added": (_number, 0.0),
    "modified": (_number, 0.0),
    "sources": (_sources, []),
}


def paper_problem(item: object) -> str | None:
    """Why a paper record cannot be used, or None when it is sound."""
    if not isinstance(item, dict):
        return "this paper is not a JSON object"
    for name in ("id", "title"):
        value = item.get(name)
        if not isinstance(value, str) or not value.strip():
            return f"this paper has no {name}"
    for name, (check, _) in PAPER_FIELDS.items():
        if name in item and not check(item[name]):
            return f"this paper's {name} is not valid: {item[name]!r}"
    return None


def paper_values(item: dict[str, Any]) -> dict[str, Any]:
    """A sound paper record with every field present (defaults filled in)."""
    values = {
        name: item.get(name, default) for name, (_, default) in PAPER_FIELDS.items()
    }
    return {"id": item["id"], "title": item["title"], **values}


# -- writing ----------------------------------------------------------------------


def dump(store: Store) -> str:
    """The whole library as the text of a JSON backup."""
    papers = whole.paper_records(store, ("id", "title", *PAPER_FIELDS))
    lists = whole.list_records(store)
    searches = whole.saved_search_records(store)
    imports = whole.import_records(store)
    header: dict[str, object] = {
        "format": FORMAT,
        "version": VERSION,
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "app": f"readinglist {__version__}",
        "counts": {
            "papers": len(papers),
            "lists": len(lists),
            "saved_searches": len(searches),
            "imports": len(imports),
        },
        "imports": imports,
        "lists": lists,
        "saved_searches": searches,
        "meta": whole.meta_values(store),
    }
    out = ["{"]
    for key, value in header.items():
        text = json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n  ")
        out.append(f"  {json.dumps(key)}: {text},")
    rows = ",\n".join("    " + json.dumps(p, ensure_ascii=False) for p in papers)
    out += (
        ['  "papers": [', rows, "  ]", "}", ""] if rows else ['  "papers": []', "}", ""]
    )
    return "\n".join(out)


# -- restoring --------------------------------------------------------------------


@dataclass(slots=True)
class Backup:
    """A complete, checked JSON backup, ready to become a library."""

    papers: list[dict[str, Any]]
    lists: list[dict[str, Any]]
    saved_searches: list[dict[str, Any]]
    imports: list[dict[str, Any]]
    meta: dict[str, str]


class BackupFormatError(ValueError):
    """A JSON backup that cannot be restored; the message names file and line."""


def load(path: Path) -> Backup:
    """Read and check a whole JSON backup for restoring.

    Raises:
        BackupFormatError: the file is incomplete, damaged or not a backup.
        OSError: the file cannot be read.
    """
    where = str(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BackupFormatError(
            f"{where} is not a JSON backup (it is not UTF-8 text)"
        ) from exc
    if not looks_like_backup(text):
        raise BackupFormatError(f"{where} is not a JSON backup made by Reading List")
    found = scan(text, where)
    if found.problems:
        raise BackupFormatError(f"{found.problems[0]}")
    header = found.header
    version = header.get("version")
    if type(version) is not int or version > VERSION:
        raise BackupFormatError(
            f"{where} was made by a newer Reading List (backup version {version}); "
            "please upgrade the app to restore it"
        )
    counts = header.get("counts")
    expected = counts.get("papers") if isinstance(counts, dict) else None
    if expected != len(found.papers):
        raise BackupFormatError(
            f"{where} is incomplete: it should hold {expected} papers but holds "
            f"{len(found.papers)}"
        )
    papers: list[dict[str, Any]] = []
    for line, item in found.papers:
        problem = paper_problem(item)
        if problem is not None:
            raise BackupFormatError(f"{where}, line {line}: {problem}")
        papers.append(paper_values(item))
    backup = Backup(
        papers=papers,
        lists=_records(header, "lists", where, {"name": _text, "created": _number}),
        saved_searches=_records(
            header,
            "saved_searches",
            where,
            {"name": _text, "query": _text, "created": _number},
        ),
        imports=_records(
            header,
            "imports",
            where,
            {"id": _count, "path": _text, "format": _text, "imported_at": _number},
        ),
        meta={str(k): str(v) for k, v in (header.get("meta") or {}).items()},
    )
    for entry in backup.lists:
        if not _texts(entry.get("papers", [])):
            raise BackupFormatError(f"{where}: the list {entry['name']!r} is not valid")
    return backup


def _records(
    header: dict[str, Any], key: str, where: str, checks: dict[str, Check]
) -> list[dict[str, Any]]:
    records = header.get(key, [])
    if not isinstance(records, list):
        raise BackupFormatError(f"{where}: “{key}” must be a list")
    for record in records:
        if not isinstance(record, dict) or not all(
            check(record.get(name)) for name, check in checks.items()
        ):
            raise BackupFormatError(
                f"{where}: an entry of “{key}” is not valid: {record!r}"
            )
    return records


def build_store(backup: Backup, target: Path) -> None:
    """Write ``backup`` into a new store file at ``target``, in one transaction.

    Raises:
        BackupFormatError: the records contradict each other (two papers with one
            title, a list naming a paper that is not there, ...).
    """
    try:
        whole.write_new(
            target,
            papers=backup.papers,
            lists=backup.lists,
            saved_searches=backup.saved_searches,
            imports=backup.imports,
            meta=backup.meta,
        )
    except sqlite3.IntegrityError as exc:
        raise BackupFormatError(
            f"the backup contradicts itself and cannot be restored ({exc}): "
            "two papers with the same title, id or citation key, or a list or "
            "source that names something missing"
        ) from exc
