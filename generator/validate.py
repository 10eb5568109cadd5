"""Stage 2 — validate: merged data into typed models, every error mapped to its place.

Pydantic reports each problem with a `loc` path; the merged document knows the
file, line and column of every path, so each error points where the editor
must look, says what is wrong and how to fix it.
"""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .content import Merged
from .errors import ContentError, Position, describe_listed, format_field
from .loader import Path_
from .models import RENAMED_FIELDS

M = TypeVar("M", bound=BaseModel)
_SHOWN_INPUT = 60


def validate(
    model: type[M], merged: Merged, extra: dict[str, Any] | None = None
) -> tuple[M | None, list[ContentError]]:
    data = {**merged.data, **(extra or {})}
    # Unknown top-level fields are found here, not by pydantic: 100,000 of them in one file would
    # cost 100,000 pydantic errors, of which 20 are listed.
    unknown = [key for key in data if key not in model.model_fields]
    errors: list[Any] = [_unknown_field(key, data[key]) for key in unknown]
    try:
        value = model.model_validate({key: data[key] for key in data if key in model.model_fields} if unknown else data)
    except ValidationError as exc:
        errors += exc.errors(include_url=False)
    if errors:
        return None, content_errors(model, merged, errors)
    return value, []


def _unknown_field(key: str, value: Any) -> dict[str, Any]:
    """The error pydantic would report for an unknown field (`extra="forbid"`)."""
    return {"type": "extra_forbidden", "loc": (key,), "msg": "Extra inputs are not permitted", "input": value}


def content_errors(model: type[BaseModel], merged: Merged, errors: list[Any]) -> list[ContentError]:
    """Each error in an editor's words, in file order; past MAX_PER_FILE in a file, one line for the rest.

    Only the listed errors are described (with a "did you mean" search each), so a file of
    100,000 unknown fields costs little more than reading it.
    """
    placed = [(_position(merged, err), err) for err in errors]
    return describe_listed(placed, lambda err: to_content_error(model, merged, err))


def to_content_error(model: type[BaseModel], merged: Merged, err: Any) -> ContentError:
    loc = _loc(err)
    message, hint = describe(model, loc, err)
    return ContentError(_position(merged, err), format_field(loc), message, hint)


def _loc(err: Any) -> Path_:
    loc: Path_ = tuple(err["loc"])
    ctx = err.get("ctx") or {}
    return (*loc, ctx["at"]) if "at" in ctx else loc


def _position(merged: Merged, err: Any) -> Position:
    loc = _loc(err)
    return merged.key_position(loc) if err["type"] == "extra_forbidden" else merged.value_position(loc)


def describe(model: type[BaseModel], loc: Path_, err: Any) -> tuple[str, str]:
    """An error's message and hint, in an editor's words."""
    kind, ctx, value = err["type"], err.get("ctx") or {}, err.get("input")
    name = str(loc[-1]) if loc else ""
    shown = _shorten(value)
    if kind == "missing":
        return f"`{name}` is missing", f"add `{name}:` here"
    if kind == "extra_forbidden":
        known = field_names(model, loc[:-1])
        new, why, marker = RENAMED_FIELDS.get(name, ("", "", ""))
        if marker in known:
            return f"unknown field `{name}`", f"it is now `{new}`: {why}"
        close = closest(name, known, 0.6)
        hint = f"did you mean `{close[0]}`?" if close else f"the fields here are: {', '.join(known)}"
        return f"unknown field `{name}`", hint
    if kind == "literal_error":
        options = [o.strip(" '") for o in str(ctx.get("expected", "")).replace(" or ", ", ").split(",")]
        close = closest(str(value), options, 0.5)
        hint = f"did you mean `{close[0]}`?" if close else f"use one of: {', '.join(options)}"
        return f"`{shown}` is not allowed here", hint
    if kind in ("too_short", "too_long") and isinstance(value, str):
        kind = f"string_{kind}"
    simple = _SIMPLE.get(kind)
    if simple is not None:
        return simple[0].format(value=shown, **ctx), simple[1].format(**ctx)
    if kind in ("string_type", "model_type", "dict_type", "list_type", "model_attributes_type"):
        return f"expected {_EXPECTED[kind]}, found {_describe_value(value)}", _TYPE_HINTS[kind]
    return err["msg"], _HINTS.get(kind, "")


