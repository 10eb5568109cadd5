"""A real `mkdocs serve` on 127.0.0.1 survives broken content and shows the errors on the page."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import FIXTURES
from .project import make_project
from .serving import fetch, free_port, wait_for


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str, subprocess.Popen[str]]]:
    project = make_project(tmp_path / "project", FIXTURES / "content")
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        wait_for(lambda: "harbour bridge" in fetch(base + "bridge-closure/"), 60)
        yield project, base, process
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_serve_shows_errors_and_recovers(served: tuple[Path, str, subprocess.Popen[str]]) -> None:
    project, base, process = served
    story = project / "content" / "bridge-closure" / "story.yml"
    good = story.read_text()
    story.write_text(good.replace("published: 2025-03-02", "published: 2025-02-30"))
    wait_for(lambda: "content/bridge-closure/story.yml:4:12" in fetch(base + "bridge-closure/"))
    assert "Content errors" in fetch(base)
    story.write_text(good.replace("title: Why", "title: [Why"))  # a YAML syntax error: a `[` left open
    wait_for(
        lambda: "story.yml:1:8: the `[` opened here is not closed before line 2" in fetch(base + "bridge-closure/")
    )
    story.write_text(good.replace("Why is the harbour bridge closed?", "Why is the harbour bridge still closed?"))
    wait_for(lambda: "still closed" in fetch(base + "bridge-closure/"))
    assert process.poll() is None, "the server must keep running"


def test_serve_picks_up_a_new_story(served: tuple[Path, str, subprocess.Popen[str]]) -> None:
    project, base, process = served
    folder = project / "content" / "new-story"
    folder.mkdir()
    (folder / "story.yml").write_text(
        "title: A brand new story\nstandfirst: Fresh.\npublished: 2025-05-01\n"
        "questions:\n  - question: What is new?\n    answer:\n      - text: Everything.\n"
    )
    wait_for(lambda: "A brand new story" in fetch(base + "new-story/"))
    assert "new-story/" in fetch(base)
    assert process.poll() is None
