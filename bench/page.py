"""The story page's weight in headless Chromium, and its Lighthouse scores.

Used by `make bench` (figures for BENCHMARKS.md) and by tests/test_page_budget.py and
tests/test_lighthouse.py (the budgets). The site is built from the real `content/`
(or the test fixtures while it does not build) with its canonical address set to the
local server's, and served on 127.0.0.1 with gzip, as GitHub Pages serves it.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.measure import ENV, copy_project  # noqa: E402
from tests.browser import CHROMIUM, LOCAL_HOSTS, chromium, watch  # noqa: E402

BUDGET_BYTES = 250_000
LIGHTHOUSE = ROOT / "tools" / "node_modules" / ".bin" / "lighthouse"
LIGHTHOUSE_RUNS = 3
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map")
# Lighthouse's Chrome: headless, and nothing that phones home (updates, sync, safe browsing, field trials).
LIGHTHOUSE_CHROME_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-sync",
    "--disable-domain-reliability",
    "--disable-client-side-phishing-detection",
    "--disable-field-trial-config",
    "--metrics-recording-only",
    "--no-pings",
]


class _Counter:
    """Wraps the response stream and counts the bytes written to it."""

    def __init__(self, stream: Any) -> None:
        self.stream, self.count = stream, 0

    def write(self, data: bytes) -> int:
        self.count += len(data)
        return int(self.stream.write(data))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


class _GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzip-compressed on the fly for text types when the client accepts gzip.

    Every response's size on the wire (status line, headers, body) goes to `sent`.
    """

    def __init__(self, *args: Any, sent: list[tuple[str, int]], **kwargs: Any) -> None:
        self.sent = sent
        super().__init__(*args, **kwargs)

    def setup(self) -> None:
        super().setup()
        self.wfile = _Counter(self.wfile)  # type: ignore[assignment]

    def finish(self) -> None:
        if getattr(self, "path", None):
            self.sent.append((self.path, self.wfile.count))  # type: ignore[attr-defined]
        super().finish()

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if path.is_dir() and urlsplit(self.path).path.endswith("/"):
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.is_file() and path.suffix in COMPRESSIBLE):
            return super().send_head()  # directories without "/", missing files, images: as usual
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")  # what GitHub Pages sends
        self.end_headers()
        return _Bytes(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Bytes:
    """A file-like body for SimpleHTTPRequestHandler.copyfile."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, size: int = -1) -> bytes:
        data, self.data = (self.data, b"") if size < 0 else (self.data[:size], self.data[size:])
        return data

    def close(self) -> None:
        pass


@contextmanager
def gzip_server(root: Path, sent: list[tuple[str, int]]) -> Iterator[str]:
    """Serve `root` (which may be filled later) on 127.0.0.1 with gzip; yield the base URL.

    Each response's path and size on the wire is appended to `sent`.
    """
    handler = functools.partial(_GzipHandler, directory=str(root), sent=sent)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def story_slugs(content: Path) -> list[str]:
    return sorted(p.name for p in content.iterdir() if (p / "story.yml").exists())


def build_site(project: Path, site_url: str) -> subprocess.CompletedProcess[str]:
    """A real strict build of `project` into project/site, canonical links pointing at `site_url`."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"],
        cwd=project,
        env={**ENV, "SITE_URL": site_url},
        capture_output=True,
        text=True,
        timeout=600,
    )


@dataclass
class BuiltSite:
    url: str
    story_url: str
    source: str
    """Which content it was built from: `content/`, or the fixtures and why."""
    site_dir: Path
    sent: list[tuple[str, int]]
    """What the server has sent: each response's path and bytes on the wire."""


@contextmanager
def served_site(content: Path | None = None) -> Iterator[BuiltSite]:
    """Build the real content (falling back to the test fixtures if it does not build) and serve it."""
    with tempfile.TemporaryDirectory(prefix="page-") as tmp:
        site_dir = Path(tmp) / "served"
        site_dir.mkdir()
        sent: list[tuple[str, int]] = []
        with gzip_server(site_dir, sent) as url:
            candidates = [content] if content else [ROOT / "content", ROOT / "tests" / "fixtures" / "content"]
            note = ""
            for number, candidate in enumerate(candidates):
                project = copy_project(Path(tmp) / f"project-{number}", candidate)
                result = build_site(project, url)
                if result.returncode == 0:
                    break
                note = f" (content/ does not build: {_last_line(result.stderr)})"
            else:
                raise RuntimeError(f"no site builds: {result.stderr[-2000:]}")
            shutil.copytree(project / "site", site_dir, dirs_exist_ok=True)
            label = candidate.relative_to(ROOT).as_posix() if candidate.is_relative_to(ROOT) else str(candidate)
            slug = story_slugs(project / "content")[0]
            yield BuiltSite(url, f"{url}{slug}/", label + note, site_dir, sent)


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1][:200] if lines else "unknown error"


