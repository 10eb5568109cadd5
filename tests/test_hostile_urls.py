"""Links accept only absolute http(s) addresses, kept exactly as typed; text refuses invisible controls."""

from __future__ import annotations

import pytest
from pydantic import TypeAdapter, ValidationError

from generator.types import Text, Url

URL = TypeAdapter(Url)
TEXT = TypeAdapter(Text)


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "javascript://example.org/%0aalert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "ftp://example.org/",
        "//example.org/",
        "/relative/path",
        "example.org",
        "https:example.org",
        "https:\\\\example.org",
        "https://exa mple.org/",
        "https://example.org/\nx",
        "https://example.org/\x00",
        "https://example.org/\u202e",
        "",
    ],
)
def test_links_other_than_absolute_http_are_refused(url: str) -> None:
    with pytest.raises(ValidationError):
        URL.validate_python(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/",
        "HTTPS://EXAMPLE.ORG/",
        'http://example.org/a?b=1&c=<d>#"x"',
        "https://example.org/путь?q=значение",
        "https://user@example.org:8443/x",
    ],
)
def test_absolute_http_links_are_kept_as_typed(url: str) -> None:
    assert URL.validate_python(url) == url


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\r", "\x7f", "\x85", "\x9f"])
def test_text_refuses_c0_and_c1_controls(char: str) -> None:
    with pytest.raises(ValidationError, match="control character"):
        TEXT.validate_python(f"a{char}b")


@pytest.mark.parametrize("char", ["\u200d", "\u200c", "\u200e", "\u200f", "\u061c", "\t", "\n", "\u00a0"])
def test_text_keeps_joiners_marks_and_white_space(char: str) -> None:
    assert TEXT.validate_python(f"a{char}b") == f"a{char}b"
