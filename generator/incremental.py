"""Under `mkdocs serve`, an edit to one story re-renders only that story's pages.

MkDocs rebuilds every page on each save, and counts pages made with
`File.generated(content=...)` as always modified, so `--dirty` cannot help.
Most of a rebuild goes into two steps per page: Markdown to HTML and the
theme's template. `PageCache` keeps, for each generated page, what those steps
produced and reuses it while the page's inputs are unchanged:

* its *source key*: the Markdown, front matter, address and edit link, the set
  of documentation files (links resolve against it) and the site's
  configuration and theme overrides. Same key: the converted HTML, table of
  contents and anchors are reused instead of converting again.
* its *context key*: the navigation as rendered (titles and addresses), known
  once every page is read. Same source and context key: the final HTML is
  reused, and the theme renders an empty template in place of the page.

The plugin calls one method per MkDocs event; `mkdocs build` never uses the cache.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache

from .links import WORLD_KINDS, refs_of


@dataclass
class _PerStory:
    story: Any
    args: tuple[Any, ...]
    refs: list[tuple[tuple[str, ...], str]]
    borrowed: list[tuple[str, Any]]
    made: Any


class StoryCache:
    """What `make(site, story, ...)` made of each story (its pages, its open data), made again
    only when it may differ.

    A story's pages show the story itself, the world, and what the story cites
    from other stories' folders (their sources, people and incidents, and what
    those cite in turn). The content store hands back the very same model
    object while a story's files are unchanged, so what was made is reused
    while the story and the world are the same objects as last time, the
    templates are unchanged, and the borrowed items compare equal.
    """

    def __init__(self, make: Callable[..., Any], templates: Path) -> None:
        self._make = make
        self._templates = templates
        self._shared: tuple[Any, ...] = ()
        self._world_items: set[int] = set()
        self._made: dict[str, _PerStory] = {}
        self.rendered = 0

    def start(self, site: Any) -> None:
        """A build begins: forget everything made if the world or a template has changed."""
        shared = (site.world, _stamp(self._templates))
        if not self._shared or shared[0] is not self._shared[0] or shared[1] != self._shared[1]:
            self._made.clear()
        self._shared = shared
        self._world_items = {id(item) for name in WORLD_KINDS.values() for item in getattr(site.world, name)}
        self.rendered = 0

    def __call__(self, site: Any, story: Any, *args: Any) -> Any:
        cached = self._made.get(story.slug)
        same = cached is not None and cached.story is story and cached.args == args
        if same and cached is not None and self._borrowed(site, story, cached.refs) == cached.borrowed:
            return cached.made
        refs = cached.refs if cached is not None and cached.story is story else _registry_refs(story)
        made = self._make(site, story, *args)
        self._made[story.slug] = _PerStory(story, args, refs, self._borrowed(site, story, refs), made)
        self.rendered += 1
        return made

    def _borrowed(self, site: Any, story: Any, refs: list[tuple[tuple[str, ...], str]]) -> list[tuple[str, Any]]:
        """What the story cites from outside itself and the world, followed to what that cites."""
        own = {id(item) for name in ("sources", "people", "incidents") for item in getattr(story, name)}
        borrowed: list[tuple[str, Any]] = []
        queue, seen = list(refs), set()
        while queue:
            kinds, ident = queue.pop()
            if (kinds, ident) in seen:
                continue
            seen.add((kinds, ident))
            item = next((site.index.ids(k)[ident] for k in kinds if ident in site.index.ids(k)), None)
            if item is None or (id(item) not in own and id(item) not in self._world_items):
                borrowed.append((ident, item))
                queue += _registry_refs(item) if item is not None else []
        return sorted(borrowed, key=lambda pair: pair[0])


def _registry_refs(node: Any) -> list[tuple[tuple[str, ...], str]]:
    """References into the registries (people, outlets, sources, incidents) inside a model."""
    return [(kinds, str(ref)) for _, ref in refs_of(node) if (kinds := tuple(k for k in ref.kinds if k in WORLD_KINDS))]


def _stamp(folder: Path) -> list[tuple[str, int, int]]:
    stamps = []
    for path in sorted(folder.rglob("*.j2")):
        info = path.stat()
        stamps.append((path.as_posix(), info.st_mtime_ns, info.st_size))
    return stamps


CACHED_TEMPLATE = "explainer-cached-page.html"
"""An empty theme template, rendered in place of a page whose final HTML is reused."""


@dataclass
class Rendered:
    """What MkDocs made of one page, as of its last full build."""

    source_key: str
    content: str
    toc: Any
    title: str | None
    anchors: set[str]
    links: dict[str, dict[str, str]]
    context_key: str = ""
    output: str = ""


@dataclass
class _Build:
    """The state of one page during the current build."""

    source_key: str
    reused: Rendered | None = None
    """The cached render, when the source key matched."""
    final: bool = False
    """The cached final HTML is used as well."""
    saved_meta: dict[str, Any] = field(default_factory=dict)


_MISSING = object()


class PageCache:
    def __init__(self) -> None:
        self._pages: dict[str, Rendered] = {}
        self._build: dict[str, _Build] = {}
        self._site_key = ""
        self._context_key = ""
        self.reused = 0
        self.converted = 0

    # --- events, in build order -------------------------------------------------------

    def start(self, site_key: str) -> None:
        """A build begins; `site_key` names everything outside a page that its HTML depends on."""
        self._build.clear()
        self._site_key = site_key
        self._context_key = ""
        self.reused = self.converted = 0

    def markdown(self, page: Any, markdown: str) -> str:
        """Note the page's source key; when its last conversion still holds, do not convert it again."""
        src = page.file.src_uri
        meta = json.dumps(page.meta, sort_keys=True, default=str)
        key = _digest(self._site_key, src, page.url, page.file.edit_uri or "", meta, markdown)
        cached = self._pages.get(src)
        state = _Build(key, cached if cached is not None and cached.source_key == key else None)
        self._build[src] = state
        if state.reused is None:
            self.converted += 1
            return markdown
        self.reused += 1
        rendered = state.reused
        # MkDocs calls `page.render(config, files)` right after this event; this stands in for it.
        setattr(page, "render", lambda config, files: _put_back(page, rendered, files))  # noqa: B010
        return markdown

    def context(self, navigation: str, pages: list[Any]) -> None:
        """Every page is read: reuse the final HTML of pages whose navigation is unchanged too.

        Their template is swapped for an empty one now, before MkDocs picks each page's template.
        """
        self._context_key = _digest(navigation)
        for page in pages:
            state = self._build.get(page.file.src_uri)
            if state is None or state.reused is None or state.reused.context_key != self._context_key:
                continue
            state.final = True
            state.saved_meta["template"] = page.meta.get("template", _MISSING)
            page.meta["template"] = CACHED_TEMPLATE

    def output(self, page: Any, html: str) -> str:
        """The page's final HTML: the reused one, or the new one, remembered for next time."""
        src = page.file.src_uri
        state = self._build.get(src)
        if state is None:
            return html
        if state.final and state.reused is not None:
            _restore(page.meta, "template", state.saved_meta)
            return state.reused.output
        self._pages[src] = Rendered(
            state.source_key,
            page.content or "",
            page.toc,
            getattr(page, "_title_from_render", None),
            set(page.present_anchor_ids or ()),
            {target.src_uri: dict(anchors) for target, anchors in (page.links_to_anchors or {}).items()},
            self._context_key,
            html,
        )
        return html

    def finish(self) -> None:
        """Forget pages that are gone."""
        for src in set(self._pages) - set(self._build):
            del self._pages[src]


