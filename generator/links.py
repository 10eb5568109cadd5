"""Stage 3 — link: check every reference across the world and the stories.

An unknown id is an error that suggests the nearest known id. Editorial slips
that do not stop a page from being correct (a source nobody cites, an item
never shown, a number with no source) are warnings: `mkdocs build --strict`
and `explainer check --strict` fail on them too.
"""

from __future__ import annotations

import functools
import re
import typing
import weakref
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import AfterValidator, BaseModel

from .content import Merged
from .errors import ContentError, Position, Severity, describe_listed, format_field
from .loader import Path_
from .models import Block, Incident, Outlet, Paragraph, Person, Source, Story
from .types import Ref
from .validate import closest

_DIGIT = re.compile(r"\d")
LOCAL_KINDS = ("claim", "reaction", "event", "variant")
WORLD_KINDS = {"person": "people", "outlet": "outlets", "source": "sources", "incident": "incidents"}


@dataclass
class Index:
    """Everything that can be referred to by id."""

    people: dict[str, Person] = field(default_factory=dict)
    outlets: dict[str, Outlet] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    incidents: dict[str, Incident] = field(default_factory=dict)
    stories: dict[str, Story] = field(default_factory=dict)
    pending: set[str] = field(default_factory=set)
    """Ids found in files that failed validation: not reported as unknown, to avoid noise."""

    def ids(self, kind: str) -> dict[str, Any]:
        table: dict[str, Any] = self.stories if kind == "story" else getattr(self, WORLD_KINDS[kind])
        return table


@dataclass
class Located:
    """A validated model with the positions of its merged source files."""

    model: Any
    merged: Merged


def iter_refs(node: Any, path: Path_ = ()) -> Iterator[tuple[Path_, Ref]]:
    """Every reference inside a model, with its path."""
    found: list[tuple[Path_, Ref]] = []
    _collect_refs(node, path, found)
    return iter(found)


def _collect_refs(node: Any, path: Path_, found: list[tuple[Path_, Ref]]) -> None:
    """Append every reference inside `node` to `found`: one call per model or list, not per reference."""
    if isinstance(node, Ref):
        found.append((path, node))
    elif isinstance(node, BaseModel):
        for name in _fields_with_refs(type(node)):
            _collect_refs(getattr(node, name), (*path, name), found)
    elif isinstance(node, list):
        for index, item in enumerate(node):
            if isinstance(item, Ref):
                found.append(((*path, index), item))
            else:
                _collect_refs(item, (*path, index), found)


@functools.cache
def _fields_with_refs(model: type[BaseModel]) -> tuple[str, ...]:
    """The fields of `model` that can hold a reference; walking only these keeps rendering fast."""
    return tuple(name for name, info in model.model_fields.items() if _may_hold_refs(info.annotation, info.metadata))


def _may_hold_refs(annotation: Any, metadata: Sequence[Any] = ()) -> bool:
    if any(isinstance(m, AfterValidator) and isinstance(m.func, type) and issubclass(m.func, Ref) for m in metadata):
        return True
    if isinstance(annotation, type):
        return issubclass(annotation, BaseModel) and bool(_fields_with_refs(annotation))
    if typing.get_origin(annotation) is typing.Annotated:
        inner, *extra = typing.get_args(annotation)
        return _may_hold_refs(inner, extra)
    return any(_may_hold_refs(arg) for arg in typing.get_args(annotation))


_REFS: dict[int, tuple[weakref.ref[Any], list[tuple[Path_, Ref]]]] = {}


def refs_of(model: BaseModel) -> list[tuple[Path_, Ref]]:
    """`iter_refs` of a whole model, kept while the model lives.

    Models are frozen and the content store reuses an unchanged story's model,
    so under `mkdocs serve` a save walks only the stories that changed.
    """
    key = id(model)
    cached = _REFS.get(key)
    if cached is not None and cached[0]() is model:
        return cached[1]
    refs = list(iter_refs(model))
    _REFS[key] = (weakref.ref(model, lambda _: _REFS.pop(key, None)), refs)
    return refs


def build_index(world: Located, stories: list[Located], errors: list[ContentError]) -> Index:
    """Gather the world's and the stories' ids; a repeated id is an error.

    The world comes first, then the stories from the earliest published: an id that a newer
    story repeats is reported in the newer story, naming where it was first used.
    """
    index = Index()
    places: dict[tuple[str, str], tuple[Located, Path_]] = {}
    registries: list[tuple[Located, str]] = [(world, name) for name in WORLD_KINDS.values()]
    oldest_first = sorted(stories, key=lambda story: (story.model.published, story.model.slug))
    registries += [(story, name) for story in oldest_first for name in ("sources", "people", "outlets", "incidents")]
    for located, registry in registries:
        kind = next(k for k, v in WORLD_KINDS.items() if v == registry)
        for number, item in enumerate(getattr(located.model, registry)):
            path = (registry, number, "id")
            _register(index.ids(kind), places, kind, item, located, path, errors)
    return index


