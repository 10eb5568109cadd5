"""A real strict `mkdocs build`, timing the explainer plugin's hooks inside it; prints JSON.

    python -m bench.inside SITE_DIR     (run in the project's folder, with this checkout on PYTHONPATH)

The plugin's share is measured in the same process and the same moments as the rest
of the build, so a busy machine skews both sides alike. The search index (Pagefind, run by the
plugin after the build) is timed on its own and left out of the plugin's share: it is the
site's search, not the generator's work, and Material's search plugin, which it replaces,
counted in the rest of the build.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from pathlib import Path
from typing import Any

from mkdocs.commands import build
from mkdocs.config import load_config

from generator import search
from generator.mkdocs_adapter import timed_plugin_events

PLUGIN = "explainer"
indexing: list[float] = []
INDEX_SITE = search.index_site


def timed_index_site(site_dir: Path, *args: Any, **kwargs: Any) -> search.Indexed:
    """generator.search.index_site, timed."""
    started = time.perf_counter()
    try:
        return INDEX_SITE(site_dir, *args, **kwargs)
    finally:
        indexing.append(time.perf_counter() - started)


def main(site_dir: str) -> dict[str, Any]:
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    search.index_site = timed_index_site
    started = time.perf_counter()
    with timed_plugin_events(PLUGIN) as spent:
        config = load_config("mkdocs.yml", strict=True, site_dir=site_dir)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build.build(config)
        finally:
            config.plugins.on_shutdown()
    total = time.perf_counter() - started
    index_s = sum(indexing)
    return {
        "build_s": total,
        "plugin_s": sum(spent.values()) - index_s,
        "search_index_s": index_s,
        "plugin_by_event_s": dict(spent),
    }


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1])))
