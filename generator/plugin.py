"""The MkDocs plugin `explainer`: thin hooks, each calling one tested function.

* `on_startup` keeps this plugin object alive across `mkdocs serve` rebuilds,
  so the `ContentStore` (parsed files, validated models) survives and a save
  re-reads only what changed.
* `on_pre_build` loads the content; `mkdocs build` fails on any error, while
  `mkdocs serve` logs the errors and shows them on the affected pages.
* `on_files` adds the generated pages with `File.generated`.
* `on_serve` watches `content/` and the templates.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from .pages import HOME_PATH, format_problems, site_pages
from .pipeline import ContentStore, Result

log = logging.getLogger("mkdocs.plugins.explainer")
TEMPLATES = Path(__file__).parent / "templates"


class ExplainerConfig(Config):
    content_dir = opt.Type(str, default="content")
    home_title = opt.Type(str, default="Explainers")


class ExplainerPlugin(BasePlugin[ExplainerConfig]):
    def __init__(self) -> None:
        self.command = "build"
        self.store: ContentStore | None = None
        self.result: Result | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command

    def on_config(self, config: MkDocsConfig) -> None:
        content_dir = project_root(config) / self.config.content_dir
        if self.store is None or self.store.content_dir != content_dir:
            self.store = ContentStore(content_dir)

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        assert self.store is not None
        self.result = self.store.load()
        report(self.result, fail=self.command != "serve")

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.result is not None
        add_pages(files, config, self.result, self.config.home_title, self.config.content_dir)
        return files

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        assert self.store is not None
        server.watch(str(self.store.content_dir))
        server.watch(str(TEMPLATES))
        return server


def project_root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path or ".").resolve().parent


def report(result: Result, fail: bool) -> None:
    """Log every problem; when building (not serving), stop on any error."""
    if fail and result.errors:
        raise PluginError(f"{len(result.errors)} content error(s):\n" + format_problems(result.problems))
    for problem in result.problems:
        (log.error if problem.is_error else log.warning)(str(problem))


def add_pages(files: Files, config: MkDocsConfig, result: Result, home_title: str, content_name: str) -> None:
    """Add the generated pages; point hand-written pages' edit links into `docs/`."""
    if files.get_file_from_path(HOME_PATH) is not None:
        raise PluginError(f"{config.docs_dir}/{HOME_PATH} clashes with the generated home page: rename or remove it")
    docs_prefix = Path(config.docs_dir).resolve().relative_to(project_root(config)).as_posix()
    for file in files:
        if file.edit_uri is not None:
            file.edit_uri = f"{docs_prefix}/{file.edit_uri}"
    for page in site_pages(result, home_title, content_name):
        existing = files.get_file_from_path(page.path)
        if existing is not None:
            raise PluginError(f"{config.docs_dir}/{page.path} clashes with a generated page: rename or remove it")
        file = File.generated(config, page.path, content=page.markdown)
        file.edit_uri = page.edit_path
        files.append(file)