def _put_back(page: Any, rendered: Rendered, files: Any) -> None:
    """What `Page.render` would set: the HTML, table of contents, title, anchors and links."""
    page.content = rendered.content
    page.toc = rendered.toc
    page._title_from_render = rendered.title
    page.present_anchor_ids = set(rendered.anchors)
    linked = ((files.get_file_from_path(src), anchors) for src, anchors in rendered.links.items())
    page.links_to_anchors = {target: dict(anchors) for target, anchors in linked if target is not None}


def _restore(meta: dict[str, Any], name: str, saved: dict[str, Any]) -> None:
    value = saved.pop(name, _MISSING)
    if value is _MISSING:
        meta.pop(name, None)
    else:
        meta[name] = value


def _digest(*parts: str) -> str:
    hasher = hashlib.blake2b(digest_size=20)
    for part in parts:
        data = part.encode("utf-8", "surrogatepass")
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)
    return hasher.hexdigest()


def site_key(config_file: Path | None, theme_dir: Path | None, page_uris: list[str]) -> str:
    """What every page's HTML depends on besides its own Markdown: config, theme overrides, the set of pages."""
    parts = [config_file.read_text(encoding="utf-8") if config_file and config_file.is_file() else ""]
    if theme_dir is not None and theme_dir.is_dir():
        for path in sorted(theme_dir.rglob("*")):
            if path.is_file():
                info = path.stat()
                parts.append(f"{path.relative_to(theme_dir).as_posix()}:{info.st_mtime_ns}:{info.st_size}")
    parts += sorted(page_uris)
    return _digest(*parts)


