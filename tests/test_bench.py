"""`make bench` keeps working: a one-story run end to end, and its measuring helpers."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import yaml

from bench.measure import other_stories_in_nav, plain_project
from bench.report import README_BEGIN, README_END
from bench.search import SYNTHETIC_QUERIES

from .conftest import ROOT


def test_one_story_benchmark_writes_its_tables(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("# Project\n", encoding="utf-8")
    out = tmp_path / "BENCHMARKS.md"
    command = [sys.executable, "-m", "bench.run", "--stories", "1", "--serve-stories", "--repeat", "1", "--no-page"]
    command += ["--refusal-scale", "0.01"]
    command += ["--search-repeat", "1"]
    command += ["--verify-stories", "2"]
    result = subprocess.run(
        [*command, "--out", str(out), "--readme", str(readme)], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    for heading in (
        "## The machine",
        "## (a)",
        "## (b)",
        "## (c)",
        "## (d)",
        "## (f) Searching 1 stories",
        "## (g) Hostile files refused",
        "## (h) Citation checks",
    ):
        assert heading in text
    assert re.search(r"^\| synthetic \| 2 \| [\d,]+ \|", text, re.MULTILINE), "no row for two stories in table (h)"
    assert re.search(r"^\| 1 \| \d+ \| \d+ \|", text, re.MULTILINE), "no row for one story in table (a)"
    # (f): each synthetic query found the one story, with the bytes and time of each search.
    for query in SYNTHETIC_QUERIES:
        assert re.search(
            rf"^\| `{query}` \| 1 story matches\. \| \*\*\d+\.\d\*\*, \*\*\d+\*\* \|", text, re.MULTILINE
        ), query
    assert "/_pagefind/wasm.unknown.pagefind" in text
    assert re.search(r"^\| 100,000 unknown fields \| [\d.]+ KB \| [\d.]+ \| [\d.]+ \|", text, re.MULTILINE)
    summary = readme.read_text(encoding="utf-8")
    assert README_BEGIN in summary and README_END in summary and "BENCHMARKS.md" in summary
    assert "- Search (Pagefind) at 1 stories" in summary


def test_plain_project_is_the_same_config_without_the_plugin(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    (project / "mkdocs.yml").write_text(
        "site_name: X\nsite_url: !ENV [NO_SUCH_VARIABLE, 'http://127.0.0.1:8000/']\n"
        "plugins:\n  - search\n  - explainer:\n      content_dir: content\n",
        encoding="utf-8",
    )
    rendered = tmp_path / "rendered"
    rendered.mkdir()
    (rendered / "index.md").write_text("# Home\n", encoding="utf-8")
    plain = plain_project(tmp_path / "plain", project, rendered)
    config = yaml.safe_load((plain / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config == {"site_name": "X", "site_url": "http://127.0.0.1:8000/", "plugins": ["search"]}
    assert (plain / "docs" / "index.md").exists()


def test_navigation_count_ignores_the_page_itself() -> None:
    html = (
        '<nav class="md-nav md-nav--primary"><ul><li><a href="../about/">About</a></li>'
        '<li><nav class="md-nav"><a href="../story-b/">B</a><a href="./people/">People</a></nav></li></ul></nav>'
        '<article><a href="../story-c/">C</a></article>'
    )
    assert other_stories_in_nav(html, "story-a", ["story-a", "story-b", "story-c"]) == {"story-b"}
