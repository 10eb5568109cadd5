"""What each hook of the MkDocs plugin does, as one method of `Session` (the plugin only calls them).

A `Session` lives as long as the plugin object: one build, or every rebuild of `mkdocs serve`,
where it keeps the `ContentStore` (parsed files, validated models) so a save re-reads only
what changed, and, unless `serve_caches_problem()` says the installed MkDocs or Material are
not the ones the caches were written for, the `ServeCache` (incremental.py) that renders
again only the stories and pages that changed.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from . import search
from .errors import Severity, format_problems
from .export import story_data_files, write_open_data
from .impact import edited_between
from .incremental import ServeCache, StoryCache, for_serve, template_stamp
from .mkdocs_adapter import poll_every, polling_problem, release_markdown, serve_caches_problem, version_problem
from .pages import HOME_PATH, Page, StoryPages, site_pages
from .pipeline import ContentStore, Result
from .render import PageMemo, reload_templates
from .render_cache import RenderCache
from .settings import Settings as CheckSettings
from .settings import lexical
from .share import ShareCache, write_share_images
from .verify import Verifier, verify_result

log = logging.getLogger("mkdocs.plugins.explainer")
TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class Settings:
    """The plugin's settings (see `ExplainerConfig` in plugin.py)."""

    content_dir: str = "content"
    home_title: str = "Explainers"
    archive_dir: str | None = None
    serve_poll_interval: float = 0.1
    serve_incremental: bool = True
    cache_dir: str = ".cache/explainer"
    serve_search: str = "background"


class Session:
    def __init__(self, settings: Settings, command: str = "build") -> None:
        self.settings = settings
        self.command = command
        self.store: ContentStore | None = None
        self.result: Result | None = None
        self.verifier: Verifier | None = None
        self.share_cache: ShareCache | None = None
        self.pages = RenderCache(None)
        """Story pages rendered by earlier builds, on disk (`cache_dir`), by a hash of what they show."""
        self.nav: Any = None
        self.sources: dict[str, str] = {}
        self.templates: list[tuple[str, int, int]] = []
        self.serve: ServeCache | None = None
        """Under `mkdocs serve`: what unchanged stories and pages made, reused after a save."""
        self.search: search.BackgroundIndex | None = None
        """Under `mkdocs serve` with `serve_search: background`, the index being built after the last build."""
        if command == "serve" and settings.serve_incremental:
            problem = serve_caches_problem()
            if problem is None:
                self.serve = ServeCache(
                    StoryCache(self._story_pages, TEMPLATES), StoryCache(story_data_files, TEMPLATES)
                )
            else:
                log.warning(problem)
        self.release = command == "build" and version_problem(("mkdocs",), "") is None
        """Drop each page's Markdown once converted (a build, with the MkDocs `release_markdown` was written for)."""
        if command == "serve" and settings.serve_search == "background":
            self.search = search.BackgroundIndex()

    def configure(self, config: Any) -> None:
        """`on_config`: the content folder, the citation checker and the caches, kept while they stay the same."""
        root = project_root(config)
        content_dir = root / self.settings.content_dir
        if self.store is None or self.store.content_dir != content_dir:
            self.store = ContentStore(content_dir)
        check = CheckSettings(lexical(root), self.settings.archive_dir, os.path.relpath(config.docs_dir, root))
        if self.verifier is None or self.verifier.settings != check:
            self.verifier = Verifier(check)
        cache_dir = root / self.settings.cache_dir / "share" if self.settings.cache_dir else None
        if self.share_cache is None or self.share_cache.folder != cache_dir:
            self.share_cache = ShareCache(cache_dir)
        pages_dir = root / self.settings.cache_dir / "pages" if self.settings.cache_dir else None
        if self.pages.folder != pages_dir:
            self.pages = RenderCache(pages_dir)

    def _story_pages(self, site: Any, story: Any, content_name: str) -> list[Page]:
        return self.pages(site, story, content_name)

    def load(self) -> None:
        """`on_pre_build`: load the content and verify its citations against the archived texts (verify.py);
        `mkdocs build` stops on an error, `mkdocs serve` shows it. Under `mkdocs serve` a story is verified
        again only when it or an archive it cites changed."""
        assert self.store is not None and self.verifier is not None
        if self.search is not None:
            self.search.stop()  # before MkDocs empties the site folder it is reading
        templates = template_stamp()
        if templates != self.templates:  # an edited template is read again (serve), never in between
            reload_templates()
            self.templates = templates
        before = self.result.site if self.result is not None else None
        self.result = self.store.load()
        if self.command != "serve":  # one build: what the store keeps for the next one is only memory
            self.store.forget()
        for note in edited_between(before, self.result.site):
            log.info(note)
        if self.result.site is not None:
            verification = verify_result(self.verifier, self.result.located, self.result.site)
            self.result.add_problems(verification.problems)
        report(self.result, fail=self.command != "serve")

    def add_files(self, files: Files, config: Any) -> Files:
        """`on_files`: add the generated pages."""
        assert self.result is not None
        self.pages.start(self.result.site, self.settings.content_dir)
        story_pages: StoryPages = self.pages
        if self.serve is not None:
            self.serve.start(self.result.site)
            story_pages = self.serve.story_pages
        settings = self.settings
        self.sources = add_pages(
            files, config, self.result, settings.home_title, settings.content_dir, story_pages, self.pages.memo
        )
        return files

    def page_source(self, page: Any) -> str | None:
        """`on_page_read_source`: a generated page's Markdown, handed over once (None: a hand-written page).

        The generated files are made empty and their Markdown is kept here until MkDocs reads it,
        so each page's text is held once (by the page), not twice (by its file as well)."""
        return self.sources.pop(page.file.src_uri, None)

    def navigation(self, nav: Any, config: Any, files: Files) -> None:
        """`on_nav`: the site's files and navigation are known."""
        self.nav = nav
        if self.serve is not None:
            self.serve.start_pages(config, files)

    def markdown(self, page: Any, markdown: str) -> str:
        """`on_page_markdown`: under `mkdocs serve`, a page converted before is not converted again."""
        return self.serve.pages.markdown(page, markdown) if self.serve is not None else markdown

    def environment(self, env: Any, files: Files) -> Any:
        """`on_env`: every page is read; under `mkdocs serve`, pages whose HTML holds are not rendered again."""
        if self.serve is None:
            return env
        self.serve.pages.context(self.nav, [f.page for f in files.documentation_pages() if f.page])
        return for_serve(env, self.serve.compiled)

    def page_output(self, page: Any, output: str) -> str:
        """`on_post_page`: the page's final HTML (under `mkdocs serve`, perhaps the one kept)."""
        return self.serve.pages.output(page, output) if self.serve is not None else output

    def page_content(self, page: Any, html: str) -> str:
        """`on_page_content`: under `mkdocs build`, the page's Markdown is not needed any more."""
        if self.release:
            release_markdown(page)
        return html

    def finish(self, config: Any) -> None:
        """`on_post_build`: the open data (story JSON, timelines, schema, feed), the share images, the search index."""
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
            if self.command == "build":  # the caches keep only what the last full build used
                self.share_cache.prune()
                self.pages.prune()
            log.debug(f"explainer: {share}")
            log.info(f"explainer: story pages: {self.pages.summary()}")
        if self.search is not None:
            self.search.start(Path(config.site_dir))
        elif self.command != "serve" or self.settings.serve_search == "wait":
            build_search_index(Path(config.site_dir), fail=self.command != "serve")

    def watch(self, server: Any, config: Any) -> Any:
        """`on_serve`: watch the content, the templates and the theme overrides; poll for saves more often."""
        assert self.store is not None
        server.watch(str(self.store.content_dir))
        server.watch(str(TEMPLATES))
        if config.theme.custom_dir:  # MkDocs watches theme folders only with --watch-theme
            server.watch(config.theme.custom_dir)
        problem = polling_problem()
        if problem is None:
            poll_every(server, self.settings.serve_poll_interval)
        else:
            log.info(problem)
        return server

    def stop(self) -> None:
        """`on_shutdown`: stop a search index still being built."""
        if self.search is not None:
            self.search.stop()


