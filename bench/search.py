"""A search in headless Chromium on a built site: the bytes it transfers and how long it takes.

The site is served on 127.0.0.1 with gzip by bench/serving.py's server, which counts every
byte it sends. For each query, a fresh browser context (empty cache) loads a story page and
waits until the network is idle; then the reader opens search with the header button. Measured,
each as bytes sent and milliseconds from the query's last `input` event to its results painted:

* **first search**: the query arrives the moment the dialog opens, so it waits for the dialog's
  stylesheet and Pagefind's script, worker, WebAssembly and metadata, then the index chunks for
  its words and one fragment per result shown: a reader's first search, all of it;
* **next search**: a second query in the same dialog (Pagefind loaded);
* **typed**: the first query again, typed into the emptied field one key every 120 ms, as a
  person types (each keystroke searches, or queues behind the search under way).

Each figure is the median of `repeat` runs. `make bench` runs it on the largest synthetic site
(bench/run.py); on its own:

    .venv/bin/python bench/search.py SITE_DIR [--query WORD ...] [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.serving import gzip_server  # noqa: E402
from tests.browser import chromium, watch  # noqa: E402

BUDGET_BYTES = 300_000
BUDGET_MS = 300
SYNTHETIC_QUERIES = {
    "harbour": "a word in every synthetic story (the most any query can match)",
    "517": "a number only in story 517's title",
    "Person 7": "two words: a name in the shared world, cited by many stories",
}

_ARM = """() => {
  const input = document.querySelector('.xp-search__input');
  const status = document.querySelector('.xp-search__status');
  window.__times = {input: 0, answered: 0};
  input.addEventListener('input', () => { window.__times = {input: performance.now(), answered: 0}; });
  new MutationObserver(() => {
    if (/match|No story|not available/.test(status.textContent)) {
      requestAnimationFrame(() => { window.__times.answered = performance.now(); });
    }
  }).observe(status, {childList: true, characterData: true, subtree: true});
}"""
"""Time stamps: the last `input` event, and the next frame after the dialog says what it found."""

_PASTE = """(query) => {
  const input = document.querySelector('.xp-search__input');
  input.value = query;
  input.dispatchEvent(new Event('input', {bubbles: true}));
}"""


@dataclass
class Search:
    query: str
    status: str
    """What the dialog said (how many stories match)."""
    shown: int
    """Results on screen (each fetched one fragment)."""
    bytes: int
    ms: float
    requests: list[tuple[str, int]]


@dataclass
class SearchFigures:
    query: str
    first: Search
    """The median run's first search (by time); bytes are the median over the runs."""
    next_query: str
    next: Search
    typed: Search


def answered(page: Any, sent: list[tuple[str, int]], query: str) -> Search:
    """Wait for the dialog's answer to the last query; what it said, and what it cost since `sent` was emptied."""
    page.wait_for_function("() => window.__times.answered > window.__times.input", timeout=60_000)
    page.wait_for_load_state("networkidle")
    times = page.evaluate("window.__times")
    status = page.locator(".xp-search__status").inner_text()
    shown = page.locator(".xp-search__result").count()
    requests = sorted(sent)
    return Search(query, status, shown, sum(size for _, size in requests), times["answered"] - times["input"], requests)


def three_searches(browser: Any, url: str, sent: list[tuple[str, int]], query: str, next_query: str) -> list[Search]:
    """A reader's first search, the next one, and the first query typed key by key."""
    context = browser.new_context()
    page = context.new_page()
    log = watch(page)
    try:
        page.goto(url, wait_until="load")
        page.wait_for_load_state("networkidle")
        del sent[:]
        page.click("[data-xp-search-open]")
        field = page.locator(".xp-search__input")
        field.wait_for(state="visible")
        page.evaluate(_ARM)
        page.evaluate(_PASTE, query)
        first = answered(page, sent, query)
        del sent[:]
        page.evaluate(_PASTE, next_query)
        second = answered(page, sent, next_query)
        page.evaluate(_PASTE, "")
        del sent[:]
        field.press_sequentially(query, delay=120)
        typed = answered(page, sent, query)
    finally:
        context.close()
    if log.outside_requests or log.page_errors or log.console_errors:
        raise RuntimeError(f"searching {query!r}: {log.outside_requests} {log.page_errors} {log.console_errors}")
    return [first, second, typed]


def measure_searches(site_dir: Path, story_path: str, queries: list[str], repeat: int = 5) -> list[SearchFigures]:
    """Each query as a reader's first search, then the next query in the list as their second."""
    sent: list[tuple[str, int]] = []
    figures = []
    with gzip_server(site_dir, sent) as url, chromium() as chrome:
        for number, query in enumerate(queries):
            next_query = queries[(number + 1) % len(queries)]
            runs = [three_searches(chrome, url + story_path, sent, query, next_query) for _ in range(repeat)]
            first, second, typed = (_median(run[n] for run in runs) for n in range(3))
            figures.append(SearchFigures(query, first, next_query, second, typed))
    return figures


