"""How stories meet: the people and outlets they share, and the stories an incident leads to.

Plain functions over a `Site`, for the pages that follow a person or an outlet across
every story (`person_pages`) and for the links between a story and the stories it is
background to.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from .models import Claim, Quote, Reaction, Source, Story
from .scope import shown_incidents, story_refs
from .site import Site


@dataclass
class Appearance:
    """What one person did in one story: the claims they made, how they reacted, all their quoted words."""

    story: Story
    claims: list[Claim] = field(default_factory=list)
    reactions: list[Reaction] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)


def person_appearances(site: Site) -> dict[str, list[Appearance]]:
    """Each person's appearances, story by story in the site's order; people no story names are left out."""
    found: dict[str, list[Appearance]] = {}
    for story in site.stories:
        here: dict[str, Appearance] = {}
        for ref in story_refs(site, story):
            if "person" in ref.kinds and str(ref) in site.index.people:
                here.setdefault(str(ref), Appearance(story))
        for claim in story.claims:
            for person_id in claim.by:
                here.setdefault(person_id, Appearance(story)).claims.append(claim)
        for reaction in story.reactions:
            here.setdefault(reaction.who, Appearance(story)).reactions.append(reaction)
        for person_id, quote in _speakers(story):
            here.setdefault(person_id, Appearance(story)).quotes.append(quote)
        for person_id, appearance in here.items():
            found.setdefault(person_id, []).append(appearance)
    return found


def _speakers(story: Story) -> Iterator[tuple[str, Quote]]:
    for claim in story.claims:
        for quote in claim.quotes:
            yield quote.by or claim.by[0], quote
    for reaction in story.reactions:
        for quote in reaction.quotes:
            yield quote.by or reaction.who, quote


def outlet_reports(site: Site) -> dict[str, list[tuple[Story, list[Source]]]]:
    """Each outlet's reports that stories cite (its own and those it republished), story by story."""
    found: dict[str, list[tuple[Story, list[Source]]]] = {}
    for story in site.stories:
        ids = dict.fromkeys(str(ref) for ref in story_refs(site, story) if "source" in ref.kinds)
        by_outlet: dict[str, list[Source]] = {}
        for source in (site.index.sources[source_id] for source_id in ids):
            for outlet_id in ([source.outlet] if source.outlet else []) + list(source.republished_by):
                by_outlet.setdefault(outlet_id, []).append(source)
        for outlet_id, reports in by_outlet.items():
            found.setdefault(outlet_id, []).append((story, reports))
    return found


def background_to(site: Site) -> dict[str, list[Story]]:
    """For each story, the other stories that show an earlier incident it covers."""
    found: dict[str, list[Story]] = {}
    for story in site.stories:
        for incident in shown_incidents(site, story):
            if incident.story and incident.story != story.slug:
                leads_here = found.setdefault(incident.story, [])
                if all(other.slug != story.slug for other in leads_here):
                    leads_here.append(story)
    return found