def _register(
    table: dict[str, Any],
    places: dict[tuple[str, str], tuple[Located, Path_]],
    kind: str,
    item: Any,
    located: Located,
    path: Path_,
    errors: list[ContentError],
) -> None:
    """Add `item` to `table`; a repeated id is an error. Positions are looked up only for the error."""
    first = places.get((kind, item.id))
    if first is not None:
        first_position = first[0].merged.value_position(first[1])
        errors.append(
            ContentError(
                located.merged.value_position(path),
                format_field(path),
                f"the {kind} id `{item.id}` is already used at {first_position}",
                "give each one its own id",
            )
        )
        return
    places[(kind, item.id)] = (located, path)
    table[item.id] = item


def local_ids(story: Located, errors: list[ContentError]) -> dict[str, dict[str, Any]]:
    """A story's own claims, reactions, events and variants by id."""
    tables: dict[str, dict[str, Any]] = {kind: {} for kind in LOCAL_KINDS}
    places: dict[tuple[str, str], tuple[Located, Path_]] = {}
    for kind in LOCAL_KINDS:
        for number, item in enumerate(getattr(story.model, kind + "s")):
            path = (kind + "s", number, "id")
            _register(tables[kind], places, kind, item, story, path, errors)
    return tables


def check_refs(
    located: Located, index: Index, local: dict[str, dict[str, Any]], used: set[tuple[str, str]]
) -> list[ContentError]:
    missing: list[tuple[Position, Path_, Ref]] = []
    for path, ref in refs_of(located.model):
        if ref in index.pending:
            continue
        found = next((kind for kind in ref.kinds if ref in _table(kind, index, local)), None)
        if found is None:
            missing.append((located.merged.value_position(path), path, ref))
        else:
            used.add((found, str(ref)))
    return _unknown_errors(missing, index, local)


def _table(kind: str, index: Index, local: dict[str, dict[str, Any]]) -> dict[str, Any]:
    return local.get(kind, {}) if kind in LOCAL_KINDS else index.ids(kind)


def _unknown_errors(
    missing: list[tuple[Position, Path_, Ref]], index: Index, local: dict[str, dict[str, Any]]
) -> list[ContentError]:
    """Unknown ids in file order: the first MAX_PER_FILE of a file described, one line for the rest."""

    def describe(entry: tuple[Position, Path_, Ref]) -> ContentError:
        position, path, ref = entry
        return _unknown(position, path, ref, [name for kind in ref.kinds for name in _table(kind, index, local)])

    return describe_listed([(entry[0], entry) for entry in missing], describe)


def _unknown(position: Position, path: Path_, ref: Ref, known: list[str]) -> ContentError:
    kind = " or ".join(ref.kinds)
    close = closest(str(ref), known, 0.6)
    if close:
        hint = f"did you mean `{close[0]}`?"
    elif known:
        hint = f"add it to the {kind} list, or use a known id"
    else:
        hint = f"no {kind} is defined yet; add one"
    return ContentError(position, format_field(path), f"unknown {kind} `{ref}`", hint)


MAX_LEADS = 2
"""Lead quotes an answer can carry before it reads like a wall of quotes."""


def editorial_warnings(story: Located, index: Index, local: dict[str, dict[str, Any]]) -> list[ContentError]:
    """Slips that leave the page correct but less trustworthy, less complete or harder to read."""
    return [
        *_repeated_items(story),
        *_unshown_items(story),
        *_unsourced_numbers(story),
        *_unlogged_update(story),
        *_too_many_leads(story, local),
        *_lookalike_sources(story, index),
        *_placeholders(story),
    ]


PLACEHOLDER = re.compile(r"^TODO\b")
"""How `explainer new` marks the text it makes up: a story must not be published with any left."""


def _placeholders(story: Located) -> Iterator[ContentError]:
    if '"TODO' not in story.model.model_dump_json(exclude_defaults=True):
        return  # no text starts with TODO (found in one call, without walking every field in Python)
    for path, text in _texts(story.model.model_dump(exclude_defaults=True)):
        if PLACEHOLDER.match(text):
            yield _warning(
                story.merged,
                path,
                "this is still a placeholder from `explainer new`",
                "write the real text, or delete the entry",
            )


def _texts(node: Any, path: Path_ = ()) -> Iterator[tuple[Path_, str]]:
    if isinstance(node, str):
        yield path, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _texts(value, (*path, key))
    elif isinstance(node, list):
        for number, value in enumerate(node):
            yield from _texts(value, (*path, number))


