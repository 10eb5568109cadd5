"""The story page's weight in headless Chromium, and its Lighthouse scores, for BENCHMARKS.md.

tests/test_page_budget.py and tests/test_lighthouse.py hold the budgets with the same
tools (bench/serving.py, bench/lighthouse.py).
"""

from __future__ import annotations

import json
import shlex
import shutil
import subprocess
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.lighthouse import LIGHTHOUSE, LIGHTHOUSE_RUNS, Audit, LighthouseRun, lighthouse_lines, lighthouse_median  # noqa: E402
from bench.serving import BuiltSite, served_site  # noqa: E402
from tests.browser import LOCAL_HOSTS, chromium, watch  # noqa: E402

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


@dataclass
class PageFigures:
    source: str
    story_path: str
    weight: Weight
    lighthouse_median: dict[str, int] | None
    lighthouse_run: LighthouseRun | None
    network: str = "the machine's usual network"


def measure_page(lighthouse_runs: int = LIGHTHOUSE_RUNS) -> PageFigures:
    with served_site() as site, chromium() as browser:
        weight = first_load(browser, site, site.story_url)
        median, run = lighthouse_median(site.story_url, lighthouse_runs) if LIGHTHOUSE.exists() else (None, None)
        return PageFigures(site.source, site.story_url.removeprefix(site.url), weight, median, run)


def measure_page_offline() -> PageFigures:
    """`measure_page` in a network namespace holding only loopback, where one can be made (`unshare --net`).

    Proves the page, Chromium and Lighthouse need nothing beyond 127.0.0.1.
    """
    if shutil.which("ip") is None or subprocess.run(["unshare", "--net", "true"], capture_output=True).returncode:
        figures = measure_page()
        figures.network = "the machine's usual network (`unshare --net` is not available here)"
        return figures
    script = f"ip link set lo up && exec {shlex.quote(sys.executable)} {shlex.quote(__file__)}"
    result = subprocess.run(["unshare", "--net", "sh", "-c", script], capture_output=True, text=True, timeout=900)
    if result.returncode != 0:
        raise RuntimeError(f"measuring the page offline failed: {result.stderr[-3000:]}")
    figures = figures_from_dict(json.loads(result.stdout))
    figures.network = "a network namespace with only loopback (`unshare --net`): no internet at all"
    return figures


def figures_from_dict(data: dict[str, Any]) -> PageFigures:
    weight = Weight(**{**data["weight"], "requests": [tuple(r) for r in data["weight"]["requests"]]})
    run = data["lighthouse_run"]
    if run is not None:
        failing = {name: [Audit(**audit) for audit in audits] for name, audits in run["failing"].items()}
        run = LighthouseRun(run["scores"], failing, run["metrics"], run["requested"], run["total_weight"])
    return PageFigures(data["source"], data["story_path"], weight, data["lighthouse_median"], run, data["network"])


# Why the performance score loses points on this page, by Lighthouse audit id.


def page_section(figures: PageFigures) -> str:
    weight = figures.weight
    lines = [
        "## (e) The story page: weight and Lighthouse",
        "",
        f"Built from {figures.source}, page `/{figures.story_path}`, served on 127.0.0.1 with gzip, first load "
        "in a fresh headless Chromium context (tests/test_page_budget.py holds the budget). "
        f"Measured in {figures.network}.",
        "",
        f"- Transferred on first load: **{weight.transferred_bytes / 1000:.1f} KB** compressed, headers included "
        f"(budget {BUDGET_BYTES / 1000:.0f} KB), in {len(weight.requests)} requests; requests outside the site: "
        f"{len(weight.outside_requests)}.",
        "- Search index fetched on load: "
        + (", ".join(f"yes, {size / 1000:.1f} KB (`{path}`)" for path, size in weight.search_index_requests) or "no")
        + ".",
    ]
    if weight.search_index_requests:
        lines.append(
            "  Search must load nothing until a reader opens it (docs/assets/search.js); section (f) "
            "measures what a search transfers."
        )
    lines += [
        "",
        "| request | bytes on the wire |",
        "|---|---|",
        *(f"| `{path}` | {size:,} |" for path, size in weight.requests),
    ]
    if figures.lighthouse_median is not None and figures.lighthouse_run is not None:
        lines += lighthouse_lines(figures.lighthouse_median, figures.lighthouse_run)
    return "\n".join(lines)


def page_summary(figures: PageFigures) -> str:
    weight = figures.weight
    index = "fetches the search index on load" if weight.search_index_requests else "does not fetch the search index"
    text = (
        f"- The story page's first load transfers {weight.transferred_bytes / 1000:.0f} KB compressed "
        f"(budget {BUDGET_BYTES / 1000:.0f} KB), makes {len(weight.outside_requests)} outside requests and {index}."
    )
    if figures.lighthouse_median:
        scores = ", ".join(f"{name} {score}" for name, score in figures.lighthouse_median.items())
        text += f" Lighthouse (median of {LIGHTHOUSE_RUNS}): {scores}."
    return text


if __name__ == "__main__":
    print(json.dumps(asdict(measure_page())))
