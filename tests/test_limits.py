"""Limits: big content either builds in time linear in its size or is refused with a clear message.

Speed is checked as a ratio measured in one run (benchmark style, printed with `-s`), never as
an absolute time: each case is built at a size and at four times that size, and the larger
must take less than ten times as long (linear gives about four, quadratic about sixteen; the
margin absorbs a busy machine).
"Built" means the whole pipeline as MkDocs runs it: load, validate, link, render the pages,
then Python-Markdown with the site's extensions. One real `mkdocs build --strict` at the
largest size shows the site really builds.
"""

from __future__ import annotations

import gc
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import markdown
import yaml

from generator.escape import markdown_heading
from generator.loader import MAX_DEPTH, load_text
from generator.pages import site_pages
from generator.pipeline import load_site
from generator.types import MAX_HEADING, MAX_TEXT

from .hostile import dump, slug_of, write_content
from .project import make_project, mkdocs

RATIO_LIMIT = 10.0
GROWTH = 4


def build_pages(content: Path) -> int:
    """Everything a build does to content, in-process; returns the HTML's length."""
    result = load_site(content)
    assert result.errors == [], [str(e) for e in result.errors[:5]]
    converter = markdown.Markdown(extensions=["toc", "attr_list"], extension_configs={"toc": {"permalink": True}})
    size = 0
    for page in site_pages(result, "Explainers"):
        size += len(converter.reset().convert(page.markdown.split("\n---\n", 1)[-1]))
    return size


def seconds(action: Callable[[], Any]) -> float:
    """The best of two runs, to keep a stray pause on a busy machine out of the ratio."""
    times = []
    for _ in range(2):
        gc.collect()
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return min(times)


def assert_linear(name: str, make: Callable[[Path, int], Path], small: int, tmp_path: Path) -> Path:
    """Build at `small` and at GROWTH times it; return the larger content folder."""
    folders = [make(tmp_path / f"{name}-{size}", size) for size in (small, small * GROWTH)]
    first, second = (seconds(lambda folder=folder: build_pages(folder)) for folder in folders)
    ratio = second / first
    print(f"{name}: {small:,} -> {first:.3f} s; {small * GROWTH:,} -> {second:.3f} s; ratio {ratio:.1f}")
    assert ratio < RATIO_LIMIT, f"{name}: {GROWTH}x the size took {ratio:.1f}x the time"
    return folders[1]


def every_field(folder: Path, text: str) -> Path:
    """`text` in every field but the headings (titles, questions, countries), which are kept short."""
    content = write_content(folder / "content", [text])
    story = yaml.safe_load(story_file(content).read_text(encoding="utf-8"))
    story["title"] = "A short title"
    for question in story["questions"]:
        question["question"] = "A short question?"
    dump(story_file(content), story)
    people = yaml.safe_load((content / "people.yml").read_text(encoding="utf-8"))
    people["people"][0]["country"] = "A country"
    dump(content / "people.yml", people)
    return content


def story_file(content: Path) -> Path:
    return content / slug_of(0) / "story.yml"


def with_reactions(folder: Path, count: int) -> Path:
    """One story with `count` reactions, each with a quote, all shown in one answer."""
    content = every_field(folder, "A plain sentence of text")
    story = yaml.safe_load(story_file(content).read_text(encoding="utf-8"))
    template = story["reactions"][0]
    story["reactions"] = [{**template, "id": f"reaction-{n}"} for n in range(count)]
    story["questions"][0]["answer"] = [b for b in story["questions"][0]["answer"] if "reaction" not in b]
    story["questions"][0]["answer"] += [{"reaction": f"reaction-{n}"} for n in range(count)]
    dump(story_file(content), story)
    return content


