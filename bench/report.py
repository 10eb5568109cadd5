"""The benchmark's tables, as Markdown: BENCHMARKS.md in full, and a summary in the README."""

from __future__ import annotations

import datetime
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench.refusals import GOAL_S, Refusal, refusal_table

if TYPE_CHECKING:
    from bench.page import PageFigures
    from bench.run import Row
    from bench.verification import VerifyRow

README_BEGIN = "<!-- bench:begin (written by `make bench`) -->"
README_END = "<!-- bench:end -->"
GOAL_RATIO = 0.10
GOAL_PEAK_MB = 1000


@dataclass
class Report:
    when: datetime.datetime
    machine: dict[str, str]
    rows: list[Row]
    serve_latency: str
    page: PageFigures | None
    arguments: list[str]
    refusals: list[Refusal] | None = None
    verification: list[VerifyRow] | None = None


def table(header: list[str], rows: list[list[Any]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def generator_cost(row: Row) -> float:
    return row.generator["load_validate_link_s"] + row.generator["render_s"]


def warm_cost(row: Row) -> float:
    """A rebuild with one story changed (story pages cached by the build before); the cold cost if unmeasured."""
    return row.warm["load_validate_link_s"] + row.warm["render_s"] if row.warm else generator_cost(row)


def before_cost(row: Row) -> float | None:
    return row.before["load_validate_link_s"] + row.before["render_s"] if row.before else None


def ratio_text(seconds: float | None, row: Row) -> str:
    return "n/a" if seconds is None else f"**{seconds / row.plain_build_s:.1%}**"


def ms(seconds: float | None) -> str:
    return "n/a" if seconds is None else f"{seconds * 1000:.0f}"


def peak_verdict(row: Row) -> str:
    return f"goal under {GOAL_PEAK_MB:,} MB " + ("met" if row.build_peak_mb < GOAL_PEAK_MB else "**not met**")


def open_data_ms(row: Row) -> str:
    seconds = row.generator.get("open_data_s", math.nan)
    return "n/a" if math.isnan(seconds) else f"{seconds * 1000:.0f}"


def share_ms(row: Row) -> str:
    drawn, cached = row.generator.get("share_drawn_ms", math.nan), row.generator.get("share_cached_ms", math.nan)
    return "n/a" if math.isnan(drawn) else f"{drawn:.1f} / {cached:.2f}"


def in_build_ratio(row: Row) -> float:
    return row.plugin_s / (row.inside_build_s - row.plugin_s)


def verdict(row: Row) -> str:
    ratio = warm_cost(row) / row.plain_build_s
    return f"goal of {GOAL_RATIO:.0%} " + (
        "met" if ratio <= GOAL_RATIO else f"**not met** ({ratio / GOAL_RATIO:.0f}× over)"
    )


def cost_table(rows: list[Row]) -> str:
    return table(
        [
            "stories",
            "pages",
            "load + validate + link (ms)",
            "render (ms)",
            "generator total, cold (ms)",
            "MkDocs, same Markdown (s)",
            "**cold / MkDocs**",
            "rebuild, one story changed (ms)",
            "**rebuild / MkDocs**",
            "before: cold (ms)",
            "**before / MkDocs**",
            "open data (ms)",
            "share image, drawn / from cache (ms each)",
            "full build (s)",
            "plugin inside it (s)",
            "**plugin / rest of build**",
            "full − plain (s)",
        ],
        [
            [
                r.stories,
                r.generator["pages"],
                f"{r.generator['load_validate_link_s'] * 1000:.0f}",
                f"{r.generator['render_s'] * 1000:.0f}",
                f"{generator_cost(r) * 1000:.0f}",
                f"{r.plain_build_s:.2f}",
                ratio_text(generator_cost(r), r),
                ms(warm_cost(r) if r.warm else None)
                + (f" ({r.warm.get('stories_rendered', 0):.0f} rendered)" if r.warm else ""),
                ratio_text(warm_cost(r) if r.warm else None, r),
                ms(before_cost(r)),
                ratio_text(before_cost(r), r),
                open_data_ms(r),
                share_ms(r),
                f"{r.full_build_s:.2f}",
                f"{r.plugin_s:.2f}",
                f"**{in_build_ratio(r):.1%}**",
                f"{r.full_build_s - r.plain_build_s:+.2f}",
            ]
            for r in rows
        ],
    )


def growth_table(rows: list[Row]) -> str:
    return table(
        [
            "stories",
            "HTML pages",
            "full build (s)",
            "**build ms / page**",
            "**build peak memory (MB)**",
            "before: build peak memory (MB)",
            "output (MB)",
            "**HTML KB / page**",
            "story page (KB)",
            "home page (KB)",
            "search index: files, MB",
            "**search index build (s)**",
            "stories in a story page's nav",
        ],
        [
            [
                r.stories,
                r.output.pages,
                f"{r.full_build_s:.2f}",
                f"**{r.full_build_s / r.output.pages * 1000:.0f}**",
                f"**{r.build_peak_mb:.0f}**",
                f"{r.before_build_peak_mb:.0f}" if r.before_build_peak_mb else "n/a",
                f"{r.output.total_bytes / 1e6:.1f}",
                f"**{r.output.html_bytes / r.output.pages / 1e3:.1f}**",
                f"{r.output.story_page_bytes / 1e3:.1f}",
                f"{r.output.home_bytes / 1e3:.1f}",
                f"{r.output.search_index_files:,}, {r.output.search_index_bytes / 1e6:.1f}",
                f"**{r.search_index_s:.2f}**",
                r.output.nav_story_links,
            ]
            for r in rows
        ],
    )


def check_table(rows: list[Row]) -> str:
    return table(
        [
            "stories",
            "`explainer check` (s, whole process)",
            "**stories / s**",
            "peak memory (MB)",
            "load + validate + link only (stories / s)",
        ],
        [
            [
                r.stories,
                f"{r.check_s:.2f}",
                f"**{r.stories / r.check_s:.0f}**",
                f"{r.check_peak_mb:.0f}",
                f"{r.stories / r.generator['load_validate_link_s']:.0f}",
            ]
            for r in rows
        ],
    )


def machine_table(machine: dict[str, str]) -> str:
    lines = []
    for key, value in machine.items():
        if "\n" in value:
            lines.append(f"- {key}:\n\n  ```\n" + "\n".join(f"  {line}" for line in value.splitlines()) + "\n  ```")
        else:
            lines.append(f"- {key}: {value}")
    return "\n".join(lines)


def full_report(report: Report) -> str:
    from bench.page import page_section

    largest = report.rows[-1]
    command = "python -m bench.run " + " ".join(report.arguments)
    parts = [
        "# Benchmarks",
        f"Written by `make bench` (`{command.strip()}`) on {report.when:%Y-%m-%d %H:%M} UTC. "
        "Do not edit by hand: run `make bench` again. Synthetic stories come from harness/synthetic.py "
        "(eight questions, three claims, fifteen reactions with two quotes each, six events, four variants, "
        "five sources: about the size of a real story). Timings are the best of the runs made "
        "(one run at 1,000 stories and above); every ratio compares figures measured in the same run.",
        "## The machine",
        machine_table(report.machine),
        "## (a) What the generator adds to a build",
        "The generator's own work (load, validate, link and render every page, timed inside a fresh process; "
        "imports excluded, paid once per build) against MkDocs building the identical pre-rendered Markdown: "
        "`explainer render --out` into a plain MkDocs project with the same mkdocs.yml minus the `explainer` "
        f"plugin (a whole `mkdocs build --strict` process). Goal: {GOAL_RATIO:.0%} or less. *Cold* is a first "
        "build, every page rendered. *Rebuild, one story changed* is the usual build: one story's title edited "
        "since the build before, whose story, person and outlet pages the generator keeps on disk by a hash of "
        "everything each shows (generator/render_cache.py), so only the pages showing something changed are "
        "rendered again; loading, validating and linking every file is paid in full. *Before* is the cold "
        "figure of the generator at the `--baseline` revision, measured interleaved with the others.",
        cost_table(report.rows),
        f"At {largest.stories} stories a rebuild with one story changed costs the generator "
        f"{warm_cost(largest) / largest.plain_build_s:.1%} of what MkDocs spends on the same pages "
        f"({verdict(largest)}); a cold build {generator_cost(largest) / largest.plain_build_s:.1%}"
        + (
            f", and {before_cost(largest) / largest.plain_build_s:.1%} before"  # type: ignore[operator]
            if largest.before
            else ""
        )
        + '. "Open data" is the JSON and feed files '
        "the plugin writes after a build (made in memory here; not part of the ratio, since the plain build "
        "has no such files). A share image (generator/share.py) is drawn once per title and then written from "
        "the cache in .cache/explainer/; the builds measured here start with that cache filled, as every build "
        "after the first does, so drawing (the first figure, times the story count) is not in them. "
        '"Plugin inside it" is the time spent in the explainer plugin\'s hooks during the '
        f"full build, timed in that same process (bench/inside.py): at {largest.stories} stories the plugin adds "
        f"{in_build_ratio(largest):.1%} to the rest of the build, a figure that a busy machine skews least. The search "
        "index that the plugin has Pagefind build after the pages is timed apart (table (b)) and counted in neither: "
        "it is the site's search, not the generator. The last column compares whole builds, the explainer project "
        "(search index included) against the plain one (no search). The machine is shared "
        "(see the load average above); both sides of a ratio run interleaved, so load skews them alike.",
        "## (b) Growth: build time and output size per page",
        "The full `mkdocs build --strict` of the explainer project. Linear growth means the per-page columns stay "
        "flat. The navigation (`nav` in mkdocs.yml) lists only the hand-written pages, so no page lists every "
        "story (the last column counts links to stories inside a story page's primary navigation); only the "
        "home page, which is the index of stories, and the search index grow with the story count. The search index "
        "is Pagefind's (`_pagefind/`: index chunks, one fragment per story page and metadata, stored compressed; "
        "a search fetches only a few of them, see (f)); its build time is Pagefind's run inside the full build.",
        growth_table(report.rows),
        "## (c) `explainer check`",
        "Wall time of the whole `explainer check content` process (interpreter start and imports included) "
        "and its peak resident memory (`getrusage` of that process); the last column is the same work "
        "timed inside the process, without start-up.",
        check_table(report.rows),
        "## (d) Save-to-reload latency under `mkdocs serve`",
        "From bench/serve_latency.py: a real `mkdocs serve`, one story's title edited several times, seconds "
        "until the served page shows the new title.",
        "```\n" + report.serve_latency + "\n```",
    ]
    if report.page is not None:
        parts.append(page_section(report.page))
        parts.append(index_projection(report))
    searched = next((row for row in reversed(report.rows) if row.search), None)
    if searched is not None and searched.search is not None:
        from bench.search import search_lines, search_method

        parts += [
            f"## (f) Searching {searched.stories:,} stories in Chromium",
            search_method(),
            "\n".join(search_lines(searched.search, searched.stories)),
        ]
    if report.refusals is not None:
        parts += refusal_section(report.refusals)
    if report.verification:
        parts.append(verification_section(report.verification))
    return "\n\n".join(parts) + "\n"


def verification_section(rows: list[VerifyRow]) -> str:
    from bench.verification import GOAL, table, verdict

    return "\n\n".join(
        [
            "## (h) Citation checks",
            "From bench/verification.py: every citation checked against the archived text of each source it "
            "cites, on the demo story (its five archived articles) and on synthetic sites whose every source "
            'has an archived text of about 6,000 characters (harness/synthetic.py). "Verify" is timed inside '
            "one process, after load + validate + link; the last columns compare the whole `explainer check` "
            "process on the same content with its archives and without them (its citations then not "
            "verified), by the process's CPU time, which other work on a shared machine skews least (wall "
            f"time in brackets). Goal: at most {GOAL:.0%} added, and a flat time per story.",
            table(rows),
            verdict(rows) + ".",
        ]
    )


def refusal_section(rows: list[Refusal]) -> list[str]:
    return [
        "## (g) Hostile files refused",
        "From bench/refusals.py: the shapes of the limits suites (tests/test_limits.py, tests/test_hostile_yaml.py) "
        "at their worst sizes (just under the 2 MB a file may hold, or over it), plus 100,000 unknown fields, each "
        "in a copy of the test world and checked by a whole `explainer check content` process (interpreter "
        f"start-up included): the best wall time of the runs, and that run's CPU time. Goal: refused within {GOAL_S:.0f} s. "
        "Every one is refused with at most 20 problems listed per file and one line counting the rest. "
        "On a shared machine the wall time grows with the load average (see the machine above); the CPU time "
        "is the process's own.",
        refusal_table(rows),
        refusal_verdict(rows),
    ]


def refusal_summary(rows: list[Refusal]) -> str:
    unknown = next(row for row in rows if row.shape.startswith("100,000 unknown fields"))
    slowest = max(rows, key=lambda row: row.wall_s)
    over = [row.shape for row in rows if not row.within_goal]
    return (
        f"- Hostile files at their worst sizes ({len(rows)} shapes): 100,000 unknown fields are refused in "
        f"{unknown.wall_s:.2f} s ({unknown.cpu_s:.2f} s CPU); the slowest, {slowest.shape}, in {slowest.wall_s:.2f} s "
        f"({slowest.cpu_s:.2f} s CPU); "
        + (f"goal of {GOAL_S:.0f} s met." if not over else f"goal of {GOAL_S:.0f} s **not met** for {', '.join(over)}.")
    )


def refusal_verdict(rows: list[Refusal]) -> str:
    slowest = max(rows, key=lambda row: row.wall_s)
    most_cpu = max(rows, key=lambda row: row.cpu_s)
    over = [row.shape for row in rows if not row.within_goal]
    verdict = "goal met" if not over else f"**goal not met** for {', '.join(over)}"
    return (
        f"Slowest: {slowest.shape}, {slowest.wall_s:.2f} s; most CPU: {most_cpu.shape}, {most_cpu.cpu_s:.2f} s; "
        f"{verdict}."
    )


def index_projection(report: Report) -> str:
    """What the story page's first load would weigh with the search index of each synthetic site."""
    assert report.page is not None
    weight = report.page.weight
    if not weight.search_index_requests:
        return "The search index is not fetched on load, so its growth (table (b)) does not reach page loads."
    fetched = sum(size for _, size in weight.search_index_requests)
    return (
        f"**The page fetched {fetched / 1000:.1f} KB of the search on load**: nothing of it should load before a "
        "reader opens search (tests/test_page_budget.py fails on this)."
    )


def readme_summary(report: Report) -> str:
    largest = report.rows[-1]
    lines = [
        README_BEGIN,
        f"Latest figures ({report.when:%Y-%m-%d}, {report.machine['nproc']} cores; "
        "full tables and the machine in [BENCHMARKS.md](BENCHMARKS.md), `make bench` to measure again):",
        "",
        "- The generator's share of MkDocs' own work (a rebuild with one story changed; cold, every page "
        "rendered; before, at the baseline revision): "
        + "; ".join(
            f"**{warm_cost(r) / r.plain_build_s:.1%}** at {r.stories} stories (cold "
            f"{generator_cost(r) / r.plain_build_s:.1%}"
            + (f", before {before_cost(r) / r.plain_build_s:.1%}" if r.before else "")  # type: ignore[operator]
            + ")"
            for r in report.rows
        )
        + f"; goal {GOAL_RATIO:.0%} ({verdict(largest)} at {largest.stories}). Timed inside the real build, the "
        f"plugin's hooks add {in_build_ratio(largest):.1%} to the rest of it.",
        f"- Build peak memory at {largest.stories} stories: **{largest.build_peak_mb:,.0f} MB**"
        + (f" (before: {largest.before_build_peak_mb:,.0f} MB)" if largest.before_build_peak_mb else "")
        + f"; {peak_verdict(largest)}.",
        "- Build time per page: "
        + ", ".join(f"{r.full_build_s / r.output.pages * 1000:.0f} ms at {r.stories}" for r in report.rows)
        + "; HTML per page: "
        + ", ".join(f"{r.output.html_bytes / r.output.pages / 1e3:.0f} KB" for r in report.rows)
        + (
            "; no story page's navigation lists other stories"
            if not any(r.output.nav_story_links for r in report.rows)
            else "; **story pages' navigation lists other stories**"
        )
        + ".",
        f"- `explainer check`: {largest.stories / largest.check_s:.0f} stories/s at {largest.stories} stories, "
        f"peak memory {largest.check_peak_mb:.0f} MB.",
    ]
    if report.page is not None:
        from bench.page import page_summary

        lines.append(page_summary(report.page))
    searched = next((row for row in reversed(report.rows) if row.search), None)
    if searched is not None and searched.search is not None:
        from bench.search import search_summary

        lines.append(
            search_summary(searched.search, searched.stories, [(r.stories, r.search_index_s) for r in report.rows])
        )
    if report.refusals is not None:
        lines.append(refusal_summary(report.refusals))
    if report.verification:
        from bench import verification

        lines.append(f"- Citation checks: {verification.verdict(report.verification)}.")
    lines.append(README_END)
    return "\n".join(lines)


def update_readme(readme: Path, summary: str) -> None:
    text = readme.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(README_BEGIN) + ".*?" + re.escape(README_END), re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _: summary, text)
    else:
        text = text.rstrip("\n") + "\n\n## Performance\n\n" + summary + "\n"
    readme.write_text(text, encoding="utf-8")


def write_report(report: Report, out: Path, readme: Path) -> str:
    """Write BENCHMARKS.md and the README's summary; return the text to print."""
    text = full_report(report)
    out.write_text(text, encoding="utf-8")
    update_readme(readme, readme_summary(report))
    return text
