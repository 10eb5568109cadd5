"""Every contact with MkDocs', Material's and watchdog's non-public behaviour, in one place.

The rest of the generator uses MkDocs only through its documented plugin API (hooks,
`File.generated`, `Files`, `server.watch`). What `mkdocs serve` needs to be fast leans on
behaviour that no release promises; each such contact is a function here, and each checks
first that the installed versions are the ones it was written for (`WRITTEN_FOR`):

* `replace_render`, `render_products`: a page whose Markdown is unchanged gets, instead of
  `Page.render`, what the last render set (its HTML, table of contents, the title found in
  it (`Page._title_from_render`), its anchors (`present_anchor_ids`) and its links to other
  pages' anchors (`links_to_anchors`)).
* `use_template`, `restore_template`: MkDocs reads a page's template from `page.meta`
  before `on_page_context`; swapping it there renders an empty template for a page whose
  final HTML is reused.
* `release_markdown`: a page's Markdown is dropped once converted (`mkdocs build` only): MkDocs
  converts every page before writing any, so at that moment it would hold every page's text twice.
* `navigation_key`: `str(Navigation)` names the navigation as rendered (titles, addresses).
* `keep_compiled_templates`: the theme's Jinja2 environment gets another loader and a
  bytecode cache, so the theme's templates compile once per `mkdocs serve`.
* `poll_every`: the dev server's watchdog `PollingObserver` polls every 0.5 s and waits
  `build_delay` before rebuilding; both live on private attributes.
* `timed_plugin_events`: the benchmark times one plugin's hooks inside a real build by
  wrapping `PluginCollection.run_event`.

`serve_caches_problem()` says, in one line, why the caches cannot be used with what is
installed (None when they can); the plugin then builds as MkDocs does, uncached. Called
directly on another version, each function raises `UnsupportedVersion` with that line.
Material's own templates are copied in `overrides/`; tests/test_overrides.py compares the
copies kept in `overrides/upstream/` with the installed theme.
"""

from __future__ import annotations

import contextlib
import functools
import importlib.metadata
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import jinja2

WRITTEN_FOR: dict[str, str] = {"mkdocs": "1.6.1", "mkdocs-material": "9.8.1", "watchdog": "7.1.0"}
"""The versions whose internals this module was written against (the locks pin the same)."""
SERVE_CACHES = ("mkdocs", "mkdocs-material")
"""What the serve caches depend on: MkDocs' build order and page internals, Material's templates."""
POLLING = ("mkdocs", "watchdog")
"""What `poll_every` depends on: MkDocs' dev server and watchdog's polling observer."""
_MISSING = object()


class UnsupportedVersion(RuntimeError):
    """An internal was reached with versions it was not written for."""


@functools.cache
def installed(distribution: str) -> str | None:
    """The installed version of a distribution, or None."""
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return None


def version_problem(needs: tuple[str, ...], what: str) -> str | None:
    """One line saying which installed versions differ from those `what` was written for, or None."""
    wrong = [f"{name} {installed(name) or 'missing'}" for name in needs if installed(name) != WRITTEN_FOR[name]]
    if not wrong:
        return None
    wanted = ", ".join(f"{name} {WRITTEN_FOR[name]}" for name in needs)
    return f"explainer: {what}: written for {wanted}, found {', '.join(wrong)}"


def serve_caches_problem() -> str | None:
    """Why `mkdocs serve` cannot keep pages between rebuilds here (None: it can)."""
    return version_problem(SERVE_CACHES, "serve caches off, every save rebuilds every page")


def _require(needs: tuple[str, ...] = SERVE_CACHES) -> None:
    problem = version_problem(needs, "an internal was used with versions it was not written for")
    if problem is not None:
        raise UnsupportedVersion(problem)


# --- a page's render ---------------------------------------------------------------------------


@dataclass
class RenderProducts:
    """What `Page.render` sets on a page: its HTML, table of contents, title, anchors and links."""

    content: str
    toc: Any
    title: str | None
    anchors: set[str]
    links: dict[str, dict[str, str]]
    """Source path of each page linked with an anchor -> {anchor: as written}."""


def render_products(page: Any) -> RenderProducts:
    """What the last `Page.render` left on `page`."""
    _require()
    return RenderProducts(
        page.content or "",
        page.toc,
        getattr(page, "_title_from_render", None),
        set(page.present_anchor_ids or ()),
        {target.src_uri: dict(anchors) for target, anchors in (page.links_to_anchors or {}).items()},
    )


