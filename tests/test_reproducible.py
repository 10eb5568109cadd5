"""Reproducible output: two builds of the same content are byte-identical.

The second build runs under a different `PYTHONHASHSEED` and in a different folder, so any
output that depends on set order, dict order of hashed keys or the project's path shows up.
Every file is compared, the sitemap and the search index (Pagefind's `_pagefind/`) included.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from .conftest import FIXTURES
from .hostile import write_content
from .project import make_project, mkdocs

EPOCH = "1700000000"  # 14 November 2023
STRINGS = ["Привіт, світе! Ґанок, їжак, Євген", "مرحبا بالعالم", "👩‍👩‍👧 família", "<b>&amp;</b> {{ x }} **y**"]


def content(folder: Path) -> Path:
    """The fixture world and story, plus stories in other scripts and with markup in every field."""
    target = folder / "content"
    shutil.copytree(FIXTURES / "content", target)
    extra = write_content(folder / "extra", STRINGS)
    for story in extra.iterdir():
        if story.is_dir():
            shutil.copytree(story, target / story.name)
    # The extra stories' world goes in files of its own; lists merge across files.
    for name in ("people", "outlets", "sources", "incidents"):
        shutil.copy(extra / f"{name}.yml", target / f"zz-{name}.yml")
    return target


def files_of(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def differences(first: dict[str, bytes], second: dict[str, bytes]) -> list[str]:
    out = [f"only in one build: {name}" for name in sorted(set(first) ^ set(second))]
    out += [f"differs: {name}" for name in sorted(set(first) & set(second)) if first[name] != second[name]]
    return out


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    source = content(tmp_path / "source")
    sites = []
    for seed in ("1", "2"):
        project = make_project(tmp_path / f"build-{seed}" / "project", source)
        result = mkdocs(project, "build", "--strict", env={"SOURCE_DATE_EPOCH": EPOCH, "PYTHONHASHSEED": seed})
        assert result.returncode == 0, result.stderr[-3000:]
        sites.append(files_of(project / "site"))
    first, second = sites
    assert len(first) > 20 and any(name.startswith("hostile-0003/") for name in first)
    assert {"sitemap.xml", "sitemap.xml.gz", "_pagefind/pagefind-entry.json", "_pagefind/pagefind.js"} <= set(first)
    stories = {name.split("/")[0] for name in first if name.endswith("/timeline/index.html")}
    assert sum(name.startswith("_pagefind/fragment/") for name in first) == len(stories) > 1  # one per story page
    assert b"<lastmod>2023-11-14</lastmod>" in first["sitemap.xml"]
    assert differences(first, second) == []


def git(project: Path, *args: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
        "GIT_AUTHOR_DATE": "2001-02-03T04:05:06Z",
        "GIT_COMMITTER_DATE": "2001-02-03T04:05:06Z",
    }
    subprocess.run(["git", *args], cwd=project, env=env, check=True, capture_output=True, timeout=60)


def test_explainer_build_dates_the_site_from_the_last_commit(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", FIXTURES / "content")
    git(project, "init", "-q")
    git(project, "add", ".")
    git(project, "commit", "-q", "-m", "content")
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    sites = []
    for seed in ("1", "2"):
        result = subprocess.run(
            [sys.executable, "-m", "generator", "build", "--site-dir", f"site-{seed}"],
            cwd=project,
            env={**env, "PYTHONHASHSEED": seed, "NO_MKDOCS_2_WARNING": "1"},
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        sites.append(files_of(project / f"site-{seed}"))
    assert b"<lastmod>2001-02-03</lastmod>" in sites[0]["sitemap.xml"]
    assert differences(*sites) == []
