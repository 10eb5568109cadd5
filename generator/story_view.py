"""What a story's templates read: every reference resolved, and the page's editorial choices made.

A story page is prose first. Each answer is its editor's paragraphs, with the items
they place among them shown in a short form (`flow`): a claim's status and statement,
an earlier incident, a major difference between outlets, and the quotes marked
`lead`. Everything else an answer refers to (every quote, figure, event and minor
difference) is in the answer's record (`record`), one click away.
"""

from __future__ import annotations

import copy
import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from . import citations
from .charts import Bar, bar_chart
from .coverage import coverage_groups
from .escape import paragraphs
from .links import iter_refs
from .models import Block, Claim, Figure, Person, Question, Quote, Reaction, Source, Story, Variant
from .scope import cited_sources, scoped_person, story_refs
from .site import Site
from .slugs import anchor_for
from .timeline import timeline_entries
from .types import PartialDate

PLATFORM_LABELS = {
    "x-post": "in a post on X",
    "social-media": "on social media",
    "statement": "in a statement",
    "remarks": "in remarks to reporters",
    "interview": "in an interview",
    "news-conference": "at a news conference",
    "messaging-app": "in a message",
    "phone-call": "in a phone call",
    "speech": "in a speech",
    "meeting": "at a meeting",
    "article": "in an article",
    "other": "",
}
STATUS_LABELS = {
    "alleged": ("Alleged", "someone asserts it; it has not been shown to be true"),
    "denied": ("Denied", "the accused side says it is untrue"),
    "disputed": ("Disputed", "others contest it, or part of it"),
    "unverified": ("Unverified", "the reporting outlets say they could not check it"),
    "confirmed": ("Confirmed", "independent reporting has established it"),
    "false": ("False", "independent reporting has shown it to be untrue"),
    "intention": ("Stated intention", "what someone says they will do; not yet a fact to check"),
    "threat": ("Threat", "a warning of what someone says they will do; not yet a fact to check"),
}
"""Each status's label and its meaning in plain words (docs/sourcing.md shows the same table)."""
RESERVED_ANCHORS = frozenset({"in-this-explainer", "sources", "updates", "more"})
INLINE_BY_DEFAULT = {"claim": True, "incident": True, "reaction": False, "event": False}
SHOWN_WHOLE = frozenset({"incident", "variant"})
"""Kinds whose short form is the whole item: shown in the flow, they are not repeated in the record."""


@dataclass(frozen=True)
class StoryPage:
    """One page of a story: `key` is its folder under the story's (`""` for the explainer itself)."""

    key: str
    name: str
    template: str
    blurb: str = ""
    """What a reader finds there, for the list of the story's pages."""


STORY_PAGES = (
    StoryPage("", "The explainer", "story.md.j2"),
    StoryPage("timeline", "Timeline", "timeline.md.j2", "every dated event and earlier incident, oldest first"),
    StoryPage("people", "Who’s who", "people.md.j2", "everyone named, their roles, and how outlets spell them"),
    StoryPage("sources", "Sources and coverage", "sources.md.j2", "every report, and which of them carried each fact"),
    StoryPage(
        "disagreements", "Where the sources differ", "disagreements.md.j2", "each point the outlets report differently"
    ),
)
TRUST_PAGES = (("sourcing", "How we source facts"), ("corrections", "Corrections policy"))


@dataclass(frozen=True)
class Occasion:
    """Quotes said by one person on one occasion, under one attribution line."""

    speaker: Person
    role: str | None
    where: str
    date: PartialDate | None
    relayed: str
    quotes: tuple[Quote, ...]
    jointly_with: tuple[Person, ...] = ()
    when: str | None = None


@dataclass(frozen=True)
class Part:
    """One piece of an answer as a reader first sees it."""

    kind: str
    """`text`, `quotes`, or the kind of the item shown in short (`claim`, `reaction`, ...)."""
    block: Block
    item: Any = None
    occasions: tuple[Occasion, ...] = ()


