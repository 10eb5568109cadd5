"""The story page's budget in real headless Chromium: weight, no third parties, no search index on load.

The site is built from the real `content/` (the test fixtures while it does not build)
and served on 127.0.0.1 with gzip, as GitHub Pages serves it. bench/page.py does the
measuring; `make bench` writes the same figures to BENCHMARKS.md.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bench.page import BUDGET_BYTES, Weight, first_load
from bench.serving import BuiltSite, served_site
from tests.browser import chromium


@pytest.fixture(scope="module")
def site() -> Iterator[BuiltSite]:
    with served_site() as built:
        yield built


@pytest.fixture(scope="module")
def weight(site: BuiltSite) -> Weight:
    with chromium() as browser:
        return first_load(browser, site, site.story_url)


def breakdown(weight: Weight) -> str:
    return "\n".join(f"  {size:>9,} B  {path}" for path, size in weight.requests)


def test_story_page_first_load_is_within_budget(site: BuiltSite, weight: Weight) -> None:
    print(f"\n{site.story_url} from {site.source}: {weight.transferred_bytes:,} B\n{breakdown(weight)}")
    assert weight.transferred_bytes <= BUDGET_BYTES, (
        f"first load of {site.story_url} ({site.source}) transfers {weight.transferred_bytes:,} B compressed, "
        f"over the {BUDGET_BYTES:,} B budget:\n{breakdown(weight)}"
    )


def test_story_page_requests_nothing_outside_the_site(weight: Weight) -> None:
    assert weight.outside_requests == [], "requests leaving 127.0.0.1 (blocked): " + ", ".join(weight.outside_requests)
    assert weight.page_errors == []


def test_every_response_is_counted_and_compressed(site: BuiltSite, weight: Weight) -> None:
    story_path = site.story_url.removeprefix(site.url.rstrip("/"))
    html = dict(weight.requests)[story_path]
    raw = (site.site_dir / story_path.strip("/") / "index.html").stat().st_size
    assert html < raw / 2, f"the story page went out uncompressed ({html:,} B on the wire, {raw:,} B on disk)"


def test_story_page_does_not_fetch_the_search_index_on_load(site: BuiltSite, weight: Weight) -> None:
    fetched = weight.search_index_requests
    assert fetched == [], (
        "the story page fetches the search index on first load: "
        + ", ".join(f"{path} ({size:,} B compressed)" for path, size in fetched)
        + f" for the {site.source} site. The index grows with every story (see BENCHMARKS.md, table (b)), "
        "so every page load would too: load Pagefind and its index only when a reader opens search "
        "(docs/assets/search.js)."
    )
