"""The content a renderer needs: validated, linked, plain data (no loading code behind it)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from .links import Index
from .models import Story, World


@dataclass
class Site:
    """Validated, linked content: the world, the stories, every id, and each story's own items by id."""

    world: World
    stories: list[Story]
    index: Index
    local: dict[str, dict[str, dict[str, Any]]]

    def story(self, slug: str) -> Story:
        return next(s for s in self.stories if s.slug == slug)

    @functools.cached_property
    def background(self) -> dict[str, list[Story]]:
        """For each story, the other stories that show an earlier incident it covers (see graph.py)."""
        from .graph import background_to  # graph reads a Site: imported when first needed

        return background_to(self)
