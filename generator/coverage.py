"""The coverage matrix: which source reported which claim, number, reaction and quote.

Each row is one fact of the story with the ids of the sources given for it;
the sources page draws it as a table with a column per source.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from .models import Quote, Story
from .scope import shown_incidents
from .site import Site


@dataclass(frozen=True)
class Row:
    group: str
    label: str
    anchor: str
    """Where the fact is shown on the story page (an element id there)."""
    sources: frozenset[str]


def coverage_rows(site: Site, story: Story) -> list[Row]:
    """Claims, their numbers, reactions and every quote, each with the sources given for it."""
    rows = [*_claim_rows(story), *_number_rows(story), *_reaction_rows(site, story), *_quote_rows(site, story)]
    return rows + list(_incident_rows(site, story))


def coverage_groups(site: Site, story: Story) -> list[tuple[str, list[Row]]]:
    """The rows grouped under `Claims`, `Numbers`, `Reactions`, `Quotes`, `Earlier incidents`; empty groups left out."""
    groups: dict[str, list[Row]] = {}
    for row in coverage_rows(site, story):
        groups.setdefault(row.group, []).append(row)
    return list(groups.items())


def _incident_rows(site: Site, story: Story) -> Iterator[Row]:
    for incident in shown_incidents(site, story):
        yield Row("Earlier incidents", incident.title, f"incident-{incident.id}", frozenset(incident.sources))


def _claim_rows(story: Story) -> Iterator[Row]:
    for claim in story.claims:
        yield Row("Claims", claim.statement, f"claim-{claim.id}", frozenset(claim.sources))


def _number_rows(story: Story) -> Iterator[Row]:
    items = [(f"claim-{claim.id}", claim.numbers) for claim in story.claims]
    items += [(f"event-{event.id}", event.numbers) for event in story.events]
    for anchor, figures in items:
        for figure in figures:
            yield Row("Numbers", figure.text, anchor, frozenset(figure.sources))
            for part in figure.breakdown:
                if part.sources:
                    yield Row("Numbers", f"{part.value}: {part.label}", anchor, frozenset(part.sources))


def _reaction_rows(site: Site, story: Story) -> Iterator[Row]:
    for reaction in story.reactions:
        name = site.index.people[reaction.who].name
        yield Row("Reactions", f"{name}: {reaction.stance}", f"reaction-{reaction.id}", frozenset(reaction.sources))


def _quote_rows(site: Site, story: Story) -> Iterator[Row]:
    speakers: list[tuple[str, str, Sequence[Quote]]] = [
        (claim.by[0], f"claim-{claim.id}", claim.quotes) for claim in story.claims
    ]
    speakers += [(reaction.who, f"reaction-{reaction.id}", reaction.quotes) for reaction in story.reactions]
    for default, anchor, quotes in speakers:
        for quote in quotes:
            name = site.index.people[quote.by or default].name
            yield Row("Quotes", f"{name}: “{quote.text}”", anchor, frozenset(quote.sources))
