"""Story pages kept on disk between builds (generator/render_cache.py): a rebuild renders only the
stories whose pages show something that changed, and its output is byte for byte a fresh build's."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from harness.project import make_project, mkdocs
from harness.synthetic import write_site

from .test_serve_incremental import EDITS, differences

RENDERED = re.compile(r"explainer: story pages: (\d+) rendered, (\d+) read from the cache")
EXPECTED = {
    "touch_only": (0, 3),  # saved without a change: the same bytes, the same pages
    "edit_story_title": (1, 2),
    "edit_world_person": (3, 0),  # the world: every story
    "cite_another_story": (1, 2),
    "rename_cited_source": (2, 1),  # story 2, and story 0 that cites its source
    "add_story": (1, 3),
    "break_story": (0, 3),  # an error page instead
    "fix_story": (1, 3),  # the story whose broken pages were not kept
    "remove_story": (0, 3),
}


def build(project: Path) -> tuple[int, int]:
    """A build: (stories rendered, stories read from the cache)."""
    result = mkdocs(project, "build")  # not strict: one edit makes a warning, as editors may
    found = RENDERED.search(result.stderr)
    assert result.returncode == 0 and found is not None, result.stderr[-2000:]
    return int(found[1]), int(found[2])


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("render-cache")
    project = make_project(base / "project", write_site(base / "source", 3))
    assert build(project) == (3, 0)  # a first build renders every story
    return project


@pytest.mark.parametrize("name", list(EDITS))
def test_a_rebuild_renders_only_what_changed_and_matches_a_fresh_build(project: Path, name: str) -> None:
    EDITS[name](project)
    if name == "break_story":
        assert mkdocs(project, "build").returncode != 0  # a content error stops the build
        return
    assert build(project) == EXPECTED[name]
    fresh = make_project(project.parent / f"fresh-{name}", project / "content")
    assert build(fresh) == (EXPECTED[name][0] + EXPECTED[name][1], 0)
    assert differences(project / "site", fresh / "site") == []
    shutil.rmtree(fresh)


def test_the_cache_keeps_only_what_the_last_build_used(project: Path) -> None:
    pages = list((project / ".cache" / "explainer" / "pages").glob("*.pages"))
    stories = [path for path in (project / "content").iterdir() if (path / "story.yml").is_file()]
    assert len(pages) == len(stories)


def test_a_page_of_stories_rendered_elsewhere_is_still_read_from_the_cache(tmp_path: Path) -> None:
    """Under `mkdocs serve` unchanged stories' pages come from memory, not this cache; a person's page
    showing only such stories is still read from disk instead of rendered again."""
    from generator.pipeline import load_site
    from generator.render_cache import RenderCache

    result = load_site(write_site(tmp_path / "content", 2))
    assert result.site is not None
    story = result.site.stories[0]
    made: list[str] = []

    def make() -> str:
        made.append("page")
        return "the page"

    for _ in range(2):
        cache = RenderCache(tmp_path / "cache")
        cache.start(result.site, "content")  # no story's pages go through this cache
        assert cache.memo("people/someone/index.md", [story], make) == "the page"
    assert made == ["page"]
