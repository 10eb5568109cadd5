"""What of the shared world a story may show: only the evidence the story itself cites.

People, outlets and incidents are described once and shared. A person's other
spellings are backed by the reports of whichever stories found them; a story
shows only the spellings backed by a report it cites itself, so one story's
sources never appear on another's pages. An earlier incident a story shows
brings its own sources with it: they are the evidence for what the page says.
"""

from __future__ import annotations

from typing import Any

from .links import iter_refs
from .models import Incident, Person, Story
from .site import Site
from .timeline import incidents_shown


def shown_incidents(site: Site, story: Story) -> list[Incident]:
    ids = dict.fromkeys(incidents_shown(story))
    return [site.index.incidents[incident_id] for incident_id in ids if incident_id in site.index.incidents]


def story_refs(site: Site, story: Story) -> list[Any]:
    """Every reference in the story and in the incidents it shows."""
    return [ref for node in (story, *shown_incidents(site, story)) for _, ref in iter_refs(node)]


def cited_sources(site: Site, story: Story) -> set[str]:
    """The sources the story cites: in its own items, or through the incidents it shows."""
    return {str(ref) for ref in story_refs(site, story) if "source" in ref.kinds}


def scoped_person(person: Person, cited: set[str]) -> Person:
    """The person as this story may show them: only the spellings backed by a source it cites."""
    spellings = []
    for spelling in person.also_spelled:
        sources = [source for source in spelling.sources if source in cited]
        if sources:
            spellings.append(spelling.model_copy(update={"sources": sources}))
    if len(spellings) == len(person.also_spelled) and all(
        a.sources == b.sources for a, b in zip(spellings, person.also_spelled, strict=True)
    ):
        return person
    return person.model_copy(update={"also_spelled": spellings})
