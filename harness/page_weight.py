"""A page's first load in Chromium: every byte the local server sends for it, and any request leaving the machine."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from .browser import LOCAL_HOSTS, watch
from .serving import BuiltSite

BUDGET_BYTES = 250_000


@dataclass
class Weight:
    transferred_bytes: int
    requests: list[tuple[str, int]]
    """Each response's path and its bytes on the wire (compressed body and headers), as the server sent them."""
    outside_requests: list[str]
    page_errors: list[str]

    @property
    def search_index_requests(self) -> list[tuple[str, int]]:
        """Anything of the search: Pagefind's files (`_pagefind/`) or an index of Material's kind."""
        return [(path, size) for path, size in self.requests if "_pagefind/" in path or "search_index" in path]


def first_load(browser: Any, site: BuiltSite, url: str, settle_ms: int = 1500) -> Weight:
    """Load `url` once in a fresh context (empty cache) and count every byte the server sends for it.

    Counting at the server sees what a page's web workers fetch too. Requests that would
    leave 127.0.0.1 are blocked and listed, from Playwright's routing and from the
    DevTools protocol both (the latter sees what workers ask for).
    """
    context = browser.new_context()
    page = context.new_page()
    log = watch(page)
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    asked: list[str] = []
    cdp.on("Network.requestWillBeSent", lambda event: asked.append(event["request"]["url"]))
    del site.sent[:]
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(settle_ms)  # anything the page starts once idle (a search index, say)
    context.close()
    requests = sorted(site.sent)
    outside = sorted({u for u in [*log.requests, *asked] if _leaves_machine(u)})
    return Weight(sum(size for _, size in requests), requests, outside, log.page_errors)


def _leaves_machine(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https", "ws", "wss") and (parts.hostname or "") not in LOCAL_HOSTS
