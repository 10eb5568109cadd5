"""A real `mkdocs serve` on 127.0.0.1 survives broken content and shows the errors on the page."""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.share import share_picture

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


def fetch_bytes(url: str) -> bytes:
    """The response's bytes, or b"" while the server does not answer with them."""
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return bytes(response.read())
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return b""


def test_serve_serves_the_share_picture_and_follows_edits(served: tuple[Path, str, subprocess.Popen[str]]) -> None:
    """The picture is written into serve's temporary site on every rebuild, drawn or the editor's own."""
    from PIL import Image

    project, base, process = served
    picture = base + "bridge-closure/share.png"
    wait_for(lambda: fetch_bytes(picture).startswith(b"\x89PNG"))
    drawn = fetch_bytes(picture)
    assert drawn == share_picture("Why is the harbour bridge closed?", "Explainer", "Explainer")
    folder = project / "content" / "bridge-closure"
    story = folder / "story.yml"
    good = story.read_text()
    story.write_text(good.replace("harbour bridge closed?", "harbour bridge still closed?"))
    wait_for(lambda: fetch_bytes(picture) not in (b"", drawn))
    assert fetch_bytes(picture) == share_picture("Why is the harbour bridge still closed?", "Explainer", "Explainer")
    # An editor's picture of the wrong size: the page lists the problem; the right size: it is served as saved.
    Image.new("RGB", (600, 315), (10, 20, 30)).save(folder / "photo.jpg", "JPEG")
    story.write_text(good + "image:\n  file: photo.jpg\n  alt: The bridge.\n  credit: 'Photo: Test'\n")
    wait_for(lambda: "is 600×315 pixels" in fetch(base + "bridge-closure/"))
    assert "content/bridge-closure/story.yml:" in fetch(base + "bridge-closure/")
    Image.new("RGB", (1200, 630), (10, 20, 30)).save(folder / "photo.jpg", "JPEG")
    wait_for(lambda: fetch_bytes(base + "bridge-closure/share.jpg") == (folder / "photo.jpg").read_bytes())
    assert "share.jpg" in fetch(base + "bridge-closure/")
    assert process.poll() is None
