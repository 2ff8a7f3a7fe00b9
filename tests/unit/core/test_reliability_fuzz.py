"""Property tests for every importer: cut, damaged or random files never break one.

The listing importers have their own property tests (``test_importers_fuzz``);
these cover BibTeX, RIS, CSL-JSON and the JSON backup, from documents the app
itself writes, then cut short or damaged at random: a cut keeps every entry
before it, damage never raises, and whatever reaches the library keeps it sound.
"""

from __future__ import annotations

import json
import os
import random
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readinglist.core import Library, exporters, jsonscan
from readinglist.core.importers import ParseContext, parse_text
from readinglist.core.models import Paper, ParseResult

FUZZ = settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
WORDS = ("Deep", "Sparse", "Über", "naïve", "Graphs", "of", "50%", "&", "{x}", "2")
FORMATS = ("bibtex", "ris", "csljson", "readinglist-json")
# Where each format's entries end, to know which a cut leaves whole.
ENDS = {
    "bibtex": re.compile(r"\n\}\n"),
    "ris": re.compile(r"ER  - \n"),
    "csljson": re.compile(r"\n  \}(?=[,\n])"),
    "readinglist-json": re.compile(r"(?m)^    \{.*\}(?=,?\n)"),
}


@st.composite
def papers(draw: st.DrawFn) -> list[Paper]:
    count = draw(st.integers(min_value=1, max_value=6))
    made = []
    for n in range(count):
        words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=6))
        title = " ".join(["Paper", str(n), *words])
        made.append(
            Paper(
                paper_id=f"id{n}",
                title=title,
                abstract=draw(st.sampled_from([None, "We study it; 14.2% better."])),
                published=draw(st.sampled_from([None, "2024-10-08", "2021"])),
                note=draw(st.sampled_from(["", "a note\nwith {braces} & 50%"])),
                tags=tuple(draw(st.lists(st.sampled_from(["ode", "to read"]))))[:2],
                citekey=f"paper{n}key",
            )
        )
    return made


def backup_text(made: list[Paper]) -> str:
    """A JSON backup as ``readinglist backup --json`` lays it out."""
    header = {"format": jsonscan.FORMAT, "version": 1, "counts": {"papers": 0}}
    header["counts"] = {"papers": len(made)}
    rows = [
        "    " + json.dumps({**p.to_json(), "id": p.paper_id}, ensure_ascii=False)
        for p in made
    ]
    lines = [f"  {json.dumps(k)}: {json.dumps(v)}," for k, v in header.items()]
    return (
        "{\n" + "\n".join(lines) + '\n  "papers": [\n' + ",\n".join(rows) + "\n  ]\n}\n"
    )


def document(fmt: str, made: list[Paper]) -> str:
    if fmt == "readinglist-json":
        return backup_text(made)
    return exporters.export(fmt, made)


def whole_entries(fmt: str, text: str, cut: int, made: list[Paper]) -> list[str]:
    """The titles of the entries that end before ``cut``."""
    ends = [m.end() for m in ENDS[fmt].finditer(text)]
    assert len(ends) == len(made), (fmt, text)
    return [p.title for p, end in zip(made, ends, strict=True) if end <= cut]


def check_result(result: ParseResult, text: str) -> None:
    lines = text.count("\n") + 1
    for problem in result.problems:
        assert problem.path == "fuzz"
        assert 0 <= problem.line <= lines + 1
        assert problem.message
    for paper in result.papers:
        assert paper.title.strip()  # spaces around it are the file's business
        assert 1 <= paper.line <= lines


@pytest.mark.parametrize("fmt", FORMATS)
@FUZZ
@given(made=papers(), data=st.data())
def test_a_cut_keeps_every_entry_before_it(
    fmt: str, made: list[Paper], data: st.DataObject
) -> None:
    text = document(fmt, made)
    whole = parse_text(text, "fuzz", ParseContext())
    assert whole.problems == []
    assert [p.title for p in whole.papers] == [p.title for p in made]
    cut = data.draw(st.integers(min_value=0, max_value=len(text)))
    result = parse_text(text[:cut], "fuzz", ParseContext())
    check_result(result, text[:cut])
    kept = [p.title for p in result.papers]
    assert set(whole_entries(fmt, text, cut, made)) <= set(kept)
    assert set(kept) <= {p.title for p in made}  # nothing half-read is kept


# Bits of syntax, and values a store or an index could choke on: a JSON escape
# for half a surrogate pair, a number too big for SQLite, a NUL character.
JUNK = st.one_of(
    st.text(st.sampled_from('{}[]",:\\@=\n \ud800Ü0'), max_size=8),
    st.sampled_from(["\\ud800", "\\udfff x", "99999999999999999999999", "\x00"]),
)


def damaged(text: str, data: st.DataObject) -> str:
    """``text`` with a few random spans replaced, dropped or repeated."""
    for _ in range(data.draw(st.integers(min_value=1, max_value=4))):
        start = data.draw(st.integers(min_value=0, max_value=len(text)))
        end = data.draw(
            st.integers(min_value=start, max_value=min(len(text), start + 40))
        )
        how = data.draw(st.sampled_from(["replace", "drop", "repeat"]))
        if how == "replace":
            junk = data.draw(JUNK)
            text = text[:start] + junk + text[end:]
        elif how == "drop":
            text = text[:start] + text[end:]
        else:
            text = text[:end] + text[start:end] + text[end:]
    return text


@pytest.mark.parametrize("fmt", FORMATS)
@FUZZ
@given(made=papers(), data=st.data())
def test_damage_never_raises(fmt: str, made: list[Paper], data: st.DataObject) -> None:
    text = damaged(document(fmt, made), data)
    check_result(parse_text(text, "fuzz", ParseContext()), text)


@pytest.fixture(scope="module")
def shared_library(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    lib = Library.open(tmp_path_factory.mktemp("fuzz") / "library")
    yield lib
    assert lib.check() == []
    lib.close()


@settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(fmt=st.sampled_from(FORMATS), made=papers(), data=st.data())
def test_whatever_is_read_can_be_stored(
    shared_library: Library,
    tmp_path: Path,
    fmt: str,
    made: list[Paper],
    data: st.DataObject,
) -> None:
    # From file to store and index: catches values an importer accepts but
    # SQLite or Whoosh refuses (half surrogate pairs, huge numbers, ...).
    # Hypothesis seeds the random module alike for every example, and Whoosh
    # names new segments with it: two examples would write the same segment.
    random.seed(os.urandom(16))
    path = tmp_path / f"fuzz.{fmt}"
    text = document(fmt, made)
    if data.draw(st.booleans()):
        # A JSON escape for half a surrogate pair: valid JSON, unstorable text.
        text = text.replace("Paper 0", "Paper 0 \\ud800", 1)
    path.write_text(damaged(text, data), "utf-8", errors="surrogatepass")
    report = shared_library.import_files([path])
    assert all(p.path == str(path) for p in report.problems)
    assert shared_library.stats()["pending_index"] == 0
