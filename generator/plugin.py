"""The MkDocs plugin `explainer`: thin hooks, each calling one tested function.

* `on_startup` keeps this plugin object alive across `mkdocs serve` rebuilds,
  so the `ContentStore` (parsed files, validated models) survives and a save
  re-reads only what changed.
* `on_pre_build` loads the content and verifies its citations against the archived
  texts (verify.py); `mkdocs build` fails on any error (`--strict`: on any warning), while
  `mkdocs serve` logs the problems and shows the errors on the affected pages. Under
  `mkdocs serve` a story is verified again only when it or an archive it cites changed.
* `on_files` adds the generated pages with `File.generated`.
* `on_post_build` writes the open data (`export.py`) beside the pages.
* `on_serve` watches `content/`, the templates and the theme overrides, and polls for saves more often.
* Under `mkdocs serve` only, the build and page events hand their work to
  `incremental.ServeCache`, so a save renders again only the stories that changed,
  and MkDocs converts only the pages whose Markdown (or navigation) changed.
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
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from .errors import Severity
from .export import story_data_files, write_open_data
from .incremental import ServeCache, StoryCache, for_serve, poll_every, search_entries
from .pages import HOME_PATH, StoryPages, format_problems, render_story_pages_of, site_pages
from .pipeline import ContentStore, Result
from .settings import Settings, lexical
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


class ExplainerPlugin(BasePlugin[ExplainerConfig]):
    def __init__(self) -> None:
        self.command = "build"
        self.store: ContentStore | None = None
        self.verifier: Verifier | None = None
        self.result: Result | None = None
        self.serve: ServeCache | None = None
        self.nav: Navigation | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command
        if command == "serve" and self.config.serve_incremental:
            self.serve = ServeCache(
                StoryCache(render_story_pages_of, TEMPLATES), StoryCache(story_data_files, TEMPLATES)
            )

    def on_config(self, config: MkDocsConfig) -> None:
        root = project_root(config)
        content_dir = root / self.config.content_dir
        if self.store is None or self.store.content_dir != content_dir:
            self.store = ContentStore(content_dir)
        docs_dir = os.path.relpath(config.docs_dir, root)
        settings = Settings(lexical(root), self.config.archive_dir, docs_dir)
        if self.verifier is None or self.verifier.settings != settings:
            self.verifier = Verifier(settings)

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        assert self.store is not None and self.verifier is not None
        self.result = self.store.load()
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

    @event_priority(100)  # before the search plugin reads the page
    def _before_search(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Navigation) -> Any:
        if self.serve is not None:
            self.serve.pages.before_search(page, search_entries(config.plugins))
        return context

    @event_priority(-100)  # after it
    def _after_search(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Navigation) -> Any:
        if self.serve is not None:
            self.serve.pages.after_search(page, search_entries(config.plugins))
        return context

    on_page_context = CombinedEvent(_before_search, _after_search)

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        return self.serve.pages.output(page, output) if self.serve is not None else output

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Write the open data (story JSON, timelines, schema, feed) beside the pages."""
        if self.serve is not None:
            log.info(f"explainer: {self.serve.summary()}")
        if self.result is not None:
            author = config.site_author or config.site_name
            open_data = self.serve.open_data if self.serve is not None else None
            write_open_data(self.result, config.site_dir, config.site_url or "", config.site_name, author, open_data)

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        assert self.store is not None
        server.watch(str(self.store.content_dir))
        server.watch(str(TEMPLATES))
        if config.theme.custom_dir:  # MkDocs watches theme folders only with --watch-theme
            server.watch(config.theme.custom_dir)
        poll_every(server, self.config.serve_poll_interval)
        return server


def project_root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path or ".").resolve().parent


def report(result: Result, fail: bool) -> None:
    """Log every problem; when building (not serving), stop on any error."""
    if fail and result.errors:
        raise PluginError(f"{len(result.errors)} content error(s):\n" + format_problems(result.problems))
    for problem in result.problems:
        if problem.severity is Severity.NOTE:
            log.info(str(problem))  # worth a look; never fails a --strict build
        else:
            (log.error if problem.is_error else log.warning)(str(problem))


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
