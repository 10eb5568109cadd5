"""Open data written beside the pages: each story as JSON, its timeline, the schema, the feed.

* `<slug>/story.json`: the validated story with the people, outlets, sources
  and incidents it cites, as one object in the format of
  `schema/content.schema.json` (a content file holding a story and its world).
* `<slug>/timeline.json`: the timeline in TimelineJS's format.
* `schema/content.schema.json`: the JSON Schema of the content format.
* `feed.xml`: an Atom feed of story updates.

`write_open_data` is a plain function; the MkDocs plugin calls it after a build.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .feeds import atom_feed
from .models import Story
from .pipeline import Result
from .schema import schema_text
from .scope import scoped_person, shown_incidents, story_refs
from .site import Site
from .timeline import timelinejs
from .types import PartialDate

SCHEMA_PATH = "schema/content.schema.json"
FEED_PATH = "feed.xml"


UNPUBLISHED = frozenset({"archive", "editor_note"})
"""Fields left out of the open data: notes for editors, and where our copy of an article lives."""


def plain(node: Any) -> Any:
    """A model as JSON-ready data: dates as `YYYY[-MM[-DD]]` text, unset and unpublished fields left out."""
    if isinstance(node, BaseModel):
        fields = ((name, getattr(node, name)) for name in type(node).model_fields if name not in UNPUBLISHED)
        return {name: plain(value) for name, value in fields if value is not None}
    if isinstance(node, PartialDate):
        return str(node)
    if isinstance(node, list):
        return [plain(item) for item in node]
    if isinstance(node, str):
        return str(node)
    return node


def story_document(site: Site, story: Story) -> dict[str, Any]:
    """The story and everything of the shared world it refers to, as one content-format object."""
    document = {name: value for name, value in plain(story).items() if name != "slug"}
    incidents = shown_incidents(site, story)
    refs = story_refs(site, story)
    sources = _cited(site.index.sources, refs, "source")
    people = {
        key: scoped_person(person, set(sources)) for key, person in _cited(site.index.people, refs, "person").items()
    }
    outlet_ids = [s.outlet for s in sources.values() if s.outlet] + [str(r) for r in refs if "outlet" in r.kinds]
    document["people"] = [plain(person) for person in people.values()]
    document["outlets"] = [plain(site.index.outlets[i]) for i in dict.fromkeys(outlet_ids) if i in site.index.outlets]
    document["sources"] = [plain(source) for source in sources.values()]
    document["incidents"] = [plain(incident) for incident in incidents]
    return document


def _cited(table: dict[str, Any], refs: list[Any], kind: str) -> dict[str, Any]:
    return {str(ref): table[str(ref)] for ref in refs if kind in ref.kinds and str(ref) in table}


def json_text(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


StoryFiles = Callable[[Site, Story], dict[str, bytes]]
"""Makes one story's files; `mkdocs serve` passes one that reuses unchanged stories' files."""


def open_data_files(
    result: Result, site_url: str, site_name: str, author: str, story_files: StoryFiles | None = None
) -> dict[str, bytes]:
    """Every open-data file: path inside the built site -> content. Stories with errors are left out."""
    site = result.site
    if site is None:
        return {}
    broken = {slug for slug, problems in result.story_problems.items() if any(p.is_error for p in problems)}
    stories = [story for story in site.stories if story.slug not in broken]
    files = {SCHEMA_PATH: schema_text().encode(), FEED_PATH: atom_feed(stories, site_url, site_name, author)}
    for story in stories:
        files.update((story_files or story_data_files)(site, story))
    return files


def story_data_files(site: Site, story: Story) -> dict[str, bytes]:
    """One story's open data: the story as JSON, and its timeline."""
    return {
        f"{story.slug}/story.json": json_text(story_document(site, story)).encode(),
        f"{story.slug}/timeline.json": json_text(timelinejs(site, story)).encode(),
    }


def write_open_data(
    result: Result,
    site_dir: str | Path,
    site_url: str,
    site_name: str,
    author: str,
    story_files: StoryFiles | None = None,
) -> None:
    for path, content in open_data_files(result, site_url, site_name, author, story_files).items():
        target = Path(site_dir) / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
