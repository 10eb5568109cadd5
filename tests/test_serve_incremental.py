"""`mkdocs serve` reuses unchanged pages, and its output stays exactly what a fresh build makes.

A driver process (this module run as a script) keeps one plugin object across
builds, as `mkdocs serve` does, applies edits one at a time and keeps a copy of
the site and the content after each. Each copy of the content is then built
from scratch in a new process; the two sites must match file for file.
"""

from __future__ import annotations

import filecmp
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import ROOT
from .project import make_project
from .synthetic import write_site

SERVE_URL = "http://127.0.0.1:8000/"


def edit_story_title(project: Path) -> None:
    replace(project / "content" / "story-0001" / "story.yml", r"^title: .*$", "title: An edited title")


def edit_world_person(project: Path) -> None:
    replace(project / "content" / "people.yml", r"name: Person 0$", "name: Person Zero")


def cite_another_story(project: Path) -> None:
    """Story 0 cites a source kept in story 2's folder, then story 2 renames it."""
    replace(
        project / "content" / "story-0000" / "story.yml",
        r"^key_points:\n",
        "key_points:\n- text: Also.\n  sources: [s2-0]\n",
    )


def rename_cited_source(project: Path) -> None:
    replace(
        project / "content" / "story-0002" / "story.yml",
        r"(- id: s2-0\n(?:  .*\n)*?  headline: ).*",
        r"\1A renamed headline",
    )


def add_story(project: Path) -> None:
    folder = project / "content" / "added-story"
    folder.mkdir()
    (folder / "story.yml").write_text(
        "title: An added story\nstandfirst: New.\npublished: 2025-12-01\n"
        "questions:\n  - question: What?\n    answer:\n      - text: This.\n",
        encoding="utf-8",
    )


def break_story(project: Path) -> None:
    replace(project / "content" / "story-0001" / "story.yml", r"^published: .*$", "published: 2025-02-30")


def fix_story(project: Path) -> None:
    replace(project / "content" / "story-0001" / "story.yml", r"^published: .*$", "published: 2025-02-03")


def remove_story(project: Path) -> None:
    shutil.rmtree(project / "content" / "added-story")


def touch_only(project: Path) -> None:
    path = project / "content" / "story-0000" / "story.yml"
    path.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")


EDITS: dict[str, Callable[[Path], None]] = {
    f.__name__: f
    for f in (
        touch_only,
        edit_story_title,
        edit_world_person,
        cite_another_story,
        rename_cited_source,
        add_story,
        break_story,
        fix_story,
        remove_story,
    )
}