@dataclass
class Weight:
    transferred_bytes: int
    requests: list[tuple[str, int]]
    """Each response's path and its bytes on the wire (compressed body and headers), as the server sent them."""
    outside_requests: list[str]
    page_errors: list[str]

    @property
    def search_index_requests(self) -> list[tuple[str, int]]:
        return [(path, size) for path, size in self.requests if "search_index" in path]


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
    page.wait_for_timeout(settle_ms)  # anything the page starts once idle (a search worker, say)
    context.close()
    requests = sorted(site.sent)
    outside = sorted({u for u in [*log.requests, *asked] if _leaves_machine(u)})
    return Weight(sum(size for _, size in requests), requests, outside, log.page_errors)


def _leaves_machine(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https", "ws", "wss") and (parts.hostname or "") not in LOCAL_HOSTS


@dataclass
class Audit:
    id: str
    title: str
    score: float | None
    display: str
    weight: float
    where: list[str] = field(default_factory=list)
    """Up to three of the elements or URLs the audit flags, and how many there are in all."""


@dataclass
class LighthouseRun:
    scores: dict[str, int]
    failing: dict[str, list[Audit]]
    """Per category, the audits that did not pass (score < 1), heaviest first."""
    metrics: dict[str, str] = field(default_factory=dict)
    requested: list[str] = field(default_factory=list)
    """Every URL the page asked for during the run (Lighthouse's network-requests audit)."""
    total_weight: dict[str, float] = field(default_factory=dict)
    """Per category, the sum of its audits' weights: an audit's points lost are weight × (1 − score) / total."""


def lighthouse(url: str, out_dir: Path) -> LighthouseRun:
    """One Lighthouse run (default mobile settings) in Debian's chromium, offline."""
    report = out_dir / f"lighthouse-{len(list(out_dir.glob('*.json')))}.json"
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={' '.join(LIGHTHOUSE_CHROME_FLAGS)}",
        "--disable-full-page-screenshot",
    ]
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=240)
    if result.returncode != 0 or not report.exists():
        raise RuntimeError(f"lighthouse failed ({result.returncode}): {result.stderr[-2000:]}")
    return parse_lighthouse(json.loads(report.read_text(encoding="utf-8")))


def parse_lighthouse(data: dict[str, Any]) -> LighthouseRun:
    audits = data["audits"]
    scores, failing = {}, {}
    for name, category in data["categories"].items():
        scores[name] = round((category["score"] or 0) * 100)
        lost = []
        for ref in category["auditRefs"]:
            audit = audits[ref["id"]]
            if audit.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings") and (audit["score"] or 0) < 1:
                title, display = audit["title"], audit.get("displayValue", "")
                lost.append(Audit(ref["id"], title, audit["score"], display, ref["weight"], flagged(audit)))
        failing[name] = sorted(lost, key=lambda a: -a.weight)
    metrics = {
        key: audits[key].get("displayValue", "")
        for key in (
            "first-contentful-paint",
            "largest-contentful-paint",
            "total-blocking-time",
            "cumulative-layout-shift",
            "speed-index",
        )
        if key in audits
    }
    network = audits.get("network-requests", {}).get("details", {}).get("items", [])
    weights = {name: float(sum(ref["weight"] for ref in c["auditRefs"])) for name, c in data["categories"].items()}
    return LighthouseRun(scores, failing, metrics, [item["url"] for item in network], weights)


def flagged(audit: dict[str, Any]) -> list[str]:
    items = (audit.get("details") or {}).get("items") or []
    names = []
    for item in items:
        node = item.get("node") if isinstance(item, dict) else None
        if isinstance(node, dict):
            names.append(f"{node.get('selector', '')} {node.get('snippet', '')}".strip())
        elif isinstance(item, dict) and isinstance(item.get("url"), str):
            names.append(item["url"])
    unique = list(dict.fromkeys(names))
    return [*unique[:3], f"({len(unique)} in all)"] if len(unique) > 3 else unique


