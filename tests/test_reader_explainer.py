"""The explainer as a reader meets it: prose first, the record one click away, nothing lost.

Built for real (`mkdocs build --strict`) from the real `content/` and read in Debian's
Chromium at a desktop (1366×900) and a phone (390×844) size.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from generator.links import iter_refs
from generator.models import Story
from generator.pipeline import load_site
from generator.site import Site
from generator.story_view import StoryView
from harness.browser import ARTIFACTS, screenshot, static_server, watch
from harness.project import make_project, mkdocs

from .conftest import ROOT

MAX_WORDS = 2_200
"""1.5 times the 1,464 words of the Al Jazeera explainer the demo story mirrors."""
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
README_SHOTS = ROOT / ".github" / "readme"
WORDS_IN_VIEW = r"""el => (el.innerText.match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu) || []).length"""
EDITOR_WORDING = (r"no headline in the text we hold", r"Outlet not named", r"\bundated\b", r"Reported by \[")
"""What readers used to see: an editor's aside, a placeholder, an empty attribution."""


@dataclass
class Built:
    site_dir: Path
    url: str
    site: Site

    @property
    def story(self) -> Story:
        return self.site.stories[0]

    @property
    def view(self) -> StoryView:
        return StoryView(self.site, self.story)

    def html(self, address: str) -> str:
        return (self.site_dir / address / "index.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    project = make_project(tmp_path_factory.mktemp("reader") / "project", ROOT / "content")
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr[-3000:]
    loaded = load_site(ROOT / "content")
    assert loaded.site is not None
    with static_server(project / "site") as url:
        yield Built(project / "site", url, loaded.site)


def opened(browser: Any, built: Built, address: str, viewport: dict[str, int], scheme: str = "light") -> Any:
    page = browser.new_context(viewport=viewport, color_scheme=scheme).new_page()
    page.goto(built.url + address)
    return page


def test_the_default_view_is_short_enough_to_finish(built: Built, browser: Any) -> None:
    page = opened(browser, built, f"{built.story.slug}/", DESKTOP)
    words = page.locator("article").evaluate(WORDS_IN_VIEW)
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    everything = page.locator("article").evaluate(WORDS_IN_VIEW)
    page.context.close()
    assert words <= MAX_WORDS, f"the story page shows {words} words before any disclosure is opened"
    assert everything > 2 * words, "the record should hold far more than the default view shows"


def test_every_quote_event_source_and_difference_is_one_click_away(built: Built) -> None:
    """On the story page (in the open or in a disclosure), or on a page its links lead to."""
    view = built.view
    slug = built.story.slug
    explainer = _text(built.html(slug))
    reachable = explainer + " ".join(_text(built.html(f"{slug}/{page.key}")) for page in view.record_pages)
    for page in view.record_pages:
        assert f'href="{page.key}/"' in built.html(slug), f"the story page does not link to {page.name}"
    quotes = [quote for claim in built.story.claims for quote in claim.quotes]
    quotes += [quote for reaction in built.story.reactions for quote in reaction.quotes]
    assert quotes
    for quote in quotes:
        assert _text_of(quote.text) in explainer, f"quote not on the story page: {quote.text[:60]}"
    for event in built.story.events:
        assert _text_of(event.title) in reachable, f"event {event.id} is nowhere"
    for variant in built.story.variants:
        assert _text_of(variant.fact) in reachable, f"variant {variant.id} is nowhere"
    story_html = built.html(slug)
    cited = {str(ref) for _, ref in iter_refs(built.story) if "source" in ref.kinds}
    for source_id in cited:
        assert f'id="source-{source_id}"' in story_html, f"source {source_id} is not in the list"


def test_the_questions_come_first_on_a_desktop(built: Built, browser: Any) -> None:
    page = opened(browser, built, f"{built.story.slug}/", DESKTOP)
    top = page.locator("article h2").first.evaluate("el => el.getBoundingClientRect().top")
    page.context.close()
    assert top <= DESKTOP["height"], f"the first question starts {top:.0f}px down"


def test_a_phone_reader_sees_the_questions_and_jumps_to_each(built: Built, browser: Any) -> None:
    page = opened(browser, built, f"{built.story.slug}/", PHONE)
    jump = page.locator(".xp-jump")
    standfirst = page.locator(".xp-standfirst").first
    assert jump.evaluate("el => el.getBoundingClientRect().top") < PHONE["height"], "the question list is off-screen"
    assert standfirst.evaluate("el => el.getBoundingClientRect().bottom") <= jump.evaluate(
        "el => el.getBoundingClientRect().top"
    )
    links = jump.locator("a")
    assert links.count() == len(built.story.questions)
    for number, anchor in enumerate(built.view.question_anchors):
        page.evaluate("window.scrollTo(0, 0)")
        links.nth(number).click()
        page.wait_for_timeout(50)
        heading_top = page.locator(f"h2#{anchor}").evaluate("el => el.getBoundingClientRect().top")
        assert 0 <= heading_top < PHONE["height"] / 3, f"question {number + 1} lands at {heading_top:.0f}px"
    page.context.close()


def test_readers_never_see_a_note_for_editors(built: Built) -> None:
    notes = [note for note in _editor_notes(built.site) if len(note) > 12]
    assert notes, "the demo story keeps notes for editors"
    pages = [path.read_text(encoding="utf-8") for path in built.site_dir.rglob("*.html")]
    pages += [path.read_text(encoding="utf-8") for path in built.site_dir.rglob("*.json")]
    text = " ".join(_text(html) for html in pages)
    for note in notes:
        assert _text_of(note) not in text, f"an editor's note is published: {note[:60]}"
    for wording in EDITOR_WORDING:
        assert not re.search(wording, text), f"readers see {wording!r}"


def test_citations_ascend_and_no_two_sources_look_alike(built: Built, browser: Any) -> None:
    slug = built.story.slug
    page = opened(browser, built, f"{slug}/", DESKTOP)
    groups = page.locator(".xp-cite").evaluate_all(
        "els => els.map(e => [...e.querySelectorAll('a')].map(a => +a.textContent))"
    )
    labels = page.locator(".xp-sources .xp-source-name").all_inner_texts()
    first_seen = page.locator(".xp-cite a").evaluate_all("els => els.map(a => +a.textContent)")
    page.context.close()
    assert groups and all(group == sorted(group) and len(set(group)) == len(group) for group in groups), groups
    assert len(labels) == len(set(labels)), labels
    new = [number for index, number in enumerate(first_seen) if number not in first_seen[:index]]
    assert new == sorted(new), "sources are numbered in the order a reader meets them"


def test_every_difference_has_its_own_heading_in_the_contents(built: Built, browser: Any) -> None:
    page = opened(browser, built, f"{built.story.slug}/disagreements/", DESKTOP)
    for variant in built.story.variants:
        heading = page.locator(f"h3#variant-{variant.id}")
        assert heading.count() == 1, variant.id
        assert heading.inner_text().removesuffix("¶").strip() == variant.fact
        assert page.locator(f'nav.md-nav--secondary a[href="#variant-{variant.id}"]').count() == 1
    page.context.close()


def test_a_link_into_an_answers_record_opens_it(built: Built, browser: Any) -> None:
    page = opened(browser, built, f"{built.story.slug}/", PHONE)
    claim_link = page.locator(".xp-claim-line .xp-byline a").first
    target = (claim_link.get_attribute("href") or "").removeprefix("#")
    assert not page.locator(f"#{target}").is_visible()
    claim_link.click()
    page.wait_for_timeout(100)
    assert page.locator(f"#{target}").is_visible()
    page.goto(f"{built.url}{built.story.slug}/people/")
    page.locator('.xp-positions a[href*="#reaction-"]').first.click()
    page.wait_for_load_state()
    assert page.locator(":target").is_visible()
    page.context.close()


def test_claims_say_what_their_status_means(built: Built, browser: Any) -> None:
    page = opened(browser, built, f"{built.story.slug}/", PHONE)
    first = page.locator(".xp-claim-line .xp-status-line").first
    assert first.locator(".xp-status-meaning").inner_text().strip()
    assert first.locator("a.xp-status").get_attribute("href") == "../sourcing/#what-the-labels-mean"
    page.context.close()


@pytest.mark.parametrize(
    ("name", "viewport", "scheme"),
    [
        ("desktop", DESKTOP, "light"),
        ("phone", PHONE, "light"),
        ("dark", DESKTOP, "dark"),
        ("phone-dark", PHONE, "dark"),
    ],
)
def test_screenshots_of_the_story_and_its_pages(
    built: Built, browser: Any, request: pytest.FixtureRequest, name: str, viewport: dict[str, int], scheme: str
) -> None:
    """Written to tests/artifacts/ for a person to look at; `--update-golden` refreshes the README's."""
    slug = built.story.slug
    pages = {"story": ""} | {page.key: page.key + "/" for page in built.view.record_pages}
    for key, address in pages.items():
        page = opened(browser, built, f"{slug}/{address}", viewport, scheme)
        log = watch(page)
        page.reload()
        path = screenshot(page, f"explainer-{key}-{name}")
        assert path.stat().st_size > 10_000
        if key == "story":
            page.screenshot(path=str(ARTIFACTS / f"explainer-top-{name}.png"))
        assert log.outside_requests == [] and log.page_errors == []
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{key} is {overflow}px wider than the screen"
        page.context.close()
    if request.config.getoption("--update-golden") and name in ("desktop", "phone"):
        README_SHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copy(ARTIFACTS / f"explainer-top-{name}.png", README_SHOTS / f"story-{name}.png")


def test_the_readme_shows_the_story_page() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in ("desktop", "phone"):
        path = README_SHOTS / f"story-{name}.png"
        assert path.exists(), f"run pytest tests/test_reader_explainer.py --update-golden to make {path}"
        assert f"(.github/readme/story-{name}.png)" in readme


def _editor_notes(site: Site) -> Iterator[str]:
    def walk(node: Any) -> Iterator[str]:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "editor_note" and isinstance(value, str):
                    yield value
                else:
                    yield from walk(value)
        elif isinstance(node, list):
            for value in node:
                yield from walk(value)

    yield from walk(site.world.model_dump())
    for story in site.stories:
        yield from walk(story.model_dump())


_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def _text(html: str) -> str:
    """An HTML page's text, entities decoded, white space folded (closed disclosures included)."""
    import html as html_lib

    return _text_of(html_lib.unescape(_TAG.sub(" ", html)))


def _text_of(text: str) -> str:
    return _SPACE.sub(" ", text.replace("\u2060", "")).strip()
