"""The command line: argparse sub-commands over the core library, no logic of its own.

Exit status: 0 when all went well, 1 when the work was done but some of it had
problems (all reported), 2 for a usage error or a library that cannot be opened.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import textwrap
from collections.abc import Callable, Sequence
from pathlib import Path

from readinglist import DISPLAY_NAME, __version__, cli_safety
from readinglist.core.exporters import EXPORTERS
from readinglist.core.index import SORTS
from readinglist.core.library import Library, LibraryError, UserDataError
from readinglist.core.locking import held_elsewhere
from readinglist.core.models import ImportReport, Paper, SearchResult
from readinglist.core.paths import default_library, library_path
from readinglist.core.store import STORE_FILE

OK, PROBLEMS, USAGE = 0, 1, 2
# Commands that only read: they open the library read-only, so they work while
# another process (the app) writes it, and never create a library.
READ_ONLY = {"search", "show", "stats", "check", "lists", "export", "backup"}
READ_ONLY_ACTIONS = {("list", "show")}
FORMATS = tuple(EXPORTERS)


class CliError(Exception):
    """A usage error, reported as one line and exit status 2."""


def _print_json(data: object) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


_stderr_progress = cli_safety.stderr_progress


# -- commands -------------------------------------------------------------------


def cmd_import(lib: Library, args: argparse.Namespace) -> int:
    paths = [Path(p) for p in args.paths if p != "-"]
    from_stdin = "-" in args.paths
    if not paths and not from_stdin and not args.samples:
        raise CliError("name at least one file to import, or use --samples")
    report = lib.import_files(paths, year=args.year)
    if from_stdin:
        # As pasted text is imported in the app; bad bytes are marked, not fatal.
        text = sys.stdin.buffer.read().decode("utf-8", "replace")
        report.files += lib.import_text(text, "standard input", year=args.year).files
    if args.samples:
        report.files += lib.import_samples().files
    if args.json:
        _print_json(report.to_json())
    else:
        _print_import(report)
    return PROBLEMS if report.problems else OK


def _print_import(report: ImportReport) -> None:
    for f in report.files:
        print(
            f"{f.path}: {f.parsed} read, {f.added} added, {f.merged} merged, "
            f"{f.unchanged} unchanged"
            + (f", {f.duplicates} duplicates" if f.duplicates else "")
            + (f" ({f.format})" if f.format else "")
        )
        for problem in f.problems:
            # Named in full (file, line, message): stdout may go elsewhere.
            print(f"  {problem}", file=sys.stderr)
    print(
        f"{report.added} added, {report.merged} merged, {report.unchanged} unchanged"
        f", {len(report.problems)} problems"
    )


def cmd_search(lib: Library, args: argparse.Namespace) -> int:
    result = lib.search(args.query, limit=args.limit, sort=args.sort)
    if args.json:
        _print_json(result.to_json())
    if result.error:
        print(
            f"readinglist: cannot search for {args.query!r}: {result.error}",
            file=sys.stderr,
        )
        return USAGE
    if not args.json:
        _print_search(result)
    return OK


def _limit(text: str) -> int:
    """A page size: a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(
            f"give how many papers to show, 1 or more (not {value})"
        )
    return value


def _print_search(result: SearchResult) -> None:
    for hit in result.hits:
        star = "*" if hit.starred else " "
        print(f"{hit.paper_id}  {star} {hit.date or '          '}  {hit.title}")
    shown = f"{len(result.hits)} of {result.total}" if result.hits else "no"
    print(f"{shown} papers ({result.elapsed_ms:.0f} ms)")
    if result.suggestion:
        print(f"Did you mean: {result.suggestion}")


def cmd_show(lib: Library, args: argparse.Namespace) -> int:
    paper = lib.paper(lib.resolve(args.id))
    if args.json:
        _print_json(paper.to_json())
    else:
        _print_paper(paper)
    return OK


