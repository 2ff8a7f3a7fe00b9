"""The BibTeX and BibLaTeX exports through the real tools: bibtex, pdflatex, biber.

Every sample paper, every paper of the real listings and one paper holding every
character of the LaTeX table go into one file. What is allowed, precisely:

- ``bibtex`` with ``plain.bst``: exit 0, and no message but
  "Warning--to sort, need author or key in KEY", once for every entry (the papers
  have no authors; the listings do not name them).
- ``pdflatex``: exit 0 with ``-halt-on-error``, no error and no LaTeX warning on
  the final run, with the default OT1 fonts and with T1, with ``url`` and with
  ``hyperref`` (``howpublished`` holds ``\\url``).
- ``biber --tool --validate-datamodel``: exit 0 and no message but
  "Missing mandatory field - one of 'date, year'", once for every paper without
  a date. (biblatex's data model does not require an author for ``@online`` or
  ``@misc``, so biber never asks for one.)
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from bibtexparser.entrypoint import parse_string

from readinglist.core.exporters import export
from readinglist.core.exporters._base import citekeys
from readinglist.core.latex import _table
from readinglist.core.models import Paper
from tests.unit.core.test_export_samples import (
    listing_papers,
    record_papers,
    sample_papers,
)

pytestmark = pytest.mark.slow

PDFLATEX = [
    "pdflatex",
    "-interaction=nonstopmode",
    "-halt-on-error",
    "-no-shell-escape",
]
# Fields that a LaTeX document prints; the rest (keys, dates, ids) are data.
PRINTED_FIELDS = (
    "author",
    "title",
    "howpublished",
    "abstract",
    "keywords",
    "note",
    "annote",
    "journal",
    "booktitle",
    "publisher",
)


def needs(*tools: str) -> pytest.MarkDecorator:
    missing = [tool for tool in tools if shutil.which(tool) is None]
    return pytest.mark.skipif(bool(missing), reason=f"not installed: {missing}")


def all_papers() -> list[Paper]:
    every_char = "".join(_table())
    torture = Paper(
        paper_id="every-char",
        title="\n Every character: " + every_char + " 中😀 \t{",
        abstract=every_char,
        note="\n" + every_char + "\n",
        tags=("ε", "{tag}"),
        links=("https://example.org/" + "a_b%20~c/" * 20 + "#end",),
    )
    return [*sample_papers(), *listing_papers(), torture, *record_papers()]


def run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command,
        cwd=cwd,
        capture_output=True,
        text=True,
        errors="replace",
        stdin=subprocess.DEVNULL,
        timeout=600,
        check=False,
    )


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("latex")
    papers = all_papers()
    bibtex = export("bibtex", papers, include_notes=True)
    (directory / "refs.bib").write_text(bibtex, encoding="utf-8")
    biblatex = export("biblatex", papers, include_notes=True)
    (directory / "refs-biblatex.bib").write_text(biblatex, encoding="utf-8")
    return directory


def keys() -> list[str]:
    return citekeys(all_papers())


def scripts(directory: Path) -> str:
    """Preamble lines for the characters the .bib keeps as UTF-8 (CJK, emoji).

    This TeX installation has no fonts for them; a document citing such titles
    loads a package for the script, which these stand-ins take the place of.
    """
    text = (directory / "refs.bib").read_text(encoding="utf-8")
    chars = sorted({char for char in text if not char.isascii()})
    return "".join(f"\\DeclareUnicodeCharacter{{{ord(c):04X}}}{{?}}\n" for c in chars)


def run_bibtex(directory: Path, name: str) -> subprocess.CompletedProcess[str]:
    done = run(["bibtex", name], directory)
    assert done.returncode == 0, done.stdout
    return done


@needs("bibtex")
def test_bibtex_plain_reads_every_entry(workdir: Path) -> None:
    (workdir / "cite.aux").write_text(
        "\\relax\n\\citation{*}\n\\bibstyle{plain}\n\\bibdata{refs}\n", encoding="ascii"
    )
    done = run_bibtex(workdir, "cite")
    # bibtex prints four header lines, then every message, then a count.
    header = (
        "This is BibTeX",
        "The top-level auxiliary",
        "The style file",
        "Database file",
    )
    messages = [
        line for line in done.stdout.splitlines() if not line.startswith(header)
    ]
    authored = [bool(paper.authors) for paper in all_papers()]
    expected = [
        f"Warning--to sort, need author or key in {key}"
        for key, has_authors in zip(keys(), authored, strict=True)
        if not has_authors
    ]
    assert sum(authored) == len(record_papers())
    assert messages.pop() == f"(There were {len(expected)} warnings)"
    assert sorted(messages) == sorted(expected)
    bbl = (workdir / "cite.bbl").read_text(encoding="utf-8")
    assert bbl.count("\\bibitem{") == len(keys())
    assert 'Jane Smith, J{\\"o}rg M{\\"u}ller, and {Hugging Face}.' in bbl


@needs("bibtex", "pdflatex")
@pytest.mark.parametrize(
    ("fontenc", "url_package"), [("OT1", "url"), ("T1", "hyperref")]
)
def test_pdflatex_typesets_the_bibliography(
    workdir: Path, fontenc: str, url_package: str
) -> None:
    name = f"doc-{fontenc}-{url_package}"
    (workdir / f"{name}.tex").write_text(
        "\\documentclass{article}\n"
        f"\\usepackage[{fontenc}]{{fontenc}}\n"
        f"\\usepackage{{{url_package}}}\n" + scripts(workdir) + "\\begin{document}\n"
        "\\nocite{*}\n"
        "\\bibliographystyle{plain}\n"
        "\\bibliography{refs}\n"
        "\\end{document}\n",
        encoding="utf-8",
    )
    first = run([*PDFLATEX, name], workdir)
    assert first.returncode == 0, first.stdout[-3000:]
    run_bibtex(workdir, name)
    for _ in range(2):
        final = run([*PDFLATEX, name], workdir)
        assert final.returncode == 0, final.stdout[-3000:]
    log = (workdir / f"{name}.log").read_text(encoding="utf-8", errors="replace")
    assert [line for line in log.splitlines() if line.startswith("!")] == []
    assert [line for line in log.splitlines() if "Warning" in line] == []
    assert (workdir / f"{name}.pdf").stat().st_size > 0


@needs("pdflatex")
@pytest.mark.parametrize("fontenc", ["OT1", "T1"])
def test_pdflatex_typesets_every_field(workdir: Path, fontenc: str) -> None:
    """Fields plain.bst does not print (abstract, keywords) must compile too."""
    library = parse_string((workdir / "refs.bib").read_text("utf-8"))
    assert not library.failed_blocks
    body = []
    for entry in library.entries:
        for field in entry.fields:
            if field.key in PRINTED_FIELDS:
                body.append(f"\\noindent {field.value}\\par")
    name = f"fields-{fontenc}"
    (workdir / f"{name}.tex").write_text(
        "\\documentclass{article}\n"
        f"\\usepackage[{fontenc}]{{fontenc}}\n"
        "\\usepackage{url}\n"
        + scripts(workdir)
        + "\\begin{document}\n"
        + "\n".join(body)
        + "\n\\end{document}\n",
        encoding="utf-8",
    )
    done = run([*PDFLATEX, name], workdir)
    assert done.returncode == 0, done.stdout[-3000:]
    log = (workdir / f"{name}.log").read_text(encoding="utf-8", errors="replace")
    assert [line for line in log.splitlines() if line.startswith("!")] == []
    assert [line for line in log.splitlines() if "Warning" in line] == []


@needs("biber")
def test_biber_validates_the_biblatex_export(workdir: Path) -> None:
    out = workdir / "biber-out"
    out.mkdir(exist_ok=True)
    done = run(
        [
            "biber",
            "--tool",
            "--validate-datamodel",
            f"--output-directory={out}",
            "refs-biblatex.bib",
        ],
        workdir,
    )
    assert done.returncode == 0, done.stdout[-3000:]
    messages = [
        line
        for line in (done.stdout + done.stderr).splitlines()
        if not line.startswith("INFO - ")
    ]
    papers = all_papers()
    undated = [key for key, p in zip(keys(), papers, strict=True) if not p.published]
    expected = [
        f"WARN - Datamodel: Entry '{key}' (refs-biblatex.bib): Missing mandatory "
        "field - one of 'date, year' must be defined"
        for key in undated
    ]
    assert sorted(messages) == sorted(expected)
    assert len(undated) > 300  # the compact listing has no dates at all


def _has_biblatex() -> bool:
    found = shutil.which("kpsewhich") and run(["kpsewhich", "biblatex.sty"], Path("."))
    return bool(found and found.stdout.strip())


@needs("biber", "pdflatex", "kpsewhich")
@pytest.mark.skipif(not _has_biblatex(), reason="biblatex.sty is not installed")
def test_biblatex_biber_and_pdflatex_typeset_the_export(workdir: Path) -> None:
    name = "doc-biblatex"
    (workdir / f"{name}.tex").write_text(
        "\\documentclass{article}\n"
        "\\usepackage[T1]{fontenc}\n"
        "\\usepackage[backend=biber]{biblatex}\n"
        "\\addbibresource{refs-biblatex.bib}\n"
        + scripts(workdir)
        + "\\begin{document}\n\\nocite{*}\n\\printbibliography\n\\end{document}\n",
        encoding="utf-8",
    )
    first = run([*PDFLATEX, name], workdir)
    assert first.returncode == 0, first.stdout[-3000:]
    biber = run(["biber", name], workdir)
    assert biber.returncode == 0, biber.stdout[-3000:]
    final = run([*PDFLATEX, name], workdir)
    assert final.returncode == 0, final.stdout[-3000:]
    log = (workdir / f"{name}.log").read_text(encoding="utf-8", errors="replace")
    assert [line for line in log.splitlines() if line.startswith("!")] == []
