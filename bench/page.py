"""The story page's weight in headless Chromium, and its Lighthouse scores, for BENCHMARKS.md.

tests/test_page_budget.py and tests/test_lighthouse.py hold the budgets with the same
tools (harness/serving.py, harness/page_weight.py, harness/lighthouse.py).
"""

from __future__ import annotations

import json
import shlex
import shutil
import subprocess
import sys
from dataclasses import asdict, dataclass
from typing import Any

from harness.browser import chromium
from harness.lighthouse import LIGHTHOUSE, LIGHTHOUSE_RUNS, Audit, LighthouseRun, lighthouse_lines, lighthouse_median
from harness.page_weight import BUDGET_BYTES, Weight, first_load
from harness.project import ENV, ROOT
from harness.serving import served_site


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
    script = f"ip link set lo up && exec {shlex.quote(sys.executable)} -m bench.page"
    result = subprocess.run(
        ["unshare", "--net", "sh", "-c", script], cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=900
    )
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
