"""Which stories an edit to the shared world changes.

The world's people, outlets, sources and incidents are described once and shown by
many stories, so a small edit to one of them can change pages an editor never opened.
`world_impact` compares the world files with their last committed version (git's
`HEAD`) and names, for each entry that changed, the stories that show it: `explainer
check` prints these as notes, so the editor can record the change in each story's
`updates:` where readers should know. Outside a git checkout there is nothing to compare.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import Position
from .loader import Document, load_file, load_text
from .models import WORLD_KEYS
from .scope import story_refs
from .site import Site

KINDS = {"people": "person", "outlets": "outlet", "sources": "source", "incidents": "incident"}


@dataclass(frozen=True)
class Impact:
    """A shared entry that differs from its committed version, and the stories that show it."""

    position: Position
    kind: str
    id: str
    stories: tuple[str, ...]
    new: bool = False

    def __str__(self) -> str:
        change = "is new" if self.new else "changed"
        return (
            f"{self.position}: note: the shared {self.kind} `{self.id}` {change} since the last commit; "
            f"it changes {', '.join(self.stories)} (say so in their `updates:` if readers should know)"
        )


def world_impact(site: Site, content_dir: Path, display: str = "content", since: str = "HEAD") -> list[Impact]:
    """The changed world entries that stories show, file by file, in file order (compared with git's `since`)."""
    impacts = []
    shown = shown_by(site)
    for path in sorted(content_dir.glob("*.yml")):
        committed = _committed_text(path, since)
        if committed is None:
            continue
        name = f"{display}/{path.name}"
        now, _ = load_file(path, name)
        before, _ = load_text(committed, name)
        if now is None:
            continue
        for kind, entry_id, position, new in changed_entries(now, before):
            stories = shown.get((kind, entry_id))
            if stories:
                impacts.append(Impact(position, kind, entry_id, tuple(stories), new))
    return impacts


def edited_between(before: Site | None, now: Site | None) -> list[str]:
    """Under `mkdocs serve`: the shared entries a save changed, each with the stories it changes."""
    if before is None or now is None:
        return []
    shown = shown_by(now)
    notes = []
    for registry, kind in KINDS.items():
        old, new = getattr(before.index, registry), getattr(now.index, registry)
        for entry_id, entry in new.items():
            stories = shown.get((kind, entry_id))
            if stories and entry_id in old and old[entry_id] != entry:
                notes.append(f"explainer: the shared {kind} `{entry_id}` changed; it changes {', '.join(stories)}")
    return notes


def changed_entries(now: Document, before: Document | None) -> Iterator[tuple[str, str, Position, bool]]:
    """(kind, id, position, is new) of each entry that is new or differs from `before`."""
    for registry, kind in KINDS.items():
        if registry not in WORLD_KEYS:
            continue
        old = _by_id((before.data if before else {}).get(registry))
        for number, entry in enumerate(now.data.get(registry) or []):
            if isinstance(entry, dict) and isinstance(entry.get("id"), str) and entry not in old.get(entry["id"], []):
                position = now.values.get((registry, number, "id"), Position(now.file))
                yield kind, entry["id"], position, entry["id"] not in old


def shown_by(site: Site) -> dict[tuple[str, str], list[str]]:
    """(kind, id) of every world entry -> the slugs of the stories that show it."""
    found: dict[tuple[str, str], list[str]] = {}
    for story in site.stories:
        keys: dict[tuple[str, str], None] = {}
        for ref in story_refs(site, story):
            for kind in ref.kinds:
                keys[(kind, str(ref))] = None
                if kind == "source" and str(ref) in site.index.sources:
                    outlet = site.index.sources[str(ref)].outlet
                    if outlet:
                        keys[("outlet", outlet)] = None
        for key in keys:
            found.setdefault(key, []).append(story.slug)
    return found


def _by_id(entries: Any) -> dict[str, list[Any]]:
    found: dict[str, list[Any]] = {}
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, dict) and isinstance(entry.get("id"), str):
            found.setdefault(entry["id"], []).append(entry)
    return found


def _committed_text(path: Path, since: str) -> str | None:
    """The file as committed at `since`, or None (not in a git checkout, a new file, or `since` empty)."""
    if not since:
        return None
    try:
        result = subprocess.run(
            ["git", "show", f"{since}:./{path.name}"],
            cwd=path.parent,
            capture_output=True,
            timeout=20,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.decode("utf-8", "replace") if result.returncode == 0 else None