def _print_paper(paper: Paper) -> None:
    date = paper.published or "unknown"
    if paper.year_inferred:
        date += f" (year inferred from {paper.date_raw!r})"
    rows = [
        ("id", paper.paper_id),
        ("citation key", paper.citekey or ""),
        ("date", date),
        ("authors", str(paper.authors_count) if paper.authors_count else ""),
        ("organisation", paper.organisation or ""),
        ("upvotes", str(paper.upvotes) if paper.upvotes is not None else ""),
        ("starred", "yes" if paper.starred else "no"),
        ("status", str(paper.status)),
        ("lists", ", ".join(paper.lists)),
        ("tags", ", ".join(paper.tags)),
        ("links", "  ".join(paper.links)),
        ("sources", ", ".join(f"{s.path}:{s.line}" for s in paper.sources)),
    ]
    print(paper.title)
    for label, value in rows:
        if value:
            print(f"  {label + ':':<14}{value}")
    if paper.abstract:
        print("\n" + textwrap.fill(paper.abstract, width=88))
    if paper.note:
        print("\nNote:\n" + textwrap.indent(paper.note, "  "))


def _each_paper(lib: Library, refs: Sequence[str]) -> tuple[list[str], int]:
    ids: list[str] = []
    status = OK
    for ref in refs:
        try:
            ids.append(lib.resolve(ref))
        except KeyError as exc:
            print(exc.args[0], file=sys.stderr)
            status = PROBLEMS
    return ids, status


def cmd_star(lib: Library, args: argparse.Namespace) -> int:
    ids, status = _each_paper(lib, args.ids)
    if ids:
        lib.set_starred(ids, args.command == "star")
    return status


def cmd_status(lib: Library, args: argparse.Namespace) -> int:
    lib.set_status(lib.resolve(args.id), args.status)
    return OK


def cmd_note(lib: Library, args: argparse.Namespace) -> int:
    text = sys.stdin.read() if args.text == "-" else args.text
    lib.set_note(lib.resolve(args.id), text.rstrip("\n") if args.text == "-" else text)
    return OK


def cmd_tag(lib: Library, args: argparse.Namespace) -> int:
    paper = lib.paper(lib.resolve(args.id))
    if args.command == "tag":
        tags = [*paper.tags, *args.tags]
    else:
        tags = [t for t in paper.tags if t not in args.tags]
    lib.set_tags(paper.paper_id, tags)
    return OK


def cmd_list(lib: Library, args: argparse.Namespace) -> int:
    action = args.action
    if action == "create":
        lib.create_list(args.name)
    elif action == "rename":
        lib.rename_list(args.name, args.new_name)
    elif action == "delete":
        lib.delete_list(args.name)
    elif action in ("add", "remove"):
        ids, status = _each_paper(lib, args.ids)
        if ids and action == "add":
            lib.add_to_list(args.name, ids)
        elif ids:
            lib.remove_from_list(args.name, ids)
        return status
    elif action == "show":
        papers = lib.papers(lib.list_ids(args.name))
        if args.json:
            _print_json({"name": args.name, "papers": [p.to_json() for p in papers]})
        else:
            for p in papers:
                print(f"{p.paper_id}  {'*' if p.starred else ' '} {p.title}")
    return OK


def cmd_lists(lib: Library, args: argparse.Namespace) -> int:
    lists = lib.lists()
    if args.json:
        _print_json([{"name": rl.name, "count": rl.count} for rl in lists])
    else:
        for rl in lists:
            print(f"{rl.count:6}  {rl.name}")
    return OK


def cmd_stats(lib: Library, args: argparse.Namespace) -> int:
    stats = lib.stats()
    if args.json:
        _print_json(stats)
    else:
        for key, value in stats.items():
            print(f"{key.replace('_', ' '):<16}{value}")
    return OK


def cmd_reindex(lib: Library, args: argparse.Namespace) -> int:
    lib.reindex(_stderr_progress("indexing"))
    print(f"indexed {lib.stats()['papers']} papers")
    return OK


def cmd_check(lib: Library, args: argparse.Namespace) -> int:
    errors = lib.check(deep=args.deep)
    for error in errors:
        print(error, file=sys.stderr)
    if not errors:
        stats = lib.stats()
        print(f"library at {lib.path} is sound ({stats['papers']} papers)")
        if stats["pending_index"]:
            print(
                f"{stats['pending_index']} changed papers wait to be indexed; "
                "they are indexed the next time the library is opened for writing"
            )
    return PROBLEMS if errors else OK


