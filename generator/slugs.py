"""Stable, ASCII-safe anchors made from text."""

from __future__ import annotations

import re
import unicodedata

_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def anchor_for(text: str, fallback: str, limit: int = 60) -> str:
    """`What happened next?` -> `what-happened-next`; `fallback` if nothing is left."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = _NOT_ALNUM.sub("-", ascii_text.lower()).strip("-")
    return slug[:limit].rstrip("-") or fallback


RESERVED_SLUGS = frozenset({"people", "outlets"})
"""Top-level folders the site's own pages use (a page per person and per outlet): no story may take them."""
