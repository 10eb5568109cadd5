"""The generator's own cost on one content folder, stage by stage, printed as JSON.

Runs in a fresh process (`python bench/stages.py CONTENT`), so it pays what a real
build pays: a cold Jinja2 environment and every file parsed once. Imports are
timed separately; they are paid once per build whatever the story count.
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


SHARE_SAMPLE = 50
"""Pictures drawn (without the cache) to time one."""


def measure(content: Path) -> dict[str, float | int]:
    started = time.perf_counter()
    from generator.pages import site_pages
    from generator.pipeline import load_site

    imported = time.perf_counter()
    result = load_site(content)
    loaded = time.perf_counter()
    if result.errors:
        raise SystemExit("the synthetic content has errors:\n" + "\n".join(map(str, result.errors)))
    pages = site_pages(result, "Explainers", content.name)
    rendered = time.perf_counter()
    return {
        "import_s": imported - started,
        "load_validate_link_s": loaded - imported,
        "render_s": rendered - loaded,
        "open_data_s": open_data_seconds(result),
        **share_image_figures(result, content),
        "pages": len(pages),
        "markdown_bytes": sum(len(page.markdown.encode("utf-8")) for page in pages),
    }


def open_data_seconds(result: Any) -> float:
    """The open data files (JSON, feed) the plugin writes after a build, made in memory; NaN if there are none."""
    try:
        from generator.export import open_data_files
    except ImportError:
        return float("nan")
    started = time.perf_counter()
    open_data_files(result, "http://127.0.0.1:8000/", "Explainer", "Explainer")
    return time.perf_counter() - started


def share_image_figures(result: Any, content: Path) -> dict[str, float]:
    """Share images: ms to draw one (no cache), and ms per story to write them all from a filled cache.

    Runs in the project's folder and fills its cache (.cache/explainer/share), so the builds
    measured after it find every picture there, as every build after the first does.
    """
    try:
        from generator.share import ShareCache, share_path, write_share_images
    except ImportError:
        return {}
    stories = result.site.stories
    found = re.search(r"^site_name: (.+)$", Path("mkdocs.yml").read_text(encoding="utf-8"), re.MULTILINE)
    site_name = found[1].strip() if found else "Explainer"
    drawer = ShareCache(None)
    drawer.picture("A first picture loads the font", "", site_name)  # once per build, not per picture
    started = time.perf_counter()
    for story in stories[:SHARE_SAMPLE]:
        drawer.picture(story.title, story.label, site_name)
    drawn = (time.perf_counter() - started) / min(len(stories), SHARE_SAMPLE)
    cache = ShareCache(Path(".cache/explainer/share"))
    with tempfile.TemporaryDirectory() as site:
        write_share_images(result, content, site, site_name, cache)  # fills the cache if it is empty
        started = time.perf_counter()
        write_share_images(result, content, site, site_name, cache)
        cached = (time.perf_counter() - started) / len(stories)
        sizes = [(Path(site) / path).stat().st_size for story in stories if (path := share_path(story))]
    return {"share_drawn_ms": drawn * 1000, "share_cached_ms": cached * 1000, "share_bytes": sum(sizes) / len(sizes)}


if __name__ == "__main__":
    print(json.dumps(measure(Path(sys.argv[1]))))
