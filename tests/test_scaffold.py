"""`explainer new <slug>`: golden text, passes the check, shows every kind of entry, refuses bad slugs."""

from __future__ import annotations

import datetime
import json
import os
import re
import shutil
from pathlib import Path

import pytest
import yaml

from generator.cli import main
from generator.models import STORY_KEYS
from generator.scaffold import FILES, scaffold_files, schema_reference

from .conftest import FIXTURES, GOLDEN, ROOT
from .project import make_project, mkdocs
from .test_editor_schema import editor_view

DAY = datetime.date(2025, 6, 1)
SLUG = "new-story"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURES / "content", tmp_path / "content")
    return tmp_path


def run_in(folder: Path, *args: str) -> int:
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        return main(list(args))
    finally:
        os.chdir(cwd)


@pytest.mark.parametrize("name", FILES)
def test_scaffold_text_is_pinned(name: str, golden) -> None:
    files = {f.name: f.text for f in scaffold_files(SLUG, "../../schema/content.schema.json", DAY)}
    golden(GOLDEN / "scaffold" / name, files[name])


def fill_in(project: Path, slug: str) -> None:
    """Do what an editor does with a new story: replace every placeholder."""
    for path in (project / "content" / slug).iterdir():
        path.write_text(path.read_text(encoding="utf-8").replace("TODO ", ""), encoding="utf-8")


def test_a_new_story_fails_the_strict_check_until_its_placeholders_are_replaced(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_in(project, "new", SLUG) == 0
    assert sorted(p.name for p in (project / "content" / SLUG).iterdir()) == sorted(FILES)
    capsys.readouterr()
    assert run_in(project, "check", "content") == 0, "placeholders are warnings: a preview still builds"
    assert run_in(project, "check", "--strict", "content") == 1
    err = capsys.readouterr().err
    placeholders = re.findall(r"^content/\S+ warning: \S+: this is still a placeholder from `explainer new`", err, re.M)
    assert len(placeholders) >= 30, err
    assert "story.yml:9:8: warning: title: this is still a placeholder" in err
    fill_in(project, SLUG)
    assert run_in(project, "check", "--strict", "content") == 0, capsys.readouterr().err
    assert "2 stories checked: 0 error(s), 0 warning(s)" in capsys.readouterr().err


def test_two_new_stories_do_not_collide(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_in(project, "new", "first-story") == 0
    assert run_in(project, "new", "second-story") == 0
    fill_in(project, "first-story")
    fill_in(project, "second-story")
    assert run_in(project, "check", "--strict", "content") == 0, capsys.readouterr().err


def test_scaffold_shows_every_story_field_and_block_kind() -> None:
    """Every field is filled in, or (a picture file the scaffold cannot make) shown commented out."""
    merged: dict[str, object] = {}
    commented: set[str] = set()
    for file in scaffold_files(SLUG, "schema.json", DAY):
        merged.update(yaml.safe_load(file.text))
        commented.update(re.findall(r"^# ([a-z_]+):", file.text, re.MULTILINE))
    assert commented == {"image", "updated", "updates", "corrections", "outlets"}
    assert set(merged) | commented == STORY_KEYS
    questions = merged["questions"]
    assert isinstance(questions, list)
    kinds = {key for question in questions for block in question["answer"] for key in block if key != "sources"}
    assert kinds == {"text", "claim", "reaction", "event", "incident", "variant"}


def test_every_file_points_at_the_schema(project: Path) -> None:
    assert run_in(project, "new", SLUG) == 0
    for name in FILES:
        first = (project / "content" / SLUG / name).read_text().splitlines()[0]
        assert first == "# yaml-language-server: $schema=../../schema/content.schema.json"
    # In this repository the reference resolves to the committed schema.
    story_dir = ROOT / "content" / SLUG
    assert (story_dir / schema_reference(story_dir)).resolve() == (ROOT / "schema" / "content.schema.json")


def test_scaffold_is_valid_against_the_json_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((ROOT / "schema" / "content.schema.json").read_text())
    for file in scaffold_files(SLUG, "schema.json", DAY):
        jsonschema.validate(editor_view(file.text), schema)


def test_existing_slug_is_refused(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_in(project, "new", "bridge-closure") == 1
    err = capsys.readouterr().err
    assert "content/bridge-closure already exists" in err
    assert "Traceback" not in err
    assert (project / "content" / "bridge-closure" / "story.yml").read_text() == (
        FIXTURES / "content" / "bridge-closure" / "story.yml"
    ).read_text()


@pytest.mark.parametrize("slug", ["Bad_Slug", "two--hyphens", "with space", "x" * 61])
def test_invalid_slug_is_a_usage_error(project: Path, slug: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_in(project, "new", slug) == 2
    assert "slug" in capsys.readouterr().err
    assert sorted(p.name for p in (project / "content").iterdir() if p.is_dir()) == ["bridge-closure"]


def test_missing_content_folder_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_in(tmp_path, "new", SLUG) == 2
    assert "no content folder" in capsys.readouterr().err


def test_a_new_story_builds_strictly(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", FIXTURES / "content")
    assert run_in(project, "new", SLUG) == 0
    assert mkdocs(project, "build", "--strict").returncode == 1, "a placeholder must not be published"
    fill_in(project, SLUG)
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    page = (project / "site" / SLUG / "index.html").read_text(encoding="utf-8")
    assert "A Placeholder Name" in page
