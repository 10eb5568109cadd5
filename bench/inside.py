"""A real strict `mkdocs build`, timing the explainer plugin's hooks inside it; prints JSON.

    python bench/inside.py SITE_DIR     (run in the project's folder)

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
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mkdocs.commands import build  # noqa: E402
from mkdocs.config import load_config  # noqa: E402
from mkdocs.plugins import PluginCollection  # noqa: E402

from generator import plugin, search  # noqa: E402

PLUGIN = "explainer"
spent: dict[str, float] = defaultdict(float)
indexing: list[float] = []


def timed_index_site(site_dir: Path) -> Any:
    """generator.search.index_site, timed."""
    started = time.perf_counter()
    try:
        return search.index_site(site_dir)
    finally:
        indexing.append(time.perf_counter() - started)


def run_event(self: PluginCollection, name: str, item: Any = None, **kwargs: Any) -> Any:
    """PluginCollection.run_event (MkDocs 1.6), timing the explainer plugin's methods."""
    pass_item = item is not None
    for method in self.events[name]:
        self._current_plugin = self._event_origins.get(method, "<unknown>")
        started = time.perf_counter()
        result = method(item, **kwargs) if pass_item else method(**kwargs)
        if self._current_plugin == PLUGIN:
            spent[name] += time.perf_counter() - started
        if result is not None:
            item = result
    self._current_plugin = None
    return item


def main(site_dir: str) -> dict[str, Any]:
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    PluginCollection.run_event = run_event  # type: ignore[assignment,method-assign]
    plugin.index_site = timed_index_site  # type: ignore[assignment]
    started = time.perf_counter()
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
