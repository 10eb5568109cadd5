"""Stage 4 — render: validated content to Markdown strings, through Jinja2 templates.

Plain functions: they take the `Site` and return Markdown text, so any engine
can build the result (`explainer render --out DIR` writes it to a folder).
See `escape.py` for how content is kept text, never markup.
"""

from __future__ import annotations

import copy
import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import jinja2
from markupsafe import Markup, escape

from .charts import Bar, bar_chart
from .coverage import coverage_groups
from .escape import front_matter, markdown_heading
from .links import iter_refs
from .models import Block, Figure, Person, Quote, Story
from .pipeline import Site
from .share import share_meta
from .slugs import anchor_for
from .timeline import incidents_shown, timeline_entries

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
RESERVED_ANCHORS = frozenset({"where-the-sources-differ", "sources", "updates"})
STATUS_LABELS = {
    "alleged": "Alleged",
    "denied": "Denied",
    "disputed": "Disputed",
    "unverified": "Unverified",
    "confirmed": "Confirmed",
    "false": "False",
}


@functools.cache
def environment() -> jinja2.Environment:
    """One Jinja2 environment per process: building one costs far more than a render."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["heading"] = markdown_heading
    env.filters["paragraphs"] = paragraphs
    env.globals.update(platform_labels=PLATFORM_LABELS, status_labels=STATUS_LABELS)
    return env


_BLANK_LINE = re.compile(r"\r?\n[ \t]*\r?\n")
_LAYOUT_SPACE = re.compile(r"[ \t\r\n]+")


def paragraphs(text: str) -> Markup:
    """Escaped text split into `<p>` elements at blank lines.

    Only ASCII layout whitespace is folded: a no-break or other Unicode space
    the editor typed stays as typed.
    """
    parts = [" ".join(_LAYOUT_SPACE.split(part)).strip(" ") for part in _BLANK_LINE.split(text)]
    return Markup("").join(Markup("<p>{}</p>").format(part) for part in parts if part)


@dataclass(frozen=True)
class StoryPage:
    """One page of a story: `key` is its folder under the story's (`""` for the explainer itself)."""

    key: str
    name: str
    template: str


STORY_PAGES = (
    StoryPage("", "The explainer", "story.md.j2"),
    StoryPage("timeline", "Timeline", "timeline.md.j2"),
    StoryPage("people", "Who’s who", "people.md.j2"),
    StoryPage("sources", "Sources and coverage", "sources.md.j2"),
    StoryPage("disagreements", "Where the sources differ", "disagreements.md.j2"),
)
TRUST_PAGES = (("sourcing", "How we source facts"), ("corrections", "Corrections policy"))


