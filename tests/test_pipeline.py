"""The pipeline without MkDocs: merging a story's files, and reusing what did not change."""

from __future__ import annotations

import os
from pathlib import Path

from generator.pipeline import ContentStore, load_site


def test_lists_merge_across_a_storys_files(fixture_content: Path) -> None:
    story = fixture_content / "bridge-closure"
    items = (story / "items.yml").read_text()
    reactions_at = items.index("reactions:")
    events_at = items.index("events:")
    (story / "items.yml").write_text(items[:reactions_at] + items[events_at:])
    (story / "reactions.yml").write_text(items[reactions_at:events_at])
    result = load_site(fixture_content)
    assert result.problems == []
    assert result.site is not None
    assert [r.id for r in result.site.story("bridge-closure").reactions] == ["engineer-doubts"]


def test_a_field_given_in_two_files_is_an_error(fixture_content: Path) -> None:
    (fixture_content / "bridge-closure" / "extra.yml").write_text("title: Another title\n")
    problems = [str(p) for p in load_site(fixture_content).problems]
    assert problems == [
        "content/bridge-closure/extra.yml:1:1: title: `title` is already given in content/bridge-closure/story.yml"
        " (line 1) (give it in one file only; only lists can be split across files)"
    ]


def test_merged_positions_point_into_the_right_file(fixture_content: Path) -> None:
    story = fixture_content / "bridge-closure"
    (story / "more.yml").write_text("claims:\n  - id: second\n    by: [nobody]\n")
    problems = [str(p) for p in load_site(fixture_content).problems]
    assert "content/bridge-closure/more.yml:2:5: claims[1].date: `date` is missing (add `date:` here)" in problems


def test_store_reuses_unchanged_files_and_reports_changed_stories(fixture_content: Path) -> None:
    store = ContentStore(fixture_content)
    first = store.load()
    assert first.changed == {"bridge-closure"}
    cached = dict(store._files)
    second = store.load()
    assert second.changed == set()
    assert all(store._files[path][1] is cached[path][1] for path in cached)
    story = fixture_content / "bridge-closure" / "story.yml"
    story.write_text(story.read_text().replace("Nobody was hurt.", "Nobody was hurt at all."))
    os.utime(story, ns=(1, 1))
    third = store.load()
    assert third.changed == {"bridge-closure"}
    assert third.site is not None
    assert third.site.story("bridge-closure").key_points[1].text == "Nobody was hurt at all."


def test_a_world_change_marks_every_story_changed(fixture_content: Path) -> None:
    store = ContentStore(fixture_content)
    store.load()
    people = fixture_content / "people.yml"
    people.write_text(people.read_text() + "  - id: extra-person\n    name: Extra Person\n")
    assert store.load().changed == {"bridge-closure"}


def test_a_store_reports_a_link_problem_once_however_often_it_loads(fixture_content: Path) -> None:
    """Under `mkdocs serve` the store loads on every save; an unchanged story's problems must not pile up."""
    story = fixture_content / "bridge-closure" / "story.yml"
    story.write_text(story.read_text().replace("- claim: cracks-found", "- claim: no-such-claim"))
    store = ContentStore(fixture_content)
    counts = [(len(r.problems), len(r.story_problems["bridge-closure"])) for r in (store.load() for _ in range(3))]
    assert counts[0][0] >= 1 and counts == [counts[0]] * 3


def test_a_fixed_link_error_leaves_the_unchanged_storys_page(fixture_content: Path) -> None:
    """Under `mkdocs serve` a story whose files did not change is reused; its old link errors are not."""
    items = fixture_content / "bridge-closure" / "items.yml"
    items.write_text(items.read_text().replace("by: [ana-ruiz, transport-office]", "by: [new-person]"))
    store = ContentStore(fixture_content)
    broken = store.load()
    assert [p.message for p in broken.story_problems["bridge-closure"]] == ["unknown person `new-person`"]
    people = fixture_content / "people.yml"
    people.write_text(people.read_text() + "  - id: new-person\n    name: New Person\n")
    for _ in range(2):
        fixed = store.load()
        assert fixed.story_problems["bridge-closure"] == []
        assert fixed.problems == []


def test_at_most_twenty_problems_are_listed_per_file(fixture_content: Path) -> None:
    story = fixture_content / "bridge-closure" / "story.yml"
    story.write_text(story.read_text() + "".join(f"unknown-{n}: x\n" for n in range(30)))
    result = load_site(fixture_content)
    listed = [str(p) for p in result.problems]
    assert len(listed) == 21 and all("unknown field" in line for line in listed[:20])
    assert listed[20].startswith("content/bridge-closure/story.yml:")
    assert listed[20].endswith(": 10 more problems in this file, not listed (fix the ones above and check again)")
    assert (result.error_count, result.warning_count) == (30, 0)
    assert len(result.story_problems["bridge-closure"]) == 21
