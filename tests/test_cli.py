"""The command line: exit codes, both entry points, rendering and atomic builds."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from generator.cli import main
from harness.project import make_project

from .conftest import FIXTURES


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], capture_output=True, text=True, cwd=cwd, timeout=300
    )


def test_check_passes_on_good_content() -> None:
    result = run("check", "--strict", str(FIXTURES / "content"))
    assert result.returncode == 0, result.stderr
    assert "1 story checked: 0 error(s), 0 warning(s)" in result.stderr


def test_check_fails_with_exit_1_on_errors(fixture_content: Path) -> None:
    (fixture_content / "people.yml").write_text("people:\n  - id: x\n")
    result = run("check", str(fixture_content))
    assert result.returncode == 1
    assert "people.yml:2:5: people[0].name: `name` is missing" in result.stderr
    assert "Traceback" not in result.stderr


def test_usage_mistakes_exit_2() -> None:
    assert run("no-such-command").returncode == 2
    assert run().returncode == 2


def test_missing_content_folder_is_a_clear_error(tmp_path: Path) -> None:
    result = run("check", str(tmp_path / "nowhere"))
    assert result.returncode == 1
    assert "the content folder does not exist" in result.stderr


def test_render_writes_markdown(tmp_path: Path) -> None:
    assert main(["render", "--content", str(FIXTURES / "content"), "--out", str(tmp_path)]) == 0
    assert (
        (tmp_path / "bridge-closure" / "index.md")
        .read_text()
        .startswith("---\ntitle: Why is the harbour bridge closed?\n")
    )


def test_atomic_build_keeps_the_old_site_on_failure(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", FIXTURES / "content")
    assert run("build", cwd=project).returncode == 0
    page = project / "site" / "bridge-closure" / "index.html"
    before = page.read_text()
    story = project / "content" / "bridge-closure" / "story.yml"
    story.write_text(story.read_text().replace("title: Why", "title: [Why"))
    failed = run("build", cwd=project)
    assert failed.returncode == 1
    assert "site is unchanged" in failed.stderr or "unchanged" in failed.stderr
    assert page.read_text() == before
    assert not list(project.glob(".site.*"))
    shutil.rmtree(project / "site")