def replace(path: Path, pattern: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    changed, count = re.subn(pattern, new, text, count=1, flags=re.MULTILINE)
    assert count == 1, f"{pattern!r} not found in {path}"
    path.write_text(changed, encoding="utf-8")


def drive(project: Path, out: Path, edits: list[str]) -> None:
    """Build as `mkdocs serve` does (one plugin object, rebuilt after each edit); keep each result."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    site = out / "serve-site"
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command="serve", dirty=False)
    build(config, serve_url=SERVE_URL)
    explainer = config.plugins["explainer"]
    rendered = {}
    for number, name in enumerate(edits):
        EDITS[name](project)
        build(load_config(str(project / "mkdocs.yml"), site_dir=str(site)), serve_url=SERVE_URL)
        explainer.search.wait()  # the search index, built in the background after each build
        shutil.copytree(site, out / f"{number}-{name}" / "site")
        shutil.copytree(project / "content", out / f"{number}-{name}" / "content")
        rendered[name] = explainer.serve.story_pages.rendered
    (out / "rendered.json").write_text(json.dumps(rendered), encoding="utf-8")


def run_driver(*args: str) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "tests.test_serve_incremental", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]


def differences(left: Path, right: Path) -> list[str]:
    found: list[str] = []

    def walk(compared: filecmp.dircmp[str], prefix: str) -> None:
        found.extend(prefix + name for name in compared.left_only + compared.right_only + compared.diff_files)
        found.extend(prefix + name for name in compared.funny_files)
        for name, sub in compared.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(left, right), "")
    return found


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("incremental")
    content = write_site(base / "source", 3)
    project = make_project(base / "project", content)
    run_driver("drive", str(project), str(base / "out"), *EDITS)
    return base


@pytest.mark.parametrize("number,name", list(enumerate(EDITS)))
def test_serve_output_matches_a_fresh_build(builds: Path, number: int, name: str) -> None:
    step = builds / "out" / f"{number}-{name}"
    fresh = make_project(builds / f"fresh-{number}", step / "content")
    run_driver("fresh", str(fresh), str(fresh / "site"))
    assert (step / "site" / "_pagefind" / "pagefind-entry.json").is_file(), "no search index after the rebuild"
    assert differences(step / "site", fresh / "site") == []


def test_only_what_changed_is_rendered_again(builds: Path) -> None:
    rendered = json.loads((builds / "out" / "rendered.json").read_text(encoding="utf-8"))
    assert rendered == {
        "touch_only": 1,  # saved without a change: validated again, so rendered again
        "edit_story_title": 1,
        "edit_world_person": 3,  # the world: every story
        "cite_another_story": 1,
        "rename_cited_source": 2,  # story 2, and story 0 that cites its source
        "add_story": 1,
        "break_story": 0,  # an error page instead; no other story cites it
        "fix_story": 1,
        "remove_story": 0,
    }


def fresh_build(project: Path, site: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command="serve", dirty=False)
    build(config, serve_url=SERVE_URL)
    config.plugins["explainer"].search.wait()


if __name__ == "__main__":
    command, project_dir, out_dir, *names = sys.argv[1:]
    if command == "drive":
        drive(Path(project_dir), Path(out_dir), names)
    else:
        fresh_build(Path(project_dir), Path(out_dir))


def test_the_dev_server_polls_for_saves_more_often(tmp_path: Path) -> None:
    from mkdocs.livereload import LiveReloadServer

    from generator.incremental import poll_every

    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    try:
        server.watch(str(tmp_path))
        assert poll_every(server, 0.1)
        server.watch(str(ROOT / "generator" / "templates"))  # watched later: takes the new interval too
        assert [emitter.timeout for emitter in server.observer.emitters] == [0.1, 0.1]
        assert server.build_delay == 0.05
    finally:
        server.server_close()


def test_an_unknown_server_is_left_alone() -> None:
    from generator.incremental import poll_every

    assert not poll_every(object(), 0.1)


def test_story_cache_reuses_what_an_unchanged_story_made(fixture_content: Path) -> None:
    from generator.incremental import StoryCache
    from generator.pipeline import ContentStore

    made: list[str] = []

    def make(site: object, story: object, suffix: str) -> str:
        made.append(story.slug)  # type: ignore[attr-defined]
        return story.title + suffix  # type: ignore[attr-defined]

    store = ContentStore(fixture_content)
    cache = StoryCache(make, ROOT / "generator" / "templates")
    for _ in range(2):
        site = store.load().site
        assert site is not None
        cache.start(site)
        assert [cache(site, story, "!") for story in site.stories] == ["Why is the harbour bridge closed?!"]
    assert made == ["bridge-closure"]

    story_file = fixture_content / "bridge-closure" / "story.yml"
    story_file.write_text(story_file.read_text().replace("bridge closed?", "bridge shut?"))
    site = store.load().site
    assert site is not None
    cache.start(site)
    assert cache(site, site.stories[0], "!") == "Why is the harbour bridge shut?!"
    assert cache(site, site.stories[0], "?") == "Why is the harbour bridge shut??"  # other arguments: made again
    assert made == ["bridge-closure"] * 3


def test_site_key_changes_with_config_overrides_and_pages(tmp_path: Path) -> None:
    from generator.incremental import site_key

    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: A\n")
    overrides = tmp_path / "overrides"
    overrides.mkdir()
    (overrides / "main.html").write_text("one")
    first = site_key(config, overrides, ["index.md", "a/index.md"])
    assert site_key(config, overrides, ["a/index.md", "index.md"]) == first  # order does not matter
    assert site_key(config, overrides, ["index.md"]) != first
    (overrides / "main.html").write_text("two!")
    assert site_key(config, overrides, ["index.md", "a/index.md"]) != first
    config.write_text("site_name: B\n")
    assert site_key(config, None, []) != site_key(tmp_path / "missing.yml", None, [])
