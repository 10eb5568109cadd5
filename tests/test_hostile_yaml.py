"""Malformed YAML through the real `explainer check`: a positioned error and exit code 1, never a traceback or a hang.

Each case replaces the fixture story's `story.yml` (or adds a world file) and runs the command
line in a subprocess with a timeout, as an editor would.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import FIXTURES

STORY = "bridge-closure/story.yml"
TIMEOUT = 60
BILLION_LAUGHS = "lol0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"lol{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]\n" for n in range(1, 10)
)
# (file, bytes, the error expected at file:line:column)
CASES: dict[str, tuple[str, bytes, str]] = {
    "duplicate key": (STORY, b"title: a\ntitle: b\n", "story.yml:2:1: title: `title` appears twice"),
    "anchor": (STORY, b"title: &t a\n", "story.yml:1:8: YAML anchors (`&t`) are not allowed"),
    "alias": (STORY, b"title: a\nstandfirst: *t\n", "story.yml:2:13: a value starting with `*` must be quoted"),
    "merge key": (STORY, b"questions:\n  - <<: {a: 1}\n", "story.yml:2:5: questions[0]: YAML merge keys"),
    "tag": (STORY, b"title: !!python/object:os.system x\n", "story.yml:1:8: YAML tags (`!!python/object:os.system`)"),
    "local tag": (STORY, b"title: !custom x\n", "story.yml:1:8: YAML tags (`!custom`)"),
    "two documents": (STORY, b"title: a\n---\ntitle: b\n", "story.yml:2:1: a second YAML document"),
    "deep nesting": (STORY, b"title: " + b"[" * 41 + b"]" * 41 + b"\n", "nested more than 40 levels deep"),
    "very deep nesting": (STORY, b"title: " + b"[" * 200_000 + b"\n", "nested more than 40 levels deep"),
    "deep block nesting": (
        STORY,
        b"".join(b"  " * n + b"k:\n" for n in range(60)),
        "nested more than 40 levels deep",
    ),
    "tab indentation": (STORY, b"questions:\n\t- a\n", "story.yml:2:1: a tab in the indentation"),
    "bidi override": (STORY, "title: a\u202eb\n".encode(), "story.yml:1:9: an invisible text-direction control"),
    "isolate": (STORY, "title: a\u2066b\n".encode(), "story.yml:1:9: an invisible text-direction control"),
    "control character": (STORY, b"title: a\x1bb\n", "story.yml:1:9: an invisible control character (U+001B)"),
    "null byte": (STORY, b"title: a\x00b\n", "story.yml:1:9: an invisible control character (U+0000)"),
    "next line (C1)": (STORY, "title: a\x85b\n".encode(), "story.yml:1:9: an invisible line break (U+0085 NEXT LINE)"),
    "escaped control": (STORY, b'title: "a\\eb"\n', "story.yml:1:8: title: an invisible control character"),
    "not UTF-8": (STORY, b"title: caf\xe9\n", "story.yml:1:11: the file is not UTF-8 text (byte 0xe9)"),
    "UTF-16": (STORY, "title: a\n".encode("utf-16"), "story.yml:1:1: the file is not UTF-8 text"),
    "empty": (STORY, b"", "story.yml:1:1: the file is empty"),
    "only a comment": (STORY, b"# nothing\n", "story.yml:1:1: the file is empty"),
    "a list at the root": (STORY, b"- a\n- b\n", "story.yml:1:1: the file holds a list"),
    "a value at the root": (STORY, b"hello\n", "story.yml:1:1: the file holds a single value"),
    "unclosed quote": (STORY, b'title: "never closed\n', 'story.yml:1:8: the quote `"` opened here is never closed'),
    "unclosed flow": (STORY, b"title: [a, b\n", "story.yml:1:8: the `[` opened here is never closed"),
    "quote inside quotes": (STORY, b"title: 'Mayor's plan'\n", "story.yml:1:8: a `'` inside this quoted text ends it"),
    "quote running on": (
        STORY,
        b'title: "a\nlabel: "b"\n',
        'story.yml:1:8: the quote `"` opened here runs on to line 2',
    ),
    "bad indentation": (STORY, b"title: a\n  standfirst: b\n", "story.yml:2:13: YAML syntax error"),
    "complex key": (STORY, b"? [a, b]\n: c\n", "story.yml:1:3: a key must be a plain name"),
    "billion laughs": (STORY, BILLION_LAUGHS.encode(), "story.yml:1:7: YAML anchors (`&a0`) are not allowed"),
    "400,000 aliases": (STORY, b"a: &x y\nb: [" + b"*x, " * 400_000 + b"]\n", "story.yml:1:4: YAML anchors"),
    "over 2 MB": (STORY, b"title: " + b"x" * 2_100_000 + b"\n", "story.yml:1:1: the file is 2,100,008 bytes"),
    "world file: duplicate": (
        "people.yml",
        b"people: []\npeople: []\n",
        "people.yml:2:1: people: `people` appears twice",
    ),
}


def check(content: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", "check", str(content)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        cwd=content.parent,
    )


@pytest.mark.parametrize("case", list(CASES))
def test_malformed_yaml_is_refused_with_a_position(tmp_path: Path, case: str) -> None:
    target, data, expected = CASES[case]
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "content", content)
    (content / target).write_bytes(data)
    result = check(content)
    assert result.returncode == 1, result.stderr[-2000:]
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert f"content/{target.rsplit('/', 1)[0] + '/' if '/' in target else ''}" in result.stderr
    assert expected in result.stderr, result.stderr[-2000:]
    assert re.search(r"\.yml:\d+:\d+: ", result.stderr)
    assert len(result.stderr) < 20_000, "the report stays short however many problems the file has"


def test_a_50_mb_file_is_refused_without_being_read(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "content", content)
    with (content / "huge.yml").open("wb") as huge:
        huge.write(b"people:\n")
        huge.write(b"  - id: x\n    name: y\n" * 2_300_000)
    assert (content / "huge.yml").stat().st_size > 50_000_000
    started = time.perf_counter()
    result = check(content)
    elapsed = time.perf_counter() - started
    assert result.returncode == 1
    assert "content/huge.yml:1:1: the file is 50,600,008 bytes, over the limit of 2,000,000" in result.stderr
    assert "Traceback" not in result.stderr
    print(f"50 MB file refused in {elapsed:.2f} s")