class CompiledTemplates(jinja2.BytecodeCache):
    """The theme's templates, compiled once per `mkdocs serve` instead of once per rebuild.

    MkDocs makes a new Jinja2 environment for every build; compiling the theme's
    templates again costs more than rendering the few pages that changed. Jinja2
    checks each template's source checksum, so an edited override compiles afresh.
    """

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


def for_serve(env: jinja2.Environment, compiled: CompiledTemplates) -> jinja2.Environment:
    """The theme's environment with compiled templates kept, and the stand-in for reused pages."""
    assert env.loader is not None
    env.loader = jinja2.ChoiceLoader([jinja2.DictLoader({CACHED_TEMPLATE: ""}), env.loader])
    env.bytecode_cache = compiled
    return env


def poll_every(server: Any, seconds: float) -> bool:
    """Make `mkdocs serve` notice saves sooner: its file watcher polls every 0.5 s, fixed in MkDocs.

    The interval lives on watchdog's polling observer and its emitters (one per watched
    path); emitters made later by `server.watch` take the observer's. The server then
    waits for `build_delay` (0.1 s) without further changes before it rebuilds; half a
    poll is enough, as later changes are only seen at the next poll anyway. Returns
    False, changing nothing, if the server is not built the way MkDocs 1.6 builds it.
    """
    observer = getattr(server, "observer", None)
    emitters = getattr(observer, "emitters", None)
    if observer is None or emitters is None or not hasattr(observer, "_timeout") or not hasattr(server, "build_delay"):
        return False
    observer._timeout = seconds
    for emitter in emitters:
        if hasattr(emitter, "_timeout"):
            emitter._timeout = seconds
    server.build_delay = min(server.build_delay, seconds / 2)
    return True


@dataclass
class ServeCache:
    """Everything `mkdocs serve` keeps between rebuilds, beside the content store."""

    story_pages: StoryCache
    open_data: StoryCache
    pages: PageCache = field(default_factory=PageCache)
    compiled: CompiledTemplates = field(default_factory=CompiledTemplates)

    def start(self, site: Any) -> None:
        """The content is loaded: see which stories' pages and data can be reused."""
        if site is not None:
            self.story_pages.start(site)
            self.open_data.start(site)

    def start_pages(self, config: Any, files: Any) -> None:
        """The site's files and navigation are known: see which pages' HTML can be reused."""
        theme_dir = Path(config.theme.custom_dir) if config.theme.custom_dir else None
        uris = [file.src_uri for file in files.documentation_pages()]
        self.pages.start(site_key(Path(config.config_file_path or ""), theme_dir, uris))

    def summary(self) -> str:
        self.pages.finish()
        pages = self.pages
        return f"{self.story_pages.rendered} stories rendered; {pages.converted} pages converted, {pages.reused} reused"
