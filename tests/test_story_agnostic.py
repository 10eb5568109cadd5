"""`generator/` holds no word of any particular story: every story is content."""

from __future__ import annotations

import re

from generator.pipeline import load_site

from .conftest import FIXTURES, ROOT


def distinctive_words() -> set[str]:
    """Names of people and outlets, story slugs and title words from every content folder we have."""
    words: set[str] = set()
    for content in (ROOT / "content", FIXTURES / "content"):
        result = load_site(content)
        assert result.site is not None
        site = result.site
        names = [p.name for p in site.world.people] + [o.name for o in site.world.outlets]
        names += [s.name for p in site.world.people for s in p.also_spelled]
        for story in site.stories:
            names += [story.title, *story.slug.split("-")]
        words |= {w.lower() for name in names for w in re.findall(r"[^\W\d_]{5,}", name)}
    return words - COMMON


COMMON = {
    "about",
    "after",
    "again",
    "agency",
    "closed",
    "explainer",
    "ministry",
    "minister",
    "office",
    "foreign",
    "president",
    "press",
    "report",
    "story",
    "times",
    "where",
    "which",
    "world",
    "there",
    "their",
    "affairs",
    "house",
    "white",
    "state",
    "united",
    "council",
    "claim",
}


def test_generator_names_no_story() -> None:
    words = distinctive_words()
    assert len(words) > 5
    hits = []
    for path in sorted((ROOT / "generator").rglob("*")):
        if path.suffix not in (".py", ".j2", ".html", ".md", ".css", ".js"):
            continue
        text = path.read_text(encoding="utf-8").lower()
        hits += [f"{path.relative_to(ROOT)}: {w}" for w in sorted(words) if re.search(rf"\b{w}\b", text)]
    assert not hits, hits