def test_long_quotes_build_in_linear_time(tmp_path: Path) -> None:
    words = "A long quote, word after word; " * (MAX_TEXT // 30)
    content = assert_linear("long text in every field", lambda f, n: every_field(f, words[:n]), MAX_TEXT // 4, tmp_path)
    assert len(yaml.safe_load(story_file(content).read_text())["claims"][0]["quotes"][0]["text"]) == MAX_TEXT


def test_brackets_never_reach_the_markdown_parser(tmp_path: Path) -> None:
    """Python-Markdown is quadratic on a run of `[`; content never passes through its inline parser."""
    assert_linear("a run of [ in every field", lambda f, n: every_field(f, "[" * n), MAX_TEXT // 4, tmp_path)
    # Headings are the one place content meets the inline parser, as one character reference per
    # punctuation mark; that grows faster than linear, so headings have a limit of their own.
    for size in (MAX_HEADING, MAX_TEXT):
        heading = "## " + markdown_heading("[" * size)
        spent = seconds(lambda heading=heading: markdown.markdown(heading, extensions=["toc", "attr_list"]))
        print(f"one heading of {size:,} [: {spent * 1000:.1f} ms")


def test_headings_over_their_limit_are_refused_clearly(tmp_path: Path) -> None:
    content = every_field(tmp_path, "plain")
    story = yaml.safe_load(story_file(content).read_text(encoding="utf-8"))
    story["title"] = "[" * (MAX_HEADING + 1)
    story["questions"][0]["question"] = "?" * MAX_HEADING
    dump(story_file(content), story)
    messages = [str(e) for e in load_site(content).errors]
    assert len(messages) == 1, messages
    assert re.fullmatch(
        rf"content/{slug_of(0)}/story.yml:1:8: title: the text is over {MAX_HEADING} characters \(shorten it\)",
        messages[0],
    ), messages


def test_thousands_of_reactions_build_in_linear_time(tmp_path: Path) -> None:
    content = assert_linear("reactions", with_reactions, 750, tmp_path)
    project = make_project(tmp_path / "project", content)
    started = time.perf_counter()
    result = mkdocs(project, "build", "--strict")
    print(f"mkdocs build --strict with 3,000 reactions: {time.perf_counter() - started:.1f} s")
    assert result.returncode == 0, result.stderr[-2000:]
    page = (project / "site" / slug_of(0) / "index.html").read_text(encoding="utf-8")
    assert page.count('class="xp-reaction"') == 3000


def test_text_over_the_limit_is_refused_clearly(tmp_path: Path) -> None:
    for text in ("x" * (MAX_TEXT + 1), "[" * 50_000):
        content = every_field(tmp_path / str(len(text)), "plain")
        story = yaml.safe_load(story_file(content).read_text(encoding="utf-8"))
        story["claims"][0]["quotes"][0]["text"] = text
        dump(story_file(content), story)
        started = time.perf_counter()
        result = load_site(content)
        elapsed = time.perf_counter() - started
        [message] = [str(e) for e in result.errors]
        assert re.fullmatch(
            rf"content/{slug_of(0)}/story.yml:\d+:\d+: claims\[0\]\.quotes\[0\]\.text: "
            rf"the text is over {MAX_TEXT} characters \(shorten it\)",
            message,
        ), message
        print(f"{len(text):,} characters refused in {elapsed:.3f} s")


def test_deep_nesting_is_refused_in_constant_time() -> None:
    def nested(depth: int) -> str:
        return "title: " + "[" * depth + "]" * depth + "\n"

    times = []
    for depth in (10_000, 10_000 * GROWTH):
        text = nested(depth)
        started = time.perf_counter()
        doc, errors = load_text(text, "f.yml")
        times.append(time.perf_counter() - started)
        assert doc is None and [str(e) for e in errors] == [
            f"f.yml:1:{MAX_DEPTH + 7}: nested more than {MAX_DEPTH} levels deep (flatten the structure)"
        ]
    print(f"nesting 10,000 and 40,000 deep refused in {times[0] * 1000:.1f} and {times[1] * 1000:.1f} ms")
    # Refused at level 41 whatever follows: the work does not grow with the rest of the file.
    assert times[1] < max(times[0] * RATIO_LIMIT, 0.05)


def with_unknown_fields(folder: Path, count: int) -> Path:
    """The test world, its story holding `count` unknown fields (100,000 make a 1 MB file, under the 2 MB limit)."""
    content = every_field(folder, "plain")
    with story_file(content).open("a", encoding="utf-8") as story:
        story.writelines(f"k{n}: x\n" for n in range(count))
    return content


def test_unknown_fields_are_refused_in_linear_time_and_listed_briefly(tmp_path: Path) -> None:
    """Each problem costs the same however many there are: only the 20 listed get a "did you mean"."""
    folders = [with_unknown_fields(tmp_path / str(count), count) for count in (25_000, 25_000 * GROWTH)]
    first, second = (seconds(lambda folder=folder: load_site(folder)) for folder in folders)
    print(f"unknown fields: 25,000 -> {first:.2f} s; 100,000 -> {second:.2f} s; ratio {second / first:.1f}")
    assert second / first < RATIO_LIMIT
    result = load_site(folders[1])
    listed = [str(e) for e in result.errors]
    assert len(listed) == 21, listed[-3:]
    assert listed[-1].endswith("99,980 more problems in this file, not listed (fix the ones above and check again)")
    assert result.error_count == 100_000
