"""Symbolic links: content that resolves outside `content/` is refused, never loaded or published.

Links that stay inside the content folder are followed, for files and for story folders; links
that lead outside it, nowhere or round in a loop are refused with a message naming the link.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from generator.pipeline import Result, load_site

from .conftest import FIXTURES

SECRET = "Outside Person"
OUTSIDE_PEOPLE = f"people:\n  - id: outside-person\n    name: {SECRET}\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project folder holding `content/`, and beside it a folder that is not content."""
    shutil.copytree(FIXTURES / "content", tmp_path / "project" / "content")
    outside = tmp_path / "outside"
    (outside / "story").mkdir(parents=True)
    (outside / "people.yml").write_text(OUTSIDE_PEOPLE, encoding="utf-8")
    shutil.copytree(FIXTURES / "content" / "bridge-closure", outside / "story", dirs_exist_ok=True)
    return tmp_path / "project"


def messages(result: Result) -> list[str]:
    return [str(problem) for problem in result.errors]


def published_names(result: Result) -> set[str]:
    return {person.name for person in result.site.world.people} if result.site else set()


def test_a_file_linked_from_outside_is_refused(project: Path) -> None:
    content = project / "content"
    (content / "more-people.yml").symlink_to(project.parent / "outside" / "people.yml")
    result = load_site(content)
    target = (project.parent / "outside" / "people.yml").resolve()
    assert messages(result) == [
        f"content/more-people.yml:1:1: `more-people.yml` is a link to {target}, outside the content folder; "
        "it is not read (move or copy the file into the content folder instead of linking to it)"
    ]
    assert SECRET not in published_names(result)


def test_a_story_file_linked_from_outside_is_refused(project: Path) -> None:
    story = project / "content" / "bridge-closure"
    (story / "people.yml").symlink_to(project.parent / "outside" / "people.yml")
    result = load_site(project / "content")
    [error] = result.story_problems["bridge-closure"]
    assert str(error).startswith("content/bridge-closure/people.yml:1:1: `people.yml` is a link to ")
    assert "outside the content folder" in error.message
    assert result.errors == [error]


def test_a_story_folder_linked_from_outside_is_refused(project: Path) -> None:
    content = project / "content"
    (content / "linked-story").symlink_to(project.parent / "outside" / "story", target_is_directory=True)
    result = load_site(content)
    [error] = result.story_problems["linked-story"]
    assert str(error) == (
        f"content/linked-story:1:1: `linked-story` is a link to {(project.parent / 'outside' / 'story').resolve()}, "
        "outside the content folder; it is not read (move or copy the folder into the content folder instead of "
        "linking to it)"
    )
    assert result.site is not None and [s.slug for s in result.site.stories] == ["bridge-closure"]


def test_links_inside_the_content_folder_are_followed(project: Path) -> None:
    content = project / "content"
    shared = content / "_shared"
    shared.mkdir()
    (shared / "people.yml").write_text(OUTSIDE_PEOPLE.replace(SECRET, "Shared Person"), encoding="utf-8")
    (content / "shared-people.yml").symlink_to(Path("_shared") / "people.yml")
    shutil.copytree(content / "bridge-closure", shared / "draft")
    (content / "draft-story").symlink_to(shared / "draft", target_is_directory=True)
    result = load_site(content)
    assert "Shared Person" in published_names(result)
    assert result.site is not None and {s.slug for s in result.site.stories} == {"bridge-closure", "draft-story"}
    assert not any("is a link" in message for message in messages(result)), messages(result)


def test_a_link_to_nothing_or_a_loop_is_refused(project: Path) -> None:
    content = project / "content"
    (content / "gone.yml").symlink_to(project.parent / "outside" / "no-such-file.yml")
    (content / "loop.yml").symlink_to(content / "loop.yml")
    result = load_site(content)
    assert messages(result) == [
        f"content/gone.yml:1:1: `gone.yml` is a link to {project.parent / 'outside' / 'no-such-file.yml'}, "
        "which does not exist (remove the link, or put the file it named back)",
        "content/loop.yml:1:1: `loop.yml` is a link that leads round in a loop (remove the link)",
    ]


def test_a_linked_content_folder_is_read_whole(project: Path, tmp_path: Path) -> None:
    """The content folder itself may be a link: what lies inside the folder it names is content."""
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "content").symlink_to(project / "content", target_is_directory=True)
    (project / "content" / "_shared").mkdir()
    (project / "content" / "_shared" / "people.yml").write_text(OUTSIDE_PEOPLE, encoding="utf-8")
    os.symlink(Path("_shared") / "people.yml", project / "content" / "more-people.yml")  # a relative link inside
    result = load_site(tmp_path / "elsewhere" / "content")
    assert messages(result) == []
    assert SECRET in published_names(result)
    assert result.site is not None and [s.slug for s in result.site.stories] == ["bridge-closure"]
