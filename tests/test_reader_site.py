"""The reader's site, built for real (`mkdocs build --strict`) and opened in real headless Chromium.

Parametrized over the real `content/` and the fixture world. Every page type
(home, explainer, timeline, who's who, sources, disagreements, a hand-written
page, 404) loads with no console error and no request leaving 127.0.0.1, passes
axe-core's WCAG 2.1 AA rules in light and dark, and is screenshotted at desktop
and phone widths into tests/artifacts/ for a person to look at.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from generator.pipeline import Site, load_site
from generator.story_view import StoryView
from generator.timeline import timeline_entries

from .browser import screenshot, site_search, static_server, watch
from .conftest import FIXTURES, ROOT
from .project import make_project, mkdocs

AXE = ROOT / "tools" / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
CONTENTS = {"real": ROOT / "content", "fixture": FIXTURES / "content"}
# A query for each content folder, and the story it must find: words of a title, and words of answers only.
SEARCHES = {
    "real": [("Valdai", "valdai-drone-claim"), ("Bacon boldface", "valdai-drone-claim")],
    "fixture": [("harbour bridge", "bridge-closure"), ("gamble older", "bridge-closure")],
}


@dataclass
class Built:
    name: str
    site_dir: Path
    url: str
    content: Site

    @property
    def story_slugs(self) -> set[str]:
        return {story.slug for story in self.content.stories}

    def story_pages(self, slug: str) -> list[str]:
        """The addresses of a story's pages, relative to the site root."""
        view = StoryView(self.content, self.content.story(slug))
        return [f"{slug}/{page.key}/" if page.key else f"{slug}/" for page in view.pages]

    def page_types(self) -> dict[str, str]:
        """One address per kind of page."""
        slug = self.content.stories[0].slug
        kinds = ["explainer", "timeline", "people", "sources", "disagreements"]
        pages = dict(zip(kinds, self.story_pages(slug), strict=False))
        return {"home": "", **pages, "about": "about/", "sourcing": "sourcing/", "404": "404.html"}


@pytest.fixture(scope="module", params=sorted(CONTENTS))
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    name = request.param
    project = make_project(tmp_path_factory.mktemp(name) / "project", CONTENTS[name])
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    loaded = load_site(CONTENTS[name])
    assert loaded.site is not None
    with static_server(project / "site") as url:
        yield Built(name, project / "site", url, loaded.site)


def test_every_question_heading_is_present(built: Built, browser: Any) -> None:
    page = browser.new_page()
    for story in built.content.stories:
        page.goto(f"{built.url}{story.slug}/")
        h2s = [text.removesuffix("¶").strip() for text in page.locator("h2").all_inner_texts()]
        for question in story.questions:
            assert question.question in h2s, f"{story.slug}: no heading {question.question!r}"
        assert page.locator("h1").first.inner_text().removesuffix("¶").strip() == story.title
    page.close()


def test_search_finds_the_story(built: Built, browser: Any) -> None:
    """A title's words and an answer's words; nothing of the index is fetched until the reader opens search."""
    page = browser.new_page()
    log = watch(page)
    page.goto(built.url, wait_until="load")
    page.wait_for_timeout(300)
    assert not [url for url in log.requests if "_pagefind" in url], "the index loaded before search was opened"
    for query, slug in SEARCHES[built.name]:
        results = site_search(page, query)
        assert [r["href"] for r in results] == [f"/{slug}/"], f"{query!r} found {results}"
        assert results[0]["title"] == built.content.story(slug).title
    assert log.outside_requests == [] and log.console_errors == [] and log.page_errors == []
    page.close()