def project_root(config: Any) -> Path:
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
        done = search.index_site(site_dir)
    except search.SearchIndexError as error:
        if fail:
            raise PluginError(f"the search index was not built: {error}") from error
        log.warning(f"explainer: the search index was not built: {error}")
        return
    log.info(f"explainer: search index: {done.pages} pages in {done.seconds:.2f} s")


def add_pages(
    files: Files,
    config: Any,
    result: Result,
    home_title: str,
    content_name: str,
    story_pages: StoryPages | None = None,
    memo: PageMemo | None = None,
) -> dict[str, str]:
    """Add the generated pages (empty files: see `Session.page_source`); point hand-written pages' edit
    links into `docs/`. Returns each generated page's Markdown by its path."""
    if files.get_file_from_path(HOME_PATH) is not None:
        raise PluginError(f"{config.docs_dir}/{HOME_PATH} clashes with the generated home page: rename or remove it")
    docs_prefix = Path(config.docs_dir).resolve().relative_to(project_root(config)).as_posix()
    for file in files:
        if file.edit_uri is not None:
            file.edit_uri = f"{docs_prefix}/{file.edit_uri}"
    sources = {}
    for page in site_pages(result, home_title, content_name, story_pages, memo):
        existing = files.get_file_from_path(page.path)
        if existing is not None:
            raise PluginError(f"{config.docs_dir}/{page.path} clashes with a generated page: rename or remove it")
        file = File.generated(config, page.path, content="")
        file.edit_uri = page.edit_path
        files.append(file)
        sources[file.src_uri] = page.markdown
    return sources