def cmd_export(lib: Library, args: argparse.Namespace) -> int:
    ids = lib.select(
        list_name=args.list,
        starred=args.starred,
        query=args.query,
        ids=args.ids or (),
        everything=args.all,
    )
    title = args.list or ("Starred papers" if args.starred else "Reading list")
    if args.query:
        title = f"Papers matching {args.query}"
    try:
        text = lib.export(
            args.format, ids, title=title, path=args.output, include_notes=args.notes
        )
    except OSError as exc:
        # The core's message says what is wrong with the place (see write_file).
        print(f"readinglist: cannot write {args.output}: {exc}", file=sys.stderr)
        return USAGE
    if args.output is None:
        sys.stdout.write(text)
    else:
        print(f"exported {len(ids)} papers to {args.output}", file=sys.stderr)
    return OK


# -- the parser -------------------------------------------------------------------


class _Commands:
    """Adds sub-commands to a parser, each with its function and help line."""

    def __init__(self, parser: argparse.ArgumentParser) -> None:
        self.sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add(
        self, name: str, func: Callable[..., int], help_: str, *, json: bool = False
    ) -> argparse.ArgumentParser:
        p = self.sub.add_parser(name, help=help_, description=help_)
        p.set_defaults(func=func)
        if json:
            _json_flag(p)
        return p


def _json_flag(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="print one JSON document")


def _library_commands(c: _Commands) -> None:
    p = c.add("import", cmd_import, "import listing, BibTeX, RIS or CSL-JSON files")
    p.add_argument("paths", nargs="*", metavar="PATH", help="a file, or - to read text")
    p.add_argument("--year", type=int, help="year for dates without one")
    p.add_argument("--samples", action="store_true", help="import the sample listings")
    _json_flag(p)
    p = c.add("search", cmd_search, "search the library", json=True)
    p.add_argument("query")
    p.add_argument(
        "--limit", type=_limit, default=20, help="papers to show (default 20)"
    )
    p.add_argument("--sort", choices=SORTS, default="relevance")
    c.add("lists", cmd_lists, "list the reading lists", json=True)
    c.add("stats", cmd_stats, "count papers, stars, notes and lists", json=True)
    p = c.add("export", cmd_export, "export papers for LaTeX, Zotero or a reader")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--list", metavar="NAME", help="a reading list, in its order")
    which.add_argument("--starred", action="store_true", help="the starred papers")
    which.add_argument("--query", metavar="Q", help="the results of a search")
    which.add_argument("--ids", nargs="+", metavar="ID", help="these papers")
    which.add_argument("--all", action="store_true", help="the whole library")
    p.add_argument("--format", choices=FORMATS, default="bibtex")
    p.add_argument("-o", "--output", metavar="FILE", help="write here, not stdout")
    p.add_argument("--notes", action="store_true", help="include your notes (annote)")
    c.add("reindex", cmd_reindex, "rebuild the search index from the store")
    p = c.add("check", cmd_check, "verify the store and the index agree")
    p.add_argument("--deep", action="store_true", help="also read the whole index")


def _paper_commands(c: _Commands) -> None:
    p = c.add("show", cmd_show, "show one paper (id, id prefix or citation key)")
    p.add_argument("id")
    _json_flag(p)
    for name in ("star", "unstar"):
        c.add(name, cmd_star, f"{name} papers").add_argument(
            "ids", nargs="+", metavar="ID"
        )
    p = c.add("status", cmd_status, "set a paper's read status")
    p.add_argument("id")
    p.add_argument("status", choices=["unread", "reading", "read"])
    p = c.add("note", cmd_note, "replace a paper's note (TEXT - reads stdin)")
    p.add_argument("id")
    p.add_argument("text")
    for name in ("tag", "untag"):
        p = c.add(name, cmd_tag, f"{'add' if name == 'tag' else 'remove'} tags")
        p.add_argument("id")
        p.add_argument("tags", nargs="+", metavar="TAG")


