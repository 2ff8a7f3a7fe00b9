"""Which of a paper's links are web addresses that may be opened or exported.

Links come from imported files, so they are data, not instructions. Only
``http`` and ``https`` addresses with a host are treated as links: they are
clickable in the app and written as URLs by the exporters. Anything else
(``file:``, ``smb:``, ``javascript:``, ``data:`` ...) stays plain text, since
opening it could read local files, run code or hand credentials to a host.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlencode, urlsplit

if TYPE_CHECKING:
    from readinglist.core.models import Paper

WEB_SCHEMES = frozenset({"http", "https"})
PAPERS_SEARCH = "https://huggingface.co/papers"
"""Hugging Face's paper search, for papers without a page of their own."""


def is_web_url(text: str) -> bool:
    """True when ``text`` is one ``http``/``https`` address with a host.

    Args:
        text: a link as stored (surrounding spaces are allowed).

    Returns:
        True only for a web address without spaces or control characters.
    """
    url = text.strip()
    if not url or any(c.isspace() or ord(c) < 0x20 or ord(c) == 0x7F for c in url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in WEB_SCHEMES and bool(parts.hostname)


def web_urls(links: tuple[str, ...] | list[str]) -> list[str]:
    """The web addresses among ``links``, stripped, in order.

    Args:
        links: a paper's links.

    Returns:
        Those that :func:`is_web_url` accepts.
    """
    return [link.strip() for link in links if is_web_url(link)]


def paper_page_url(paper: Paper) -> str:
    """The web page to open for ``paper``.

    Its own page when a link names one (the first web address among its
    links), else a Hugging Face papers search for its title.

    Args:
        paper: the paper.

    Returns:
        An ``https`` (or ``http``) address.
    """
    urls = web_urls(paper.links)
    if urls:
        return urls[0]
    title = " ".join(paper.title.split())
    return f"{PAPERS_SEARCH}?{urlencode({'q': title})}"
