"""An exit from MkDocs: the site as a project that Zensical or ProperDocs builds without our plugin.

    python -m generator.portable zensical OUT      # then: cd OUT && zensical build
    python -m generator.portable properdocs OUT    # then: cd OUT && properdocs build

OUT gets `docs/` (the hand-written pages and assets, and every generated page, as
`explainer render` writes them) and a `mkdocs.yml` without the `explainer` plugin, which
neither engine runs (Zensical runs no MkDocs plugins; ProperDocs would, but the pages are
already there). What each engine gets:

* ProperDocs continues MkDocs 1.x and runs Material 9.8.1 with our `overrides/` (escaped titles,
  JSON-LD, the search dialog): the pages are exactly the plugin's. There is no search index
  (Pagefind runs in the plugin), so the search dialog says search is not available.
* Zensical has its own theme and assets, so `overrides/` (Material 9.8.1's hashed asset names)
  is left out, and Zensical's own search replaces ours (our search script finds no dialog and
  does nothing). Zensical's templates print a page's title and description as they are, so
  here the front matter carries them HTML-escaped: they still read exactly as typed, and a
  title can never become markup. Story pages use no Material-only Markdown: their structure
  is raw HTML styled by docs/assets/explainer.css, which every engine copies as it is.
"""

from __future__ import annotations

import argparse
import html
import shutil
import sys
from pathlib import Path
from typing import Any

import yaml

from .escape import front_matter
from .pages import site_pages
from .pipeline import load_site

ENGINES = ("zensical", "properdocs")
PLUGIN = "explainer"


def write_project(project: Path, out: Path, engine: str, home_title: str = "Explainers") -> int:
    """Write the portable project for `engine` into `out` (emptied first); return how many pages were generated."""
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}: one of {', '.join(ENGINES)}")
    config = _config(project / "mkdocs.yml")
    settings = _plugin_settings(config)
    result = load_site(project / settings.get("content_dir", "content"))
    if result.errors:
        raise ValueError(f"{result.error_count} content error(s): run `explainer check`")
    shutil.rmtree(out, ignore_errors=True)
    docs = out / "docs"
    shutil.copytree(project / config.get("docs_dir", "docs"), docs)
    pages = site_pages(result, settings.get("home_title", home_title), settings.get("content_dir", "content"))
    for page in pages:
        target = docs / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        markdown = _escaped_front_matter(page.markdown) if engine == "zensical" else page.markdown
        target.write_text(markdown, encoding="utf-8")
    config["plugins"] = [entry for entry in config.get("plugins", []) if _name(entry) != PLUGIN]
    config["docs_dir"] = "docs"
    theme = dict(config.get("theme") or {})
    custom_dir = theme.get("custom_dir")
    if engine == "zensical":
        theme.pop("custom_dir", None)
    elif custom_dir:
        shutil.copytree(project / custom_dir, out / custom_dir)
    config["theme"] = theme
    (out / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return len(pages)


def _config(path: Path) -> dict[str, Any]:
    from mkdocs.utils.yaml import get_yaml_loader  # reads `!ENV` as a build does

    with open(path, encoding="utf-8") as stream:
        loaded: dict[str, Any] = yaml.load(stream, Loader=get_yaml_loader())  # MkDocs' own loader: safe, plus `!ENV`
    return loaded


def _name(entry: Any) -> str:
    return entry if isinstance(entry, str) else next(iter(entry))


def _plugin_settings(config: dict[str, Any]) -> dict[str, Any]:
    for entry in config.get("plugins", []):
        if isinstance(entry, dict) and PLUGIN in entry:
            return dict(entry[PLUGIN] or {})
    return {}


def _escaped_front_matter(markdown: str) -> str:
    """The page with its title and description HTML-escaped in the front matter (for templates that do not escape)."""
    _, head, body = markdown.split("---\n", 2)
    meta = yaml.safe_load(head)
    for name in ("title", "description"):
        if isinstance(meta.get(name), str):
            meta[name] = html.escape(meta[name], quote=True)
    return front_matter(meta) + body.removeprefix("\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("engine", choices=ENGINES)
    parser.add_argument("out", type=Path)
    parser.add_argument("--project", type=Path, default=Path("."), help="the folder holding mkdocs.yml")
    args = parser.parse_args(argv)
    try:
        count = write_project(args.project, args.out, args.engine)
    except ValueError as error:
        print(f"generator.portable: {error}", file=sys.stderr)
        return 1
    print(f"wrote {count} generated pages and mkdocs.yml into {args.out}; build there with `{args.engine} build`")
    return 0


if __name__ == "__main__":
    sys.exit(main())
