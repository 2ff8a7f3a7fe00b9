"""Only web addresses leave the library as URLs; other schemes stay text."""

from __future__ import annotations

import pytest

from readinglist.core.exporters import EXPORTERS
from readinglist.core.models import Paper
from readinglist.core.weblinks import is_web_url

UNSAFE = (
    "file:///etc/passwd",
    "smb://host/share",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
)


@pytest.mark.parametrize("link", UNSAFE)
def test_other_schemes_are_not_web_addresses(link: str) -> None:
    assert not is_web_url(link)


@pytest.mark.parametrize(
    "link", ["https://arxiv.org/abs/2401.00001", "http://example.org/a?b=c"]
)
def test_http_and_https_are(link: str) -> None:
    assert is_web_url(link)


@pytest.mark.parametrize("name", sorted(EXPORTERS))
def test_no_export_writes_another_scheme_as_a_url(name: str) -> None:
    paper = Paper("p1", "Safe Links", links=(*UNSAFE, "https://example.org/paper"))
    text = EXPORTERS[name].export([paper])
    assert "https://example.org/paper" in text
    for scheme in ("file:", "smb:", "javascript:", "data:"):
        assert f"<{scheme}" not in text  # no Markdown autolink
        for field in ("url = {", "UR  - ", '"URL": "', "url=", ",\n"):
            assert f"{field}{scheme}" not in text


@pytest.mark.parametrize("name", sorted(EXPORTERS))
def test_a_paper_with_only_a_file_link_has_no_url(name: str) -> None:
    paper = Paper("p1", "Only Local", links=("file:///etc/passwd",))
    text = EXPORTERS[name].export([paper])
    for field in ("url = ", "UR  - ", '"URL"', "howpublished"):
        assert field not in text
    if name == "csv":
        assert "file:" not in text