def test_search_index_holds_story_pages_and_their_questions(built: Built) -> None:
    """Pagefind's index: each story page once, each question a section of it; no sub-page, no hand-written page."""
    index = built.site_dir / "_pagefind"
    entry = json.loads((index / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert sum(language["page_count"] for language in entry["languages"].values()) == len(built.story_slugs)
    pages = {}
    for path in (index / "fragment").iterdir():
        data = gzip.decompress(path.read_bytes())
        fragment = json.loads(data[data.index(b"{") :])
        pages[fragment["url"]] = fragment
    assert sorted(pages) == sorted(f"/{slug}/" for slug in built.story_slugs)
    for story in built.content.stories:
        headings = {a["text"] for a in pages[f"/{story.slug}/"]["anchors"] if a["element"] == "h2" and a["id"]}
        missing = {q.question for q in story.questions} - headings
        assert not missing, f"{story.slug}: questions that are not search sections: {missing}"


@pytest.mark.parametrize("width", [1280, 390])
def test_charts_are_tables_with_labels_at_the_size_of_the_text(built: Built, browser: Any, width: int) -> None:
    """Each breakdown is one captioned table of bars, shown in its answer; no second table repeats it."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    for story in built.content.stories:
        figures = [figure for claim in story.claims for figure in claim.numbers if figure.breakdown]
        page.goto(f"{built.url}{story.slug}/")
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        for figure in figures:
            caption = figure.breakdown_label or figure.label
            charts = page.locator("table.xp-bars", has=page.locator("caption", has_text=caption))
            assert charts.count() >= 1
            chart = charts.first
            rows = [text.strip() for text in chart.locator("tbody th").all_inner_texts()]
            assert rows == [part.label for part in figure.breakdown]
            sizes = page.evaluate(
                "t => [getComputedStyle(t.querySelector('tbody th')).fontSize,"
                " getComputedStyle(t.closest('.xp-answer').querySelector(':scope > p')).fontSize]",
                chart.element_handle(),
            )
            assert sizes[0] == sizes[1], f"chart labels {sizes[0]}, body text {sizes[1]}"
        assert page.locator("table.xp-breakdown").count() == 0
    page.close()


def test_timeline_renders_every_entry(built: Built, browser: Any) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 900})
    for story in built.content.stories:
        entries = timeline_entries(built.content, story)
        page.goto(f"{built.url}{story.slug}/timeline/")
        items = page.locator(".xp-timeline > .xp-event, .xp-timeline > .xp-incident")
        assert items.count() == max(len(entries), 1)
        for number, entry in enumerate(entries):
            item = items.nth(number)
            assert item.is_visible()
            assert entry.date.display() in item.inner_text()
        data = json.loads((built.site_dir / story.slug / "timeline.json").read_text(encoding="utf-8"))
        assert len(data["events"]) == len(entries)
    page.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_type_is_accessible_and_clean(built: Built, browser: Any, scheme: str) -> None:
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    log = watch(page)
    problems = []
    for kind, address in built.page_types().items():
        page.goto(built.url + address)
        expected = "slate" if scheme == "dark" else "default"
        assert page.locator("body").get_attribute("data-md-color-scheme") == expected
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})",
            AXE_TAGS,
        )
        for violation in result["violations"]:
            targets = [node["target"] for node in violation["nodes"]][:3]
            problems.append(f"{kind} ({scheme}): {violation['id']}: {violation['help']} {targets}")
    context.close()
    assert problems == [], "\n".join(problems)
    assert log.outside_requests == [], log.outside_requests
    assert log.console_errors == [] and log.page_errors == []


@pytest.mark.parametrize("width", [1280, 390])
def test_screenshots_of_every_page_type(built: Built, browser: Any, width: int) -> None:
    """Every page type in light; the explainer and its timeline in dark too. Nothing wider than a phone."""
    for scheme, kinds in (("light", None), ("dark", {"explainer", "timeline"})):
        context = browser.new_context(color_scheme=scheme, viewport={"width": width, "height": 900})
        page = context.new_page()
        log = watch(page)
        for kind, address in built.page_types().items():
            if kinds is not None and kind not in kinds:
                continue
            page.goto(built.url + address)
            path = screenshot(page, f"reader-{built.name}-{kind}-{width}-{scheme}")
            assert path.stat().st_size > 0
            if width == 390:
                overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
                assert overflow <= 0, f"{kind} is {overflow}px wider than a phone"
        context.close()
        assert log.outside_requests == [] and log.console_errors == [] and log.page_errors == []
