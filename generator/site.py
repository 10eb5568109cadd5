"""The content a renderer needs: validated, linked, plain data (no loading code behind it)."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from .links import WORLD_KINDS, Index
from .models import Story, World


@dataclass
class Site:
    """Validated, linked content: the world, the stories, every id, and each story's own items by id."""

    world: World
    stories: list[Story]
    index: Index
    local: dict[str, dict[str, dict[str, Any]]]
    digests: dict[str, str] = field(default_factory=dict)
    """A hash of each story's files (by slug; the world's under ""), for caches that outlive a build."""

    def story(self, slug: str) -> Story:
        return next(s for s in self.stories if s.slug == slug)

    @functools.cached_property
    def world_items(self) -> set[int]:
        """The `id()` of every item of the shared world."""
        return {id(item) for name in WORLD_KINDS.values() for item in getattr(self.world, name)}

    @functools.cached_property
    def incident_stories(self) -> str:
        """The stories incidents link to ("Our explainer: <title>"), by slug and title, as one text."""
        linked = sorted({incident.story for incident in self.index.incidents.values() if incident.story})
        return repr([(slug, self.index.stories[slug].title if slug in self.index.stories else "") for slug in linked])

    @functools.cached_property
    def background(self) -> dict[str, list[Story]]:
        """For each story, the other stories that show an earlier incident it covers (see graph.py)."""
        from .graph import background_to  # graph reads a Site: imported when first needed

        return background_to(self)
