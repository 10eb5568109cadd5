"""Full-text search: Pagefind indexes the built site's story pages into `_pagefind/`.

Story pages mark their article `data-pagefind-body` (overrides/base.html, from the
`explainer` front matter), so Pagefind indexes their main text, closed disclosures
included, and no other page. Each question is an `<h2>` with an id: Pagefind splits
a page's matches by those headings, which the search dialog (docs/assets/search.js)
shows as one result per page with its matching sections. The index is split into
small files that the browser fetches only for the words searched.

`index_site` runs the `pagefind` binary from the `pagefind[bin]` package, writing
into a folder beside the output and renaming it into place when done, so a site
never serves half an index. `mkdocs build` calls it and waits; `mkdocs serve` runs
it in the background after each rebuild (`BackgroundIndex`), so a save reloads the
page without waiting for the index, and a newer rebuild cancels an older index.
"""

from __future__ import annotations

import json
import logging
import shutil
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger("mkdocs.plugins.explainer")

OUTPUT_DIR = "_pagefind"
"""Where the index goes in the site. A story folder starting with `_` is never read, so no story clashes with it."""
PARTIAL_DIR = ".pagefind-partial"
ROOT_SELECTOR = "[data-pagefind-body]"
"""Only what is marked: a site with no story page gets no index, rather than every page's text."""
LANGUAGE = "unknown"
"""One index with no stemming, whatever the page's language. English stemming makes a name typed
one way miss the spelling in the text (a query `...sky` is stemmed `...ski`, which no longer
starts `...skyy`), and mangles names and other scripts. Every query word still matches the
start of longer words (`claim` finds `claims` and `claimed`)."""
EXCLUDE_SELECTORS = (".headerlink",)
"""Not indexed: the `¶` permalink Markdown's `toc` puts after every heading."""
NOTHING_TO_INDEX = "Pagefind was not able to build an index"
"""What Pagefind (the pinned version) says, failing, when no page has anything to index."""


class SearchIndexError(Exception):
    """Pagefind failed; the message carries its output."""


@dataclass(frozen=True)
class Indexed:
    pages: int
    seconds: float


def pagefind_executable() -> Path:
    """The `pagefind` binary that `pagefind[bin]` installs (no download at run time)."""
    import pagefind_bin  # type: ignore[import-untyped]

    return Path(pagefind_bin.get_executable())


def pagefind_command(site_dir: Path, output: Path, executable: Path | None = None) -> list[str]:
    command = [str(executable or pagefind_executable()), "--site", str(site_dir), "--output-path", str(output)]
    command += ["--root-selector", ROOT_SELECTOR, "--force-language", LANGUAGE]
    for selector in EXCLUDE_SELECTORS:
        command += ["--exclude-selectors", selector]
    return [*command, "--quiet"]


def indexed_pages(index_dir: Path) -> int:
    """How many pages an index holds, from its `pagefind-entry.json`."""
    entry = json.loads((index_dir / "pagefind-entry.json").read_text(encoding="utf-8"))
    return sum(int(language["page_count"]) for language in entry["languages"].values())


def index_site(
    site_dir: Path,
    executable: Path | None = None,
    started: Callable[[subprocess.Popen[str]], None] | None = None,
) -> Indexed:
    """Index the built site in `site_dir` into `site_dir/_pagefind/`, replacing any index there.

    A site without story pages (say, only error pages under `mkdocs serve`) gets no index.
    `started` receives the Pagefind process as soon as it runs (to stop it early).
    Raises `SearchIndexError` if Pagefind fails or is stopped; the site is then left as it was.
    """
    site_dir = site_dir.resolve()
    partial, final = site_dir / PARTIAL_DIR, site_dir / OUTPUT_DIR
    shutil.rmtree(partial, ignore_errors=True)
    begun = time.perf_counter()
    command = pagefind_command(site_dir, partial, executable)
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if started is not None:
        started(process)
    output, _ = process.communicate()
    empty = process.returncode == 1 and NOTHING_TO_INDEX in output
    if not empty and (process.returncode != 0 or not (partial / "pagefind.js").is_file()):
        shutil.rmtree(partial, ignore_errors=True)
        raise SearchIndexError(f"pagefind exited with {process.returncode}: {output.strip()[-2000:]}")
    shutil.rmtree(final, ignore_errors=True)
    if empty:
        shutil.rmtree(partial, ignore_errors=True)
        return Indexed(0, time.perf_counter() - begun)
    partial.rename(final)
    return Indexed(indexed_pages(final), time.perf_counter() - begun)


class BackgroundIndex:
    """Under `mkdocs serve`: index each rebuilt site in a thread, so the reload does not wait for it.

    `start` runs after a build; `stop`, before the next build cleans the site folder
    (and at shutdown), ends an index still running and waits until it has let go.
    """

    def __init__(self, index: Callable[..., Indexed] = index_site) -> None:
        self._index = index
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._process: subprocess.Popen[str] | None = None
        self._stopping = False
        self.last: Indexed | SearchIndexError | None = None
        """The outcome of the last index that ran to its end."""

    def start(self, site_dir: Path) -> None:
        self.stop()
        self._stopping = False
        self._thread = threading.Thread(target=self._run, args=(site_dir,), name="explainer-search", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        with self._lock:
            self._stopping = True
            if self._process is not None and self._process.poll() is None:
                self._process.terminate()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        self._process = None

    def wait(self) -> Indexed | SearchIndexError | None:
        """Wait for the index under way, if any; its outcome."""
        if self._thread is not None:
            self._thread.join()
        return self.last

    def _started(self, process: subprocess.Popen[str]) -> None:
        with self._lock:
            self._process = process
            if self._stopping:
                process.terminate()

    def _run(self, site_dir: Path) -> None:
        try:
            self.last = done = self._index(site_dir, started=self._started)
            log.info(f"explainer: search index: {done.pages} pages in {done.seconds:.2f} s")
        except SearchIndexError as error:
            if not self._stopping:
                self.last = error
                log.warning(f"explainer: the search index was not built: {error}")
