"""Lighthouse 12 (npm, tools/) on the story page, in Debian's chromium, offline: median of three runs.

Accessibility, best practices and SEO must score 100; performance is reported in
BENCHMARKS.md (`make bench`) with the audits that cost points.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from bench.lighthouse import CATEGORIES, LIGHTHOUSE, LighthouseRun, lighthouse_median, parse_lighthouse
from bench.serving import served_site
from tests.browser import LOCAL_HOSTS

Scores = tuple[str, dict[str, int], LighthouseRun]


@pytest.fixture(scope="module")
def scores() -> Iterator[Scores]:
    assert LIGHTHOUSE.exists(), f"{LIGHTHOUSE} is missing: run `make test-tools`"
    with served_site() as site:
        median, run = lighthouse_median(site.story_url)
        print(f"\nLighthouse on {site.story_url} ({site.source}), median of 3: {median}")
        yield site.source, median, run


def lost(run: LighthouseRun, category: str) -> str:
    return "\n".join(
        f"  {audit.id}: {audit.title} (weight {audit.weight:g}) {audit.display}"
        + "".join(f"\n      {where}" for where in audit.where)
        for audit in run.failing[category]
    )


@pytest.mark.parametrize("category", ["accessibility", "best-practices", "seo"])
def test_story_page_scores_100(scores: Scores, category: str) -> None:
    source, median, run = scores
    assert median[category] == 100, (
        f"{category} scores {median[category]} on the {source} site; failing audits:\n" + lost(run, category)
    )


def test_performance_is_reported(scores: Scores) -> None:
    _, median, run = scores
    assert set(median) == set(CATEGORIES)
    assert 0 < median["performance"] <= 100
    assert run.metrics, "the median run has no metrics"


def test_lighthouse_stays_on_this_machine(scores: Scores) -> None:
    _, _, run = scores
    network = [url for url in run.requested if urlsplit(url).scheme in ("http", "https", "ws", "wss")]
    outside = [url for url in network if (urlsplit(url).hostname or "") not in LOCAL_HOSTS]
    assert run.requested and outside == [], f"the page asked for {outside}"


def test_parse_keeps_only_scored_audits_that_lost_points() -> None:
    data = {
        "categories": {
            "seo": {
                "score": 0.92,
                "auditRefs": [{"id": "a", "weight": 1}, {"id": "b", "weight": 1}, {"id": "c", "weight": 0}],
            }
        },
        "audits": {
            "a": {"title": "A", "score": 0, "scoreDisplayMode": "binary"},
            "b": {"title": "B", "score": 1, "scoreDisplayMode": "binary"},
            "c": {"title": "C", "score": None, "scoreDisplayMode": "manual"},
        },
    }
    run = parse_lighthouse(data)
    assert run.scores == {"seo": 92}
    assert [audit.id for audit in run.failing["seo"]] == ["a"]
