"""Full-text search: Pagefind's index of the story pages, and the header's search dialog in real Chromium.

The index (generator/search.py) is checked on small hand-made sites: only marked main text,
closed disclosures included, permalinks left out; no index when nothing is marked; a failed
or stopped run leaves the site as it was. The dialog is checked on a real build of `content/`:
a word that appears only in a quote finds the story page once, nothing loads before search
is opened, keyboard and phone use, and axe-core in light and dark.
"""

from __future__ import annotations

import functools
import gzip
import json
import stat
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from generator.pipeline import load_site
from generator.search import (
    OUTPUT_DIR,
    PARTIAL_DIR,
    BackgroundIndex,
    Indexed,
    SearchIndexError,
    index_site,
    pagefind_command,
)

from .browser import site_search, static_server, watch
from .conftest import FIXTURES, ROOT
from .project import make_project, mkdocs

AXE = ROOT / "tools" / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DEMO = "valdai-drone-claim"
QUOTE_WORDS = ["Bacon", "Bryansk", "boldface"]
"""Words of the demo story that no heading, standfirst or key point holds."""

STORY_HTML = """<!doctype html><html lang="en"><head><title>{title}</title></head><body>
<nav>navword</nav>
<article{marked}><h1 id="top">{title} <a class="headerlink" href="#top">¶</a></h1>
<p>Opening words.</p>
<details><summary>The full record</summary><p>closedword inside a closed disclosure</p></details>
<h2 id="first-question">First question? <a class="headerlink" href="#first-question">¶</a></h2><p>alpha answer</p>
<h2 id="second-question">Second question?</h2><p>beta answer &lt;script&gt;window.__xss(1)&lt;/script&gt;</p>
</article></body></html>"""


def write_page(site: Path, path: str, title: str, marked: bool) -> None:
    target = site / path / "index.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(STORY_HTML.format(title=title, marked=" data-pagefind-body" if marked else ""), encoding="utf-8")


def fragments(index: Path) -> list[dict[str, Any]]:
    """The pages Pagefind stored (its fragments are gzip, then a signature, then JSON)."""
    found = []
    for path in sorted((index / "fragment").iterdir()):
        data = gzip.decompress(path.read_bytes())
        found.append(json.loads(data[data.index(b"{") :]))
    return found


def fake_pagefind(folder: Path, script: str) -> Path:
    path = folder / "fake-pagefind"
    path.write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


# --- the index ------------------------------------------------------------------------------------


def test_the_command_indexes_marked_text_only_without_stemming() -> None:
    command = pagefind_command(Path("/site"), Path("/site/.partial"), Path("/bin/pagefind"))
    assert command[:5] == ["/bin/pagefind", "--site", "/site", "--output-path", "/site/.partial"]
    pairs = dict(zip(command[5::2], command[6::2], strict=False))
    assert pairs["--root-selector"] == "[data-pagefind-body]"
    assert pairs["--force-language"] == "unknown"
    assert pairs["--exclude-selectors"] == ".headerlink"


