"""The project's settings that content checks need: where the project is, and where archives may be.

The MkDocs plugin reads them from its own options in `mkdocs.yml`; `explainer check`
reads the same options from the same file (without importing MkDocs), so the check and
the build always agree on which archived texts a citation is verified against.

    plugins:
      - explainer:
          content_dir: content
          archive_dir: ../newsroom-archive   # outside git: archived articles are not ours to publish
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

CONFIG_FILE = "mkdocs.yml"


class SettingsError(Exception):
    """`mkdocs.yml` cannot be read, or an option has the wrong kind of value."""


@dataclass(frozen=True)
class Settings:
    root: Path
    """The project folder: archive paths in content are relative to it."""
    archive_dir: str | None = None
    """A folder of archived texts, relative to the project, that content may cite even outside the project."""
    docs_dir: str = "docs"
    """The hand-written pages: published, so never a place for archives."""

    @functools.cached_property
    def archive_root(self) -> Path | None:
        return lexical(self.root / self.archive_dir) if self.archive_dir else None

    @functools.cached_property
    def docs_root(self) -> Path:
        return lexical(self.root / self.docs_dir)


def lexical(path: Path) -> Path:
    """An absolute path with `.` and `..` worked out on the path's text, symbolic links left alone."""
    return Path(os.path.normpath(path.absolute()))


def project_settings(content_dir: Path, config_file: Path | None = None) -> Settings:
    """The settings for checking `content_dir`: from `config_file`, or the `mkdocs.yml` beside it if any."""
    if config_file is None:
        candidate = content_dir.absolute().parent / CONFIG_FILE
        if not candidate.is_file():
            return Settings(root=lexical(content_dir.parent))
        config_file = candidate
    try:
        text = config_file.read_text(encoding="utf-8")
        config = yaml.load(text, Loader=_ConfigLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise SettingsError(f"cannot read {config_file}: {error}") from error
    root = lexical(config_file.parent)
    if not isinstance(config, dict):
        raise SettingsError(f"{config_file} holds no settings")
    options = _plugin_options(config.get("plugins"))
    archive_dir = options.get("archive_dir")
    docs_dir = config.get("docs_dir", "docs")
    for name, value in (("archive_dir", archive_dir), ("docs_dir", docs_dir)):
        if value is not None and not isinstance(value, str):
            raise SettingsError(f"{config_file}: `{name}` must be a folder name, not {value!r}")
    return Settings(root, archive_dir or None, docs_dir)


def _plugin_options(plugins: Any) -> dict[str, Any]:
    """The options of the `explainer` plugin in a `plugins:` list (or mapping)."""
    entries = plugins.items() if isinstance(plugins, dict) else plugins or []
    for entry in entries:
        if isinstance(entry, tuple) and entry[0] == "explainer":
            return entry[1] if isinstance(entry[1], dict) else {}
        if isinstance(entry, dict) and "explainer" in entry:
            options = entry["explainer"]
            return options if isinstance(options, dict) else {}
    return {}


class _ConfigLoader(yaml.SafeLoader):
    """Reads `mkdocs.yml`: `!ENV` as MkDocs reads it; other tags (`!relative`, `!!python/name:`) as nothing."""


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """`!ENV NAME` or `!ENV [NAME, OTHER, default]`: the first variable set, else the last item."""
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    elif isinstance(node, yaml.SequenceNode):
        items = loader.construct_sequence(node)
        names, default = items[:-1], items[-1] if len(items) > 1 else None
        if len(items) == 1:
            names = items
    else:
        return None
    for name in names:
        if isinstance(name, str) and name in os.environ:
            return os.environ[name]
    return default


def _nothing(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None


_ConfigLoader.add_constructor("!ENV", _env)
_ConfigLoader.add_multi_constructor("!", _nothing)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", _nothing)