@dataclass
class StoryView:
    """What a story template needs, with every reference resolved.

    `here` is the key of the page being rendered (see `STORY_PAGES`); links
    between a story's pages are written relative to it, because MkDocs does not
    rewrite links inside raw HTML blocks.
    """

    site: Site
    story: Story
    here: str = ""

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
    def trust_pages(self) -> list[tuple[str, str]]:
        return [(f"{self.root}{key}/", name) for key, name in TRUST_PAGES]

    @property
    def cite_base(self) -> str:
        """Citations point at the numbered list: on the explainer itself, or on the sources page."""
        return "#" if self.here in ("", "sources") else self.link("sources") + "#"

    @functools.cached_property
    def local(self) -> dict[str, dict[str, Any]]:
        return self.site.local[self.story.slug]

    @functools.cached_property
    def source_numbers(self) -> dict[str, int]:
        """Sources numbered in the order the page first cites them."""
        numbers: dict[str, int] = {}
        for source_id in self._cited_in_page_order():
            numbers.setdefault(source_id, len(numbers) + 1)
        return numbers

    def _cited_in_page_order(self) -> Iterator[str]:
        for point in self.story.key_points:
            yield from point.sources
        for question in self.story.questions:
            for block in question.answer:
                yield from self.block_sources(block)
        for variant in self.story.variants:
            yield from _source_refs(variant)
        for item in (*self.story.claims, *self.story.reactions, *self.story.events, *self.story.corrections):
            yield from _source_refs(item)
        for person in self.people:
            yield from _source_refs(person)

    def block_sources(self, block: Block) -> Iterator[str]:
        if block.text is not None:
            yield from block.sources
        else:
            yield from _source_refs(self.item(block))

    @property
    def cited_sources(self) -> list[Any]:
        return [self.site.index.sources[sid] for sid in self.source_numbers]

    def item(self, block: Block) -> Any:
        ref = getattr(block, block.kind)
        return self.site.index.incidents[ref] if block.kind == "incident" else self.local[block.kind][ref]

    def person(self, person_id: str) -> Any:
        return self.site.index.people[person_id]

    def actor_name(self, actor_id: str) -> str:
        found = self.site.index.people.get(actor_id) or self.site.index.outlets.get(actor_id)
        return found.name if found else actor_id

    def outlet(self, outlet_id: str | None) -> Any:
        return self.site.index.outlets.get(outlet_id) if outlet_id else None

    def outlet_name(self, source_id: str) -> str:
        outlet = self.outlet(self.site.index.sources[source_id].outlet)
        return str(outlet.name) if outlet else "Outlet not named"

    def speaker(self, quote: Quote, default: str) -> Any:
        return self.person(quote.by or default)

    def cite(self, source_ids: Iterable[str]) -> Markup:
        """Superscript links to the numbered source list."""
        links = [self._cite_link(source_id) for source_id in dict.fromkeys(source_ids)]
        if not links:
            return Markup("")
        return Markup(f'<sup class="xp-cite">[{", ".join(links)}]</sup>')

    @functools.cached_property
    def _cite_links(self) -> dict[tuple[str, str], str]:
        """Escaped citation links, made once per story (views of one story share this)."""
        return {}

    def _cite_link(self, source_id: str) -> str:
        key = (self.cite_base, source_id)
        link = self._cite_links.get(key)
        if link is None:
            number = self.source_numbers[source_id]
            label = escape(self.source_label(source_id))
            link = f'<a href="{escape(self.cite_base)}source-{escape(source_id)}" title="{label}">{number}</a>'
            self._cite_links[key] = link
        return link

    def source_label(self, source_id: str) -> str:
        source = self.site.index.sources[source_id]
        return f"{self.outlet_name(source_id)}: {source.headline or source.description}"

    def outlets_named(self, source_ids: Iterable[str]) -> str:
        """`Outlet A, Outlet B`: who stands behind a version, in words."""
        return ", ".join(dict.fromkeys(self.outlet_name(source_id) for source_id in source_ids))

    def chart(self, figure: Figure, chart_id: str) -> Markup:
        bars = [Bar(part.label, part.value) for part in figure.breakdown]
        return bar_chart(chart_id, figure.breakdown_label or figure.label, bars, figure.unit)

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
        """Everyone the story mentions, in the order it first does."""
        ids: dict[str, None] = {}
        for _, ref in iter_refs(self.story):
            if "person" in ref.kinds and str(ref) in self.site.index.people:
                ids.setdefault(str(ref), None)
        for incident_id in incidents_shown(self.story):
            ids.update(dict.fromkeys(self.site.index.incidents[incident_id].alleged_by))
        return [self.site.index.people[person_id] for person_id in ids]

    @property
    def people_by_country(self) -> list[tuple[str, list[Person]]]:
        groups: dict[str, list[Person]] = {}
        for person in self.people:
            groups.setdefault(person.country or "Other", []).append(person)
        return list(groups.items())

    @property
    def claims_shown(self) -> list[Any]:
        """The claims the answers show, in page order (only they have an anchor on the page)."""
        ids = [str(block.claim) for question in self.story.questions for block in question.answer if block.claim]
        return [self.local["claim"][claim_id] for claim_id in dict.fromkeys(ids)]

    def reactions_of(self, person_id: str) -> list[Any]:
        return [reaction for reaction in self.story.reactions if reaction.who == person_id]

    def claims_of(self, person_id: str) -> list[Any]:
        return [claim for claim in self.story.claims if person_id in claim.by]

    @property
    def timeline(self) -> list[Any]:
        return timeline_entries(self.site, self.story)

    @property
    def coverage(self) -> list[tuple[str, list[Any]]]:
        return coverage_groups(self.site, self.story)

    @property
    def outlets(self) -> list[tuple[Any, list[Any]]]:
        """The outlets behind the story's sources, each with its sources (unnamed outlets last)."""
        groups: dict[str, list[Any]] = {}
        for source in self.cited_sources:
            groups.setdefault(source.outlet or "", []).append(source)
        named = [(self.site.index.outlets[key], sources) for key, sources in groups.items() if key]
        return named + ([(None, groups[""])] if "" in groups else [])


def _source_refs(node: Any) -> Iterator[str]:
    return (str(ref) for _, ref in iter_refs(node) if "source" in ref.kinds)


def story_meta(story: Story) -> dict[str, Any]:
    """Front matter the theme turns into JSON-LD and Open Graph tags (see overrides/main.html)."""
    return {
        "title": story.title,
        "description": story.standfirst,
        "explainer": {
            "label": story.label,
            "published": str(story.published),
            "modified": str(story.last_updated),
            "image": share_meta(story),
        },
    }


def render_story(site: Site, story: Story, view: StoryView | None = None) -> str:
    view = view or StoryView(site, story)
    body = environment().get_template("story.md.j2").render(view=view, story=story)
    return front_matter(story_meta(story)) + body


def render_story_pages(site: Site, story: Story, base: StoryView | None = None) -> dict[str, str]:
    """The story's pages other than the explainer: path in the site's docs -> Markdown.

    Each page gets its own view (links are relative to it) that shares `base`'s
    computed properties, so a story's references are walked once, not per page.
    """
    base = base or StoryView(site, story)
    pages = {}
    for page in base.pages:
        if not page.key:
            continue
        view = copy.copy(base)
        view.here = page.key
        body = environment().get_template(page.template).render(view=view, story=story, page=page)
        meta = {
            "title": f"{page.name}: {story.title}",
            "description": story.standfirst,
            "search": {"exclude": True},
        }
        pages[f"{story.slug}/{page.key}/index.md"] = front_matter(meta) + body
    return pages


def render_home(site: Site, title: str) -> str:
    body = environment().get_template("home.md.j2").render(site=site, title=title, trust_pages=TRUST_PAGES)
    return front_matter({"title": title}) + body


def story_path(slug: str) -> str:
    """Where a story's page lives in the site's files."""
    return f"{slug}/index.md"