def test_only_marked_main_text_is_indexed_closed_disclosures_included(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_page(site, "story", "A story", marked=True)
    write_page(site, "story/timeline", "Its timeline", marked=False)
    write_page(site, "", "Home", marked=False)
    done = index_site(site)
    assert done.pages == 1 and done.seconds > 0
    assert (site / OUTPUT_DIR / "pagefind.js").is_file() and not (site / PARTIAL_DIR).exists()
    [page] = fragments(site / OUTPUT_DIR)
    assert page["url"] == "/story/"
    assert page["meta"]["title"] == "A story"
    assert "closedword inside a closed disclosure" in page["content"]
    assert "<script>window.__xss(1)</script>" in page["content"]  # text as typed (the dialog shows it as text)
    assert "navword" not in page["content"] and "¶" not in page["content"]
    headings = [(anchor["element"], anchor["id"], anchor["text"]) for anchor in page["anchors"]]
    assert ("h2", "first-question", "First question?") in headings
    assert ("h2", "second-question", "Second question?") in headings


def test_a_site_without_story_pages_gets_no_index(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_page(site, "", "Only errors", marked=False)
    (site / OUTPUT_DIR).mkdir()
    (site / OUTPUT_DIR / "stale.txt").write_text("from an earlier build")
    assert index_site(site).pages == 0
    assert not (site / OUTPUT_DIR).exists() and not (site / PARTIAL_DIR).exists()


def test_a_failed_index_leaves_the_site_as_it_was(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_page(site, "story", "A story", marked=True)
    (site / OUTPUT_DIR).mkdir()
    (site / OUTPUT_DIR / "kept.txt").write_text("the last good index")
    broken = fake_pagefind(tmp_path, "echo 'something went wrong'; exit 3")
    with pytest.raises(SearchIndexError, match="exited with 3: something went wrong"):
        index_site(site, executable=broken)
    assert (site / OUTPUT_DIR / "kept.txt").exists() and not (site / PARTIAL_DIR).exists()


def test_the_background_index_finishes_and_reports(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_page(site, "story", "A story", marked=True)
    background = BackgroundIndex()
    background.start(site)
    done = background.wait()
    assert isinstance(done, Indexed) and done.pages == 1
    assert (site / OUTPUT_DIR / "pagefind-entry.json").is_file()


def test_the_next_build_stops_a_background_index_at_once(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_page(site, "story", "A story", marked=True)
    slow = fake_pagefind(tmp_path, "exec sleep 30")  # exec: no child left holding the output pipe
    background = BackgroundIndex(functools.partial(index_site, executable=slow))
    background.start(site)
    time.sleep(0.3)
    began = time.monotonic()
    background.stop()
    assert time.monotonic() - began < 5, "stop() waited for the index instead of ending it"
    assert background.last is None
    assert not (site / OUTPUT_DIR).exists() and not (site / PARTIAL_DIR).exists()


def test_a_failed_index_fails_the_build_but_not_the_server(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from mkdocs.exceptions import PluginError

    from generator import plugin

    site = tmp_path / "site"
    write_page(site, "story", "A story", marked=True)
    broken = fake_pagefind(tmp_path, "echo 'disk full'; exit 1")
    monkeypatch.setattr(plugin, "index_site", functools.partial(index_site, executable=broken))
    with pytest.raises(PluginError, match="the search index was not built: pagefind exited with 1: disk full"):
        plugin.build_search_index(site, fail=True)
    plugin.build_search_index(site, fail=False)  # under `mkdocs serve`: said, not raised
    assert "the search index was not built" in caplog.text


@pytest.mark.parametrize("mode", ["background", "wait", "skip"])
def test_serve_builds_the_index_as_configured(tmp_path: Path, mode: str) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    project = make_project(tmp_path / "project", FIXTURES / "content")
    config_file = project / "mkdocs.yml"
    config_file.write_text(
        config_file.read_text().replace("  - explainer:\n", f"  - explainer:\n      serve_search: {mode}\n"),
        encoding="utf-8",
    )
    site = tmp_path / "site"
    config = load_config(str(config_file), site_dir=str(site))
    config.plugins.on_startup(command="serve", dirty=False)
    build(config, serve_url="http://127.0.0.1:8000/")
    plugin = config.plugins["explainer"]
    if mode == "background":
        assert plugin.search is not None
        assert isinstance(plugin.search.wait(), Indexed)
    config.plugins.on_shutdown()
    assert (site / OUTPUT_DIR / "pagefind.js").is_file() == (mode != "skip")


# --- the dialog, on a real build of content/ ------------------------------------------------------


@dataclass
class Built:
    site: Path
    url: str
    story_title: str


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    project = make_project(tmp_path_factory.mktemp("search") / "project", ROOT / "content")
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr[-3000:]
    loaded = load_site(ROOT / "content")
    assert loaded.site is not None
    with static_server(project / "site") as url:
        yield Built(project / "site", url, loaded.site.story(DEMO).title)


@pytest.mark.parametrize("word", QUOTE_WORDS)
def test_a_word_from_a_quote_finds_the_story_page_once(built: Built, browser: Any, word: str) -> None:
    page = browser.new_page()
    log = watch(page)
    page.goto(built.url + f"{DEMO}/timeline/")
    results = site_search(page, word)
    page.close()
    assert [(r["title"], r["href"]) for r in results] == [(built.story_title, f"/{DEMO}/")]
    shown = results[0]["excerpt"] + " ".join(s["excerpt"] for s in results[0]["sections"])
    assert word in shown, f"no excerpt shows {word!r}: {results}"
    assert log.console_errors == [] and log.page_errors == [] and log.outside_requests == []


def test_a_name_on_every_page_section_lists_the_story_once(built: Built, browser: Any) -> None:
    page = browser.new_page()
    page.goto(built.url)
    results = site_search(page, "Zelensky")  # the content spells it Zelenskyy
    page.close()
    assert [r["href"] for r in results] == [f"/{DEMO}/"]
    sections = [s["href"] for s in results[0]["sections"]]
    assert sections and len(sections) == len(set(sections))
    assert all(href.startswith(f"/{DEMO}/#") for href in sections)
    assert all("Zelenskyy" in s["excerpt"] for s in results[0]["sections"])


def test_nothing_of_search_loads_until_it_is_opened(built: Built, browser: Any) -> None:
    page = browser.new_page()
    log = watch(page)
    page.goto(built.url + f"{DEMO}/", wait_until="load")
    page.wait_for_load_state("networkidle")
    loaded = [url for url in log.requests if OUTPUT_DIR in url or "search.css" in url]
    site_search(page, "Bacon")
    opened = [url for url in log.requests if OUTPUT_DIR in url]
    page.close()
    assert loaded == [], f"fetched before search was opened: {loaded}"
    assert any(url.endswith(f"{OUTPUT_DIR}/pagefind.js") for url in opened)
    assert any("/fragment/" in url for url in opened) and any("/index/" in url for url in opened)


def test_search_recovers_once_the_index_is_there(built: Built, browser: Any) -> None:
    """As under `mkdocs serve` while the index is being built: search says so, then works without a reload."""
    index, away = built.site / OUTPUT_DIR, built.site / "_pagefind-away"
    page = browser.new_page()
    page.goto(built.url + f"{DEMO}/")
    index.rename(away)
    try:
        page.click("[data-xp-search-open]")
        page.locator(".xp-search__input").fill("Bacon")
        status = page.locator(".xp-search__status")
        page.wait_for_function("() => /not available/.test(document.querySelector('.xp-search__status').textContent)")
        said = status.inner_text()
    finally:
        away.rename(index)
    results = site_search(page, "Bacon")
    page.close()
    assert "Try again in a moment" in said
    assert [r["href"] for r in results] == [f"/{DEMO}/"]


def test_search_by_keyboard(built: Built, browser: Any) -> None:
    page = browser.new_page()
    page.goto(built.url + "about/")
    page.keyboard.press("/")
    page.locator(".xp-search__input").wait_for(state="visible")
    assert page.evaluate("document.activeElement.id") == "xp-search-input"
    page.keyboard.type("boldface")
    page.locator(".xp-search__result").first.wait_for(state="visible")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.textContent") == built.story_title
    page.keyboard.press("ArrowDown")
    section = page.evaluate("document.activeElement.getAttribute('href')")
    assert section.startswith(f"/{DEMO}/#")
    page.keyboard.press("Escape")
    assert not page.evaluate("document.getElementById('xp-search').open")
    page.locator("[data-xp-search-open]").focus()
    page.keyboard.press("Enter")  # the header's button
    page.locator(".xp-search__input").wait_for(state="visible")
    assert page.evaluate("document.activeElement.id") == "xp-search-input"
    page.keyboard.press("Escape")
    assert page.evaluate("document.activeElement.matches('[data-xp-search-open]')"), "focus did not return"
    page.keyboard.press("/")
    page.keyboard.type("boldface")
    page.locator(".xp-search__result").first.wait_for(state="visible")
    page.keyboard.press("Enter")  # the first result
    page.wait_for_url(f"**/{DEMO}/")
    page.close()


def test_search_on_a_phone(built: Built, browser: Any) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.goto(built.url + f"{DEMO}/")
    button = page.locator("[data-xp-search-open]")
    assert button.is_visible()
    box = button.bounding_box()
    assert box is not None and box["width"] >= 24 and box["height"] >= 24  # a target a finger can hit
    button.tap()
    page.locator(".xp-search__input").wait_for(state="visible")  # it opens once its stylesheet is in
    results = site_search(page, "Bacon")
    dialog = page.locator("#xp-search").bounding_box()
    first = page.locator(".xp-search__result").first.bounding_box()
    overflow = page.evaluate(
        "document.getElementById('xp-search').scrollWidth - document.getElementById('xp-search').clientWidth"
    )
    context.close()
    assert len(results) == 1
    assert dialog is not None and dialog["x"] >= 0 and dialog["x"] + dialog["width"] <= 390
    assert first is not None and first["y"] + first["height"] <= 844, "the first result is below the screen"
    assert overflow <= 0, f"the dialog's content is {overflow}px wider than the phone"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_open_dialog_is_accessible(built: Built, browser: Any, scheme: str) -> None:
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(built.url + f"{DEMO}/")
    site_search(page, "Zelensky")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document.getElementById('xp-search'), {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    context.close()
    problems = [f"{v['id']}: {v['help']} {[node['target'] for node in v['nodes']][:3]}" for v in result["violations"]]
    assert problems == [], "\n".join(problems)