def _too_many_leads(story: Located, local: dict[str, dict[str, Any]]) -> Iterator[ContentError]:
    for q, question in enumerate(story.model.questions):
        items = [local.get(block.kind, {}).get(str(getattr(block, block.kind))) for block in question.answer]
        leads = sum(quote.lead for item in items for quote in getattr(item, "quotes", ()))
        if leads > MAX_LEADS:
            yield _warning(
                story.merged,
                ("questions", q, "question"),
                f"this answer shows {leads} lead quotes in full",
                f"keep `lead: true` on the {MAX_LEADS} that carry the answer; the rest stay one click away",
            )


def _lookalike_sources(story: Located, index: Index) -> Iterator[ContentError]:
    """Two sources a reader would see under one name (two reports of one outlet, neither labelled)."""
    seen: dict[str, str] = {}
    reported: set[frozenset[str]] = set()
    for path, ref in refs_of(story.model):
        source = index.sources.get(str(ref)) if "source" in ref.kinds else None
        if source is None:
            continue
        outlet = index.outlets.get(source.outlet) if source.outlet else None
        name = source.label or (outlet.name if outlet else source.id)
        first = seen.setdefault(name, source.id)
        pair = frozenset((first, source.id))
        if first != source.id and pair not in reported:
            reported.add(pair)
            yield _warning(
                story.merged,
                path,
                f"readers would see the sources `{first}` and `{source.id}` both as “{name}”",
                "give one of them a `label`, the short name readers see",
            )


def _placed(model: Story) -> Iterator[tuple[Path_, Block]]:
    for q, question in enumerate(model.questions):
        for b, block in enumerate(question.answer):
            yield ("questions", q, "answer", b), block


def _repeated_items(story: Located) -> Iterator[ContentError]:
    shown: set[tuple[str, str]] = set()
    for where, block in _placed(story.model):
        key = (block.kind, str(getattr(block, block.kind)))
        if block.kind != "text" and key in shown:
            yield _warning(
                story.merged, (*where, block.kind), f"the {key[0]} `{key[1]}` is shown twice", "show each item once"
            )
        shown.add(key)


def _unshown_items(story: Located) -> Iterator[ContentError]:
    shown = {(block.kind, str(getattr(block, block.kind))) for _, block in _placed(story.model)}
    for kind in ("claim", "reaction"):
        for number, item in enumerate(getattr(story.model, kind + "s")):
            if (kind, item.id) not in shown:
                yield _warning(
                    story.merged,
                    (kind + "s", number, "id"),
                    f"the {kind} `{item.id}` is not shown in any answer",
                    f"add `- {kind}: {item.id}` to a question's answer",
                )


def _unsourced_numbers(story: Located) -> Iterator[ContentError]:
    paragraphs: list[tuple[Path_, Paragraph | Block]] = [
        (("key_points", n), p) for n, p in enumerate(story.model.key_points)
    ]
    paragraphs += [(where, block) for where, block in _placed(story.model) if block.text]
    for where, paragraph in paragraphs:
        if not paragraph.sources and _DIGIT.search(paragraph.text or ""):
            yield _warning(
                story.merged, (*where, "text"), "a number with no source", "add `sources:` to this paragraph"
            )


def _unlogged_update(story: Located) -> Iterator[ContentError]:
    model: Story = story.model
    if model.updated is not None and model.updated != model.published and not model.updates:
        yield _warning(
            story.merged,
            ("updated",),
            "the story was updated but `updates` says nothing of what changed",
            "add an entry to `updates`",
        )


def unused_sources(located: list[Located], used: set[tuple[str, str]]) -> list[ContentError]:
    warnings = []
    for item in located:
        for number, source in enumerate(item.model.sources):
            if ("source", source.id) not in used:
                warnings.append(
                    _warning(
                        item.merged,
                        ("sources", number, "id"),
                        f"the source `{source.id}` is not cited anywhere",
                        "cite it, or remove it",
                    )
                )
    return warnings


def _warning(merged: Merged, path: Path_, message: str, hint: str) -> ContentError:
    return ContentError(merged.value_position(path), format_field(path), message, hint, Severity.WARNING)


def link(
    world: Located, stories: list[Located], pending: set[str] | None = None
) -> tuple[Index, dict[str, dict[str, dict[str, Any]]], list[ContentError]]:
    """Check every reference; return the index, each story's local ids, and the problems.

    `pending` holds the ids of files that failed validation; while there are
    any, references to them and unused sources are not reported.
    """
    errors: list[ContentError] = []
    index = build_index(world, stories, errors)
    index.stories = {story.model.slug: story.model for story in stories}
    index.pending = pending or set()
    used: set[tuple[str, str]] = set()
    errors += check_refs(world, index, {}, used)
    locals_by_slug = {}
    for story in stories:
        local = local_ids(story, errors)
        locals_by_slug[story.model.slug] = local
        errors += check_refs(story, index, local, used)
        errors += editorial_warnings(story, index, local)
    if not index.pending:
        errors += unused_sources([world, *stories], used)
    return index, locals_by_slug, errors
