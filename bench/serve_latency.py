"""Save-to-reload latency of `mkdocs serve`: from writing a story's YAML to the served page showing it.

Starts a real `mkdocs serve` on 127.0.0.1 (a free port) for a throwaway copy of the
project, then edits one story's title several times. Each time it measures how long
it takes until the story's page, fetched over HTTP, shows the new title. MkDocs'
dev server holds every request until a rebuild has finished, so a page that shows
the new title comes from a completed build: the same moment the livereload script
in an open tab gets its answer and reloads. With --browser, a headless Chromium tab
shows the page and the time runs until livereload has reloaded it with the change.
"rebuild" is MkDocs' own "Documentation built in" figure; the rest of the latency is
noticing the save and serving the page. --baseline adds, for each site, a run with
the plugin's serve caches off and MkDocs' own 0.5 s polling: the ratio in one run.
--search runs each site once per way of building the search index under serve (the
plugin's `serve_search`: `background`, the default, `wait` or `skip`); "search ready" is
the time from the save until the new index is served (`_pagefind/pagefind-entry.json`).

    .venv/bin/python bench/serve_latency.py                 # the demo site and 100 synthetic stories
    .venv/bin/python bench/serve_latency.py --stories 100   # only 100 synthetic stories
    .venv/bin/python bench/serve_latency.py --demo --stories 1 100 --edits 9 --baseline --browser
    .venv/bin/python bench/serve_latency.py --stories 100 --search background wait skip
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.serving import fetch, free_port, wait_for  # noqa: E402
from tests.synthetic import write_site  # noqa: E402

TITLE = re.compile(r"^title:.*(?:\n[ \t]+.*)*", re.MULTILINE)
POLL = 0.01
STOCK = "      serve_incremental: false\n      serve_poll_interval: 0.5\n"
"""Plugin settings that make `mkdocs serve` rebuild as MkDocs does on its own."""


BUILT = re.compile(r"Documentation built in ([0-9.]+) seconds")


@dataclass
class Figures:
    site: str
    stories: int
    first_build: float
    latencies: list[float]
    builds: list[float]
    search_ready: list[float]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--stories", type=int, nargs="*", help="synthetic sites of this many stories")
    parser.add_argument("--demo", action="store_true", help="also measure the demo site (content/)")
    parser.add_argument("--edits", type=int, default=7, help="edits per site (default 7)")
    parser.add_argument("--serve-args", default="", help="extra arguments for `mkdocs serve`, e.g. --dirty")
    parser.add_argument(
        "--tmpdir",
        default="/dev/shm" if os.access("/dev/shm", os.W_OK) else tempfile.gettempdir(),
        help="where `mkdocs serve` builds (default: /dev/shm when writable, as `make serve` does)",
    )
    parser.add_argument(
        "--baseline",
        action="store_true",
        help="also measure without the plugin's serve caches and with MkDocs' 0.5 s polling, for the ratio",
    )
    parser.add_argument(
        "--browser", action="store_true", help="watch the page reload in headless Chromium instead of polling HTTP"
    )
    parser.add_argument(
        "--search",
        nargs="+",
        choices=["background", "wait", "skip"],
        default=["background"],
        help="how the search index is built under serve (one run per choice; default: background)",
    )
    args = parser.parse_args()
    sizes = args.stories if args.stories is not None else [100]
    demo = args.demo or args.stories is None
    rows = []
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")
    print(f"mkdocs serve builds in {args.tmpdir}; the change is seen by {'Chromium' if args.browser else 'HTTP'}")
    tmp = tempfile.mkdtemp(prefix="serve-latency-")  # kept if a run fails, for its serve.log
    sites = [("demo", ROOT / "content")] if demo else []
    sites += [("synthetic", write_site(Path(tmp) / f"synthetic-{size}", size)) for size in sizes]
    for number, (label, content) in enumerate(sites):
        for mode in args.search:
            name = label if args.search == ["background"] else f"{label} {mode}"
            options = f"      serve_search: {mode}\n"
            rows.append(measure(Path(tmp) / f"site-{number}-{mode}", content, name, args, options))
        if args.baseline:
            rows.append(measure(Path(tmp) / f"stock-{number}", content, label + " stock", args, STOCK))
    shutil.rmtree(tmp)
    print_table(rows)
    return 0


def measure(project: Path, content: Path, label: str, args: argparse.Namespace, options: str = "") -> Figures:
    make_project(project, content, options)
    stories = sorted(p.parent for p in (project / "content").glob("*/story.yml"))
    story = stories[len(stories) // 2]
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    page = f"{base}{story.name}/"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "TMPDIR": args.tmpdir}
    command = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}", *args.serve_args.split()]
    started = time.monotonic()
    log_path = project / "serve.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(command, cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_until(lambda: fetch(page) != "", 600)
        first_build = time.monotonic() - started
        figures = edit_and_watch(
            label, story, page, log_path, first_build, args, base, "serve_search: skip" not in options
        )
        assert process.poll() is None, "mkdocs serve exited"
        return figures
    finally:
        process.terminate()
        process.wait(timeout=30)


def edit_and_watch(
    label: str,
    story: Path,
    page: str,
    log_path: Path,
    first_build: float,
    args: argparse.Namespace,
    base: str,
    indexed: bool,
) -> Figures:
    with watching(page, args.browser) as shows:
        latencies, builds, search_ready = [], [], []
        story_file = story / "story.yml"
        for number in range(args.edits):
            marker = f"Edited title {number} {os.getpid()}"
            text = TITLE.sub(f"title: {marker}", story_file.read_text(encoding="utf-8"), count=1)
            time.sleep(0.4)  # let the previous rebuild settle; saves come at any phase of the poll
            saved = time.monotonic()
            story_file.write_text(text, encoding="utf-8")
            try:
                shows(marker)
            except TimeoutError as error:
                raise TimeoutError(f"{label}: edit {number} never showed; see {log_path}") from error
            latencies.append(time.monotonic() - saved)
            builds.append(float(BUILT.findall(log_path.read_text(encoding="utf-8"))[-1]))
            if indexed:  # the site folder was emptied for this build: the index served next is the new one
                wait_until(lambda: fetch(f"{base}_pagefind/pagefind-entry.json") != "", 120)
                search_ready.append(time.monotonic() - saved)
    stories = len(list(story.parent.glob("*/story.yml")))
    return Figures(label, stories, first_build, latencies, builds, search_ready)


@contextmanager
def watching(url: str, browser: bool) -> Iterator[Callable[[str], None]]:
    """A function that returns once the page at `url` shows a text: fetched over HTTP, or open in Chromium."""
    if not browser:
        yield lambda marker: wait_until(lambda: marker in fetch(url), 120)
        return
    from tests.browser import chromium

    with chromium() as chrome:
        tab = chrome.new_page()
        tab.goto(url)

        def shows(marker: str) -> None:
            # The tab is never reloaded here: MkDocs' livereload script does it.
            script = "m => document.body !== null && document.body.innerText.includes(m)"
            tab.wait_for_function(script, arg=marker, timeout=120_000)

        yield shows


def make_project(target: Path, content: Path, options: str = "") -> None:
    """A copy of the project; `options` are added to the explainer plugin's settings."""
    target.mkdir(parents=True)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    if options:
        config, count = re.subn(r"^(  - explainer:\n)", rf"\g<1>{options}", config, flags=re.MULTILINE)
        assert count == 1, "mkdocs.yml has no `- explainer:` plugin entry"
    (target / "mkdocs.yml").write_text(config, encoding="utf-8")
    shutil.copytree(ROOT / "docs", target / "docs")
    if (ROOT / "overrides").is_dir():
        shutil.copytree(ROOT / "overrides", target / "overrides")
    shutil.copytree(content, target / "content")


def wait_until(condition: Callable[[], bool], seconds: float) -> None:
    wait_for(condition, seconds, poll=POLL, what="the page to change")


def print_table(rows: list[Figures]) -> None:
    """Save-to-reload latency, and how much of it the rebuild took (the rest: noticing the save, serving)."""
    print(
        f"{'site':<21} {'stories':>7} {'first build s':>13} {'edits':>5} "
        f"{'median s':>8} {'min s':>6} {'max s':>6} {'rebuild median s':>16} {'search ready median s':>21}"
    )
    for row in rows:
        lat = row.latencies
        ready = f"{statistics.median(row.search_ready):.3f}" if row.search_ready else "-"
        print(
            f"{row.site:<21} {row.stories:>7} {row.first_build:>13.2f} {len(lat):>5} "
            f"{statistics.median(lat):>8.3f} {min(lat):>6.3f} {max(lat):>6.3f} {statistics.median(row.builds):>16.3f}"
            f" {ready:>21}"
        )


if __name__ == "__main__":
    sys.exit(main())
