"""`make bench`: what the generator costs, how builds grow, and how fast editors see a save.

On synthetic sites (harness/synthetic.py) of each story count it measures, in one run:

(a) the generator's own cost (load + validate + link + render, in a fresh process)
    against MkDocs building the IDENTICAL pre-rendered Markdown (`explainer render`
    into a plain MkDocs project: the same mkdocs.yml minus the explainer plugin);
(b) the full `mkdocs build --strict` time per page and the output size, with the
    number of story links in a story page's navigation (must stay flat);
(c) `explainer check` throughput and peak memory;
(d) save-to-reload latency under `mkdocs serve` (bench/serve_latency.py), with the search
    index built in the background, waited for, and skipped;
(e) the real story page's weight and Lighthouse scores (bench/page.py);
(f) searching the largest site in Chromium: bytes sent and time per search (bench/search.py).
(g) how fast hostile files at their worst sizes are refused (bench/refusals.py);
(h) what checking citations against archived texts costs, per story and added to
    `explainer check` (bench/verification.py): the demo story and synthetic sites
    whose every source has an archived text.

It prints the tables and writes BENCHMARKS.md (with the machine) and the README's
figures. Timings are the best of --repeat runs (one run at 1,000 stories and above).

    .venv/bin/python -m bench.run --stories 1 100 1000 --serve-stories 1 100
"""

from __future__ import annotations

import argparse
import datetime
import json
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bench.machine import load_average, machine
from bench.measure import Output, baseline_env, best_of, mkdocs_build, output_stats, plain_project, timed
from bench.refusals import measure_refusals
from bench.report import Report, write_report
from bench.search import SYNTHETIC_QUERIES, SearchFigures, measure_searches
from harness.project import ROOT, make_project
from harness.synthetic import write_site

PYTHON = sys.executable


@dataclass
class Row:
    stories: int
    generator: dict[str, float]
    plain_build_s: float
    full_build_s: float
    plugin_s: float
    """Time inside the explainer plugin's hooks during the full build (same process, same moments)."""
    inside_build_s: float
    """The same build timed inside its process (no interpreter start-up)."""
    search_index_s: float
    """Pagefind indexing the built site, inside that build (not part of `plugin_s`)."""
    build_peak_mb: float
    output: Output
    check_s: float
    check_peak_mb: float
    search: list[SearchFigures] | None = None
    """Searches in Chromium on this site (the largest one only)."""
    warm: dict[str, float] | None = None
    """The generator's work in a rebuild with one story changed, story pages cached by the build before."""
    before: dict[str, float] | None = None
    """The generator's cold work at the baseline revision (`--baseline`), measured interleaved with `generator`."""
    before_build_peak_mb: float | None = None
    """The full build's peak memory at the baseline revision."""


def best(runs: list[dict[str, float]]) -> dict[str, float]:
    return min(runs, key=lambda figures: figures["load_validate_link_s"] + figures["render_s"])


def edit_title(project: Path, number: int) -> None:
    """Change one story's title, as an editor's save does."""
    stories = sorted(path for path in (project / "content").iterdir() if (path / "story.yml").is_file())
    story = stories[number % len(stories)] / "story.yml"
    text = story.read_text(encoding="utf-8")
    story.write_text(re.sub(r"^title: .*$", f"title: Edited title {number}", text, count=1, flags=re.M), "utf-8")


def measure_size(
    tmp: Path,
    stories: int,
    repeat: int,
    build_repeat: int,
    search_repeat: int = 0,
    baseline: dict[str, str] | None = None,
) -> Row:
    content = write_site(tmp / "source" / "content", stories)
    project = make_project(tmp / "explainer", content)
    stages, before, checks = [], [], []
    for _ in range(repeat):  # cheap next to a build: the best of `repeat` even at 1,000 stories
        stages.append(json.loads(timed([PYTHON, "-m", "bench.stages", "content"], cwd=project).stdout))
        if baseline is not None:  # interleaved, so the machine's load skews before and after alike
            before.append(json.loads(timed([PYTHON, "-m", "bench.stages", "content"], project, baseline).stdout))
        checks.append(timed([PYTHON, "-m", "generator", "check", "content"], cwd=project))
    generator = best(stages)
    check = min(checks, key=lambda run: run.seconds)
    cache = str(project / ".cache" / "explainer" / "pages")  # the build's own: the full builds below are warm
    timed([PYTHON, "-m", "bench.stages", "content", cache], cwd=project)  # a first build fills it
    warm_runs = []
    for number in range(repeat):
        edit_title(project, number)
        warm_runs.append(json.loads(timed([PYTHON, "-m", "bench.stages", "content", cache], cwd=project).stdout))
    warm = best(warm_runs)
    timed([PYTHON, "-m", "generator", "render", "--content", "content", "--out", str(tmp / "rendered")], cwd=project)
    plain = plain_project(tmp / "plain", project, tmp / "rendered")
    full_runs, plain_runs = [], []
    for _ in range(build_repeat):  # interleaved, so drift in the machine's speed hits both alike
        full_runs.append(timed([PYTHON, "-m", "bench.inside", str(project / "site")], cwd=project))
        plain_runs.append(timed(mkdocs_build(plain / "site"), cwd=plain))
    full = min(full_runs, key=lambda run: run.seconds)
    before_peak = None
    if baseline is not None:
        before_peak = timed(mkdocs_build(tmp / "before-site"), cwd=project, env=baseline).peak_rss_mb
    slugs = sorted(p.name for p in content.iterdir() if (p / "story.yml").exists())
    searches = None
    if search_repeat:
        print(f"… searching {stories} stories in Chromium", file=sys.stderr, flush=True)
        searches = measure_searches(project / "site", f"{slugs[0]}/", list(SYNTHETIC_QUERIES), search_repeat)
    return Row(
        stories=stories,
        generator=generator,
        plain_build_s=min(run.seconds for run in plain_runs),
        full_build_s=full.seconds,
        plugin_s=json.loads(full.stdout)["plugin_s"],
        inside_build_s=json.loads(full.stdout)["build_s"],
        search_index_s=json.loads(full.stdout)["search_index_s"],
        build_peak_mb=full.peak_rss_mb,
        output=output_stats(project / "site", slugs),
        check_s=check.seconds,
        check_peak_mb=check.peak_rss_mb,
        search=searches,
        warm=warm,
        before=best(before) if before else None,
        before_build_peak_mb=before_peak,
    )


