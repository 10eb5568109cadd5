"""The MkDocs plugin `explainer`: hooks, each calling one method of `session.Session`.

`on_startup` keeps this plugin object alive across `mkdocs serve` rebuilds, so the session
(content store, serve caches) survives and a save re-reads only what changed. What each hook
does is told in session.py; every contact with MkDocs' non-public behaviour is in
mkdocs_adapter.py.
"""

from __future__ import annotations

from typing import Any

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from .session import Session, Settings


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
        self.session: Session | None = None

    def settings(self) -> Settings:
        return Settings(**{name: self.config[name] for name in Settings.__dataclass_fields__})

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.session = Session(self.settings(), command)

    def on_config(self, config: MkDocsConfig) -> None:
        if self.session is None:  # built without `on_startup` (MkDocs' API called directly)
            self.session = Session(self.settings())
        self.session.configure(config)

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        assert self.session is not None
        self.session.load()

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.session is not None
        return self.session.add_files(files, config)

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> None:
        assert self.session is not None
        self.session.navigation(nav, config, files)

    def on_page_read_source(self, *, page: Page, config: MkDocsConfig) -> str | None:
        assert self.session is not None
        return self.session.page_source(page)

    @event_priority(-100)  # after any plugin that changes the Markdown
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        assert self.session is not None
        return self.session.markdown(page, markdown)

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        assert self.session is not None
        return self.session.page_content(page, html)

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        assert self.session is not None
        return self.session.environment(env, files)

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        assert self.session is not None
        return self.session.page_output(page, output)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        assert self.session is not None
        self.session.finish(config)

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        assert self.session is not None
        return self.session.watch(server, config)

    def on_shutdown(self) -> None:
        if self.session is not None:
            self.session.stop()
