"""A story's chronology: its own events and the earlier incidents it refers to, in date order.

`timeline_entries` feeds the timeline page; `timelinejs` turns the same
entries into TimelineJS's JSON format, whose text fields are HTML, so every
content string is escaped there.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from markupsafe import escape

from .models import Event, Incident, Story
from .site import Site
from .types import PartialDate


@dataclass(frozen=True)
class Entry:
    """One dated item on the timeline: a story event or an earlier incident."""

    kind: str
    item: Event | Incident

    @property
    def date(self) -> PartialDate:
        return self.item.date

    @property
    def anchor(self) -> str:
        return f"{self.kind}-{self.item.id}"

    @property
    def headline(self) -> str:
        return self.item.title

    @property
    def text(self) -> str:
        if isinstance(self.item, Incident):
            return " ".join(part for part in (self.item.allegation, self.item.response, self.item.outcome) if part)
        return self.item.description or ""


def incidents_shown(story: Story) -> Iterator[str]:
    """The ids of the incidents a story's answers show, in page order."""
    for question in story.questions:
        for block in question.answer:
            if block.incident is not None:
                yield str(block.incident)


def timeline_entries(site: Site, story: Story) -> list[Entry]:
    """Events and incidents, oldest first; a date known to the month sorts before that month's days."""
    entries = [Entry("event", event) for event in story.events]
    entries += [Entry("incident", site.index.incidents[ref]) for ref in dict.fromkeys(incidents_shown(story))]
    return sorted(entries, key=lambda entry: (entry.date, entry.kind == "event"))


def timelinejs(site: Site, story: Story) -> dict[str, Any]:
    """The timeline in TimelineJS's JSON format (its `text` fields are HTML: escaped here)."""
    return {
        "title": {"text": {"headline": str(escape(story.title)), "text": str(escape(story.standfirst))}},
        "events": [_timelinejs_event(entry) for entry in timeline_entries(site, story)],
    }


def _timelinejs_event(entry: Entry) -> dict[str, Any]:
    date = {"year": entry.date.year}
    if entry.date.month:
        date["month"] = entry.date.month
    if entry.date.day:
        date["day"] = entry.date.day
    event: dict[str, Any] = {
        "unique_id": entry.anchor,
        "start_date": date,
        "text": {"headline": str(escape(entry.headline)), "text": str(escape(entry.text))},
    }
    if entry.kind == "incident":
        event["group"] = "Earlier incidents"
    return event
