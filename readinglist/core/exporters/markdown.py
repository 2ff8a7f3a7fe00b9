"""Markdown: a reading list a person can paste into an issue, a wiki or a chat.

A heading with the list's name, then one section per paper: its title (with a
star when starred), a line with date, status and tags, the note as a quote and
the links. Text is escaped for CommonMark and GitHub's extensions (emphasis,
code, links, HTML, strikethrough, math, tables, and block markers at a line's
start), so "ell_p", "$O(n)$" or "<3" show as written rather than as markup.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from readinglist.core.exporters._base import (
    Exporter,
    clean_tags,
    clean_text,
    date_parts,
    iso_date,
    one_line,
)
from readinglist.core.models import Paper
from readinglist.core.weblinks import is_web_url

STAR = "\u2605"

_INLINE = re.compile(r"([\\`*_\[\]<#|~$])|&(?=#?\w+;)")
_LINE_START = re.compile(r"^(\s*)([-+=>]|\d+(?=[.)]))")
_AUTOLINK = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*$")


def escape(text: str) -> str:
    """``text`` escaped so that Markdown renders every character literally."""
    escaped = _INLINE.sub(lambda m: "\\" + m.group(0), text)
    match = _LINE_START.match(escaped)
    if match:
        marker = match.group(2)
        if marker[0].isdigit():  # "1." starts a list; escape the dot
            end = match.end()
            escaped = escaped[:end] + "\\" + escaped[end:]
        else:
            start = match.start(2)
            escaped = escaped[:start] + "\\" + escaped[start:]
    return escaped


def _quote(note: str) -> list[str]:
    lines = [line.rstrip() for line in note.strip("\n").split("\n")]
    out: list[str] = []
    for index, line in enumerate(lines):
        if not line:
            out.append(">")
            continue
        # Leading spaces would make an indented code block; no-break spaces
        # keep the indentation visible without that.
        body = line.lstrip()
        indent = "\u00a0" * (len(line) - len(body))
        hard_break = index + 1 < len(lines) and lines[index + 1] != ""
        out.append("> " + indent + escape(body) + ("\\" if hard_break else ""))
    return out


def _link(url: str) -> str:
    url = " ".join(clean_text(url).split())
    # Anything but a web address is written as text, never as a link.
    return f"<{url}>" if _AUTOLINK.match(url) and is_web_url(url) else escape(url)


def _section(paper: Paper) -> list[str]:
    title = escape(one_line(clean_text(paper.title)).strip())
    heading = f"## {STAR} {title}" if paper.starred else f"## {title}"
    facts = []
    parts = date_parts(paper.published)
    if parts:
        facts.append(iso_date(parts))
    facts.append(str(paper.status))
    tags = clean_tags(paper.tags)
    if tags:
        facts.append("tags: " + ", ".join(escape(tag) for tag in tags))
    lines = [heading, "", " \u00b7 ".join(facts)]
    note = clean_text(paper.note).strip()
    if note:
        lines += ["", *_quote(note)]
    links = [link for link in paper.links if link.strip()]
    if links:
        lines += ["", *(f"- {_link(link)}" for link in links)]
    return lines


def export(papers: Sequence[Paper], *, title: str = "Reading list") -> str:
    """The papers as a Markdown reading list.

    Args:
        papers: the papers, in order.
        title: the list's name, used as the top heading.

    Returns:
        Markdown text ending with a line break.
    """
    heading = escape(one_line(clean_text(title)).strip()) or "Reading list"
    count = len(papers)
    lines = [f"# {heading}", "", f"{count} paper{'' if count == 1 else 's'}"]
    for paper in papers:
        lines += ["", *_section(paper)]
    return "\n".join(lines) + "\n"


EXPORTER = Exporter(
    name="markdown",
    label="Markdown",
    extension=".md",
    # Notes are what a shared reading list is for: always written here.
    write=lambda papers, title, include_notes: export(papers, title=title),
)
