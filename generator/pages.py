"""Stage 5 — the pages of the site, as plain data any engine can write.

`site_pages` turns a pipeline `Result` into `Page`s (a path inside the site's
docs, Markdown text, and the content file an editor opens to change it).
When content has errors, the affected pages become error pages that list each
problem, so `mkdocs serve` keeps serving while an editor fixes them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .content import STORY_FILE
from .errors import ContentError
from .escape import front_matter
from .models import Story
from .pipeline import Result
from .render import STORY_PAGES, environment, render_home, render_people_pages, render_story_pages, story_path
from .site import Site

HOME_PATH = "index.md"


@dataclass(frozen=True)
class Page:
    path: str
    markdown: str
    edit_path: str | None = None
    """The content file behind the page, relative to the project root."""


StoryPages = Callable[[Site, Story, str], list[Page]]
"""Renders one story's pages; `mkdocs serve` passes one that reuses unchanged stories' pages."""


def site_pages(
    result: Result, home_title: str, content_name: str = "content", story_pages: StoryPages | None = None
) -> list[Page]:
    """Every generated page; pages whose content has errors list the errors instead."""
    render = story_pages or render_story_pages_of
    broken = {slug for slug, problems in result.story_problems.items() if any(p.is_error for p in problems)}
    site = result.site
    if site is None:
        every = [p for p in result.problems if p.is_error]
        pages = [Page(HOME_PATH, error_page("Content errors", every))]
        pages += [Page(story_path(slug), error_page("Content errors", every)) for slug in result.story_problems]
        return pages
    pages = []
    for story in site.stories:
        if story.slug not in broken:
            pages += render(site, story, content_name)
    for slug in sorted(broken):
        # Every page of a broken story lists its errors, so an editor on any of them sees what to fix.
        errors = error_page("Content errors", result.story_problems[slug])
        pages.append(Page(story_path(slug), errors))
        pages += [Page(f"{slug}/{page.key}/index.md", errors) for page in STORY_PAGES if page.key]
    pages += [Page(path, markdown) for path, markdown in render_people_pages(site).items()]
    # Any error anywhere also shows on the home page, where an editor previewing the site lands.
    home = error_page("Content errors", result.errors) if result.errors else render_home(site, home_title)
    pages.insert(0, Page(HOME_PATH, home))
    return pages


def render_story_pages_of(site: Site, story: Story, content_name: str) -> list[Page]:
    """A story's explainer page and its other pages, each editable in the story's folder."""
    edit = f"{content_name}/{story.slug}/{STORY_FILE}"
    return [Page(path, markdown, edit) for path, markdown in render_story_pages(site, story).items()]


def error_page(title: str, problems: list[ContentError]) -> str:
    body = environment().get_template("errors.md.j2").render(title=title, problems=problems)
    return front_matter({"title": title}) + body
