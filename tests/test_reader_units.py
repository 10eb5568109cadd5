"""The reader's site's plain functions, without MkDocs: timeline, coverage, feed, open data, links."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

from generator.coverage import coverage_groups
from generator.export import open_data_files, story_document
from generator.feeds import ATOM, atom_feed
from generator.pipeline import Result, load_site
from generator.site import Site
from generator.story_view import StoryView
from generator.timeline import timeline_entries, timelinejs


def loaded(content: Path) -> tuple[Result, Site]:
    result = load_site(content)
    assert result.site is not None and result.errors == []
    return result, result.site


def test_timeline_puts_earlier_incidents_and_events_in_date_order(fixture_content: Path) -> None:
    _, site = loaded(fixture_content)
    entries = timeline_entries(site, site.story("bridge-closure"))
    assert [(entry.kind, str(entry.date)) for entry in entries] == [("incident", "2019-05"), ("event", "2025-02-28")]


def test_timelinejs_escapes_its_html_text(fixture_content: Path) -> None:
    items = fixture_content / "bridge-closure" / "items.yml"
    text = items.read_text(encoding="utf-8")
    assert "title: Inspectors examine the bridge" in text
    items.write_text(text.replace("Inspectors examine the bridge", "'<img src=x onerror=alert(1)> & more'"))
    _, site = loaded(fixture_content)
    timeline = timelinejs(site, site.story("bridge-closure"))
    event = timeline["events"][-1]
    assert event["text"]["headline"] == "&lt;img src=x onerror=alert(1)&gt; &amp; more"
    assert event["start_date"] == {"year": 2025, "month": 2, "day": 28}
    assert timeline["events"][0]["start_date"] == {"year": 2019, "month": 5}


def test_coverage_rows_name_the_sources_of_each_fact(fixture_content: Path) -> None:
    _, site = loaded(fixture_content)
    groups = dict(coverage_groups(site, site.story("bridge-closure")))
    assert list(groups) == ["Claims", "Numbers", "Reactions", "Quotes", "Earlier incidents"]
    assert groups["Earlier incidents"][0].sources == {"example-wire-closure"}
    assert groups["Claims"][0].sources == {"harbour-times-closure", "example-wire-closure"}
    assert [row.label for row in groups["Numbers"]] == ["12 cracks found", "5: South span"]
    assert groups["Quotes"][1].label == "Li Wei: “These cracks are older than the mayor's term.”"
    assert groups["Quotes"][1].anchor == "reaction-engineer-doubts"


def test_links_between_a_storys_pages_are_relative_to_the_page(fixture_content: Path) -> None:
    _, site = loaded(fixture_content)
    story = site.story("bridge-closure")
    explainer, timeline = StoryView(site, story), StoryView(site, story, here="timeline")
    assert (explainer.link("people"), explainer.link(""), explainer.root) == ("people/", "./", "../")
    assert (timeline.link("people"), timeline.link(""), timeline.root) == ("../people/", "../", "../../")
    assert explainer.cite_base == "#" and timeline.cite_base == "../sources/#"


def test_atom_feed_escapes_and_dates_every_story(fixture_content: Path) -> None:
    _, site = loaded(fixture_content)
    story = site.story("bridge-closure").model_copy(update={"title": "A & B <script>x</script>"})
    feed = ET.fromstring(atom_feed([story], "https://example.org/", "Site & Co", "Newsroom <desk>"))
    entry = feed.find(f"{{{ATOM}}}entry")
    assert entry is not None
    assert entry.findtext(f"{{{ATOM}}}title") == "A & B <script>x</script>"
    assert entry.findtext(f"{{{ATOM}}}updated") == "2025-03-03T00:00:00Z"
    assert "Correction" in (entry.findtext(f"{{{ATOM}}}content") or "")
    assert feed.findtext(f"{{{ATOM}}}title") == "Site & Co: story updates"


def test_story_document_carries_the_world_it_cites(fixture_content: Path) -> None:
    _, site = loaded(fixture_content)
    document = story_document(site, site.story("bridge-closure"))
    assert "slug" not in document
    assert document["published"] == "2025-03-02"
    assert {person["id"] for person in document["people"]} == {"ana-ruiz", "transport-office", "li-wei"}
    assert [outlet["id"] for outlet in document["outlets"]] == ["harbour-times"]
    assert [incident["id"] for incident in document["incidents"]] == ["bridge-crack-2019"]
    assert json.dumps(document)


def test_open_data_leaves_out_stories_with_errors(fixture_content: Path) -> None:
    result, _ = loaded(fixture_content)
    files = open_data_files(result, "https://example.org/", "Site", "Desk")
    assert set(files) == {
        "schema/content.schema.json",
        "feed.xml",
        "bridge-closure/story.json",
        "bridge-closure/timeline.json",
    }


def test_the_sourcing_page_explains_every_label_the_pages_show() -> None:
    from generator.story_view import STATUS_LABELS

    from .conftest import ROOT

    text = (ROOT / "docs" / "sourcing.md").read_text(encoding="utf-8")
    rows = dict(
        line.strip("|").split("|")[:2] for line in text.splitlines() if line.startswith("| ") and "---" not in line
    )
    rows = {label.strip(): meaning.strip() for label, meaning in rows.items()}
    assert {label: meaning for label, meaning in STATUS_LABELS.values()} == {
        label: meaning for label, meaning in rows.items() if label != "label"
    }