def _list_commands(c: _Commands) -> None:
    p = c.add("list", cmd_list, "manage reading lists")
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    for action in ("create", "delete"):
        actions.add_parser(action).add_argument("name")
    a = actions.add_parser("rename")
    a.add_argument("name")
    a.add_argument("new_name")
    for action in ("add", "remove"):
        a = actions.add_parser(action)
        a.add_argument("name")
        a.add_argument("ids", nargs="+", metavar="ID")
    a = actions.add_parser("show")
    a.add_argument("name")
    _json_flag(a)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, shared by ``main`` and the documentation."""
    parser = argparse.ArgumentParser(
        prog="readinglist",
        description=f"{DISPLAY_NAME}: a reading-list manager for research papers.\n"
        "Without a command, opens the app.",
        epilog="Run 'readinglist COMMAND --help' for a command's options.\n\n"
        f"default library: {default_library()}\n"
        "exit status: 0 when all went well, 1 when the work was done but some\n"
        "of it had problems (each one reported), 2 for a usage error or a\n"
        "library that cannot be opened.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {__version__}"
    )
    parser.add_argument(
        "--library",
        metavar="DIR",
        help="the library folder (default: "
        "$READINGLIST_LIBRARY, else the platform's data folder)",
    )
    commands = _Commands(parser)
    _library_commands(commands)
    _paper_commands(commands)
    _list_commands(commands)
    cli_safety.register(commands.add)
    return parser


def _nobody_writes(folder: Path) -> bool:
    """True for a library that no window or command has open.

    A command that only reads then opens it as the writer would, so that what
    a crash left unindexed is indexed first and every search is whole; beside
    a writer it reads without waiting.
    """
    store = folder / STORE_FILE
    return store.is_file() and os.access(store, os.W_OK) and not held_elsewhere(folder)


def _open_gui(library: Path, files: Sequence[Path] = ()) -> int:
    try:
        from readinglist.gui.app import run  # noqa: PLC0415 -- Qt only when needed
    except ImportError as exc:
        print(f"the app cannot start: {exc}", file=sys.stderr)
        return USAGE
    return run(library, files)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = build_parser()
    # "Open with Reading List" runs `readinglist [--library DIR] FILE...`: files
    # where a command would be open the app and import them.
    opening = argparse.ArgumentParser(add_help=False, exit_on_error=False)
    opening.add_argument("--library")
    opening.add_argument("files", nargs="*")
    commands = {
        name
        for action in parser._actions
        if isinstance(action, argparse._SubParsersAction)
        for name in action.choices
    }
    words = list(sys.argv[1:] if argv is None else argv)
    try:
        given, rest = opening.parse_known_args(words)
    except argparse.ArgumentError:
        given, rest = argparse.Namespace(files=[]), words
    files = [Path(f) for f in given.files]
    if not rest and files and given.files[0] not in commands and files[0].is_file():
        return _open_gui(library_path(given.library), files)
    args = parser.parse_args(argv)
    folder = library_path(args.library)
    if args.command is None:
        return _open_gui(folder)
    readonly = (
        args.command in READ_ONLY
        or (args.command, getattr(args, "action", None)) in READ_ONLY_ACTIONS
    ) and not _nobody_writes(folder)
    try:
        # A writable open rebuilds a missing or damaged index: show how far.
        progress = None if readonly else _stderr_progress("rebuilding the search index")
        with Library.open(folder, readonly=readonly, progress=progress) as lib:
            for notice in lib.notices:
                print(f"readinglist: {notice}", file=sys.stderr)
            status: int = args.func(lib, args)
            return status
    except CliError as exc:
        parser.error(str(exc))
    except LibraryError as exc:
        print(f"readinglist: {exc}", file=sys.stderr)
        return USAGE
    except (UserDataError, KeyError) as exc:
        message = exc.args[0] if exc.args else str(exc)
        print(f"readinglist: {message}", file=sys.stderr)
        return PROBLEMS
    except BrokenPipeError:
        return OK
    return OK
