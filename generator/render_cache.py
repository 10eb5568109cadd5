"""Rendered story pages kept on disk between builds, each named by a hash of everything it shows.

A story's pages are made from the story itself, the shared world, the items it cites from
other stories' folders (their sources, people and incidents, followed to what those cite),
the titles of the stories its incidents and background link to, and the generator's own
code and templates. `story_key` hashes all of that: the files' bytes (`Site.digests`, kept
by the content store), the borrowed items as validated, and the code. A build whose key is
on disk reads the pages instead of rendering them, so a rebuild with one story changed
renders that story alone (and every story whose pages show something of it).

The cache is `.cache/explainer/pages/` (the plugin's `cache_dir`); `prune` keeps only what
the last full build used. Any doubt (an unreadable file, a story without a digest) renders.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import marshal
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .incremental import borrowed_items, registry_refs
from .pages import Page, StoryPages, render_story_pages_of
from .site import Site

PACKAGE = Path(__file__).parent
LIBRARIES = ("jinja2", "markupsafe", "pydantic", "pydantic-core", "pyyaml")


@functools.cache
def code_digest() -> str:
    """The generator's code and templates, the libraries that render, and Python itself."""
    hasher = hashlib.blake2b(digest_size=20)
    for path in sorted(PACKAGE.rglob("*")):
        if path.suffix in (".py", ".j2") and path.is_file():
            hasher.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for name in LIBRARIES:
        try:
            hasher.update(f"{name}={importlib.metadata.version(name)}\0".encode())
        except importlib.metadata.PackageNotFoundError:
            hasher.update(f"{name}=?\0".encode())
    hasher.update(sys.version.encode())
    return hasher.hexdigest()


def story_key(site: Site, story: Any, content_name: str) -> str | None:
    """A hash of everything the story's pages show; None when it cannot be told (render then)."""
    own, world = site.digests.get(story.slug), site.digests.get("")
    if own is None or world is None:
        return None
    parts = [code_digest(), content_name, story.slug, own, world]
    for ident, item in borrowed_items(site, story, registry_refs(story)):
        parts.append(f"{ident}:{item.model_dump_json() if item is not None else ''}")
    for other in site.background.get(story.slug, []):
        parts.append(f"background:{other.slug}:{site.digests.get(other.slug, '?')}")
    parts.append(site.incident_stories)
    hasher = hashlib.blake2b(digest_size=20)
    for part in parts:
        data = part.encode("utf-8", "surrogatepass")
        hasher.update(len(data).to_bytes(8, "little") + data)
    return hasher.hexdigest()


class RenderCache:
    """A `StoryPages` function that reads a story's pages from `folder` when their key is there."""

    def __init__(self, folder: Path | None, render: StoryPages = render_story_pages_of) -> None:
        self.folder = folder
        self._render = render
        self.used: set[str] = set()
        self.keys: dict[str, str] = {}
        """This build's key of each story."""
        self.rendered = 0
        self.read = 0
        self._site: Site | None = None
        self._content_name = ""

    def start(self, site: Site | None = None, content_name: str = "") -> None:
        """A build of `site` begins (its stories' keys are then known to `memo` even for stories
        whose pages come from elsewhere, as under `mkdocs serve`)."""
        self.used.clear()
        self.keys.clear()
        self.rendered = self.read = 0
        self._site, self._content_name = site, content_name

    def _key(self, story: Any) -> str | None:
        key = self.keys.get(story.slug)
        if key is None and self._site is not None:
            key = story_key(self._site, story, self._content_name)
            if key is not None:
                self.keys[story.slug] = key
        return key

    def __call__(self, site: Site, story: Any, content_name: str) -> list[Page]:
        key = story_key(site, story, content_name) if self.folder is not None else None
        if key is None or self.folder is None:
            self.rendered += 1
            return self._render(site, story, content_name)
        self.keys[story.slug] = key
        self.used.add(key)
        path = self.folder / f"{key}.pages"
        try:
            pages = [Page(*fields) for fields in marshal.loads(path.read_bytes())]
        except (OSError, EOFError, ValueError, TypeError):
            pages = self._render(site, story, content_name)
            self.rendered += 1
            _write_atomically(path, marshal.dumps([(p.path, p.markdown, p.edit_path) for p in pages]))
            return pages
        self.read += 1
        return pages

    def memo(self, page_path: str, stories: list[Any], make: Callable[[], str]) -> str:
        """A page of the site (a person's, an outlet's) that shows the world and `stories` and nothing else:
        read from the cache while every one of those stories has the key its pages had."""
        keys = [self._key(story) for story in stories]
        if self.folder is None or None in keys:
            return make()
        hasher = hashlib.blake2b(digest_size=20)
        for part in (code_digest(), page_path, *keys):
            data = str(part).encode()
            hasher.update(len(data).to_bytes(8, "little") + data)
        key = hasher.hexdigest()
        self.used.add(key)
        path = self.folder / f"{key}.page"
        try:
            text = marshal.loads(path.read_bytes())
            if isinstance(text, str):
                return text
        except (OSError, EOFError, ValueError, TypeError):
            pass
        text = make()
        _write_atomically(path, marshal.dumps(text))
        return text

    def prune(self) -> None:
        """Forget the pages the last build did not use."""
        if self.folder is None or not self.folder.is_dir():
            return
        for path in [*self.folder.glob("*.pages"), *self.folder.glob("*.page")]:
            if path.stem not in self.used:
                path.unlink(missing_ok=True)

    def summary(self) -> str:
        return f"{self.rendered} rendered, {self.read} read from the cache"


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except OSError:
        temporary.unlink(missing_ok=True)  # a cache that cannot be written only costs time
