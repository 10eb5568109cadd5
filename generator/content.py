"""Find the content files and merge them: the world at the top, one folder per story.

Layout::

    content/
      people.yml, outlets.yml, incidents.yml, ...   the shared world (any *.yml here)
      <story-slug>/
        story.yml                                   the explainer itself (required)
        claims.yml, reactions.yml, sources.yml, ... more of the same story

All files of one level merge into one document: a list field found in two
files is joined (so reactions can be split across files), any other field
may be given once only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ContentError, Position
from .loader import Document, Path_

STORY_FILE = "story.yml"
YAML_SUFFIXES = (".yml", ".yaml")


@dataclass
class Merged:
    """The merged data of several files, with the position of every value and key."""

    data: dict[str, Any] = field(default_factory=dict)
    values: dict[Path_, Position] = field(default_factory=dict)
    keys: dict[Path_, Position] = field(default_factory=dict)
    root: Position = field(default_factory=lambda: Position("content"))

    def value_position(self, path: Path_) -> Position:
        """Where the value at `path` stands, or its nearest enclosing value."""
        for end in range(len(path), -1, -1):
            found = self.values.get(path[:end])
            if found is not None:
                return found
        return self.root

    def key_position(self, path: Path_) -> Position:
        return self.keys.get(path) or self.value_position(path)


@dataclass
class Layout:
    world_files: list[Path]
    story_dirs: dict[str, Path]


def find_content(content_dir: Path) -> Layout:
    world = sorted(p for p in content_dir.iterdir() if p.is_file() and p.suffix in YAML_SUFFIXES)
    stories = {p.name: p for p in sorted(content_dir.iterdir()) if p.is_dir() and not p.name.startswith((".", "_"))}
    return Layout(world, stories)


def story_files(story_dir: Path) -> list[Path]:
    """`story.yml` first, then the story's other YAML files in name order."""
    files = sorted(p for p in story_dir.iterdir() if p.is_file() and p.suffix in YAML_SUFFIXES)
    return sorted(files, key=lambda p: (p.name != STORY_FILE, p.name))


def merge_documents(documents: list[Document], root: Position) -> tuple[Merged, list[ContentError]]:
    merged = Merged(root=root)
    merged.values[()] = root
    errors: list[ContentError] = []
    for doc in documents:
        offsets: dict[str, int] = {}
        for key, value in doc.data.items():
            offset, error = _merge_field(merged, doc, key, value)
            if error is None:
                offsets[key] = offset
            else:
                errors.append(error)
        _copy_positions(merged, doc, offsets)
    return merged, errors


def _merge_field(merged: Merged, doc: Document, key: str, value: Any) -> tuple[int, ContentError | None]:
    """Add one top-level field; return the list offset its items moved by, or an error."""
    existing = merged.data.get(key)
    if key not in merged.data:
        merged.data[key] = value
        return 0, None
    if isinstance(existing, list) and isinstance(value, list):
        offset = len(existing)
        existing.extend(value)
        return offset, None
    first = merged.keys[(key,)]
    return 0, ContentError(
        doc.keys[(key,)],
        key,
        f"`{key}` is already given in {first.file} (line {first.line})",
        "give it in one file only; only lists can be split across files",
    )


def _copy_positions(merged: Merged, doc: Document, offsets: dict[str, int]) -> None:
    for table, target in ((doc.values, merged.values), (doc.keys, merged.keys)):
        for path, position in table.items():
            if not path or path[0] not in offsets:
                continue
            offset = offsets[path[0]]
            if offset and len(path) == 1:
                continue  # the list's own position stays that of its first file
            if offset and isinstance(path[1], int):
                path = (path[0], path[1] + offset, *path[2:])
            target[path] = position