_SIMPLE = {
    "bool_parsing": ("`{value}` is not true or false", "write true or false"),
    "bool_type": ("`{value}` is not true or false", "write true or false"),
    "string_too_short": ("the text is empty", "write the text, or remove the field"),
    "blank_text": ("the text is blank", "write the text, or remove the field"),
    "string_too_long": ("the text is over {max_length} characters", "shorten it"),
    "string_pattern_mismatch": (
        "`{value}` is not a valid id",
        "ids use lowercase letters, digits and hyphens, like `jane-doe`",
    ),
    "int_parsing": ("`{value}` is not a whole number", "write digits only, like 91"),
    "int_from_float": ("`{value}` is not a whole number", "write digits only, like 91"),
    "greater_than_equal": ("`{value}` is below {ge}", "a count cannot be negative"),
    "too_short": ("needs at least {min_length} item(s)", "add the missing items"),
    "too_long": ("holds too many items", "split it up"),
}
_EXPECTED = {
    "string_type": "text",
    "model_type": "a block of fields",
    "dict_type": "a block of fields",
    "model_attributes_type": "a block of fields",
    "list_type": "a list",
}
_TYPE_HINTS = {
    "string_type": "write the text on this line, in quotes if it has special characters",
    "model_type": "indent the fields under this line as `name: value`",
    "dict_type": "indent the fields under this line as `name: value`",
    "model_attributes_type": "indent the fields under this line as `name: value`",
    "list_type": "write each item on its own line starting with `- `",
}
_HINTS = {
    "comment_cut": "put the whole value in quotes",
    "control_character": "delete it; it is invisible, so retype the text around it",
    "date_format": "write YYYY-MM-DD, YYYY-MM or YYYY",
    "date_impossible": "check the day and the month",
    "date_day": "write the full date as YYYY-MM-DD",
    "date_span": "write start/end, the end as far as it differs: 2023-05-02/03, 2023-04-30/05-02, 2022/2023",
    "date_span_order": "put the earlier date first",
    "url_scheme": "give the full address, starting with https://",
    "archive_path": "write the path from the folder that holds mkdocs.yml, such as archive/report.txt",
    "breakdown_sum": "correct the total or one of the parts",
    "updated_before_published": "fix one of the two dates",
    "block_kind": "put each item in its own `- ` block",
    "block_sources": "remove `sources` here; cite sources on the item itself",
    "source_unnamed": "add the `headline` as published, or a `description` of ours",
    "source_unlabelled": "add `outlet:` (an id from outlets.yml) or a `label:` such as 'US wire report'",
    "block_inline": "remove `inline:` here",
    "claim_status": "add `status:` (alleged, denied, disputed, unverified, confirmed or false), or `kind: intention`",
    "intention_status": "remove `status:`; a status is for claims",
    "figure_text": "write the number into the phrase as digits, e.g. `text: 9 votes for the cut`",
    "slug_mismatch": "remove `slug`; the folder name is the slug",
    "story_file": "write a name relative to the story's folder, like `share.jpg` (no `..`, no leading `/`); "
    "for a picture published elsewhere, use `url:`",
    "picture_type": "save the picture as a .png, .jpg or .jpeg",
    "image_source": "give either `file:` (a picture in the story's folder) or `url:` (an http(s) address)",
}


MAX_SUGGESTED = 80
"""Names longer than this get no "did you mean": no id or field is that long, and comparing costs."""


def closest(name: str, known: list[str], cutoff: float) -> list[str]:
    """The known name closest to `name` (as a list of zero or one), for a "did you mean" hint."""
    if len(name) > MAX_SUGGESTED:
        return []
    return difflib.get_close_matches(name, known, n=1, cutoff=cutoff)


def _describe_value(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a block of fields"
    if isinstance(value, list):
        return "a list"
    return f"`{_shorten(value)}`"


def _shorten(value: Any) -> str:
    text = str(value) if isinstance(value, (str, int)) else type(value).__name__
    return text if len(text) <= _SHOWN_INPUT else text[: _SHOWN_INPUT - 1] + "…"


def field_names(model: type[BaseModel], loc: Path_) -> list[str]:
    """The field names of the model found at `loc` inside `model`."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        target = _model_in(current.model_fields[part].annotation) if part in current.model_fields else None
        if target is None:
            return []
        current = target
    return list(current.model_fields)


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The model class inside `X`, `list[X]`, `X | None` or `Annotated[...]`."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _model_in(typing.get_args(annotation)[0])
    if origin in (list, typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            found = _model_in(arg)
            if found is not None:
                return found
    return None