def lighthouse_median(url: str, runs: int = LIGHTHOUSE_RUNS) -> tuple[dict[str, int], LighthouseRun]:
    """The median score per category over `runs` runs, and the run whose performance is the median."""
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as tmp:
        results = [lighthouse(url, Path(tmp)) for _ in range(runs)]
    median = {name: int(statistics.median(r.scores[name] for r in results)) for name in CATEGORIES}
    middle = sorted(results, key=lambda r: r.scores["performance"])[len(results) // 2]
    return median, middle


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
EXPLANATIONS = {
    "render-blocking-resources": "Material's stylesheets are linked in <head> and block the first paint; "
    "inlining critical CSS would need a theme change.",
    "unused-css-rules": "Material's main stylesheet carries rules for components this page does not use.",
    "unused-javascript": "Material's single JavaScript bundle includes search, tabs and other components "
    "this page does not use.",
    "first-contentful-paint": "Simulated slow 4G (Lighthouse's mobile default): the HTML plus Material's CSS "
    "must arrive before the first paint.",
    "largest-contentful-paint": "Same cause as first contentful paint: the largest text block paints only "
    "after the render-blocking stylesheets.",
    "speed-index": "Follows first contentful paint under simulated slow 4G.",
    "total-blocking-time": "Material's bundle parses and runs on the main thread at start-up.",
    "max-potential-fid": "The longest start-up task: Material's bundle setting up its components.",
    "legacy-javascript": "Material's bundle carries polyfills for older browsers; it is the theme's own build.",
    "uses-long-cache-ttl": "The test server sends `max-age=600`, as GitHub Pages does; Pages cannot be told otherwise.",
    "dom-size": "The page holds the whole explainer (every answer, quote and numbered source) in one document.",
    "aria-dialog-name": 'Material\'s header search box is `<div class="md-search" role="dialog">` with no '
    "accessible name (theme partial `partials/search.html`).",
    "color-contrast": "Text in a light grey (`--md-default-fg-color--light`) on a light grey background falls "
    "just under the 4.5:1 contrast ratio.",
}


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
            "  Material 9.8 requests `search/search_index.json` at start-up on every page that has the search "
            'form (its bundle checks `document.forms.namedItem("search")`), and the index holds every page\'s '
            "text: its size at each story count is in table (b)."
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


def lighthouse_lines(median: dict[str, int], run: LighthouseRun) -> list[str]:
    lines = [
        "",
        f"Lighthouse 12.2.3 (default mobile settings: simulated slow 4G and a 4× slower CPU), median of "
        f"{LIGHTHOUSE_RUNS} runs, Debian's chromium, offline:",
        "",
        "| " + " | ".join(CATEGORIES) + " |",
        "|" + "---|" * len(CATEGORIES),
        "| " + " | ".join(str(median[name]) for name in CATEGORIES) + " |",
        "",
        "Metrics of the median run: " + ", ".join(f"{k} {v}" for k, v in run.metrics.items()) + ".",
    ]
    for name in CATEGORIES:
        weighted = [audit for audit in run.failing[name] if audit.weight > 0]
        advice = [audit for audit in run.failing[name] if audit.weight == 0]
        if weighted:
            lines += ["", f"Points lost in {name} ({100 - median[name]} in all, median run):", ""]
            total = run.total_weight.get(name) or 100
            lines += [
                audit_line(audit, f"≈{audit.weight * (1 - (audit.score or 0)) / total * 100:.1f} points")
                for audit in weighted
            ]
        if advice:
            lines += ["", f"Advice in {name} that costs no points (weight 0):", ""]
            lines += [audit_line(audit, "") for audit in advice]
    return lines


def audit_line(audit: Audit, points: str) -> str:
    why = EXPLANATIONS.get(audit.id, "")
    details = [f"score {'n/a' if audit.score is None else f'{audit.score:.2f}'}", f"weight {audit.weight:g}"]
    details += [part for part in (audit.display.replace("\xa0", " "), points) if part]
    return (
        f"- `{audit.id}` ({audit.title}; {', '.join(details)})"
        + (f": {why}" if why else "")
        + "".join(f"\n  - `{where}`" for where in audit.where)
    )


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
