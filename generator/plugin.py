"""The MkDocs plugin `explainer`: thin hooks, each calling one tested function.

* `on_startup` keeps this plugin object alive across `mkdocs serve` rebuilds,
  so the `ContentStore` (parsed files, validated models) survives and a save
  re-reads only what changed.
* `on_pre_build` loads the content and verifies its citations against the archived
  texts (verify.py); `mkdocs build` fails on any error (`--strict`: on any warning), while
  `mkdocs serve` logs the problems and shows the errors on the affected pages. Under
  `mkdocs serve` a story is verified again only when it or an archive it cites changed.
* `on_files` adds the generated pages with `File.generated`.
* `on_post_build` writes the open data (`export.py`) and the share images (`share.py`) beside
  the pages, then the search index (`search.py`): `mkdocs build` waits for it; `mkdocs serve`
  builds it in the background (`serve_search`), so a save reloads the page without waiting.
* `on_serve` watches `content/`, the templates and the theme overrides, and polls for saves more often.
* Under `mkdocs serve` only, the build and page events hand their work to
  `incremental.ServeCache`, so a save renders again only the stories that changed,
  and MkDocs converts only the pages whose Markdown (or navigation) changed.
* `on_shutdown` stops a search index still being built.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from .errors import Severity, format_problems
from .export import story_data_files, write_open_data
from .impact import edited_between
from .incremental import ServeCache, StoryCache, for_serve, poll_every
from .pages import HOME_PATH, StoryPages, render_story_pages_of, site_pages
from .pipeline import ContentStore, Result
from .search import BackgroundIndex, SearchIndexError, index_site
from .settings import Settings, lexical
from .share import ShareCache, write_share_images
from .verify import Verifier, verify_result

log = logging.getLogger("mkdocs.plugins.explainer")
TEMPLATES = Path(__file__).parent / "templates"


class ExplainerConfig(Config):
    content_dir = opt.Type(str, default="content")
    home_title = opt.Type(str, default="Explainers")
    archive_dir = opt.Optional(opt.Type(str))
    """A folder (from the project's folder) of archived texts that sources' `archive:` may name, even
    outside the project; usually kept out of git. See archive.py."""
    serve_poll_interval = opt.Type(float, default=0.1)
    """Seconds between checks for saved files under `mkdocs serve` (MkDocs' own: 0.5)."""
    serve_incremental = opt.Type(bool, default=True)
    """Under `mkdocs serve`, reuse what unchanged stories and pages made (off: render all, as MkDocs does)."""
    cache_dir = opt.Type(str, default=".cache/explainer")
    """Where generated share images are kept between builds, relative to mkdocs.yml ("": keep none)."""
    serve_search = opt.Choice(("background", "wait", "skip"), default="background")
    """Under `mkdocs serve`, index the site for search after each rebuild without holding up the
    reload (`background`), before the reload (`wait`, as `mkdocs build` always does), or not at
    all (`skip`; not `off`, which YAML reads as false)."""


class ExplainerPlugin(BasePlugin[ExplainerConfig]):
    def __init__(self) -> None:
        self.command = "build"
        self.store: ContentStore | None = None
        self.verifier: Verifier | None = None
        self.result: Result | None = None
        self.serve: ServeCache | None = None
        self.nav: Navigation | None = None
        self.share_cache: ShareCache | None = None
        self.search: BackgroundIndex | None = None
        """Under `mkdocs serve` with `serve_search: background`, the index being built after the last build."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command
        if command == "serve" and self.config.serve_incremental:
            self.serve = ServeCache(
                StoryCache(render_story_pages_of, TEMPLATES), StoryCache(story_data_files, TEMPLATES)
            )
        background = command == "serve" and self.config.serve_search == "background"
        self.search = BackgroundIndex() if background else None

    def on_config(self, config: MkDocsConfig) -> None:
        root = project_root(config)
        content_dir = root / self.config.content_dir
        if self.store is None or self.store.content_dir != content_dir:
            self.store = ContentStore(content_dir)
        docs_dir = os.path.relpath(config.docs_dir, root)
        settings = Settings(lexical(root), self.config.archive_dir, docs_dir)
        if self.verifier is None or self.verifier.settings != settings:
            self.verifier = Verifier(settings)
        cache_dir = root / self.config.cache_dir / "share" if self.config.cache_dir else None
        if self.share_cache is None or self.share_cache.folder != cache_dir:
            self.share_cache = ShareCache(cache_dir)

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        assert self.store is not None and self.verifier is not None
        if self.search is not None:
            self.search.stop()  # before MkDocs empties the site folder it is reading
        before = self.result.site if self.result is not None else None
        self.result = self.store.load()
        for note in edited_between(before, self.result.site):
            log.info(note)
        if self.result.site is not None:  # unchanged stories keep their results under `mkdocs serve`
            verification = verify_result(self.verifier, self.result.located, self.result.site)
            self.result.add_problems(verification.problems)
        report(self.result, fail=self.command != "serve")

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.result is not None
        story_pages = None
        if self.serve is not None:
            self.serve.start(self.result.site)
            story_pages = self.serve.story_pages
        add_pages(files, config, self.result, self.config.home_title, self.config.content_dir, story_pages)
        return files

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> None:
        self.nav = nav
        if self.serve is not None:
            self.serve.start_pages(config, files)

    @event_priority(-100)  # after any plugin that changes the Markdown
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        return self.serve.pages.markdown(page, markdown) if self.serve is not None else markdown

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        if self.serve is not None:
            self.serve.pages.context(str(self.nav), [f.page for f in files.documentation_pages() if f.page])
            env = for_serve(env, self.serve.compiled)
        return env

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        return self.serve.pages.output(page, output) if self.serve is not None else output

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Write the open data (story JSON, timelines, schema, feed) and the share images, then the search index."""
        if self.serve is not None:
            log.info(f"explainer: {self.serve.summary()}")
        if self.result is not None:
            author = config.site_author or config.site_name
            open_data = self.serve.open_data if self.serve is not None else None
            write_open_data(self.result, config.site_dir, config.site_url or "", config.site_name, author, open_data)
            assert self.store is not None and self.share_cache is not None
            share = write_share_images(
                self.result, self.store.content_dir, config.site_dir, config.site_name, self.share_cache
            )
            if self.command == "build":  # the cache keeps only what the last full build used
                self.share_cache.prune()
            log.debug(f"explainer: {share}")
        if self.search is not None:
            self.search.start(Path(config.site_dir))
        elif self.command != "serve" or self.config.serve_search == "wait":
            build_search_index(Path(config.site_dir), fail=self.command != "serve")

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        assert self.store is not None
        server.watch(str(self.store.content_dir))
        server.watch(str(TEMPLATES))
        if config.theme.custom_dir:  # MkDocs watches theme folders only with --watch-theme
            server.watch(config.theme.custom_dir)
        poll_every(server, self.config.serve_poll_interval)
        return server

    def on_shutdown(self) -> None:
        if self.search is not None:
            self.search.stop()


def project_root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path or ".").resolve().parent


def report(result: Result, fail: bool) -> None:
    """Log every problem; when building (not serving), stop on any error."""
    if fail and result.errors:
        raise PluginError(f"{result.error_count:,} content error(s):\n" + format_problems(result.problems))
    for problem in result.problems:
        if problem.severity is Severity.NOTE:
            log.info(str(problem))  # worth a look; never fails a --strict build
        else:
            (log.error if problem.is_error else log.warning)(str(problem))


def build_search_index(site_dir: Path, fail: bool) -> None:
    """Index the built site for search and wait for it. A failure fails the build, or (`fail` false,
    under `mkdocs serve`, where a raising hook would leave the server hanging) is logged."""
    try:
        done = index_site(site_dir)
    except SearchIndexError as error:
        if fail:
            raise PluginError(f"the search index was not built: {error}") from error
        log.warning(f"explainer: the search index was not built: {error}")
        return
    log.info(f"explainer: search index: {done.pages} pages in {done.seconds:.2f} s")


def add_pages(
    files: Files,
    config: MkDocsConfig,
    result: Result,
    home_title: str,
    content_name: str,
    story_pages: StoryPages | None = None,
) -> None:
    """Add the generated pages; point hand-written pages' edit links into `docs/`."""
    if files.get_file_from_path(HOME_PATH) is not None:
        raise PluginError(f"{config.docs_dir}/{HOME_PATH} clashes with the generated home page: rename or remove it")
    docs_prefix = Path(config.docs_dir).resolve().relative_to(project_root(config)).as_posix()
    for file in files:
        if file.edit_uri is not None:
            file.edit_uri = f"{docs_prefix}/{file.edit_uri}"
    for page in site_pages(result, home_title, content_name, story_pages):
        existing = files.get_file_from_path(page.path)
        if existing is not None:
            raise PluginError(f"{config.docs_dir}/{page.path} clashes with a generated page: rename or remove it")
        file = File.generated(config, page.path, content=page.markdown)
        file.edit_uri = page.edit_path
        files.append(file)
