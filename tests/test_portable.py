"""The exit from MkDocs: the generated site builds with Zensical and with ProperDocs (generator/portable.py),
every story page is there and reads as typed, and neither engine sends anything beyond the machine."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.pipeline import load_site
from generator.portable import write_project
from harness.project import ENV, make_project

from .conftest import FIXTURES

HOSTILE_TITLE = '<img src=x onerror=alert(1)> "Bridge" & <b>closed</b>?'
BIN = Path(sys.executable).parent


def offline(command: list[str]) -> list[str]:
    """`command` in a network namespace holding only loopback, where one can be made: nothing can leave."""
    if shutil.which("unshare") and subprocess.run(["unshare", "--net", "true"], capture_output=True).returncode == 0:
        return ["unshare", "--net", *command]
    return command  # (the engines make no requests here; a namespace proves it where the machine allows)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("portable")
    project = make_project(base / "project", FIXTURES / "content")
    story = project / "content" / "bridge-closure" / "story.yml"
    text = story.read_text(encoding="utf-8")
    story.write_text(re.sub(r"^title: .*$", f"title: '{HOSTILE_TITLE}'", text, count=1, flags=re.M), "utf-8")
    return project


@pytest.mark.parametrize("engine", ["zensical", "properdocs"])
def test_every_story_page_builds_with_another_engine(project: Path, engine: str, tmp_path: Path) -> None:
    out = tmp_path / engine
    write_project(project, out, engine)
    command = [str(BIN / engine), "build", "--strict"]
    built = subprocess.run(offline(command), cwd=out, env=ENV, capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]
    site = load_site(project / "content").site
    assert site is not None and site.stories
    for story in site.stories:
        page = out / "site" / story.slug / "index.html"
        assert page.is_file(), f"{engine} wrote no page for {story.slug}"
        html = page.read_text(encoding="utf-8")
        for question in story.questions:
            assert re.sub(r"[<>&\"']", "", question.question) in re.sub(r"&\w+;|&#\d+;", "", html)
        for record in ("timeline", "people", "sources"):
            assert (out / "site" / story.slug / record / "index.html").is_file(), f"{engine}: no {record} page"
        assert "<img src=x" not in html, f"{engine} turned a title into markup"
        assert "&lt;img src=x onerror=alert(1)&gt;" in html, f"{engine} does not show the title as typed"
    assert (out / "site" / "index.html").is_file()
