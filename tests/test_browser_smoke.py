"""The built site in real headless Chromium: pages load with no errors and no outside requests."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from harness.browser import screenshot, static_server, watch
from harness.project import make_project, mkdocs

from .conftest import FIXTURES


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    project = make_project(tmp_path_factory.mktemp("site") / "project", FIXTURES / "content")
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    with static_server(project / "site") as url:
        yield url


def story_slugs() -> list[str]:
    return sorted(p.name for p in (FIXTURES / "content").iterdir() if (p / "story.yml").exists())


def test_home_lists_every_story(site_url: str, browser: Any) -> None:
    page = browser.new_page()
    log = watch(page)
    page.goto(site_url)
    for slug in story_slugs():
        assert page.locator(f'a[href="{slug}/"]').count() == 1
    assert log.outside_requests == [] and log.page_errors == [] and log.console_errors == []
    page.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_story_pages_load_cleanly(site_url: str, browser: Any, width: int) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900})
    log = watch(page)
    for slug in story_slugs():
        page.goto(f"{site_url}{slug}/")
        assert page.locator("h2").count() >= 1
        screenshot(page, f"{slug}-{width}")
    assert log.outside_requests == [], log.outside_requests
    assert log.page_errors == [] and log.console_errors == []
    page.close()
