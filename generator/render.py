"""Stage 4 — render: validated content to Markdown strings, through Jinja2 templates.

Plain functions: they take the `Site` and return Markdown text, so any engine
can build the result (`explainer render --out DIR` writes it to a folder).
See `escape.py` for how content is kept text, never markup.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import jinja2
from markupsafe import Markup, escape

from .escape import front_matter, markdown_heading
from .links import iter_refs
from .models import Block, Quote, Story
from .pipeline import Site
from .slugs import anchor_for

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


def paragraphs(text: str) -> Markup:
    """Escaped text split into `<p>` elements at blank lines."""
    parts = [" ".join(part.split()) for part in text.replace("\r\n", "\n").split("\n\n")]
    return Markup("").join(Markup("<p>{}</p>").format(part) for part in parts if part)


@dataclass
class StoryView:
    """What a story template needs, with every reference resolved."""

    site: Site
    story: Story
    root: str

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

    def speaker(self, quote: Quote, default: str) -> Any:
        return self.person(quote.by or default)

    def cite(self, source_ids: Iterable[str]) -> Markup:
        """Superscript links to the page's numbered source list."""
        links = []
        for source_id in dict.fromkeys(source_ids):
            number = self.source_numbers[source_id]
            label = escape(self.source_label(source_id))
            links.append(Markup('<a href="#source-{}" title="{}">{}</a>').format(source_id, label, number))
        if not links:
            return Markup("")
        return Markup('<sup class="xp-cite">[{}]</sup>').format(Markup(", ").join(links))

    def source_label(self, source_id: str) -> str:
        source = self.site.index.sources[source_id]
        outlet = self.outlet(source.outlet)
        name = outlet.name if outlet else "Outlet not named"
        return f"{name}: {source.headline or source.description}"

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


def _source_refs(node: Any) -> Iterator[str]:
    return (str(ref) for _, ref in iter_refs(node) if "source" in ref.kinds)


def render_story(site: Site, story: Story) -> str:
    view = StoryView(site, story, root="../")
    body = environment().get_template("story.md.j2").render(view=view, story=story)
    meta = {"title": story.title, "description": story.standfirst}
    return front_matter(meta) + body


def render_home(site: Site, title: str) -> str:
    body = environment().get_template("home.md.j2").render(site=site, title=title)
    return front_matter({"title": title}) + body


def story_path(slug: str) -> str:
    """Where a story's page lives in the site's files."""
    return f"{slug}/index.md"