def _median(runs: Any) -> Search:
    runs = sorted(runs, key=lambda run: run.ms)
    middle = runs[len(runs) // 2]
    return Search(
        middle.query,
        middle.status,
        middle.shown,
        int(statistics.median(run.bytes for run in runs)),
        middle.ms,
        middle.requests,
    )


def search_method() -> str:
    return (
        "From bench/search.py: the site built for table (b), served on 127.0.0.1 with gzip (every byte sent is "
        "counted at the server), searched from a story page in a fresh headless Chromium context per run (empty "
        "cache). *First search*: the query arrives the moment the search dialog opens, so it waits for the dialog's "
        "stylesheet and Pagefind's script, worker, WebAssembly and metadata, then the index chunks for its words and "
        "one fragment per result shown (6 at most). *Next search*: a second query in the same dialog. *Typed*: the "
        "first query typed again into the emptied field, one key every 120 ms. Times run from the query's last "
        "`input` event to the next frame after its results are on screen; each figure is the median of the runs. "
        "Synthetic stories share a 25-word vocabulary, so a word query matches every story: the worst case for "
        "index chunk size and ranking work."
    )


def search_summary(figures: list[SearchFigures], stories: int, build_times: list[tuple[int, float]]) -> str:
    searches = [s for f in figures for s in (f.first, f.next, f.typed)]
    most = max(s.bytes for s in searches)
    slowest = max(s.ms for f in figures for s in (f.next, f.typed))
    return (
        f"- Search (Pagefind) at {stories:,} stories: a search transfers at most {most / 1000:.0f} KB "
        f"(goal {BUDGET_BYTES / 1000:.0f} KB) and, once Pagefind is loaded, shows results at most {slowest:.0f} ms "
        f"after the last keystroke (goal {BUDGET_MS} ms); a reader's first search, which loads Pagefind, takes "
        f"{max(f.first.ms for f in figures):.0f} ms at most. Building the index: "
        + ", ".join(f"{seconds:.2f} s at {count:,}" for count, seconds in build_times)
        + " stories."
    )


def search_lines(figures: list[SearchFigures], stories: int) -> list[str]:
    """The figures as Markdown: a table, a verdict, and the requests of the heaviest first search."""
    lines = [
        "| query | what it finds | first search: KB, ms | next query | next search: KB, ms | typed: KB, ms after the last key |",
        "|---|---|---|---|---|---|",
    ]
    for f in figures:
        lines.append(
            f"| `{f.query}` | {f.first.status} | **{f.first.bytes / 1000:.1f}**, **{f.first.ms:.0f}** | "
            f"`{f.next_query}` | {f.next.bytes / 1000:.1f}, {f.next.ms:.0f} | {f.typed.bytes / 1000:.1f}, {f.typed.ms:.0f} |"
        )
    searches = [s for f in figures for s in (f.first, f.next, f.typed)]
    heaviest = max(figures, key=lambda f: f.first.bytes).first
    most = max(s.bytes for s in searches)
    slowest = max(s.ms for f in figures for s in (f.next, f.typed))
    lines += [
        "",
        f"At {stories:,} stories no search transfers more than **{most / 1000:.1f} KB** (goal {BUDGET_BYTES / 1000:.0f} KB: "
        f"{'met' if most <= BUDGET_BYTES else '**not met**'}). Once Pagefind is loaded, results are on screen at most "
        f"**{slowest:.0f} ms** after the last keystroke (goal under {BUDGET_MS} ms: "
        f"{'met' if slowest < BUDGET_MS else '**not met**'}); the first search, which loads Pagefind, takes at most "
        f"{max(f.first.ms for f in figures):.0f} ms. The requests of `{heaviest.query}`'s first search:",
        "",
        "| request | bytes on the wire |",
        "|---|---|",
        *(f"| `{path.split('?')[0]}` | {size:,} |" for path, size in heaviest.requests),
    ]
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site", type=Path, help="a built site (with _pagefind/)")
    parser.add_argument("--story", default="", help="the page to search from (default: the first story folder)")
    parser.add_argument("--query", action="append", help="a query (repeatable; default: the synthetic ones)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    stories = sorted(p.parent.parent.name for p in args.site.glob("*/timeline/index.html"))
    figures = measure_searches(
        args.site, args.story or f"{stories[0]}/", args.query or list(SYNTHETIC_QUERIES), args.repeat
    )
    print("\n".join(search_lines(figures, len(stories))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