def replace_render(page: Any, products: RenderProducts) -> None:
    """Make this page's next `render(config, files)` set `products` instead of converting its Markdown.

    MkDocs calls `page.render` right after `on_page_markdown`; this replaces it on this page only.
    """
    _require()

    def render(config: Any, files: Any) -> None:
        page.content = products.content
        page.toc = products.toc
        page._title_from_render = products.title
        page.present_anchor_ids = set(products.anchors)
        linked = ((files.get_file_from_path(src), anchors) for src, anchors in products.links.items())
        page.links_to_anchors = {target: dict(anchors) for target, anchors in linked if target is not None}

    setattr(page, "render", render)  # noqa: B010


def release_markdown(page: Any) -> None:
    """Drop the page's Markdown once it is converted: MkDocs 1.6 keeps every page's until the build
    ends, though after the conversion it only asks whether there is any (`Page.title`), so an empty
    text stands in for it."""
    _require(("mkdocs",))
    page.markdown = ""


# --- a page's template -------------------------------------------------------------------------


def use_template(page: Any, name: str) -> Any:
    """Render `page` with the theme template `name`; returns what to give `restore_template` afterwards.

    MkDocs reads `page.meta['template']` before `on_page_context`, so this must run earlier (`on_env`).
    """
    _require()
    saved = page.meta.get("template", _MISSING)
    page.meta["template"] = name
    return saved


def restore_template(page: Any, saved: Any) -> None:
    """Put back the template `use_template` replaced."""
    if saved is _MISSING:
        page.meta.pop("template", None)
    else:
        page.meta["template"] = saved


# --- the site ----------------------------------------------------------------------------------


def navigation_key(nav: Any) -> str:
    """The navigation as MkDocs prints it: every title and address, in order."""
    _require()
    return str(nav)


def keep_compiled_templates(env: jinja2.Environment, cache: jinja2.BytecodeCache, extra: dict[str, str]) -> None:
    """Give the theme's environment (made anew by MkDocs for every build) a lasting bytecode
    cache and the templates in `extra` (name -> source), found before the theme's own."""
    _require()
    assert env.loader is not None
    env.loader = jinja2.ChoiceLoader([jinja2.DictLoader(extra), env.loader])
    env.bytecode_cache = cache


# --- the dev server ----------------------------------------------------------------------------


def polling_problem() -> str | None:
    """Why `poll_every` cannot change the dev server's polling here (None: it can)."""
    return version_problem(POLLING, "saves are noticed at MkDocs' own pace (0.5 s)")


def poll_every(server: Any, seconds: float) -> bool:
    """Make `mkdocs serve` notice saves sooner: its file watcher polls every 0.5 s, fixed in MkDocs.

    The interval lives on watchdog's polling observer and its emitters (one per watched
    path); emitters made later by `server.watch` take the observer's. The server then
    waits for `build_delay` (0.1 s) without further changes before it rebuilds; half a
    poll is enough, as later changes are only seen at the next poll anyway. Returns
    False, changing nothing, if the server is not built the way MkDocs 1.6 builds it.
    """
    _require(POLLING)
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


# --- measuring ---------------------------------------------------------------------------------


@contextlib.contextmanager
def timed_plugin_events(plugin: str) -> Iterator[dict[str, float]]:
    """Inside the block, the seconds each event spends in the hooks of the plugin named `plugin`."""
    _require(("mkdocs",))
    from mkdocs.plugins import PluginCollection

    spent: dict[str, float] = defaultdict(float)
    original = PluginCollection.run_event

    def run_event(self: Any, name: str, item: Any = None, **kwargs: Any) -> Any:
        """PluginCollection.run_event (MkDocs 1.6), timing one plugin's methods."""
        pass_item = item is not None
        for method in self.events[name]:
            self._current_plugin = self._event_origins.get(method, "<unknown>")
            started = time.perf_counter()
            result = method(item, **kwargs) if pass_item else method(**kwargs)
            if self._current_plugin == plugin:
                spent[name] += time.perf_counter() - started
            if result is not None:
                item = result
        self._current_plugin = None
        return item

    PluginCollection.run_event = run_event  # type: ignore[method-assign]
    try:
        yield spent
    finally:
        PluginCollection.run_event = original  # type: ignore[method-assign]
