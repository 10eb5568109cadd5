"""The whole content pipeline: find → load → merge → validate → link.

`ContentStore` keeps every parsed file and validated model between runs (the
MkDocs plugin keeps one for the life of `mkdocs serve`), so a save re-reads and
re-validates only the files that changed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .content import STORY_FILE, Merged, Refused, find_content, merge_documents, story_files
from .errors import ContentError, Position, Severity, cap_per_file, count_problems
from .links import Located, link
from .loader import Document, load_bytes, paused_gc, read_file
from .models import Story, World
from .share import image_problems
from .site import Site
from .slugs import RESERVED_SLUGS
from .validate import validate

Stamp = tuple[tuple[str, int, int], ...]


@dataclass
class Result:
    site: Site | None
    problems: list[ContentError]
    """Every problem, at most MAX_PER_FILE listed per file (see `capped`)."""
    story_problems: dict[str, list[ContentError]] = field(default_factory=dict)
    """Each story's own problems, for its error page under `mkdocs serve`."""
    totals: tuple[int, int] | None = None
    """(errors, warnings) counting the unlisted ones; None: count `problems`."""
    located: dict[str, Located] = field(default_factory=dict)
    """The world (key "") and each valid story by slug, with the positions of their files."""

    @classmethod
    def capped(
        cls,
        site: Site | None,
        problems: list[ContentError],
        story_problems: dict[str, list[ContentError]] | None = None,
        located: dict[str, Located] | None = None,
    ) -> Result:
        """A result listing at most MAX_PER_FILE problems per file, with a line for the rest of each."""
        by_slug = {slug: cap_per_file(listed) for slug, listed in (story_problems or {}).items()}
        return cls(site, cap_per_file(problems), by_slug, count_problems(problems), located or {})

    @property
    def errors(self) -> list[ContentError]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[ContentError]:
        return [p for p in self.problems if p.severity is Severity.WARNING]

    @property
    def notes(self) -> list[ContentError]:
        """Worth a look, never a failure, not even under `--strict`."""
        return [p for p in self.problems if p.severity is Severity.NOTE]

    def add_problems(self, problems: list[ContentError]) -> None:
        """Problems found after loading (verifying citations): with the rest, and on their stories' pages."""
        if not problems:
            return
        errors, warnings = self.totals or count_problems(self.problems)
        new_errors, new_warnings = count_problems(problems)
        self.totals = (errors + new_errors, warnings + new_warnings)
        self.problems = cap_per_file(self.problems + problems)
        slug_of_file = {
            p.file: slug for slug, place in self.located.items() if slug for p in place.merged.keys.values()
        }
        by_slug: dict[str, list[ContentError]] = {}
        for problem in problems:
            by_slug.setdefault(slug_of_file.get(problem.position.file, ""), []).append(problem)
        for slug, found in by_slug.items():
            if slug in self.story_problems:
                self.story_problems[slug] = cap_per_file(self.story_problems[slug] + found)

    @property
    def note_count(self) -> int:
        return sum(p.count for p in self.problems if p.severity is Severity.NOTE)

    @property
    def error_count(self) -> int:
        return (self.totals or count_problems(self.problems))[0]

    @property
    def warning_count(self) -> int:
        return (self.totals or count_problems(self.problems))[1]


@dataclass(frozen=True)
class LoadedFile:
    """One YAML file as last read: its stamp (modification time, size), its document and its problems."""

    stamp: tuple[int, int]
    document: Document | None
    problems: list[ContentError]
    digest: str
    """A hash of the file's bytes."""


@dataclass(frozen=True)
class Validated:
    """One story (or the world) as last validated from its files."""

    stamp: Stamp
    """Each file's path, modification time and size: the same stamp, the same result."""
    model: Any
    """The validated `Story` or `World`, or None when its files have errors."""
    merged: Merged
    problems: list[ContentError]
    raw_ids: set[str]
    """The ids its files declare, valid or not: a reference to one is not reported while it has errors."""
    files: set[str]
    """The files it was merged from, as shown in messages."""
    digest: str
    """A hash of its files' names and bytes: the same digest, the same content, in any build."""


