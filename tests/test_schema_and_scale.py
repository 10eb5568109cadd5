"""The committed JSON Schema matches the models; synthetic stories at scale pass the check."""

from __future__ import annotations

import json
from pathlib import Path

from generator.pipeline import load_site
from generator.schema import content_schema, schema_text
from harness.synthetic import write_site

from .conftest import ROOT


def test_committed_schema_is_in_step_with_the_models() -> None:
    committed = (ROOT / "schema" / "content.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(), "the models changed: run `make schema` and commit schema/content.schema.json"


def test_schema_describes_every_top_level_field() -> None:
    properties = content_schema()["properties"]
    for field in ("title", "questions", "claims", "reactions", "people", "outlets", "incidents", "sources"):
        assert field in properties
    assert json.loads(schema_text())["additionalProperties"] is False


def test_synthetic_stories_are_valid(tmp_path: Path) -> None:
    content = write_site(tmp_path / "content", stories=5)
    result = load_site(content)
    assert result.problems == []
    assert result.site is not None and len(result.site.stories) == 5


def test_synthetic_stories_are_deterministic(tmp_path: Path) -> None:
    first = write_site(tmp_path / "a", stories=2)
    second = write_site(tmp_path / "b", stories=2)
    assert (first / "story-0001" / "story.yml").read_text() == (second / "story-0001" / "story.yml").read_text()
