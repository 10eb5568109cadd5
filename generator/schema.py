"""The JSON Schema of the content files, generated from the models.

One schema serves every YAML file: a story file may hold any story field, a
file at the top of `content/` any world field. Which fields are required is
checked by `explainer check` once a story's files are merged.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from pydantic import Field, create_model
from pydantic.fields import FieldInfo

from .models import Story, World

SCHEMA_ID = "https://explainer.invalid/schema/content.schema.json"


def content_schema() -> dict[str, Any]:
    story = {name: _optional(field) for name, field in Story.model_fields.items() if name != "slug"}
    fields: dict[str, Any] = {**story, **{name: _optional(f) for name, f in World.model_fields.items()}}
    file_model = create_model("ContentFile", __config__=Story.model_config, **fields)
    schema = file_model.model_json_schema()
    schema["title"] = "Explainer content file"
    schema["description"] = (
        "Any YAML file under content/: a story's fields in a story folder, shared registries at the top."
    )
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def _optional(field: FieldInfo) -> tuple[Any, Any]:
    """The field with its type's own constraints (dates as strings, ids by pattern), but optional."""
    annotation = Annotated[(field.annotation, *field.metadata)] if field.metadata else field.annotation
    return annotation, Field(None, description=field.description)


def schema_text() -> str:
    return json.dumps(content_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
