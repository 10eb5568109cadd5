"""Google's structured-data checks on a built page: `structured-data-testing-tool --presets Google`.

The tool (npm, pinned in tools/package-lock.json) reads the page from a local file (`--file`),
never from a URL, and runs with tests/loopback_only.cjs preloaded, which makes any connection
or DNS lookup for a host but 127.0.0.1, localhost or ::1 throw before it leaves the machine.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .conftest import ROOT

SDTT = ROOT / "tools" / "node_modules" / ".bin" / "sdtt"
LOOPBACK_ONLY = Path(__file__).resolve().parent / "loopback_only.cjs"


def node_environment() -> dict[str, str]:
    """The environment for a Node tool: loopback only, no colours."""
    options = f"{os.environ.get('NODE_OPTIONS', '')} --require={LOOPBACK_ONLY}".strip()
    return {**os.environ, "NODE_OPTIONS": options, "FORCE_COLOR": "0", "NO_COLOR": "1"}


@dataclass
class Checks:
    passed: int
    failed: int
    warnings: int
    returncode: int
    output: str

    @property
    def failures(self) -> list[str]:
        """The failed checks as the tool names them: `image [BackgroundNewsArticle[0].image]`."""
        found = re.findall(r"^\s*✕\s+(.+)$", self.output, re.MULTILINE)
        return [line for line in found if "tests failed" not in line]


def google_checks(page: Path) -> Checks:
    """Run the Google preset on one built HTML file."""
    if not SDTT.exists():
        raise RuntimeError(f"{SDTT} is missing: run `make test-tools`")
    result = subprocess.run(
        [str(SDTT), "--file", str(page), "--presets", "Google"],
        capture_output=True,
        text=True,
        timeout=120,
        env=node_environment(),
    )
    output = result.stdout + result.stderr

    def count(label: str) -> int:
        match = re.search(rf"^\s*{label}:\s+(\d+)", output, re.MULTILINE)
        if match is None:
            raise AssertionError(f"no `{label}:` in the tool's output:\n{output[-3000:]}")
        return int(match[1])

    return Checks(count("Passed"), count("Failed"), count("Warnings"), result.returncode, output)
