"""Measuring tools for the benchmark: timed subprocesses, the plain project, output statistics."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml
from mkdocs.utils.yaml import get_yaml_loader

from harness.project import ENV, ROOT


@dataclass
class Run:
    seconds: float
    peak_rss_mb: float
    stdout: str
    cpu_seconds: float = 0.0
    """User and system time of the process itself: what other work on a shared machine skews least."""


def timed(command: list[str], cwd: Path = ROOT, env: dict[str, str] | None = None) -> Run:
    """Run `command`; its wall time and its own peak resident memory (not its siblings')."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env or ENV, stdout=out, stderr=err, text=True)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if process.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed ({process.returncode}):\n{err.read()[-3000:]}")
        return Run(seconds, usage.ru_maxrss / 1024, out.read(), usage.ru_utime + usage.ru_stime)


def baseline_env(revision: str, folder: Path) -> dict[str, str]:
    """An environment whose `generator` is the one at git `revision` (exported into `folder`), for
    measuring before and after in one run; `bench` and `harness` stay this checkout's."""
    folder.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(["git", "archive", revision, "generator"], cwd=ROOT, capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
    return {**ENV, "PYTHONPATH": f"{folder}{os.pathsep}{ROOT}"}


def best_of(repeat: int, command: list[str], cwd: Path = ROOT) -> Run:
    runs = [timed(command, cwd) for _ in range(repeat)]
    return min(runs, key=lambda run: run.seconds)


def plain_project(target: Path, project: Path, rendered: Path) -> Path:
    """A plain MkDocs project building the pre-rendered Markdown: same config minus the explainer plugin."""
    target.mkdir(parents=True)
    shutil.copytree(project / "docs", target / "docs")
    shutil.copytree(rendered, target / "docs", dirs_exist_ok=True)
    if (project / "overrides").is_dir():
        shutil.copytree(project / "overrides", target / "overrides")
    with open(project / "mkdocs.yml", encoding="utf-8") as stream:
        config: dict[str, Any] = yaml.load(stream, Loader=get_yaml_loader())
    config["plugins"] = [p for p in config.get("plugins", []) if _plugin_name(p) != "explainer"]
    (target / "mkdocs.yml").write_text(yaml.dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return target


def _plugin_name(entry: str | dict[str, Any]) -> str:
    return entry if isinstance(entry, str) else next(iter(entry))


def mkdocs_build(site: Path) -> list[str]:
    """The strict build command, run in the project's folder."""
    return [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site)]


@dataclass
class Output:
    pages: int
    total_bytes: int
    html_bytes: int
    story_page_bytes: float
    home_bytes: int
    search_index_bytes: int
    """Pagefind's index in `_pagefind/`: its chunks, fragments and metadata (stored compressed), not its scripts."""
    search_index_files: int
    nav_story_links: int


def output_stats(site: Path, story_slugs: list[str]) -> Output:
    """Sizes of a built site, and how many other stories the first story page's navigation lists."""
    pages = list(site.rglob("*.html"))
    story_pages = [site / slug / "index.html" for slug in story_slugs]
    index = [path for path in (site / "_pagefind").rglob("*.pf_*") if path.is_file()]
    first = story_pages[0].read_text(encoding="utf-8")
    return Output(
        pages=len(pages),
        total_bytes=sum(f.stat().st_size for f in site.rglob("*") if f.is_file()),
        html_bytes=sum(p.stat().st_size for p in pages),
        story_page_bytes=sum(p.stat().st_size for p in story_pages) / len(story_pages),
        home_bytes=(site / "index.html").stat().st_size,
        search_index_bytes=sum(path.stat().st_size for path in index),
        search_index_files=len(index),
        nav_story_links=len(other_stories_in_nav(first, story_slugs[0], story_slugs)),
    )


class _NavLinks(HTMLParser):
    """The hrefs inside Material's primary navigation (`nav.md-nav--primary`), nested navs included."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "nav" and (self.depth or "md-nav--primary" in (values.get("class") or "")):
            self.depth += 1
        elif tag == "a" and self.depth and values.get("href"):
            self.hrefs.append(values["href"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav" and self.depth:
            self.depth -= 1


def nav_links(html: str) -> list[str]:
    parser = _NavLinks()
    parser.feed(html)
    return parser.hrefs


def other_stories_in_nav(html: str, own: str, slugs: list[str]) -> set[str]:
    """The stories, other than the page's own, that its primary navigation links to."""
    linked = {part for href in nav_links(html) for part in href.split("/")}
    return (linked & set(slugs)) - {own}
