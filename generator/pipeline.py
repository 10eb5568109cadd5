"""The whole content pipeline: find → load → merge → validate → link.

`ContentStore` keeps every parsed file and validated model between runs (the
MkDocs plugin keeps one for the life of `mkdocs serve`), so a save re-reads and
re-validates only the files that changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .content import STORY_FILE, Merged, Refused, find_content, merge_documents, story_files
from .errors import ContentError, Position, Severity, cap_per_file, count_problems
from .links import Located, link
from .loader import Document, load_file, paused_gc
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
    changed: set[str] = field(default_factory=set)
    """The slugs whose validated model differs from the previous run (all, after a world change)."""
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
        changed: set[str] | None = None,
        located: dict[str, Located] | None = None,
    ) -> Result:
        """A result listing at most MAX_PER_FILE problems per file, with a line for the rest of each."""
        by_slug = {slug: cap_per_file(listed) for slug, listed in (story_problems or {}).items()}
        return cls(site, cap_per_file(problems), by_slug, changed or set(), count_problems(problems), located or {})

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


class ContentStore:
    """Loads `content/`, reusing what is unchanged since the last `load()`."""

    def __init__(self, content_dir: Path) -> None:
        self.content_dir = content_dir
        self.base = content_dir.parent
        self._files: dict[Path, tuple[tuple[int, int], Document | None, list[ContentError]]] = {}
        self._models: dict[str, tuple[Stamp, Any, Merged, list[ContentError], set[str], set[str]]] = {}

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
        world, world_problems, world_changed = self._model("", World, layout.world_files, seen)
        world_problems = [self._refusal(link) for link in layout.refused_world] + world_problems
        problems_by_slug = {slug: [self._refusal(link)] for slug, link in layout.refused_stories.items()}
        stories, changed = [], set(layout.refused_stories)
        for slug, folder in layout.story_dirs.items():
            files, refused_files = story_files(folder, root)
            located, problems, was_changed = self._story(slug, folder, files, seen)
            if located is not None:
                # The picture file is checked on every load (it is no YAML file the stamps cover).
                problems = problems + image_problems(located.model, folder, located.merged, self._display)
            # A copy: link problems are added to it, never to the cached list.
            problems_by_slug[slug] = [self._refusal(link) for link in refused_files] + problems
            if located is not None:
                stories.append(located)
            if was_changed or world_changed:
                changed.add(slug)
        self._forget(seen, set(layout.story_dirs))
        return self._link(world, world_problems, stories, problems_by_slug, changed)

    def _refusal(self, link: Refused) -> ContentError:
        return ContentError(Position(self._display(link.path)), "", link.problem, link.hint)

    def _story(
        self, slug: str, folder: Path, files: list[Path], seen: set[Path]
    ) -> tuple[Located | None, list[ContentError], bool]:
        if not any(f.name == STORY_FILE for f in files):
            error = ContentError(
                Position(self._display(folder / STORY_FILE)),
                "",
                f"the story folder `{slug}` has no {STORY_FILE}",
                f"add {STORY_FILE} with its title and questions, or run `explainer new {slug}`",
            )
            return None, [error], True
        if slug in RESERVED_SLUGS:
            error = ContentError(
                Position(self._display(folder / STORY_FILE)),
                "",
                f"the story folder name `{slug}` is taken by the site's own pages ({', '.join(sorted(RESERVED_SLUGS))})",
                "rename the folder; its name is the story's address",
            )
            return None, [error], True
        return self._model(slug, Story, files, seen)

    def _model(
        self, key: str, model: type[Any], files: list[Path], seen: set[Path]
    ) -> tuple[Located | None, list[ContentError], bool]:
        """Validate one story (or the world, key ''), reusing the last result if its files are unchanged."""
        documents, problems, stamp = [], [], []
        for path in files:
            seen.add(path)
            doc, errors, file_stamp = self._file(path)
            stamp.append((str(path), *file_stamp))
            problems += errors
            if doc is not None:
                documents.append(doc)
        cached = self._models.get(key)
        if cached is not None and cached[0] == tuple(stamp):
            _, value, merged, cached_problems, _, _ = cached
            return (Located(value, merged) if value is not None else None), cached_problems, False
        root = Position(self._display(files[0])) if files else Position(self._display(self.content_dir))
        merged, merge_errors = merge_documents(documents, root)
        problems += merge_errors
        value = None
        if not problems:
            extra = {"slug": key} if model is Story else None
            value, problems = self._validate(model, merged, extra)
        self._models[key] = (tuple(stamp), value, merged, problems, _raw_ids(merged), _files_of(merged))
        return (Located(value, merged) if value is not None else None), problems, True

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

    def _file(self, path: Path) -> tuple[Document | None, list[ContentError], tuple[int, int]]:
        try:
            info = path.stat()
            stamp = (info.st_mtime_ns, info.st_size)
        except OSError:
            stamp = (0, 0)
        cached = self._files.get(path)
        if cached is not None and cached[0] == stamp:
            return cached[1], cached[2], stamp
        doc, errors = load_file(path, self._display(path))
        self._files[path] = (stamp, doc, errors)
        return doc, errors, stamp

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
        changed: set[str],
    ) -> Result:
        problems = world_problems + [p for ps in by_slug.values() for p in ps]
        if world is None:
            return Result.capped(None, problems, by_slug, changed)
        pending = set().union(*(entry[4] for entry in self._models.values() if entry[1] is None))
        index, local, link_problems = link(world, stories, pending)
        slug_of_file = {file: key for key, entry in self._models.items() for file in entry[5]}
        for problem in link_problems:
            slug = slug_of_file.get(problem.position.file, "")
            if slug:
                by_slug[slug].append(problem)
        ordered = sorted((s.model for s in stories), key=lambda s: (s.last_updated, s.slug), reverse=True)
        site = Site(world.model, ordered, index, local)
        located = {"": world} | {s.model.slug: s for s in stories}
        return Result.capped(site, problems + link_problems, by_slug, changed, located)


def _files_of(merged: Merged) -> set[str]:
    return {p.file for p in merged.keys.values()} | {merged.root.file}


def _raw_ids(merged: Merged) -> set[str]:
    ids: set[str] = set()
    for value in merged.data.values():
        if isinstance(value, list):
            ids.update(item["id"] for item in value if isinstance(item, dict) and isinstance(item.get("id"), str))
    return ids


def load_site(content_dir: Path) -> Result:
    """Load, validate and link everything under `content_dir` once."""
    return ContentStore(content_dir).load()
