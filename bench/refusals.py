"""Hostile files at their worst sizes and shapes, each refused by a whole `explainer check` process.

The shapes of the limits suites (tests/test_limits.py, tests/test_hostile_yaml.py) at their worst:
just under the 2 MB a file may hold (larger files are refused unread, also measured), plus
100,000 unknown fields. Each file goes into a copy of the test world (tests/fixtures/content)
and `explainer check content` runs on it as an editor runs it, interpreter start-up included.
Figures: the best wall time of `repeat` runs and that run's CPU time (user + system), against
the goal of refusing every one within GOAL_S seconds.

    .venv/bin/python bench/refusals.py [--repeat 3] [--scale 1.0]

`--scale` shrinks the shapes that grow (a quick run for the tests); the size limits stay real.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORLD = ROOT / "tests" / "fixtures" / "content"
STORY = "bridge-closure/story.yml"
GOAL_S = 2.0
NEAR_LIMIT = 1_900_000  # bytes: the largest shapes stay just under the 2 MB a file may hold
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


@dataclass(frozen=True)
class Shape:
    name: str
    file: str
    """Where the hostile file goes, inside the content folder."""
    make: Callable[[float], bytes]
    """Its bytes at a scale (1.0: the worst size)."""
    expect: str
    """Words of the refusal that show the file was refused for the right reason."""


@dataclass(frozen=True)
class Refusal:
    shape: str
    size: int
    wall_s: float
    cpu_s: float
    lines: int
    """Lines of output (the problems listed, and the count)."""

    @property
    def within_goal(self) -> bool:
        return self.wall_s <= GOAL_S


def _story_text() -> str:
    return (WORLD / STORY).read_text(encoding="utf-8")


def _count(scale: float, full: int) -> int:
    return max(1, int(full * scale))


def unknown_fields(scale: float) -> bytes:
    return (_story_text() + "".join(f"k{n}: x\n" for n in range(_count(scale, 100_000)))).encode()


def long_text(length: int, char: str = "x") -> Callable[[float], bytes]:
    return lambda _: _story_text().replace("label: Explainer", f"label: '{char * length}'").encode()


def long_heading(_: float) -> bytes:
    return _story_text().replace("title: Why is the harbour bridge closed?", "title: '" + "[" * 301 + "'").encode()


def deep_nesting(scale: float) -> bytes:
    return b"title: " + b"[" * _count(scale, NEAR_LIMIT - 10) + b"\n"


def aliases(scale: float) -> bytes:
    return b"a: &x y\nb: [" + b"*x, " * _count(scale, NEAR_LIMIT // 4 - 10) + b"]\n"


def billion_laughs(_: float) -> bytes:
    rows = [f"lol{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]\n" for n in range(1, 10)]
    return ("lol0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(rows)).encode()


def repeated(line: str, scale: float, head: str = "") -> bytes:
    return (head + line * _count(scale, (NEAR_LIMIT - len(head)) // len(line.encode()))).encode()


def unknown_ids(scale: float) -> bytes:
    count = _count(scale, NEAR_LIMIT // 12)
    refs = ", ".join(f"x-{n:07d}" for n in range(count))
    return _story_text().replace("sources: [harbour-times-closure]", f"sources: [{refs}]", 1).encode()


def invalid_ids(scale: float) -> bytes:
    return repeated("  - id: Bad_Id\n    name: x\n", scale, "people:\n")


def cut_values(scale: float) -> bytes:
    """People whose names YAML cuts at ` #`, in a file whose lines end in CR alone (old Mac files)."""
    person = "  - id: p-{n:06d}\r    name: We are #1\r"
    count = _count(scale, NEAR_LIMIT // len(person.format(n=0)))
    return ("people:\r" + "".join(person.format(n=n) for n in range(count))).encode()


def over_the_limit(size: int) -> Callable[[float], bytes]:
    return lambda _: b"title: " + b"x" * size + b"\n"


SHAPES = [
    Shape("100,000 unknown fields", STORY, unknown_fields, "unknown field"),
    Shape("a text over its limit (20,001 characters)", STORY, long_text(20_001), "over 20000 characters"),
    Shape("50,000 `[` in a text", STORY, long_text(50_000, "["), "over 20000 characters"),
    Shape("a heading over its limit (301 `[`)", STORY, long_heading, "over 300 characters"),
    Shape("nesting 1.9 million `[` deep", STORY, deep_nesting, "nested more than 40 levels"),
    Shape("475,000 aliases", STORY, aliases, "YAML anchors"),
    Shape("billion laughs", STORY, billion_laughs, "YAML anchors"),
    Shape("duplicate keys on every line", STORY, lambda s: repeated("a: 1\n", s), "appears twice"),
    Shape("a control character on every line", STORY, lambda s: repeated("a: \x01\n", s), "control character"),
    Shape("a tab-indented line on every line", STORY, lambda s: repeated("a:\n\tb: 1\n", s), "a tab in the"),
    Shape("U+2028 on every line", STORY, lambda s: repeated("a: b\u2028\n", s), "invisible line break"),
    Shape("a name cut at ` #` on every CR-ended line", "cut.yml", cut_values, "was dropped"),
    Shape("150,000 unknown source ids", STORY, unknown_ids, "unknown source"),
    Shape("60,000 invalid person ids", "bad-people.yml", invalid_ids, "is not a valid id"),
    Shape("a file of 2.1 MB (over the limit)", STORY, over_the_limit(2_100_000), "over the limit of 2,000,000"),
    Shape("a file of 50 MB (refused unread)", STORY, over_the_limit(50_000_000), "over the limit of 2,000,000"),
]


def check_process(project: Path) -> tuple[float, float, str, int]:
    """Run `explainer check content`: its wall time, CPU time, error output and exit code."""
    with tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-m", "generator", "check", "content"],
            cwd=project,
            env=ENV,
            stdout=subprocess.DEVNULL,
            stderr=err,
            text=True,
        )
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        err.seek(0)
        return wall, usage.ru_utime + usage.ru_stime, err.read(), os.waitstatus_to_exitcode(status)


def measure_shape(shape: Shape, tmp: Path, repeat: int, scale: float) -> Refusal:
    project = tmp / "project"
    shutil.rmtree(project, ignore_errors=True)
    shutil.copytree(WORLD, project / "content")
    data = shape.make(scale)
    (project / "content" / shape.file).write_bytes(data)
    runs = [check_process(project) for _ in range(repeat)]
    wall, cpu, output, code = min(runs)
    if code != 1 or shape.expect not in output or "Traceback" in output:
        raise RuntimeError(f"{shape.name}: not refused as expected (exit {code}):\n{output[-2000:]}")
    return Refusal(shape.name, len(data), wall, cpu, len(output.splitlines()))


def measure_refusals(repeat: int = 3, scale: float = 1.0) -> list[Refusal]:
    with tempfile.TemporaryDirectory(prefix="bench-refusals-") as tmp:
        return [measure_shape(shape, Path(tmp), repeat, scale) for shape in SHAPES]


def refusal_table(rows: list[Refusal]) -> str:
    lines = [
        "| hostile file | size | `explainer check` (s, whole process) | CPU (s) | within 2 s | lines printed |",
        "|---|---|---|---|---|---|",
    ]
    for row in rows:
        size = f"{row.size / 1e6:.1f} MB" if row.size >= 100_000 else f"{row.size / 1e3:.0f} KB"
        verdict = "yes" if row.within_goal else "**no**"
        lines.append(f"| {row.shape} | {size} | {row.wall_s:.2f} | {row.cpu_s:.2f} | {verdict} | {row.lines} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    rows = measure_refusals(args.repeat, args.scale)
    print(refusal_table(rows))
    return 0 if all(row.within_goal for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