@dataclass
class Introductions:
    """Who has been introduced (name and role) in one stretch of reading; after that, the name alone."""

    seen: set[str] = field(default_factory=set)

    def first(self, person_id: str) -> bool:
        new = person_id not in self.seen
        self.seen.add(person_id)
        return new


@dataclass
class StoryView:
    """A story as its templates see it.

    `here` is the key of the page being rendered (see `STORY_PAGES`); links
    between a story's pages are written relative to it, because MkDocs does not
    rewrite links inside raw HTML blocks. Views of one story's pages share the
    computed properties (see `for_page`).
    """

    site: Site
    story: Story
    here: str = ""
    numbering: citations.Numbering | None = None

    def for_page(self, key: str) -> StoryView:
        """The view of another of the story's pages, sharing what this one has computed."""
        view = copy.copy(self)
        view.here = key
        return view

    # --- addresses -------------------------------------------------------------------------

    @property
    def root(self) -> str:
        """The site's root, relative to this page."""
        return "../../" if self.here else "../"

    def link(self, key: str) -> str:
        """The address of one of the story's pages (`""`: the explainer), relative to this page."""
        if not self.here:
            return f"{key}/" if key else "./"
        return f"../{key}/" if key else "../"

    @property
    def pages(self) -> tuple[StoryPage, ...]:
        return tuple(page for page in STORY_PAGES if page.key != "disagreements" or self.story.variants)

    @property
    def record_pages(self) -> tuple[StoryPage, ...]:
        return tuple(page for page in self.pages if page.key)

    @property
    def trust_pages(self) -> list[tuple[str, str]]:
        return [(f"{self.root}{key}/", name) for key, name in TRUST_PAGES]

    def story_anchor(self, anchor: str) -> str:
        """A link to an element of the explainer page, from this page."""
        return f"{self.link('')}#{anchor}" if self.here else f"#{anchor}"

    # --- citations -------------------------------------------------------------------------

    def cite(self, source_ids: Iterable[str]) -> Markup:
        """A citation of these sources; numbered and linked once the page is rendered (see citations.py)."""
        return citations.marker(source_ids)

    @property
    def numbers(self) -> dict[str, int]:
        assert self.numbering is not None, "number the story's sources before rendering its lists"
        return self.numbering.numbers

    @property
    def cite_base(self) -> str:
        """Citations point at the numbered list: on the explainer itself, or on the sources page."""
        return "#" if self.here in ("", "sources") else self.link("sources") + "#"

    def cite_link(self, source_id: str) -> str:
        label = Markup.escape(self.source_label(source_id))
        number = self.numbers[source_id]
        return f'<a href="{self.cite_base}source-{source_id}" title="{label}">{number}</a>'

    @property
    def cited_sources(self) -> list[Source]:
        return [self.site.index.sources[source_id] for source_id in self.numbers]

    def cited_in(self, source_id: str) -> list[tuple[str, int, str]]:
        """The answers that cite a source: (anchor, number in the question list, question), in page order."""
        assert self.numbering is not None
        answers = self.answers
        return [answers[anchor] for anchor in self.numbering.sections.get(source_id, ()) if anchor in answers]

    @functools.cached_property
    def answers(self) -> dict[str, tuple[str, int, str]]:
        pairs = zip(self.question_anchors, self.story.questions, strict=True)
        return {anchor: (anchor, number, q.question) for number, (anchor, q) in enumerate(pairs, 1)}

    def elsewhere_cited(self) -> Iterator[str]:
        """Sources the story cites outside its answers (timeline, Who's who, differences, corrections)."""
        for item in (*self.story.variants, *self.story.events, *self.story.claims, *self.story.reactions):
            yield from _source_refs(item)
        for person in self.people:
            yield from _source_refs(person)

    # --- names -----------------------------------------------------------------------------

    def item(self, block: Block) -> Any:
        ref = getattr(block, block.kind)
        return self.site.index.incidents[ref] if block.kind == "incident" else self.local[block.kind][ref]

    @functools.cached_property
    def local(self) -> dict[str, dict[str, Any]]:
        return self.site.local[self.story.slug]

    def person(self, person_id: str) -> Person:
        return self.site.index.people[person_id]

    def names(self, person_ids: Iterable[str]) -> str:
        """`A`, `A and B`, `A, B and C`."""
        names = [self.person(person_id).name for person_id in person_ids]
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]

    def actor_name(self, actor_id: str) -> str:
        found = self.site.index.people.get(actor_id) or self.site.index.outlets.get(actor_id)
        return found.name if found else actor_id

    def story_title(self, slug: str) -> str:
        story = self.site.index.stories.get(slug)
        return story.title if story is not None else slug

    @property
    def background_to(self) -> list[Story]:
        """The other stories that show an earlier incident this story covers."""
        return self.site.background.get(self.story.slug, [])

    def outlet(self, outlet_id: str | None) -> Any:
        return self.site.index.outlets.get(outlet_id) if outlet_id else None

    def source_label(self, source_id: str) -> str:
        """What readers call a source: its own label, or its outlet's name."""
        source = self.site.index.sources[source_id]
        if source.label:
            return source.label
        outlet = self.outlet(source.outlet)
        return str(outlet.name) if outlet else source_id

    def outlet_names(self, outlet_ids: Iterable[str]) -> str:
        names = [self.site.index.outlets[outlet_id].name for outlet_id in outlet_ids]
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]

    def outlets_named(self, source_ids: Iterable[str]) -> str:
        """`Outlet A, Outlet B`: who stands behind a version, in words."""
        return ", ".join(dict.fromkeys(self.source_label(source_id) for source_id in source_ids))

    def role_of(self, person: Person, role: str | None = None) -> str | None:
        """A role for an attribution line, with the country only where the role does not already say it."""
        role = role or person.role
        country = person.country
        if country and role and _mentions(role, country):
            return role
        if country and role:
            return f"{role}, {country}"
        return role or (country if country and not _mentions(person.name, country) else None)

    # --- answers: the flow and the record ----------------------------------------------------

    def flow(self, question: Question) -> list[Part]:
        """The answer as a reader first sees it: paragraphs, short forms and lead quotes, in the editor's order."""
        parts = []
        for block in question.answer:
            if block.text is not None:
                parts.append(Part("text", block))
                continue
            item = self.item(block)
            if self.inline(block, item):
                parts.append(Part(block.kind, block, item))
            leads = self.leads(block, item, question)
            if leads:
                parts.append(Part("quotes", block, item, self.occasions(leads, self.default_speaker(block, item))))
        return parts

    def record(self, question: Question) -> list[tuple[Block, Any]]:
        """What the answer refers to, in full, for its disclosure: all but what the flow already shows whole."""
        shown = []
        for block in question.answer:
            if block.text is None:
                item = self.item(block)
                if not (block.kind in SHOWN_WHOLE and self.inline(block, item)):
                    shown.append((block, item))
        return shown

    def inline(self, block: Block, item: Any) -> bool:
        if block.inline is not None:
            return block.inline
        if isinstance(item, Variant):
            return item.major
        return INLINE_BY_DEFAULT[block.kind]

    def leads(self, block: Block, item: Any, question: Question) -> list[Quote]:
        """The quotes shown in full in the flow: those marked `lead` or, in a story that marks none,
        the first quote of each answer's first reaction."""
        quotes: list[Quote] = list(getattr(item, "quotes", ()))
        if self.story_marks_leads:
            return [quote for quote in quotes if quote.lead]
        first = next((b for b in question.answer if b.reaction is not None), None)
        return quotes[:1] if block is first else []

    @functools.cached_property
    def story_marks_leads(self) -> bool:
        quotes = [quote for claim in self.story.claims for quote in claim.quotes]
        quotes += [quote for reaction in self.story.reactions for quote in reaction.quotes]
        return any(quote.lead for quote in quotes)

    def default_speaker(self, block: Block, item: Any) -> str:
        return str(item.who) if isinstance(item, Reaction) else str(item.by[0])

    def occasions(self, quotes: Iterable[Quote], default_speaker: str, role: str | None = None) -> tuple[Occasion, ...]:
        """Quotes grouped by who said them, where and when: one attribution line per group."""
        groups: dict[tuple[Any, ...], list[Quote]] = {}
        for quote in quotes:
            key = (
                quote.by or default_speaker,
                tuple(quote.jointly_with),
                quote.on,
                quote.venue,
                str(quote.date),
                quote.when,
                quote.relayed_by,
                quote.relayed_note,
            )
            groups.setdefault(key, []).append(quote)
        occasions = []
        for (speaker_id, *_), grouped in groups.items():
            first = grouped[0]
            speaker = self.person(speaker_id)
            occasions.append(
                Occasion(
                    speaker,
                    self.role_of(speaker, role if speaker_id == default_speaker else None),
                    first.venue or PLATFORM_LABELS[first.on or "other"],
                    first.date,
                    self.relayed(first),
                    tuple(grouped),
                    tuple(self.person(person_id) for person_id in first.jointly_with),
                    first.when,
                )
            )
        return tuple(occasions)

    def speaker(self, person_id: str, role: str | None, seen: Introductions) -> Markup:
        """A name, with its role the first time it appears in this stretch of the page."""
        person = self.person(person_id)
        shown_role = self.role_of(person, role) if seen.first(person_id) else None
        if shown_role:
            return Markup('<span class="xp-who">{}</span>, {}').format(person.name, shown_role)
        return Markup('<span class="xp-who">{}</span>').format(person.name)

    def attribution(self, occasion: Occasion, seen: Introductions, named: str | None = None) -> Markup:
        """`Name, role, in a post on X, 29 December 2025 (relayed ...)`; without the name under an item that
        already names the speaker (`named`)."""
        words: list[Markup | str] = []
        if occasion.speaker.id != named or occasion.jointly_with:
            speakers = [self.speaker(occasion.speaker.id, occasion.role, seen)]
            speakers += [self.speaker(person.id, None, seen) for person in occasion.jointly_with]
            words.append(_joined(speakers))
        if occasion.where:
            words.append(occasion.where)
        if occasion.date is not None:
            words.append(self.when(occasion.date, occasion.when))
        line = Markup(", ").join(words)
        if occasion.relayed:
            line += Markup(" ({})").format(occasion.relayed)
        return Markup(_capitalised(str(line)))

    def when(self, date: PartialDate, when: str | None = None) -> Markup:
        """A date as readers read it, after its approximate time when there is one: `overnight, 2–3 May 2023`."""
        shown = Markup('<time datetime="{}">{}</time>').format(date.iso, date.display())
        return Markup("{}, {}").format(when, shown) if when else shown

    def figure_text(self, figure: Figure) -> Markup:
        """The figure's phrase, its number set in bold."""
        pattern = re.compile("[,\u202f\u00a0]?".join(re.escape(digit) for digit in str(figure.value)))
        match = pattern.search(figure.text)
        if match is None:
            return Markup.escape(figure.text)
        before, number, after = figure.text[: match.start()], match.group(), figure.text[match.end() :]
        return Markup('{}<span class="xp-number-value">{}</span>{}').format(before, number, after)

    def relayed(self, quote: Quote) -> str:
        if quote.relayed_note:
            return quote.relayed_note
        return f"via {self.actor_name(quote.relayed_by)}" if quote.relayed_by else ""

    def introductions(self) -> Introductions:
        """A fresh record of who has been introduced, for one stretch of the page."""
        return Introductions()

    def record_summary(self, record: list[tuple[Block, Any]]) -> str:
        """`2 claims, 9 quotes, 1 event`: what the answer's record holds."""
        counts: dict[str, int] = {}
        for block, item in record:
            counts[block.kind] = counts.get(block.kind, 0) + 1
            counts["quote"] = counts.get("quote", 0) + len(getattr(item, "quotes", ()))
        nouns = {"variant": ("difference", "differences"), "quote": ("quote", "quotes")}
        order = ("claim", "reaction", "quote", "event", "incident", "variant")
        words = []
        for kind in order:
            if counts.get(kind):
                singular, plural = nouns.get(kind, (kind, kind + "s"))
                words.append(f"{counts[kind]} {singular if counts[kind] == 1 else plural}")
        return ", ".join(words)

    def quote_text(self, quote: Quote) -> Markup:
        """A quote's paragraphs, its citation after the last word."""
        return paragraphs(quote.text, self.cite(quote.sources))

    def chart(self, figure: Figure) -> Markup:
        bars = [Bar(part.label, part.value, self.cite(part.sources)) for part in figure.breakdown]
        return bar_chart(figure.breakdown_label or figure.text, bars, figure.value)

    # --- the page's structure ------------------------------------------------------------------

    @functools.cached_property
    def question_anchors(self) -> list[str]:
        """Each question's anchor: its `id`, or one made from its words; never repeated."""
        anchors: list[str] = []
        for number, question in enumerate(self.story.questions):
            anchor = question.id or anchor_for(question.question, f"question-{number + 1}")
            while anchor in anchors or anchor in RESERVED_ANCHORS:
                anchor += f"-{number + 1}"
            anchors.append(anchor)
        return anchors

    @functools.cached_property
    def people(self) -> list[Person]:
        """Everyone the story mentions, in the order it first does, with only the spellings it can back."""
        ids: dict[str, None] = {}
        for ref in story_refs(self.site, self.story):
            if "person" in ref.kinds and str(ref) in self.site.index.people:
                ids.setdefault(str(ref), None)
        cited = cited_sources(self.site, self.story)
        return [scoped_person(self.site.index.people[person_id], cited) for person_id in ids]

    @property
    def people_by_country(self) -> list[tuple[str, list[Person]]]:
        groups: dict[str, list[Person]] = {}
        for person in self.people:
            groups.setdefault(person.country or "Other", []).append(person)
        return list(groups.items())

    def reactions_of(self, person_id: str) -> list[Reaction]:
        return [reaction for reaction in self.story.reactions if reaction.who == person_id]

    def claims_of(self, person_id: str) -> list[Claim]:
        return [claim for claim in self.story.claims if person_id in claim.by]

    @property
    def variants_by_significance(self) -> list[tuple[str, str, list[Variant]]]:
        """(anchor, heading, variants): the major differences first, then the minor ones."""
        major = [variant for variant in self.story.variants if variant.major]
        minor = [variant for variant in self.story.variants if not variant.major]
        groups = [("major", "Differences that matter", major), ("minor", "Spellings and wording", minor)]
        return [group for group in groups if group[2]]

    @property
    def timeline(self) -> list[Any]:
        return timeline_entries(self.site, self.story)

    @property
    def coverage(self) -> list[tuple[str, list[Any]]]:
        return coverage_groups(self.site, self.story)

    @property
    def outlets(self) -> list[tuple[Any, list[Source]]]:
        """The outlets behind the story's sources, each with its sources (sources with no outlet last)."""
        groups: dict[str, list[Source]] = {}
        for source in self.cited_sources:
            groups.setdefault(source.outlet or "", []).append(source)
        named = [(self.site.index.outlets[key], sources) for key, sources in groups.items() if key]
        return named + ([(None, groups[""])] if "" in groups else [])


def _source_refs(node: Any) -> Iterator[str]:
    return (str(ref) for _, ref in iter_refs(node) if "source" in ref.kinds)


def _joined(names: list[Markup]) -> Markup:
    """`A`, `A and B`, `A, B and C`."""
    if len(names) == 1:
        return names[0]
    return Markup(", ").join(names[:-1]) + Markup(" and ") + names[-1]


def _capitalised(html: str) -> str:
    """The first letter up (`in a post on X` starts a line as `In a post on X`), leaving markup alone."""
    return html[:1].upper() + html[1:] if html[:1].islower() else html


def _mentions(text: str, name: str) -> bool:
    """Whether `text` already names `name` (`Mayor of Springfield` names Springfield)."""
    return name.casefold() in text.casefold()
