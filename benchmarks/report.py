"""The benchmark's results as Markdown tables (printed, and pasted in the README)."""

from __future__ import annotations

from typing import Any

# p95 targets in milliseconds at 100,000 papers, per query class.
TARGETS = {
    "words": 50,
    "typeahead": 50,
    "phrase": 50,
    "prefix": 50,
    "field": 50,
    "starred": 50,
    "typo": 50,
    "typeahead-empty": 50,
    "typeahead-operators": 50,
    "short-prefix": 50,
    "fuzzy": 50,
}
LABELS = {
    "words": "words (1-3)",
    "typeahead": "type-ahead (each key)",
    "typeahead-ids": "type-ahead, all ids (what the window runs)",
    "phrase": '"phrase"',
    "prefix": "prefix*",
    "field": "field:value",
    "starred": "starred:yes",
    "typo": "misspelt word (no result, suggestion)",
    "typeahead-empty": "type-ahead ending in a misspelt word",
    "typeahead-operators": "type-ahead `a OR b`, `a NOT b`",
    "short-prefix": "2-3 letter prefix*",
    "fuzzy": "misspelt word~ (FTS5: the word spelt right)",
}


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _imports(found: dict[str, Any]) -> list[str]:
    ours, fts = found["import"], found["fts5"]
    ceiling, stock = found.get("ceiling"), found.get("stock")
    rows = [
        ("Reading List `import_files`", ours),
        ("bare Whoosh writer, same schema, app's writer processes (ceiling)", ceiling),
        ("bare Whoosh writer, same schema, as Whoosh ships it", stock),
        ("SQLite FTS5 (peer)", fts),
    ]
    rows = [(label, row) for label, row in rows if row is not None]
    lines = [
        _row(["import (parse, store, index)", "papers/s", "s", "peak RSS MB"]),
        _row(["---", "---:", "---:", "---:"]),
    ]
    for label, row in rows:
        memory = f"{row['rss_mb']:.0f}"
        if row.get("children_rss_mb"):
            memory += f" + writers {row['children_rss_mb']:.0f}"
        lines.append(
            _row(
                [
                    label,
                    f"{row['papers_per_s']:,.0f}",
                    f"{row['seconds']:.1f}",
                    memory,
                ]
            )
        )
    if ceiling is None or stock is None:
        return lines
    ratio = ours["papers_per_s"] / ceiling["papers_per_s"]
    versus = ours["papers_per_s"] / stock["papers_per_s"]
    return [
        *lines,
        "",
        f"Ours / ceiling: **{ratio:.0%}** (and {versus:.0%} of Whoosh's own writer).",
    ]


def _queries(found: dict[str, Any]) -> list[str]:
    lines = [
        _row(
            [
                "query (first page of 20, highlights, total)",
                "n",
                "p50",
                "p95",
                "max",
                "FTS5 p50",
                "FTS5 p95",
                "FTS5 max",
                "p95 ours/FTS5",
                "target p95",
            ]
        ),
        _row(["---", *["---:"] * 9]),
    ]
    for kind, label in LABELS.items():
        row = found["search"]["queries"].get(kind)
        if row is None:
            continue
        ours, fts = row["ours"], row.get("fts5")
        peer = (
            ["", "", ""]
            if fts is None
            else [_ms(fts[k]) for k in ("p50", "p95", "max")]
        )
        ratio = f"{ours['p95'] / fts['p95']:.2f}" if fts and fts["p95"] else ""
        target = f"≤ {TARGETS[kind]}" if kind in TARGETS else ""
        lines.append(
            _row(
                [
                    label,
                    str(ours["n"]),
                    *[_ms(ours[k]) for k in ("p50", "p95", "max")],
                    *peer,
                    ratio,
                    target,
                ]
            )
        )
    empty = found["search"].get("empty", {})
    said = [
        f"{LABELS[k]}: {v['suggested']} of {v['queries']}"
        for k, v in empty.items()
        if k in LABELS
    ]
    if said:
        lines += [
            "",
            "Queries with no result that offered a suggestion: " + "; ".join(said),
        ]
    return lines


def _actions(found: dict[str, Any]) -> list[str]:
    writes = found["search"]["writes"]
    lines = [
        _row(["user action (store and index, durable)", "p50 ms", "p95 ms", "target"]),
        _row(["---", "---:", "---:", "---:"]),
    ]
    for key, label, target in (
        ("set_starred", "`set_starred`", "≤ 20"),
        ("set_note", "`set_note`", "≤ 20"),
        ("search_after_write", "the next search (shows the change)", ""),
    ):
        lines.append(
            _row([label, _ms(writes[key]["p50"]), _ms(writes[key]["p95"]), target])
        )
    return lines


def _start(found: dict[str, Any]) -> list[str]:
    opened = found["open"]
    lines = [
        _row(["start", "ms", "memory MB", "target"]),
        _row(["---", "---:", "---:", "---:"]),
    ]
    first = found.get("first_open")
    if first:
        label = "first open after the import (checks every index segment)"
        lines.append(_row([label, _ms(first["open_ms"]), "", ""]))
    lines += [
        _row(["open the library (fresh process)", _ms(opened["open_ms"]), "", ""]),
        _row(
            [
                "open, then ids and rows of the first page",
                _ms(opened["first_page_ms"]),
                f"{opened['rss_mb']:.0f}",
                "",
            ]
        ),
    ]
    window = found.get("gui")
    if window:
        lines.append(
            _row(
                [
                    "the app, launch to first page painted",
                    _ms(window["first_page_ms"]),
                    f"{window['rss_peak_mb']:.0f} (peak, after one typed query)",
                    "≤ 1500 ms, ≤ 400 MB",
                ]
            )
        )
    return lines


def _ms(value: float) -> str:
    return f"{value:,.1f}" if value < 100 else f"{value:,.0f}"


def table(results: dict[str, Any]) -> str:
    """Every size's tables, as Markdown."""
    out: list[str] = []
    for size, found in results["sizes"].items():
        out += [
            f"### {int(size):,} papers",
            "",
            f"Load average {found['load_before']} before, {found['load_after']} after.",
            "",
            *_imports(found),
            "",
            *_queries(found),
            "",
            *_actions(found),
            "",
            *_start(found),
            "",
        ]
    out.append(f"Whole run: {results['seconds']:.0f} s.")
    return "\n".join(out)
