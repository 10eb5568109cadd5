"""Lighthouse 12 (npm, tools/) in Debian's chromium: runs, the median of several, and what lost points."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.browser import CHROMIUM

ROOT = Path(__file__).resolve().parents[1]
LIGHTHOUSE = ROOT / "tools" / "node_modules" / ".bin" / "lighthouse"
LIGHTHOUSE_RUNS = 3
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
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
        elif isinstance(item, dict) and isinstance(item.get("description"), str):
            where = (item.get("sourceLocation") or {}).get("url") or item.get("url") or ""
            names.append(f"{item['description'][:300]} ({where})" if where else item["description"][:300])
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
    "aria-dialog-name": "A dialog without an accessible name: the search dialog (`overrides/partials/search.html`) "
    "is named by its label through `aria-labelledby`.",
    "color-contrast": "Text in a light grey (`--md-default-fg-color--light`) on a light grey background falls "
    "just under the 4.5:1 contrast ratio.",
}


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
