"""The templates forked from Material in overrides/ still match the Material installed.

Each fork changes a few lines of one of Material's templates. overrides/upstream/ keeps the
template as it was copied; when the installed Material's template differs from that copy,
Material has changed it and the fork must take the change (then copy the installed file
into overrides/upstream/). Material's templates name its assets by hash; those must exist.
"""

from __future__ import annotations

import difflib
import importlib.util
import re
from importlib.metadata import version
from pathlib import Path

import pytest

from .conftest import ROOT

OVERRIDES = ROOT / "overrides"
UPSTREAM = OVERRIDES / "upstream"
_MATERIAL = importlib.util.find_spec("material")
assert _MATERIAL is not None and _MATERIAL.origin is not None, "mkdocs-material is not installed: run make setup-dev"
INSTALLED = Path(_MATERIAL.origin).parent / "templates"
REPLACED = {"main.html", "partials/search.html"}
"""Material's files that overrides/ replaces whole rather than forks: nothing of Material's is kept in them."""


def forks() -> list[str]:
    return sorted(path.relative_to(UPSTREAM).as_posix() for path in UPSTREAM.rglob("*.html"))


def test_every_template_taken_from_material_has_its_upstream_copy() -> None:
    ours = {
        path.relative_to(OVERRIDES).as_posix()
        for path in OVERRIDES.rglob("*.html")
        if not path.is_relative_to(UPSTREAM)
    }
    shadowing = {name for name in ours if (INSTALLED / name).is_file()}
    assert shadowing - REPLACED == set(forks()), "a fork of a Material template without its copy in overrides/upstream/"
    assert set(forks()) <= ours, "overrides/upstream/ keeps a template no fork comes from"


@pytest.mark.parametrize("name", forks())
def test_a_fork_still_matches_the_installed_material_template(name: str) -> None:
    kept = (UPSTREAM / name).read_text(encoding="utf-8")
    installed = (INSTALLED / name).read_text(encoding="utf-8")
    diff = "".join(
        difflib.unified_diff(
            kept.splitlines(keepends=True),
            installed.splitlines(keepends=True),
            f"overrides/upstream/{name}",
            f"mkdocs-material {version('mkdocs-material')}: {name}",
        )
    )
    assert kept == installed, (
        f"Material changed {name}, which overrides/{name} was forked from: port the change into the fork, "
        f"then copy the installed file to overrides/upstream/{name}.\n{diff}"
    )


def test_the_forks_say_which_material_they_come_from() -> None:
    for name in forks():
        head = (OVERRIDES / name).read_text(encoding="utf-8")[:300]
        assert f"Material {version('mkdocs-material')}'s" in head, (
            f"overrides/{name} does not name its Material version"
        )


def test_every_hashed_theme_asset_named_in_overrides_exists() -> None:
    named = {
        match
        for path in OVERRIDES.rglob("*.html")
        if not path.is_relative_to(UPSTREAM)
        for match in re.findall(r"assets/[\w/]+\.[0-9a-f]{8}\.min\.(?:css|js)", path.read_text(encoding="utf-8"))
    }
    assert named, "the pattern finds nothing: the overrides no longer name Material's assets this way"
    missing = sorted(name for name in named if not (INSTALLED / name).is_file())
    assert missing == [], f"overrides/ names assets the installed Material does not have: {missing}"
