"""Atomic publishing: build into a temporary folder, swap it in only on success.

MkDocs empties `site_dir` before writing, so a failed build would leave a
half-made site; this wrapper keeps the previous site untouched instead.

Builds are reproducible: MkDocs dates the sitemap from `SOURCE_DATE_EPOCH`,
which this wrapper sets from the last commit when it is not set, so two
builds of the same commit are byte-identical.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path


def build_atomically(config_file: Path, site_dir: Path) -> int:
    site_dir = site_dir.resolve()
    staging = site_dir.with_name(f".{site_dir.name}.building")
    previous = site_dir.with_name(f".{site_dir.name}.previous")
    for leftover in (staging, previous):
        shutil.rmtree(leftover, ignore_errors=True)
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--strict",
        "--config-file",
        str(config_file),
        "--site-dir",
        str(staging),
    ]
    code = subprocess.call(command, env=build_environment(config_file.resolve().parent))
    if code != 0:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"build failed: {site_dir} is unchanged", file=sys.stderr)
        return 1
    if site_dir.exists():
        os.rename(site_dir, previous)
    try:
        os.rename(staging, site_dir)
    except OSError:
        if previous.exists():
            os.rename(previous, site_dir)  # put the old site back rather than publish nothing
        raise
    shutil.rmtree(previous, ignore_errors=True)
    return 0


def build_environment(project: Path) -> dict[str, str]:
    """The build's environment: `SOURCE_DATE_EPOCH` from the last commit unless already set."""
    env = dict(os.environ)
    if not env.get("SOURCE_DATE_EPOCH"):
        stamp = last_commit_time(project)
        if stamp is not None:
            env["SOURCE_DATE_EPOCH"] = stamp
    return env


def last_commit_time(project: Path) -> str | None:
    """The last commit's time in seconds since 1970, or None outside a git work tree."""
    try:
        done = subprocess.run(
            ["git", "log", "-1", "--format=%ct"], cwd=project, capture_output=True, text=True, timeout=30
        )
    except (OSError, subprocess.SubprocessError):
        return None
    stamp = done.stdout.strip()
    return stamp if done.returncode == 0 and stamp.isdigit() else None
