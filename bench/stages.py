"""The generator's own cost on one content folder, stage by stage, printed as JSON.

Runs in a fresh process (`python bench/stages.py CONTENT`), so it pays what a real
build pays: a cold Jinja2 environment and every file parsed once. Imports are
timed separately; they are paid once per build whatever the story count.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


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


if __name__ == "__main__":
    print(json.dumps(measure(Path(sys.argv[1]))))
