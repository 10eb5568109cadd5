"""Titles are shown as typed everywhere the theme prints them, and never run, in real Chromium.

Material prints `page.meta.title` raw and `striptags` turns `&lt;` back into `<`;
overrides/ escapes every place a title lands (`<title>`, the header, the nav,
meta tags, JSON-LD). Two stories in a copy of the fixture world carry hostile
titles; every one of their pages is opened with a watcher that records any
payload that runs.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from .browser import site_search, static_server, xss_watched_page
from .conftest import FIXTURES
from .project import make_project, mkdocs

TITLES = {
    "bridge-closure": "</title><script>window.__xss(1)</script>",
    "hostile-entities": "&lt;/title&gt;&lt;script&gt;window.__xss(2)&lt;/script&gt; & <b>bold</b>",
}
STANDFIRST = '"><img src=x onerror="window.__xss(3)"> \' onmouseover=\'window.__xss(4)'
SUBPAGES = {"timeline/": "Timeline", "people/": "Who’s who", "sources/": "Sources and coverage"}


def write_hostile_content(target: Path) -> Path:
    shutil.copytree(FIXTURES / "content", target)
    story = target / "bridge-closure" / "story.yml"
    data = yaml.safe_load(story.read_text(encoding="utf-8"))
    data["title"] = TITLES["bridge-closure"]
    story.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    second = target / "hostile-entities"
    second.mkdir()
    minimal = {
        "title": TITLES["hostile-entities"],
        "standfirst": STANDFIRST,
        "published": "2025-04-07",
        "questions": [{"question": "Who is on strike?", "answer": [{"text": "Crews.", "sources": ["ferry-report"]}]}],
        "events": [{"id": "walkout", "date": "2025-04-07", "title": "Walkout", "sources": ["ferry-report"]}],
        "sources": [{"id": "ferry-report", "outlet": "harbour-times", "headline": "Ferry crews strike"}],
    }
    (second / "story.yml").write_text(yaml.safe_dump(minimal, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("titles")
    project = make_project(root / "project", write_hostile_content(root / "content"))
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    with static_server(project / "site") as url:
        yield url


def test_titles_are_shown_as_typed_and_never_run(site: str, browser: Any) -> None:
    page, log, dialogs = xss_watched_page(browser)
    wrong = []
    for slug, title in TITLES.items():
        expected = {"": title, **{path: f"{name}: {title}" for path, name in SUBPAGES.items()}}
        for path, page_title in expected.items():
            page.goto(f"{site}{slug}/{path}")
            shown = {
                "<title>": page.title(),
                "header": page.locator(".md-header__topic").nth(1).inner_text().strip(),
                "og:title": page.locator('meta[property="og:title"]').get_attribute("content"),
            }
            wanted = {"<title>": f"{page_title} - Explainer", "header": page_title, "og:title": page_title}
            wrong += [f"{slug}/{path} {where}: {shown[where]!r}" for where in wanted if shown[where] != wanted[where]]
            if not path:
                ld = json.loads(page.locator('script[type="application/ld+json"]').text_content() or "")
                if ld["headline"] != title:
                    wrong.append(f"{slug} JSON-LD headline: {ld['headline']!r}")
                h1 = page.locator("h1").first.inner_text().removesuffix("¶").strip()
                if h1 != title:
                    wrong.append(f"{slug} h1: {h1!r}")
    page.goto(site)
    for slug, title in TITLES.items():
        if page.locator(f'a[href="{slug}/"]').inner_text().strip() != title:
            wrong.append(f"home: the link to {slug} does not read {title!r}")
    found = {r["href"]: r["title"] for r in site_search(page, "title")}
    wrong += [
        f"search: {slug} reads {found.get(f'/{slug}/')!r}" for slug, t in TITLES.items() if found.get(f"/{slug}/") != t
    ]
    fired = page.evaluate("window.__fired")
    page.context.close()
    assert wrong == [], "\n".join(wrong)
    assert fired == [] and dialogs == [], fired + dialogs
    assert page.is_closed() and log.outside_requests == []
