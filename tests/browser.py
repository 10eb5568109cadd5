"""Real headless Chromium (Debian's package) driven by Playwright, and a static server on 127.0.0.1.

Every request a page makes is recorded; any that would leave 127.0.0.1 is
blocked and reported, so a test can assert the site calls no third party.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

CHROMIUM = os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def static_server(root: Path) -> Iterator[str]:
    """Serve `root` on 127.0.0.1 at a free port; yield the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class PageLog:
    """What a page did: console errors, page errors, and requests that tried to leave the machine."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)


def watch(page: Any) -> PageLog:
    """Record a Playwright page's errors and block requests to any host but this one."""
    log = PageLog()
    page.on("console", lambda msg: log.console_errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: log.page_errors.append(str(exc)))

    def route(route: Any) -> None:
        url = route.request.url
        log.requests.append(url)
        host = urlsplit(url).hostname or ""
        if urlsplit(url).scheme in ("http", "https", "ws", "wss") and host not in LOCAL_HOSTS:
            log.outside_requests.append(url)
            route.abort()
        else:
            route.continue_()

    page.route("**/*", route)
    return log


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless Debian Chromium, launched by Playwright (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"Chromium not found at {CHROMIUM}: run `make test` (it installs Debian's chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


XSS_WATCHER = """
if (typeof window !== 'undefined') {  // not in a web worker (Pagefind's)
  window.__fired = [];
  window.__xss = (n) => window.__fired.push('xss:' + n);
  for (const name of ['alert', 'confirm', 'prompt']) {
    window[name] = (arg) => { window.__fired.push(name + ':' + arg); return null; };
  }
}
"""
"""Records any payload that runs: `window.__xss(N)`, `alert`, `confirm` and `prompt` (read `window.__fired`)."""


def xss_watched_page(browser: Any) -> tuple[Any, PageLog, list[str]]:
    """A fresh page with `XSS_WATCHER` installed: the page, its log, and the dialogs it tried to open."""
    context = browser.new_context()
    context.add_init_script(XSS_WATCHER)
    page = context.new_page()
    log = watch(page)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    return page, log, dialogs


def screenshot(page: Any, name: str) -> Path:
    """Save a full-page screenshot under tests/artifacts/ for a person to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


SEARCH_RESULTS = """() => [...document.querySelectorAll('.xp-search__result')].map((item) => {
  const page = item.querySelector('.xp-search__page');
  const own = item.querySelector(':scope > .xp-search__excerpt');
  return {
    title: page.textContent, href: page.getAttribute('href'), excerpt: own ? own.textContent : '',
    sections: [...item.querySelectorAll('.xp-search__section')].map((section) => ({
      title: section.querySelector('a').textContent, href: section.querySelector('a').getAttribute('href'),
      excerpt: section.querySelector('.xp-search__excerpt').textContent,
    })),
  };
})"""
"""The search dialog's results as a reader sees them: each page's title, address and excerpt, and its sections."""


def site_search(page: Any, query: str, timeout_ms: int = 30_000) -> list[dict[str, Any]]:
    """Search the site as a reader does: open the dialog with the header's button if it is closed,
    enter `query`, wait for the answer. Returns the results shown (see `SEARCH_RESULTS`)."""
    if not page.evaluate("document.getElementById('xp-search').open"):
        page.click("[data-xp-search-open]")
    field = page.locator(".xp-search__input")
    field.wait_for(state="visible")
    field.fill("")
    field.fill(query)
    page.wait_for_function(
        "() => /match|No story|not available/.test(document.querySelector('.xp-search__status').textContent)",
        timeout=timeout_ms,
    )
    status = page.locator(".xp-search__status").inner_text()
    assert "not available" not in status, f"searching {query!r}: {status}"
    return list(page.evaluate(SEARCH_RESULTS))
