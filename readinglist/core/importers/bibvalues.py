"""Field values of a BibTeX file: ``@string`` macros, ``#``, crossref, names.

bibtexparser splits the file into entries and fields and leaves values raw
(``{...}``, ``"..."``, a number, a macro, or parts joined by ``#``); this module
turns them into text with the file's ``@string`` macros expanded, resolves
``crossref`` and ``xdata`` inheritance, which bibtexparser does not do, and
splits author lists into names with bibtexparser's own name splitter.
"""

from __future__ import annotations

from collections.abc import Mapping

from bibtexparser.middlewares.names import (
    parse_single_name_into_parts,
    split_multiple_persons_names,
)

from readinglist.core.latex import decode_latex
from readinglist.core.recordfields import Name

# BibTeX's predefined month macros expand to their names.
_MONTH_MACROS = {
    "jan": "January",
    "feb": "February",
    "mar": "March",
    "apr": "April",
    "may": "May",
    "jun": "June",
    "jul": "July",
    "aug": "August",
    "sep": "September",
    "oct": "October",
    "nov": "November",
    "dec": "December",
}

# Fields a child never inherits: they name the parent, not the work.
_NOT_INHERITED = frozenset({"crossref", "xdata", "xref", "ids", "entryset", "key"})
_MAX_DEPTH = 8


def _split_concatenation(raw: str) -> list[str]:
    """The parts of ``a # {b} # "c"``, split at ``#`` outside braces and quotes."""
    parts: list[str] = []
    depth, quoted, start = 0, False, 0
    for index, char in enumerate(raw):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == '"' and depth == 0:
            quoted = not quoted
        elif char == "#" and depth == 0 and not quoted:
            parts.append(raw[start:index])
            start = index + 1
    parts.append(raw[start:])
    return [part.strip() for part in parts]


def resolve_value(raw: str, strings: Mapping[str, str]) -> str:
    """A raw field value as LaTeX text: enclosures removed, macros expanded.

    Args:
        raw: the value as bibtexparser read it, enclosure included.
        strings: the file's ``@string`` macros, keys lowercased, already
            resolved.

    Returns:
        The value's LaTeX source; an unknown macro stays as its own name.
    """
    out: list[str] = []
    for part in _split_concatenation(raw.strip()):
        if len(part) >= 2 and part[0] + part[-1] in ("{}", '""'):
            out.append(part[1:-1])
        elif part.isdigit():
            out.append(part)
        else:
            macro = part.lower()
            out.append(strings.get(macro, _MONTH_MACROS.get(macro, part)))
    return "".join(out)


def inherit(
    entries: Mapping[str, dict[str, str]], types: Mapping[str, str]
) -> dict[str, dict[str, str]]:
    """Every entry's fields with what ``crossref`` and ``xdata`` give it.

    A child keeps its own fields and takes the missing ones from its parents
    (``xdata`` first, then ``crossref``), as BibTeX and biber do; a parent's
    ``title`` also becomes the child's ``booktitle`` (and a book's ``booktitle``
    is kept as is). Chains resolve; a loop or a missing parent is left alone.

    Args:
        entries: fields per citation key (keys lowercased), values resolved.
        types: entry type per citation key, lowercased.

    Returns:
        A new mapping, same keys, with inherited fields added.
    """
    done: dict[str, dict[str, str]] = {}

    def resolve(key: str, depth: int) -> dict[str, str]:
        if key in done:
            return done[key]
        fields = dict(entries[key])
        if depth < _MAX_DEPTH:
            parents = [p.strip().lower() for p in fields.get("xdata", "").split(",")]
            crossref = fields.get("crossref", "").strip().lower()
            for parent in [*parents, crossref]:
                if not parent or parent == key or parent not in entries:
                    continue
                given = resolve(parent, depth + 1)
                is_crossref = parent == crossref
                # biber's rule: the parent's title is the child's booktitle,
                # unless the parent carries a booktitle itself (BibTeX's).
                takes_title = is_crossref and "booktitle" not in fields
                takes_title = takes_title and "booktitle" not in given
                if (
                    takes_title
                    and "title" in given
                    and types.get(parent, "misc") != "misc"
                ):
                    fields["booktitle"] = given["title"]
                for name, value in given.items():
                    if name not in _NOT_INHERITED and name not in fields:
                        fields[name] = value
        done[key] = fields
        return fields

    for key in entries:
        resolve(key, 0)
    return done


def _literal(raw: str) -> str | None:
    """The name inside ``{Hugging Face}`` when the braces enclose the whole name."""
    raw = raw.strip()
    if not (raw.startswith("{") and raw.endswith("}")):
        return None
    depth = 0
    for index, char in enumerate(raw):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth == 0 and index < len(raw) - 1:
            return None
    return raw[1:-1]


def parse_names(raw: str) -> tuple[Name, ...]:
    """The names of an ``author`` or ``editor`` value (LaTeX), in order.

    ``and others`` (et al.) is left out: it names nobody.
    """
    names: list[Name] = []
    for person in split_multiple_persons_names(raw):
        if not person.strip() or person.strip().lower() == "others":
            continue
        literal = _literal(person)
        if literal is not None:
            whole = decode_latex(literal)
            if whole:
                names.append(Name(literal=whole))
            continue
        try:
            parts = parse_single_name_into_parts(person, strict=False)
        except Exception:  # a name bibtexparser cannot split is kept whole
            names.append(Name(literal=decode_latex(person)))
            continue

        def text(words: list[str]) -> str:
            return decode_latex(" ".join(words))

        family = text(parts.last)
        if not family:
            continue
        names.append(
            Name(
                family=family,
                given=text(parts.first),
                particle=text(parts.von),
                suffix=text(parts.jr),
            )
        )
    return tuple(names)