class ContentStore:
    """Loads `content/`, reusing what is unchanged since the last `load()`."""

    def __init__(self, content_dir: Path) -> None:
        self.content_dir = content_dir
        self.base = content_dir.parent
        self._files: dict[Path, LoadedFile] = {}
        self._models: dict[str, Validated] = {}

    def load(self) -> Result:
        with paused_gc():  # content is acyclic; collecting while it is built costs a third of the time
            return self._load()

    def _load(self) -> Result:
        if not self.content_dir.is_dir():
            return Result.capped(
                None,
                [
                    ContentError(
                        Position(self._display(self.content_dir)),
                        "",
                        "the content folder does not exist",
                        "create it, or pass the right folder",
                    )
                ],
            )
        layout = find_content(self.content_dir)
        root = self.content_dir.resolve()
        seen: set[Path] = set()
        world, world_problems = self._model("", World, layout.world_files, seen)
        world_problems = [self._refusal(link) for link in layout.refused_world] + world_problems
        problems_by_slug = {slug: [self._refusal(link)] for slug, link in layout.refused_stories.items()}
        stories = []
        for slug, folder in layout.story_dirs.items():
            files, refused_files = story_files(folder, root)
            located, problems = self._story(slug, folder, files, seen)
            if located is not None:
                # The picture file is checked on every load (it is no YAML file the stamps cover).
                problems = problems + image_problems(located.model, folder, located.merged, self._display)
            # A copy: link problems are added to it, never to the cached list.
            problems_by_slug[slug] = [self._refusal(link) for link in refused_files] + problems
            if located is not None:
                stories.append(located)
        self._forget(seen, set(layout.story_dirs))
        return self._link(world, world_problems, stories, problems_by_slug)

    def _refusal(self, link: Refused) -> ContentError:
        return ContentError(Position(self._display(link.path)), "", link.problem, link.hint)

    def _story(
        self, slug: str, folder: Path, files: list[Path], seen: set[Path]
    ) -> tuple[Located | None, list[ContentError]]:
        if not any(f.name == STORY_FILE for f in files):
            error = ContentError(
                Position(self._display(folder / STORY_FILE)),
                "",
                f"the story folder `{slug}` has no {STORY_FILE}",
                f"add {STORY_FILE} with its title and questions, or run `explainer new {slug}`",
            )
            return None, [error]
        if slug in RESERVED_SLUGS:
            error = ContentError(
                Position(self._display(folder / STORY_FILE)),
                "",
                f"the story folder name `{slug}` is taken by the site's own pages ({', '.join(sorted(RESERVED_SLUGS))})",
                "rename the folder; its name is the story's address",
            )
            return None, [error]
        return self._model(slug, Story, files, seen)

    def _model(
        self, key: str, model: type[Any], files: list[Path], seen: set[Path]
    ) -> tuple[Located | None, list[ContentError]]:
        """Validate one story (or the world, key ''), reusing the last result if its files are unchanged."""
        documents, problems, stamp = [], [], []
        hasher = hashlib.blake2b(key.encode() + b"\0", digest_size=20)
        for path in files:
            seen.add(path)
            doc, errors, file_stamp, digest = self._file(path)
            stamp.append((str(path), *file_stamp))
            hasher.update(f"{self._display(path)}\0{digest}\0".encode())
            problems += errors
            if doc is not None:
                documents.append(doc)
        cached = self._models.get(key)
        if cached is not None and cached.stamp == tuple(stamp):
            located = Located(cached.model, cached.merged) if cached.model is not None else None
            return located, cached.problems
        root = Position(self._display(files[0])) if files else Position(self._display(self.content_dir))
        merged, merge_errors = merge_documents(documents, root)
        problems += merge_errors
        value = None
        if not problems:
            extra = {"slug": key} if model is Story else None
            value, problems = self._validate(model, merged, extra)
        self._models[key] = Validated(
            tuple(stamp), value, merged, problems, _raw_ids(merged), merged.files, hasher.hexdigest()
        )
        return (Located(value, merged) if value is not None else None), problems

    @staticmethod
    def _validate(model: type[Any], merged: Merged, extra: dict[str, Any] | None) -> tuple[Any, list[ContentError]]:
        if model is Story and "slug" in merged.data and merged.data["slug"] != (extra or {}).get("slug"):
            error = ContentError(
                merged.value_position(("slug",)),
                "slug",
                "`slug` differs from the folder name",
                "remove `slug`; the folder name is the slug",
            )
            return None, [error]
        return validate(model, merged, extra)

    def _file(self, path: Path) -> tuple[Document | None, list[ContentError], tuple[int, int], str]:
        try:
            info = path.stat()
            stamp = (info.st_mtime_ns, info.st_size)
        except OSError:
            stamp = (0, 0)
        cached = self._files.get(path)
        if cached is not None and cached.stamp == stamp:
            return cached.document, cached.problems, stamp, cached.digest
        name = self._display(path)
        raw, errors = read_file(path, name)
        doc, errors = load_bytes(raw, name) if raw is not None else (None, errors)
        digest = hashlib.blake2b(raw, digest_size=20).hexdigest() if raw is not None else ""
        self._files[path] = LoadedFile(stamp, doc, errors, digest)
        return doc, errors, stamp, digest

    def forget(self) -> None:
        """Keep nothing for a next load (which then reads every file again): a build that is not
        followed by another frees the parsed files and merged data before pages are made."""
        self._files.clear()
        self._models.clear()

    def _forget(self, seen: set[Path], slugs: set[str]) -> None:
        for path in set(self._files) - seen:
            del self._files[path]
        for key in set(self._models) - slugs - {""}:
            del self._models[key]

    def _display(self, path: Path) -> str:
        try:
            return path.relative_to(self.base).as_posix()
        except ValueError:
            return path.as_posix()

    def _link(
        self,
        world: Located | None,
        world_problems: list[ContentError],
        stories: list[Located],
        by_slug: dict[str, list[ContentError]],
    ) -> Result:
        problems = world_problems + [p for ps in by_slug.values() for p in ps]
        if world is None:
            return Result.capped(None, problems, by_slug)
        pending = set().union(*(entry.raw_ids for entry in self._models.values() if entry.model is None))
        index, local, link_problems = link(world, stories, pending)
        slug_of_file = {file: key for key, entry in self._models.items() for file in entry.files}
        for problem in link_problems:
            slug = slug_of_file.get(problem.position.file, "")
            if slug:
                by_slug[slug].append(problem)
        ordered = sorted((s.model for s in stories), key=lambda s: (s.last_updated, s.slug), reverse=True)
        digests = {key: entry.digest for key, entry in self._models.items() if entry.model is not None}
        site = Site(world.model, ordered, index, local, digests)
        located = {"": world} | {s.model.slug: s for s in stories}
        return Result.capped(site, problems + link_problems, by_slug, located)


def _raw_ids(merged: Merged) -> set[str]:
    ids: set[str] = set()
    for value in merged.data.values():
        if isinstance(value, list):
            ids.update(item["id"] for item in value if isinstance(item, dict) and isinstance(item.get("id"), str))
    return ids


def load_site(content_dir: Path) -> Result:
    """Load, validate and link everything under `content_dir` once."""
    return ContentStore(content_dir).load()
