"""What checking citations against archived texts costs: per story, and added to `explainer check`.

For the demo story (with its five archived articles, when they are beside the checkout) and for
synthetic sites whose every source has an archived text (harness/synthetic.py, `archives=True`):

* inside one fresh process: load + validate + link, then verifying every citation, timed apart;
* the whole `explainer check` process on the same site with its archives and without them (the same
  content, its archives absent: citations are then reported as not verified). The difference in the
  process's CPU time (user + system, which other work on a shared machine skews least; wall time is
  shown too) is what verification adds to the command editors and CI run.

    .venv/bin/python -m bench.verification --stories 10 100          # prints the table
    .venv/bin/python -m bench.verification --inside CONTENT_DIR       # one site's stage times, as JSON
"""

from __future__ import annotations

import argparse
import gc
import json
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.measure import timed
from harness.project import ROOT

PYTHON = sys.executable
GOAL = 0.20
"""Verifying may add at most this much to `explainer check`."""


@dataclass
class VerifyRow:
    site: str
    stories: int
    citations: int
    load_s: float
    """Load, validate and link, inside the process."""
    verify_s: float
    """Verifying every citation, inside the same process."""
    check_without_s: float
    """The whole `explainer check` process, archives absent: its CPU time (user + system)."""
    check_with_s: float
    """The whole `explainer check` process, archives present: its CPU time."""
    wall_without_s: float = 0.0
    wall_with_s: float = 0.0

    @property
    def verify_ms_per_story(self) -> float:
        return self.verify_s / self.stories * 1000

    @property
    def added(self) -> float:
        return self.check_with_s / self.check_without_s - 1


def inside(content: Path) -> dict[str, float | int]:
    """Stage times of one site, as `explainer check` runs them (the loaded models frozen before verifying)."""
    from generator.pipeline import load_site
    from generator.settings import project_settings
    from generator.verify import Verifier, verify_result

    started = time.perf_counter()
    result = load_site(content)
    loaded = time.perf_counter()
    gc.freeze()
    assert result.site is not None, [str(p) for p in result.problems]
    verifying = time.perf_counter()
    verification = verify_result(Verifier(project_settings(content)), result.located, result.site)
    verified = time.perf_counter()
    totals = verification.totals
    return {
        "load_s": loaded - started,
        "verify_s": verified - verifying,
        "citations": totals.cited,
        "supported": totals.supported,
        "unverified": totals.unverified,
        "stories": len(result.site.stories),
    }


def _best(runs: int, command: list[str], cwd: Path) -> float:
    return min(timed(command, cwd=cwd).seconds for _ in range(runs))


def _stages(content: Path, project: Path, runs: int) -> dict[str, float | int]:
    command = [PYTHON, "-m", "bench.verification", "--inside", str(content)]
    figures = [json.loads(timed(command, cwd=project).stdout) for _ in range(runs)]
    best: dict[str, float | int] = min(figures, key=lambda f: float(f["load_s"]) + float(f["verify_s"]))
    return best


def measure_site(name: str, project: Path, bare: Path, runs: int) -> VerifyRow:
    """`project` has its archives; `bare` is the same content without them."""
    check = [PYTHON, "-m", "generator", "check", "--since", "", "content"]  # no git: the same work on both sides
    stages = _stages(project / "content", project, runs)
    if stages["unverified"]:
        raise RuntimeError(f"{name}: {stages['unverified']} citation(s) not verified: are the archives there?")
    with_archives, without = [], []
    for _ in range(runs):  # interleaved, so drift in the machine's speed hits both alike
        with_archives.append(timed(check, cwd=project))
        without.append(timed(check, cwd=bare))
    return VerifyRow(
        site=name,
        stories=int(stages["stories"]),
        citations=int(stages["citations"]),
        load_s=float(stages["load_s"]),
        verify_s=float(stages["verify_s"]),
        check_without_s=min(run.cpu_seconds for run in without),
        check_with_s=min(run.cpu_seconds for run in with_archives),
        wall_without_s=min(run.seconds for run in without),
        wall_with_s=min(run.seconds for run in with_archives),
    )


def measure_demo(tmp: Path, runs: int) -> VerifyRow | None:
    """The demo story, verified against its archived articles; None when they are not beside the checkout."""
    from generator.settings import project_settings

    settings = project_settings(ROOT / "content")
    if settings.archive_root is None or not settings.archive_root.is_dir():
        return None
    bare = tmp / "demo-without-archives"
    bare.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", bare / "mkdocs.yml")  # its archive folder is not beside this copy
    shutil.copytree(ROOT / "content", bare / "content")
    return measure_site("demo", ROOT, bare, runs)


def measure_synthetic(tmp: Path, stories: int, runs: int) -> VerifyRow:
    from harness.synthetic import write_site

    project = tmp / f"synthetic-{stories}"
    write_site(project / "content", stories, archives=True)
    bare = tmp / f"synthetic-{stories}-without-archives"
    shutil.copytree(project / "content", bare / "content")  # the same content; its archive/ left behind
    return measure_site("synthetic", project, bare, runs)


def measure_all(stories: list[int], runs: int) -> list[VerifyRow]:
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-verify-") as folder:
        tmp = Path(folder)
        demo = measure_demo(tmp, runs)
        if demo is not None:
            rows.append(demo)
        rows += [measure_synthetic(tmp, count, runs) for count in stories]
    return rows


def table(rows: list[VerifyRow]) -> str:
    header = [
        "site",
        "stories",
        "citations checked",
        "load + validate + link (ms)",
        "verify (ms)",
        "**verify ms / story**",
        "`explainer check` without archives: CPU (wall) s",
        "with archives: CPU (wall) s",
        "**added** (CPU)",
    ]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for r in rows:
        cells = [
            r.site,
            r.stories,
            f"{r.citations:,}",
            f"{r.load_s * 1000:.0f}",
            f"{r.verify_s * 1000:.0f}",
            f"**{r.verify_ms_per_story:.1f}**",
            f"{r.check_without_s:.2f} ({r.wall_without_s:.2f})",
            f"{r.check_with_s:.2f} ({r.wall_with_s:.2f})",
            f"**{r.added:+.0%}**",
        ]
        lines.append("| " + " | ".join(str(cell) for cell in cells) + " |")
    return "\n".join(lines)


def verdict(rows: list[VerifyRow]) -> str:
    synthetic = [r for r in rows if r.site == "synthetic"]
    if not synthetic:
        return "no synthetic site measured"
    worst = max(synthetic, key=lambda r: r.added)
    per_story = [r.verify_ms_per_story for r in synthetic]
    linear = max(per_story) <= 1.5 * min(per_story)
    return (
        f"verifying adds {worst.added:.0%} to `explainer check` at {worst.stories} synthetic stories "
        f"(goal {GOAL:.0%}: {'met' if worst.added <= GOAL else '**not met**'}); per story "
        + ", ".join(f"{r.verify_ms_per_story:.1f} ms at {r.stories}" for r in synthetic)
        + (" (linear)" if linear else " (**not linear**)")
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--stories", type=int, nargs="*", default=[10, 100])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--inside", type=Path, help="print one content folder's stage times as JSON")
    args = parser.parse_args()
    if args.inside:
        print(json.dumps(inside(args.inside)))
        return 0
    rows = measure_all(args.stories, args.repeat)
    print(table(rows))
    print()
    print(verdict(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
