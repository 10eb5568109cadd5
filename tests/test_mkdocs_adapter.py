"""The adapter (generator/mkdocs_adapter.py) is the only code that touches MkDocs', Material's or
watchdog's non-public behaviour, and another version of any of them turns that code off cleanly."""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

import pytest

from generator import mkdocs_adapter
from harness.project import explainer_session, make_project
from harness.synthetic import write_site

from .conftest import ROOT
from .test_serve_incremental import SERVE_URL, differences

ADAPTER = ROOT / "generator" / "mkdocs_adapter.py"
PRIVATE_NAMES = re.compile(
    r"_title_from_render|present_anchor_ids|links_to_anchors|\._timeout\b|\bbuild_delay\b|\.observer\b"
    r"|\brun_event\b|_current_plugin|_event_origins|\bbytecode_cache\b|\.loader\s*=|\bsetattr\(page"
    r"|\bstr\(nav\)|\bstr\(self\.nav\)|page\.meta\[\"template\"\]"
)
"""What the adapter's functions reach: MkDocs' page and dev-server internals, Material's, watchdog's."""
PRIVATE_IMPORT = re.compile(
    r"^\s*(?:from|import)\s+(?:mkdocs|material|watchdog)\S*\s+import\s+.*\b_\w+|^\s*(?:from|import)\s+(?:material|watchdog)\b",
    re.MULTILINE,
)
"""An import of an underscore name from MkDocs, Material or watchdog, or any import of Material or watchdog."""


def python_files() -> list[Path]:
    found = [path for folder in ("generator", "tests", "bench", "harness") for path in (ROOT / folder).rglob("*.py")]
    return [path for path in found if path not in (ADAPTER, Path(__file__).resolve())]


def test_no_private_mkdocs_name_outside_the_adapter() -> None:
    offending = []
    for path in python_files():
        text = path.read_text(encoding="utf-8")
        for pattern in (PRIVATE_NAMES, PRIVATE_IMPORT):
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                offending.append(f"{path.relative_to(ROOT)}:{line}: {match.group(0).strip()}")
    assert offending == [], "private MkDocs/Material/watchdog behaviour outside generator/mkdocs_adapter.py"


def test_the_grep_finds_what_it_looks_for() -> None:
    """The patterns above are not vacuous: the adapter itself matches them."""
    text = ADAPTER.read_text(encoding="utf-8")
    assert len(set(PRIVATE_NAMES.findall(text))) >= 8
    assert PRIVATE_IMPORT.search("from mkdocs.structure.pages import _RelativePathTreeprocessor\n")
    assert PRIVATE_IMPORT.search("import watchdog.observers\n")
    assert not PRIVATE_IMPORT.search("from mkdocs.structure.files import File\n")


def test_the_versions_written_for_are_the_locked_ones() -> None:
    locked = dict(line.split("==", 1) for line in (ROOT / "requirements.lock").read_text().splitlines() if "==" in line)
    assert {name: locked[name] for name in mkdocs_adapter.WRITTEN_FOR} == mkdocs_adapter.WRITTEN_FOR
    assert mkdocs_adapter.serve_caches_problem() is None
    assert mkdocs_adapter.polling_problem() is None


def test_another_version_is_refused_with_a_clear_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(mkdocs_adapter.WRITTEN_FOR, "mkdocs-material", "9.7.0")
    assert mkdocs_adapter.serve_caches_problem() == (
        "explainer: serve caches off, every save rebuilds every page: "
        "written for mkdocs 1.6.1, mkdocs-material 9.7.0, found mkdocs-material 9.8.1"
    )
    with pytest.raises(
        mkdocs_adapter.UnsupportedVersion, match=re.escape("written for mkdocs 1.6.1, mkdocs-material 9.7.0")
    ):
        mkdocs_adapter.navigation_key(object())
    assert mkdocs_adapter.polling_problem() is None  # polling does not depend on Material
    monkeypatch.setitem(mkdocs_adapter.WRITTEN_FOR, "mkdocs", "1.6.0")
    with pytest.raises(mkdocs_adapter.UnsupportedVersion, match=re.escape("found mkdocs 1.6.1")):
        mkdocs_adapter.release_markdown(object())


def test_the_dev_server_polls_for_saves_more_often(tmp_path: Path) -> None:
    from mkdocs.livereload import LiveReloadServer

    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    try:
        server.watch(str(tmp_path))
        assert mkdocs_adapter.poll_every(server, 0.1)
        server.watch(str(ROOT / "generator" / "templates"))  # watched later: takes the new interval too
        assert [emitter.timeout for emitter in server.observer.emitters] == [0.1, 0.1]
        assert server.build_delay == 0.05
    finally:
        server.server_close()


def test_an_unknown_server_is_left_alone() -> None:
    assert not mkdocs_adapter.poll_every(object(), 0.1)


def serve_build(project: Path, site: Path, edit: bool = False) -> Any:
    """Build as `mkdocs serve` does, twice with one plugin object (an edit between): the plugin's session."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command="serve", dirty=False)
    build(config, serve_url=SERVE_URL)
    session = explainer_session(config)
    if edit:
        story = project / "content" / "story-0001" / "story.yml"
        story.write_text(re.sub(r"^title: .*$", "title: An edited title", story.read_text(), count=1, flags=re.M))
        build(load_config(str(project / "mkdocs.yml"), site_dir=str(site)), serve_url=SERVE_URL)
    session.search.wait()
    config.plugins.on_shutdown()
    return session


def test_a_wrong_material_version_turns_the_serve_caches_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    content = write_site(tmp_path / "source", 2)
    served = make_project(tmp_path / "served", content)
    monkeypatch.setitem(mkdocs_adapter.WRITTEN_FOR, "mkdocs-material", "9.7.0")
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.explainer"):
        session = serve_build(served, tmp_path / "served-site", edit=True)
    assert session.serve is None
    said = [record for record in caplog.records if "mkdocs-material" in record.getMessage()]
    assert [(r.levelname, r.getMessage()) for r in said] == [
        (
            "WARNING",
            "explainer: serve caches off, every save rebuilds every page: "
            "written for mkdocs 1.6.1, mkdocs-material 9.7.0, found mkdocs-material 9.8.1",
        )
    ]
    assert "An edited title" in (tmp_path / "served-site" / "story-0001" / "index.html").read_text(encoding="utf-8")

    monkeypatch.undo()
    fresh = make_project(tmp_path / "fresh", served / "content")
    session = serve_build(fresh, tmp_path / "fresh-site")
    assert session.serve is not None
    assert differences(tmp_path / "served-site", tmp_path / "fresh-site") == []


def test_an_edited_template_is_read_again_at_the_next_build(
    fixture_content: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Templates are compiled once per build (no check of the file on every use): a rebuild whose
    templates changed on disk reads them again."""
    from generator import render, session
    from generator.pipeline import ContentStore
    from generator.settings import Settings
    from generator.verify import Verifier

    one = session.Session(session.Settings(content_dir=fixture_content.name), "serve")
    one.store = ContentStore(fixture_content)
    one.verifier = Verifier(Settings(fixture_content.parent))
    one.load()
    first = render.environment()
    one.load()
    assert render.environment() is first  # unchanged: kept
    monkeypatch.setattr(session, "template_stamp", lambda: [("story.md.j2", 1, 1)])
    one.load()
    assert render.environment() is not first