def serve_latency(sizes: list[int]) -> str:
    script = ROOT / "bench" / "serve_latency.py"
    if not sizes:
        return "(skipped: no --serve-stories given)"
    if not script.exists():
        return "(bench/serve_latency.py is not there yet: save-to-reload latency was not measured)"
    try:
        command = [
            PYTHON,
            "-m",
            "bench.serve_latency",
            "--stories",
            *map(str, sizes),
            "--search",
            "background",
            "wait",
            "skip",
        ]
        return best_of(1, command).stdout.strip()
    except RuntimeError as error:
        return f"(bench/serve_latency.py failed: {error})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--stories", type=int, nargs="+", default=[1, 100, 1000])
    parser.add_argument("--serve-stories", type=int, nargs="*", default=[1, 100])
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="runs per measurement, the best kept (builds: one at 1,000 stories and above)",
    )
    parser.add_argument("--no-page", action="store_true", help="skip the page weight and Lighthouse section")
    parser.add_argument(
        "--refusal-scale",
        type=float,
        default=1.0,
        help="size of the hostile files that grow, 1.0 being the worst (a smaller one for a quick run)",
    )
    parser.add_argument(
        "--search-repeat", type=int, default=5, help="runs per search on the largest site (0: skip section (f))"
    )
    parser.add_argument(
        "--verify-stories",
        type=int,
        nargs="*",
        default=[10, 100],
        help="synthetic sites (every source archived) on which to time citation checks; none: skip (h)",
    )
    parser.add_argument(
        "--baseline",
        help="a git revision whose generator is measured too, interleaved (before and after in one run)",
    )
    parser.add_argument("--out", type=Path, default=ROOT / "BENCHMARKS.md")
    parser.add_argument("--readme", type=Path, default=ROOT / "README.md")
    args = parser.parse_args()
    load_before = load_average()
    rows = []
    for stories in args.stories:
        print(f"… {stories} stories", file=sys.stderr, flush=True)
        with tempfile.TemporaryDirectory(prefix=f"bench-{stories}-") as tmp:
            search_repeat = args.search_repeat if stories == max(args.stories) else 0
            build_repeat = args.repeat if stories < 1000 else 1
            baseline = baseline_env(args.baseline, Path(tmp) / "baseline") if args.baseline else None
            rows.append(measure_size(Path(tmp), stories, args.repeat, build_repeat, search_repeat, baseline))
    print("… mkdocs serve", file=sys.stderr, flush=True)
    latency = serve_latency(args.serve_stories)
    print("… hostile files", file=sys.stderr, flush=True)
    refusals = measure_refusals(args.repeat, args.refusal_scale)
    verification = None
    if args.verify_stories:
        print("… citation checks", file=sys.stderr, flush=True)
        from bench.verification import measure_all

        verification = measure_all(args.verify_stories, args.repeat)
    page = None
    if not args.no_page:
        print("… page weight and Lighthouse", file=sys.stderr, flush=True)
        from bench.page import measure_page_offline

        page = measure_page_offline()
    about = {**machine(), "load average (1, 5, 15 min) before / after": f"{load_before} / {load_average()}"}
    report = Report(
        datetime.datetime.now(datetime.UTC), about, rows, latency, page, sys.argv[1:], refusals, verification
    )
    print(write_report(report, args.out, args.readme))
    return 0


if __name__ == "__main__":
    sys.exit(main())
