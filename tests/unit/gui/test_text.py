"""Plain text stays plain: tooltips, links, match spans and the paper document."""

from __future__ import annotations

import html
import itertools

from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtGui import QFont, QPalette, QTextDocument
from PySide6.QtWidgets import QApplication

from readinglist.core.models import Highlight, Paper, Source
from readinglist.gui.text import (
    find_links,
    match_colour,
    merge_spans,
    muted_colour,
    plain_tooltip,
    star_colour,
)
from readinglist.gui.widgets.paper_document import (
    date_text,
    match_spans,
    render_paper,
)

PAPER = Paper(
    paper_id="p1",
    title="Diffusion <b>models</b> & friends",
    abstract="We train diffusion models. Code: https://github.com/x/y. See (https://a.org/b_(c)).",
    authors_count=4,
    organisation="Stanford AI",
    published="2025-10-08",
    year_inferred=True,
    date_raw="Oct 8",
    upvotes=12,
    citekey="diffusion2025",
    sources=(Source("/data/daily-papers-dec-31.txt", 40),),
)


def render(
    app: QApplication, paper: Paper, highlights: list[Highlight]
) -> QTextDocument:
    """The paper document for ``paper`` in the application palette."""
    doc = QTextDocument()
    render_paper(doc, paper, highlights, app.palette(), QFont(app.font()))
    return doc


def anchors(doc: QTextDocument) -> list[tuple[str, str]]:
    """The linked pieces of text and where they link to."""
    found = []
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fmt = it.fragment().charFormat()
            if fmt.isAnchor():
                found.append((it.fragment().text(), fmt.anchorHref()))
            it += 1
        block = block.next()
    return found


def test_plain_tooltips_escape_markup() -> None:
    tip = plain_tooltip("<b>x</b> & y\nz")
    assert "<b>x</b>" not in tip
    assert "&lt;b&gt;x&lt;/b&gt; &amp; y<br>z" in tip


@given(st.text())
def test_any_title_round_trips_through_a_tooltip(text: str) -> None:
    tip = plain_tooltip(text)
    body = tip.removeprefix("<p style='white-space:pre-wrap'>").removesuffix("</p>")
    assert html.unescape(body.replace("<br>", "\n")) == text


def test_links_lose_trailing_punctuation() -> None:
    text = PAPER.abstract or ""
    urls = [url for _, _, url in find_links(text)]
    assert urls == ["https://github.com/x/y", "https://a.org/b_(c)"]
    for start, end, url in find_links(text):
        assert text[start:end] == url


def test_links_split_at_braces() -> None:
    text = "https://github.com/a/b}{https://github.com/a/b."
    assert [u for _, _, u in find_links(text)] == [
        "https://github.com/a/b",
        "https://github.com/a/b",
    ]


@given(
    st.lists(st.tuples(st.integers(-5, 60), st.integers(-5, 60))), st.integers(0, 50)
)
def test_merged_spans_are_disjoint_and_inside(
    spans: list[tuple[int, int]], length: int
) -> None:
    merged = merge_spans(spans, length)
    for (_, e1), (s2, _) in itertools.pairwise(merged):
        assert e1 < s2
    assert all(0 <= s < e <= length for s, e in merged)
    covered = {i for s, e in spans for i in range(max(s, 0), min(e, length))}
    assert covered == {i for s, e in merged for i in range(s, e)}


def test_match_spans_use_offsets_or_find_the_words() -> None:
    title = PAPER.title
    exact = [Highlight("title", title, ((0, 9),))]
    assert match_spans(title, "title", exact) == [(0, 9)]
    fragment = [Highlight("abstract", "diffusion models.", ((0, 9),))]
    abstract = PAPER.abstract or ""
    assert match_spans(abstract, "abstract", fragment) == [(9, 18)]
    elsewhere = [Highlight("abstract", "… Diffusion …", ((2, 11),))]
    assert match_spans(abstract, "abstract", elsewhere) == [(9, 18)]
    assert match_spans(abstract, "title", fragment) == []


# Letters, marks, symbols and the characters markup is made of; not the
# separators and controls a text document turns into paragraph breaks.
MARKUP_TEXT = st.text(
    st.characters(exclude_categories=("C", "Z")) | st.sampled_from(" <>&;/=\"'#"),
    min_size=1,
)


@given(title=MARKUP_TEXT)
def test_any_title_is_shown_as_written(qapp: QApplication, title: str) -> None:
    paper = Paper(paper_id="x", title=title, abstract=title)
    text = render(qapp, paper, []).toPlainText()
    assert text.startswith(title + "\n")
    assert f"ABSTRACT\n{title}" in text


def test_the_document_has_facts_links_and_details(qapp: QApplication) -> None:
    doc = render(qapp, PAPER, [Highlight("title", PAPER.title, ((0, 9),))])
    text = doc.toPlainText()
    assert text.startswith("Diffusion <b>models</b> & friends\n")
    assert "8 Oct 2025 (year inferred)" in text
    assert "Stanford AI" in text and "4 authors" in text and "12 upvotes" in text
    assert "Citation key:  diffusion2025" in text
    assert "daily-papers-dec-31.txt, line 40" in text
    assert anchors(doc) == [
        ("https://github.com/x/y", "https://github.com/x/y"),
        ("https://a.org/b_(c)", "https://a.org/b_(c)"),
    ]


def test_the_inferred_year_explains_itself(qapp: QApplication) -> None:
    doc = render(qapp, PAPER, [])
    tips = []
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            tip = it.fragment().charFormat().toolTip()
            if tip:
                tips.append((it.fragment().text(), tip))
            it += 1
        block = block.next()
    assert (
        " (year inferred)",
        "The year is inferred from the listing, which gave only 'Oct 8'.",
    ) in tips


def test_dates_read_like_dates() -> None:
    assert date_text(PAPER) == "8 Oct 2025"
    assert date_text(Paper("x", "t")) == ""


def test_colours_come_from_the_palette() -> None:
    light = QPalette()
    light.setColor(QPalette.ColorRole.Base, "#ffffff")
    light.setColor(QPalette.ColorRole.Text, "#000000")
    light.setColor(QPalette.ColorRole.Highlight, "#3070d0")
    dark = QPalette(light)
    dark.setColor(QPalette.ColorRole.Base, "#202020")
    dark.setColor(QPalette.ColorRole.Text, "#f0f0f0")
    for palette in (light, dark):
        base = palette.color(QPalette.ColorRole.Base).lightnessF()
        text = palette.color(QPalette.ColorRole.Text).lightnessF()
        muted = muted_colour(palette).lightnessF()
        assert min(base, text) < muted < max(base, text)
        assert abs(match_colour(palette).lightnessF() - base) < 0.45
        assert abs(star_colour(palette).lightnessF() - base) > 0.3
