"""Real `mkdocs build --strict` runs: pages appear, errors stop the build cleanly."""

from __future__ import annotations

import shutil
from pathlib import Path

from .conftest import FIXTURES, ROOT
from .project import make_project, mkdocs


def built(tmp_path: Path, content: Path = FIXTURES / "content", env: dict[str, str] | None = None, strict: bool = True):
    project = make_project(tmp_path / "project", content)
    result = mkdocs(project, "build", *(["--strict"] if strict else []), env=env)
    return project, result


def test_strict_build_renders_every_question(tmp_path: Path) -> None:
    project, result = built(tmp_path)
    assert result.returncode == 0, result.stderr
    page = (project / "site" / "bridge-closure" / "index.html").read_text()
    for question in ("What did the city say?", "Who disagrees?", "Has this happened before?"):
        assert f'{question.replace("?", "&#63;")}<a class="headerlink"' in page
    home = (project / "site" / "index.html").read_text()
    assert 'href="bridge-closure/"' in home
    assert "fonts.googleapis.com" not in home


def test_edit_links_point_at_the_yaml(tmp_path: Path) -> None:
    edit = "https://github.example/newsroom/explainer/edit/main/"
    project, result = built(tmp_path, env={"EXPLAINER_EDIT_URI": edit})
    assert result.returncode == 0, result.stderr
    page = (project / "site" / "bridge-closure" / "index.html").read_text()
    assert f'href="{edit}content/bridge-closure/story.yml"' in page
    about = (project / "site" / "about" / "index.html").read_text()
    assert f'href="{edit}docs/about.md"' in about


def test_a_second_story_needs_no_code(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "content", content)
    second = content / "ferry-strike"
    second.mkdir()
    (second / "story.yml").write_text(
        "title: Why are the ferries not running?\n"
        "standfirst: Crews walked out on Monday.\n"
        "published: 2025-04-07\n"
        "questions:\n"
        "  - question: Who is on strike?\n"
        "    answer:\n"
        "      - text: The ferry crews.\n"
        "        sources: [ferry-report]\n"
        "  - question: When will it end?\n"
        "    answer:\n"
        "      - text: Nobody knows yet.\n"
        "sources:\n"
        "  - id: ferry-report\n"
        "    outlet: harbour-times\n"
        "    headline: Ferry crews strike\n"
    )
    project, result = built(tmp_path, content)
    assert result.returncode == 0, result.stderr
    page = (project / "site" / "ferry-strike" / "index.html").read_text()
    assert "Who is on strike&#63;" in page and "When will it end&#63;" in page
    home = (project / "site" / "index.html").read_text()
    assert home.index('href="ferry-strike/"') < home.index('href="bridge-closure/"'), "newest update first"


def test_content_errors_fail_the_build_with_positions_and_no_traceback(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "content", content)
    story = content / "bridge-closure" / "story.yml"
    story.write_text(story.read_text().replace("published: 2025-03-02", "published: 2025-02-30"))
    for strict in (False, True):
        project, result = built(tmp_path / str(strict), content, strict=strict)
        assert result.returncode == 1
        assert "content/bridge-closure/story.yml:4:12: published: `2025-02-30` does not exist" in result.stderr
        assert "Traceback" not in result.stderr
        assert not (project / "site" / "index.html").exists()


def test_warnings_fail_only_strict_builds(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "content", content)
    sources = content / "bridge-closure" / "sources.yml"
    sources.write_text(
        sources.read_text() + "  - id: unused-report\n    label: Unused\n    headline: Nobody cites this\n"
    )
    _, strict = built(tmp_path / "strict", content)
    assert strict.returncode == 1
    assert "the source `unused-report` is not cited anywhere" in strict.stderr
    _, lenient = built(tmp_path / "lenient", content, strict=False)
    assert lenient.returncode == 0, lenient.stderr


def test_mkdocs_yml_names_each_setting_once() -> None:
    """YAML lets a repeated key silently replace the first (a merge once dropped the search script so)."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_constructor("!ENV", lambda loader, node: None)
    node = yaml.compose((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    assert node is not None

    def repeated(mapping: yaml.MappingNode) -> list[str]:
        keys = [key.value for key, _ in mapping.value]
        found = [key for key in set(keys) if keys.count(key) > 1]
        for _, value in mapping.value:
            if isinstance(value, yaml.MappingNode):
                found += repeated(value)
        return found

    assert repeated(node) == []
