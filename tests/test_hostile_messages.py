"""Terminal injection: no message shows a raw control character, in any output.

Every C0 and C1 control character (and DEL) is fed, escaped in double quotes as an editor could
type it (`"\\x1b"`), into keys, values and folder names that messages quote. The refusals must
quote them as `\\u001b`, never raw: in `explainer check`'s output, in MkDocs' log and the
error it stops a build with, and on the error page `mkdocs serve` shows.
"""

from __future__ import annotations

import logging
import re
import shutil
from pathlib import Path

import markdown
import pytest
from mkdocs.exceptions import PluginError

from generator.cli import main
from generator.pages import site_pages
from generator.pipeline import Result, load_site
from generator.plugin import report

from .conftest import FIXTURES
from .project import make_project, mkdocs

CONTROLS = [chr(code) for code in (*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0))]
RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")  # any control character but the line feed between lines
RAW_IN_A_LINE = re.compile("[\x00-\x1f\x7f-\x9f]")


def story_quoting(code: int) -> str:
    """A story whose refusals quote the character `code` in a key, a nested key, an id and a value."""
    x = f"\\x{code:02x}"
    return (
        "title: t\n"
        "standfirst: s\n"
        "published: 2025-01-01\n"
        f'"top{x}key": 1\n'
        "questions:\n"
        "  - question: q\n"
        f'    "nested{x}key": 1\n'
        "    answer:\n"
        f'      - claim: "claim{x}id"\n'
        "claims:\n"
        "  - id: c\n"
        f'    status: "status{x}"\n'
    )


def duplicate_key(code: int) -> str:
    return f'title: t\n"twice\\x{code:02x}": 1\n"twice\\x{code:02x}": 2\n'


@pytest.fixture(scope="module")
def hostile_content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    content = tmp_path_factory.mktemp("messages") / "content"
    shutil.copytree(FIXTURES / "content", content)
    for char in CONTROLS:
        number = ord(char)
        (content / f"story-{number:02x}").mkdir()
        (content / f"story-{number:02x}" / "story.yml").write_text(story_quoting(number), encoding="utf-8")
        (content / f"twice-{number:02x}").mkdir()
        (content / f"twice-{number:02x}" / "story.yml").write_text(duplicate_key(number), encoding="utf-8")
        if char not in "\x00":  # a folder name may hold any character but NUL and `/`
            (content / f"folder{char}name").mkdir()  # a story folder with no story.yml
    return content


@pytest.fixture(scope="module")
def result(hostile_content: Path) -> Result:
    return load_site(hostile_content)


def assert_quoted_escaped(text: str) -> None:
    """Each control character is shown escaped in `text`, in every kind of message that quotes one."""
    for char in CONTROLS:
        code = f"\\u{ord(char):04x}"
        assert f"`top{code}key`" in text, f"the unknown field {code} is not quoted escaped"
        assert f"twice{code}" in text, f"the duplicate key {code} is not quoted escaped"
        assert f"status{code}" in text and f"claim{code}id" in text, f"the value {code} is not quoted escaped"
        if char != "\x00":
            assert f"folder{code}name" in text, f"the folder name {code} is not quoted escaped"


def test_the_command_line_escapes_every_control_character(
    hostile_content: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(hostile_content.parent)
    assert main(["check", "content"]) == 1
    output = capsys.readouterr().err
    assert not RAW.search(output), repr(RAW.search(output))
    lines = output.splitlines()
    assert all(re.match(r"content/\S+:\d+:\d+: ", line) for line in lines[:-1]), "one problem per line"
    assert_quoted_escaped(output)


def test_mkdocs_log_and_build_error_escape_every_control_character(
    result: Result, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.explainer"):
        report(result, fail=False)  # `mkdocs serve`: each problem logged
    logged = [record.getMessage() for record in caplog.records]
    assert logged and not any(RAW_IN_A_LINE.search(message) for message in logged)
    assert_quoted_escaped("\n".join(logged))
    with pytest.raises(PluginError) as stopped:
        report(result, fail=True)  # `mkdocs build`: stops with every problem
    assert not RAW.search(str(stopped.value))
    assert_quoted_escaped(str(stopped.value))


def test_error_pages_escape_every_control_character(result: Result) -> None:
    pages = [page for page in site_pages(result, "Explainers") if "Content errors" in page.markdown]
    assert pages
    every = ""
    for page in pages:
        html = markdown.Markdown(extensions=["toc", "attr_list"]).convert(page.markdown.split("\n---\n", 1)[-1])
        assert not RAW.search(html), (page.path, repr(RAW.search(html)))
        every += html
    assert_quoted_escaped(every)


def test_a_real_build_stops_with_escaped_messages(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "content", content)
    (content / "bridge-closure" / "extra.yml").write_text('"\\e[2J\\e[31mred": 1\n', encoding="utf-8")
    built = mkdocs(make_project(tmp_path / "project", content), "build")
    assert built.returncode == 1
    assert "\x1b[2J" not in built.stderr and "\x1b[31m" not in built.stderr
    assert "unknown field `\\u001b[2J\\u001b[31mred`" in built.stderr, built.stderr[-2000:]
