"""`explainer new <slug>`: a new story folder of commented YAML that passes `explainer check`.

The files show every kind of entry once, with placeholders to replace. Each
starts with a `yaml-language-server` comment pointing at the JSON Schema, so
editors that read it (VS Code's YAML extension and others) complete field
names and flag mistakes while typing. Ids that share one space with the world
and the other stories (people, sources, incidents) start with the slug, so a
new story never collides with an existing one.
"""

from __future__ import annotations

import datetime
import functools
import os
import re
from dataclasses import dataclass
from pathlib import Path

import jinja2

from .types import ID_PATTERN

SCHEMA_FILE = Path("schema") / "content.schema.json"
FILES = ("story.yml", "claims.yml", "reactions.yml", "events.yml", "variants.yml", "sources.yml", "people.yml")
MAX_SLUG = 60


class ScaffoldError(Exception):
    """A slug or folder that cannot be scaffolded; `usage` says it is the caller's mistake."""

    def __init__(self, message: str, usage: bool) -> None:
        super().__init__(message)
        self.usage = usage


@dataclass(frozen=True)
class ScaffoldFile:
    name: str
    text: str


@functools.cache
def _environment() -> jinja2.Environment:
    # YAML, not HTML: nothing is escaped, and only the checked slug and a date are inserted.
    return jinja2.Environment(
        loader=jinja2.PackageLoader("generator", "templates/scaffold"),
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


def check_slug(slug: str) -> None:
    if not re.fullmatch(ID_PATTERN, slug):
        raise ScaffoldError(
            f"`{slug}` is not a valid slug: use lowercase letters, digits and single hyphens, e.g. `spring-budget-vote`",
            usage=True,
        )
    if len(slug) > MAX_SLUG:
        raise ScaffoldError(f"`{slug}` is too long: keep a slug to {MAX_SLUG} characters", usage=True)


def scaffold_files(slug: str, schema: str, today: datetime.date) -> list[ScaffoldFile]:
    """The text of each new file; `schema` is the schema's path relative to the story folder."""
    check_slug(slug)
    values = {"slug": slug, "schema": schema, "today": today.isoformat()}
    return [ScaffoldFile(name, _environment().get_template(f"{name}.j2").render(values)) for name in FILES]


def schema_reference(story_dir: Path) -> str:
    """The schema's path as the story folder sees it (the schema lives beside `content/`)."""
    schema = story_dir.parent.parent / SCHEMA_FILE
    return Path(os.path.relpath(schema.resolve(), story_dir.resolve())).as_posix()


def create_story(content_dir: Path, slug: str, today: datetime.date) -> list[Path]:
    """Write the scaffold into `content_dir/slug/`; refuse a bad slug or an existing folder."""
    check_slug(slug)
    if not content_dir.is_dir():
        raise ScaffoldError(
            f"there is no content folder at {content_dir}: run this in the project folder, or pass --content",
            usage=True,
        )
    story_dir = content_dir / slug
    if story_dir.exists():
        raise ScaffoldError(f"{story_dir} already exists: choose another slug, or edit that story", usage=False)
    files = scaffold_files(slug, schema_reference(story_dir), today)
    story_dir.mkdir()
    written = []
    for file in files:
        path = story_dir / file.name
        path.write_text(file.text, encoding="utf-8")
        written.append(path)
    return written
