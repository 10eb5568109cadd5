"""A throwaway copy of the project (mkdocs.yml, docs/, overrides/, a content folder), and real commands run on it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)}
"""The environment of every command the tests and benchmarks run: this checkout's `generator`,
`harness` and `bench` importable whatever is installed, and Material's end-of-life banner
silenced (the one place that sets it; `make` sets it for its own commands)."""


def environment(**extra: str) -> dict[str, str]:
    """`ENV` with `extra` variables set."""
    return {**ENV, **extra}


def make_project(target: Path, content: Path, options: str = "") -> Path:
    """A project folder with our mkdocs.yml, docs/ and overrides/, and a copy of `content`.

    `options` (YAML lines, indented six spaces) are added to the explainer plugin's settings.
    """
    target.mkdir(parents=True, exist_ok=True)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    if options:
        config, count = re.subn(r"^(  - explainer:\n)", rf"\g<1>{options}", config, flags=re.MULTILINE)
        assert count == 1, "mkdocs.yml has no `- explainer:` plugin entry"
    (target / "mkdocs.yml").write_text(config, encoding="utf-8")
    shutil.copytree(ROOT / "docs", target / "docs")
    shutil.copytree(ROOT / "overrides", target / "overrides")
    shutil.copytree(content, target / "content")
    return target


def explainer_session(config: Any) -> Any:
    """The explainer plugin's `Session` in a loaded MkDocs configuration (see generator/session.py)."""
    from generator.plugin import ExplainerPlugin

    plugin = config.plugins["explainer"]
    assert isinstance(plugin, ExplainerPlugin) and plugin.session is not None
    return plugin.session


def mkdocs(project: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real `mkdocs` in `project`."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", *args],
        cwd=project,
        env={**ENV, **(env or {})},
        capture_output=True,
        text=True,
        timeout=300,
    )
