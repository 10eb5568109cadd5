"""The machine a benchmark ran on: cores, memory, CPU, and the versions that matter."""

from __future__ import annotations

import os
import platform
import subprocess
from importlib.metadata import version
from pathlib import Path


def machine() -> dict[str, str]:
    return {
        "commit measured": _commit(),
        "nproc": str(os.cpu_count()),
        "cpu": _cpu_model(),
        "memory (free -h)": _command(["free", "-h"]),
        "os": _os_name(),
        "python": platform.python_version(),
        "mkdocs": version("mkdocs"),
        "mkdocs-material": version("mkdocs-material"),
        "pydantic": version("pydantic"),
        "jinja2": version("jinja2"),
        "pyyaml": version("pyyaml"),
        "chromium": _command(["/usr/bin/chromium", "--version"]),
        "node": _command(["node", "--version"]),
    }


def load_average() -> str:
    """The 1-, 5- and 15-minute load averages: other work on the machine skews every timing."""
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def _commit() -> str:
    root = str(Path(__file__).resolve().parents[1])
    commit = _command(["git", "-C", root, "rev-parse", "--short", "HEAD"]) or "unknown"
    changed = _command(["git", "-C", root, "status", "--porcelain", "--untracked-files=no"])
    return commit + (" with uncommitted changes" if changed else "")


def _command(command: list[str]) -> str:
    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _os_name() -> str:
    try:
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                return line.split("=", 1)[1].strip('"')
    except OSError:
        pass
    return platform.platform()
