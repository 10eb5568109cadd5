"""The editor's loop in real headless Chromium: a real `mkdocs serve` reloads the open tab on every save.

Each check marks the page's `window` before saving; the mark is gone once the
page shows the change, so the tab was reloaded by MkDocs' livereload script,
never by the test.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .browser import chromium, site_search, watch
from .serving import fetch, wait_for
from .test_serve import served  # noqa: F401 (the fixture: a real `mkdocs serve` of the fixture world)

Served = tuple[Path, str, Any]
RELOAD_SECONDS = 30_000  # generous: the machine may be busy with other tests


@pytest.fixture
def tab(served: Served) -> Iterator[Any]:  # noqa: F811
    with chromium() as browser:
        page = browser.new_page()
        log = watch(page)
        yield page
        assert not log.outside_requests
        assert not log.page_errors


def open_and_mark(page: Any, url: str, text: str) -> None:
    page.goto(url)
    page.wait_for_function(
        "text => document.body !== null && document.body.innerText.includes(text)", arg=text, timeout=RELOAD_SECONDS
    )
    page.evaluate("window.__notReloaded = true")


def reloads_to_show(page: Any, text: str) -> None:
    """Wait until the tab, reloaded by livereload alone, shows `text`."""
    page.wait_for_function(
        "text => !window.__notReloaded && document.body !== null && document.body.innerText.includes(text)",
        arg=text,
        timeout=RELOAD_SECONDS,
    )
    page.evaluate("window.__notReloaded = true")


def test_saves_reload_the_tab_errors_show_and_clear(served: Served, tab: Any) -> None:  # noqa: F811
    project, base, process = served
    story = project / "content" / "bridge-closure" / "story.yml"
    good = story.read_text(encoding="utf-8")
    open_and_mark(tab, base + "bridge-closure/", "Why is the harbour bridge closed?")

    story.write_text(good.replace("bridge closed?", "bridge still closed?"), encoding="utf-8")
    reloads_to_show(tab, "Why is the harbour bridge still closed?")

    story.write_text(good.replace("published: 2025-03-02", "published: 2025-02-30"), encoding="utf-8")
    reloads_to_show(tab, "content/bridge-closure/story.yml:4:12: published:")
    assert "February 2025 has 28 days" in tab.inner_text("body")

    story.write_text(good.replace("label: Explainer", "label: Explainer: now"), encoding="utf-8")
    reloads_to_show(tab, "content/bridge-closure/story.yml:3:17: YAML syntax error")

    story.write_text(good, encoding="utf-8")
    reloads_to_show(tab, "Why is the harbour bridge closed?")
    assert "Content errors" not in tab.inner_text("body")
    assert process.poll() is None, "the server must keep running"


def test_new_story_folder_reaches_the_open_home_page(served: Served, tab: Any) -> None:  # noqa: F811
    project, base, process = served
    open_and_mark(tab, base, "Why is the harbour bridge closed?")
    folder = project / "content" / "new-story"
    folder.mkdir()
    (folder / "story.yml").write_text(
        "title: A brand new story\nstandfirst: Fresh.\npublished: 2025-05-01\n"
        "questions:\n  - question: What is new?\n    answer:\n      - text: Everything.\n",
        encoding="utf-8",
    )
    reloads_to_show(tab, "A brand new story")
    tab.get_by_role("link", name="A brand new story").first.click()
    tab.wait_for_function(
        "document.body !== null && document.body.innerText.includes('What is new?')", timeout=RELOAD_SECONDS
    )
    tab.evaluate("window.__notReloaded = true")

    (folder / "events.yml").write_text(
        "events:\n  - id: launch\n    date: 2025-05-01\n    title: The story starts\n    sources: [harbour-times-closure]\n"
        "questions:\n  - question: When did it start?\n    answer:\n      - event: launch\n",
        encoding="utf-8",
    )
    reloads_to_show(tab, "When did it start?")
    assert "The story starts" in (tab.text_content("body") or "")  # in the answer's record
    assert process.poll() is None


def test_search_works_under_serve_and_follows_edits(served: Served, tab: Any) -> None:  # noqa: F811
    """The index is rebuilt after every rebuild (in the background): a word just saved is found."""
    project, base, process = served
    wait_for(lambda: fetch(base + "_pagefind/pagefind-entry.json") != "", 60, what="the first search index")
    tab.goto(base)
    assert [r["href"] for r in site_search(tab, "gamble")] == ["/bridge-closure/"]
    assert site_search(tab, "zanzibarword") == []

    story = project / "content" / "bridge-closure" / "story.yml"
    text = story.read_text(encoding="utf-8")
    story.write_text(text.replace("The mayor announced the closure", "The mayor zanzibarword announced the closure"))
    # Rebuilt: the site folder was emptied first, so the index that appears next is the new one.
    wait_for(lambda: "zanzibarword" in fetch(base + "bridge-closure/"), 60, what="the rebuild")
    wait_for(lambda: fetch(base + "_pagefind/pagefind-entry.json") != "", 60, what="the search index after the save")
    fresh = tab.context.browser.new_page()  # the first tab may be reloading itself (livereload)
    fresh.goto(base)
    results = site_search(fresh, "zanzibarword")
    assert [r["href"] for r in results] == ["/bridge-closure/"]
    assert "zanzibarword" in results[0]["excerpt"] + "".join(s["excerpt"] for s in results[0]["sections"])
    assert process.poll() is None
