"""Find the content files and merge them: the world at the top, one folder per story.

Layout::

    content/
      people.yml, outlets.yml, incidents.yml, ...   the shared world (any *.yml here)
      <story-slug>/
        story.yml                                   the explainer itself (required)
        claims.yml, reactions.yml, sources.yml, ... more of the same story

Content stays inside the content folder: a symbolic link that leads outside it (or
nowhere, or round in a loop) is refused, not followed; links within it are followed.

All files of one level merge into one document: a list field found in two
files is joined (so reactions can be split across files), any other field
may be given once only.
"""

from __future__ import annotations

import os
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
    refused_world: list[Refused] = field(default_factory=list)
    """Links among the world's files that are not followed."""
    refused_stories: dict[str, Refused] = field(default_factory=dict)
    """Story folders that are links leading outside the content folder, by name."""


@dataclass(frozen=True)
class Refused:
    """A symbolic link under `content/` that is not followed: it leads outside, nowhere, or in a loop."""

    path: Path
    problem: str
    hint: str


def find_content(content_dir: Path) -> Layout:
    """The world's files and the story folders; links leading outside `content_dir` are refused."""
    root = content_dir.resolve()
    entries = sorted(content_dir.iterdir())
    world, refused = _inside(root, [p for p in entries if p.suffix in YAML_SUFFIXES and _is_file(p)])
    folders = [p for p in entries if not p.name.startswith((".", "_")) and p.is_dir()]
    stories, refused_folders = _inside(root, folders)
    return Layout(world, {p.name: p for p in stories}, refused, {r.path.name: r for r in refused_folders})


def story_files(story_dir: Path, root: Path | None = None) -> tuple[list[Path], list[Refused]]:
    """`story.yml` first, then the story's other YAML files in name order; and the links refused.

    `root` is the resolved content folder (by default the story folder's parent).
    """
    candidates = [p for p in story_dir.iterdir() if p.suffix in YAML_SUFFIXES and _is_file(p)]
    files, refused = _inside(root or story_dir.parent.resolve(), candidates)
    return sorted(files, key=lambda p: (p.name != STORY_FILE, p.name)), refused


def _is_file(path: Path) -> bool:
    """A file, a link to one, or a link that cannot be followed (it is reported, not skipped)."""
    return path.is_file() or (path.is_symlink() and not path.exists())


def _inside(root: Path, paths: list[Path]) -> tuple[list[Path], list[Refused]]:
    """The paths that stay inside `root`, and the links that do not."""
    kept, refused = [], []
    for path in paths:
        problem = _link_problem(root, path) if path.is_symlink() else None
        if problem is None:
            kept.append(path)
        else:
            refused.append(problem)
    return kept, refused


def _link_problem(root: Path, link: Path) -> Refused | None:
    try:
        target = link.resolve(strict=True)
    except FileNotFoundError:
        return Refused(
            link,
            f"`{link.name}` is a link to {os.readlink(link)}, which does not exist",
            "remove the link, or put the file it named back",
        )
    except (OSError, RuntimeError):  # a loop of links (RuntimeError before Python 3.13)
        return Refused(link, f"`{link.name}` is a link that leads round in a loop", "remove the link")
    if target.is_relative_to(root):
        return None
    what = "folder" if target.is_dir() else "file"
    return Refused(
        link,
        f"`{link.name}` is a link to {target}, outside the content folder; it is not read",
        f"move or copy the {what} into the content folder instead of linking to it",
    )


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
        if not any(offsets.values()):  # nothing moved (a story's first file): copy in one pass
            target.update({path: position for path, position in table.items() if path and path[0] in offsets})
            continue
        for path, position in table.items():
            if not path or path[0] not in offsets:
                continue
            offset = offsets[path[0]]
            if offset and len(path) == 1:
                continue  # the list's own position stays that of its first file
            if offset and isinstance(path[1], int):
                path = (path[0], path[1] + offset, *path[2:])
            target[path] = position
