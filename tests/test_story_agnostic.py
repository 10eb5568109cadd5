"""`generator/` holds no word of any particular story: every story is content.

The words come from the test world's fixtures and from a list kept here of the
demo story's names, never from the live `content/`: what an editor writes must
never be able to fail the test suite (a story about an "incident" is fine).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from generator.cli import main
from generator.pipeline import load_site

from .conftest import FIXTURES, ROOT

DEMO_STORY_WORDS = {
    "putin",
    "ukraine",
    "ukrainian",
    "russia",
    "russian",
    "kremlin",
    "valdai",
    "novgorod",
    "lavrov",
    "zelenskyy",
    "zelensky",
    "drones",
    "peskov",
    "ushakov",
    "trump",
    "bryansk",
    "smolensk",
    "jazeera",
    "reuters",
    "medvedev",
    "zakharova",
    "sybiha",
}
"""Names of the demo story (content/valdai-drone-claim) that the generator must never mention."""
SUFFIXES = (".py", ".j2", ".html", ".md", ".css", ".js")


def fixture_words() -> set[str]:
    """Names of people and outlets, story slugs and title words from the test world."""
    result = load_site(FIXTURES / "content")
    assert result.site is not None
    site = result.site
    names = [p.name for p in site.world.people] + [o.name for o in site.world.outlets]
    names += [s.name for p in site.world.people for s in p.also_spelled]
    for story in site.stories:
        names += [story.title, *story.slug.split("-")]
    return {w.lower() for name in names for w in re.findall(r"[^\W\d_]{5,}", name)} - COMMON


COMMON = {"about", "after", "bridge", "closed", "example", "harbour", "office", "times", "transport", "where", "which"}
"""Ordinary words the fixtures use that the generator may use too."""


def mentions(words: set[str]) -> list[str]:
    hits = []
    for path in sorted((ROOT / "generator").rglob("*")):
        if path.suffix in SUFFIXES:
            text = path.read_text(encoding="utf-8").lower()
            hits += [f"{path.relative_to(ROOT)}: {w}" for w in sorted(words) if re.search(rf"\b{w}\b", text)]
    return hits


def test_generator_names_no_story() -> None:
    words = fixture_words() | DEMO_STORY_WORDS
    assert len(words) > 20
    assert mentions(words) == []


def test_the_check_can_fail() -> None:
    assert mentions({"story", "render"}), "the scan finds words that are there"


def test_a_story_may_use_any_word(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A slug and title made of the generator's own words publish like any other."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "content", content)
    story = content / "incident-render-pipeline"
    story.mkdir()
    (story / "story.yml").write_text(
        "title: The incident template render pipeline explained\nstandfirst: Words the generator uses too.\n"
        "published: 2025-05-01\nquestions:\n  - question: What happened to the pipeline?\n    answer:\n"
        "      - text: Nothing at all.\n",
        encoding="utf-8",
    )
    assert main(["check", "--strict", str(content)]) == 0, capsys.readouterr().err
    assert main(["render", "--content", str(content), "--out", str(tmp_path / "out")]) == 0
    assert (tmp_path / "out" / "incident-render-pipeline" / "index.md").exists()
