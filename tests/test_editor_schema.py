"""The JSON Schema as editors' YAML tooling applies it: real content passes, slips are flagged."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import FIXTURES, ROOT

BOOL = "tag:yaml.org,2002:bool"


class Yaml12Loader(yaml.SafeLoader):
    """Reads scalars as editors' YAML 1.2 tooling does: dates stay text, `on` is not a boolean."""


Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in ("tag:yaml.org,2002:timestamp", BOOL)]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Yaml12Loader.add_implicit_resolver(BOOL, re.compile("^(?:true|false)$"), list("tf"))


def editor_view(text: str) -> Any:
    return yaml.load(text, Loader=Yaml12Loader)  # a SafeLoader subclass: safe


def schema() -> dict[str, Any]:
    return dict(json.loads((ROOT / "schema" / "content.schema.json").read_text(encoding="utf-8")))


CONTENT_FILES = sorted([*(ROOT / "content").rglob("*.yml"), *(FIXTURES / "content").rglob("*.yml")])


@pytest.mark.parametrize("path", CONTENT_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_real_content_passes_the_schema(path: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.validate(editor_view(path.read_text(encoding="utf-8")), schema())


@pytest.mark.parametrize(
    "text",
    [
        "titel: A misspelt field\n",
        "published: 30 May 2025\n",
        "claims:\n  - id: Not An Id\n",
        "sources:\n  - id: a\n    url: ftp://example.com/\n",
    ],
)
def test_slips_are_flagged_while_typing(text: str) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(editor_view(text), schema())


def test_vscode_maps_content_files_to_the_schema() -> None:
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"]["./schema/content.schema.json"] == ["content/**/*.yml", "content/**/*.yaml"]
