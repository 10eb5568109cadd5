"""Stage 4 — render: validated content to Markdown strings, through Jinja2 templates.

Plain functions: they take the `Site` and return Markdown text, so any engine
can build the result (`explainer render --out DIR` writes it to a folder).
See `escape.py` for how content is kept text, never markup, and `story_view.py`
for what the templates read.

A story renders in two passes: its explainer page first, whose citation marks
number the sources in the order a reader meets them (`citations.py`); then the
source list, the rest of the explainer and the story's other pages, with those
numbers.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import jinja2

from . import citations
from .escape import front_matter, markdown_heading, paragraphs
from .graph import outlet_reports, person_appearances
from .models import Story
from .share import share_meta
from .site import Site
from .story_view import PLATFORM_LABELS, STATUS_LABELS, STORY_PAGES, TRUST_PAGES, StoryView

__all__ = ["STORY_PAGES", "StoryView", "render_home", "render_story_pages", "story_path"]


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
        auto_reload=False,  # templates are read once per build: see `reload_templates`
    )
    env.filters["heading"] = markdown_heading
    env.filters["paragraphs"] = paragraphs
    env.globals.update(platform_labels=PLATFORM_LABELS, status_labels=STATUS_LABELS)
    return env


def reload_templates() -> None:
    """Read the templates again at the next render (`mkdocs serve` calls this before each rebuild)."""
    environment.cache_clear()


def story_meta(story: Story) -> dict[str, Any]:
    """Front matter: the theme turns `explainer` into JSON-LD and Open Graph tags (see overrides/)."""
    return {
        "title": story.title,
        "description": story.standfirst,
        "hide": ["navigation", "toc"],
        "explainer": {
            "label": story.label,
            "published": str(story.published),
            "modified": str(story.last_updated),
            "image": share_meta(story),
        },
    }


def render_story_pages(site: Site, story: Story) -> dict[str, str]:
    """Every page of a story: its path in the site's docs -> Markdown, the explainer first."""
    view = StoryView(site, story)
    body = _render(view, "story.md.j2")
    view.numbering = citations.number_sources(body)
    end = _render(view, "story_end.md.j2")
    citations.number_sources(end, view.numbering)
    for source_id in view.elsewhere_cited():
        view.numbering.add(source_id)
    sources = _render(view, "_sources.html.j2")
    explainer = body + end.replace("<!-- sources -->\n", sources, 1)
    pages = {story_path(story.slug): front_matter(story_meta(story)) + _resolve(view, explainer)}
    for page in view.record_pages:
        page_view = view.for_page(page.key)
        meta = {
            "title": f"{page.name}: {story.title}",
            "description": story.standfirst,
            "hide": ["navigation"],
        }
        markdown = _render(page_view, page.template, page=page)
        pages[f"{story.slug}/{page.key}/index.md"] = front_matter(meta) + _resolve(page_view, markdown)
    return pages


def _render(view: StoryView, template: str, **extra: Any) -> str:
    return environment().get_template(template).render(view=view, story=view.story, **extra)


def _resolve(view: StoryView, markdown: str) -> str:
    return citations.resolve(markdown, view.numbers, view.cite_link)


PERSON_PAGE_STORIES = 10
"""The newest stories a person's page shows in full; older ones it lists with links (see person.md.j2)."""

PageMemo = Callable[[str, list[Story], Callable[[], str]], str]
"""`memo(path, stories, make)`: the page at `path`, made by `make()` unless a cache holds the page that
the same `stories` (everything of them their pages show) made; see render_cache.py."""


def _make(path: str, stories: list[Story], make: Callable[[], str]) -> str:
    return make()


def render_people_pages(site: Site, memo: PageMemo = _make) -> dict[str, str]:
    """A page per person that stories name, and an index of them: path in the site's docs -> Markdown.

    Each person's and outlet's page shows the world and the stories they appear in, no other.
    """
    appearances = person_appearances(site)
    people = [(site.index.people[person_id], found) for person_id, found in appearances.items()]
    people.sort(key=lambda pair: pair[0].name.casefold())
    views: dict[str, StoryView] = {}
    env = environment()

    def view(slug: str) -> StoryView:
        if slug not in views:
            views[slug] = StoryView(site, site.story(slug), here="people")
        return views[slug]

    def person_page(person: Any, found: list[Any]) -> str:
        shown = {appearance.story.slug: view(appearance.story.slug) for appearance in found[:PERSON_PAGE_STORIES]}
        body = env.get_template("person.md.j2").render(
            person=person, appearances=found, views=shown, root="../../", detailed=PERSON_PAGE_STORIES
        )
        meta = {"title": f"{person.name} in our explainers", "hide": ["navigation"]}
        return front_matter(meta) + body

    pages = {}
    for person, found in people:
        path = f"people/{person.id}/index.md"
        stories = [appearance.story for appearance in found]
        pages[path] = memo(path, stories, functools.partial(person_page, person, found))
    if people:
        index = env.get_template("people_index.md.j2").render(title="People in our explainers", people=people)
        pages["people/index.md"] = front_matter({"title": "People in our explainers", "hide": ["navigation"]}) + index

    def outlet_page(outlet: Any, stories: list[Any]) -> str:
        body = env.get_template("outlet.md.j2").render(outlet=outlet, stories=stories, root="../../")
        meta = {"title": f"{outlet.name} in our explainers", "hide": ["navigation"]}
        return front_matter(meta) + body

    for outlet_id, reports in outlet_reports(site).items():
        outlet = site.index.outlets[outlet_id]
        path = f"outlets/{outlet.id}/index.md"
        pages[path] = memo(path, [story for story, _ in reports], functools.partial(outlet_page, outlet, reports))
    return pages


def render_home(site: Site, title: str) -> str:
    body = environment().get_template("home.md.j2").render(site=site, title=title, trust_pages=TRUST_PAGES)
    return front_matter({"title": title, "hide": ["navigation", "toc"]}) + body


def story_path(slug: str) -> str:
    """Where a story's page lives in the site's files."""
    return f"{slug}/index.md"
