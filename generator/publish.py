"""Atomic publishing: build into a temporary folder, swap it in only on success.

MkDocs empties `site_dir` before writing, so a failed build would leave a
half-made site; this wrapper keeps the previous site untouched instead.
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
    code = subprocess.call(command)
    if code != 0:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"build failed: {site_dir} is unchanged", file=sys.stderr)
        return 1
    if site_dir.exists():
        os.rename(site_dir, previous)
    os.rename(staging, site_dir)
    shutil.rmtree(previous, ignore_errors=True)
    return 0
