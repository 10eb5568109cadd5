"""Property-based tests (hypothesis): generated content either builds or is reported, never crashes.

The generated content is shaped like the schema (stories, claims, quotes, people...) but every
value may be wrong: random or hostile text, unknown ids, impossible dates, bad links, numbers
as text, junk where a block belongs. `load -> validate -> link -> render -> Markdown` must
either produce pages or report `ContentError`s with a position; any exception is a bug.
Raw random text and bytes as a content file must be refused cleanly too.
"""

from __future__ import annotations

import html.parser
import io
import tempfile
from pathlib import Path
from typing import Any

import markdown
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from generator.errors import ContentError
from generator.loader import load_text
from generator.pages import site_pages
from generator.pipeline import load_site

from .hostile import all_strings, dump, refusal, shown, write_content

SETTINGS = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
HOSTILE = all_strings()


def _picture() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (1200, 630)).save(out, "PNG")
    return out.getvalue()


PICTURE = _picture()

junk = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=6,
)
texts = st.one_of(st.text(max_size=30), st.sampled_from(HOSTILE), st.sampled_from(["ok", "Fine text."]))
ids = st.sampled_from(["a", "b", "c", "d-1", "Bad Id", "", "x" * 90])
refs = st.lists(ids, max_size=3)
dates = st.sampled_from(["2025-01-01", "2025-03", "2024", "2025-02-30", "2025-13", "yesterday", "", "1999-12-31"])
urls = st.one_of(
    st.sampled_from(["https://example.org/a?b=1&c=2", "http://example.org", "javascript:alert(1)", "ftp://x", "//x"]),
    texts,
)


def field(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Mostly the right kind of value, sometimes junk."""
    return st.one_of(strategy, strategy, strategy, junk)


def item(required: dict[str, Any], optional: dict[str, Any]) -> st.SearchStrategy[Any]:
    return field(
        st.fixed_dictionaries(
            {k: field(v) for k, v in required.items()}, optional={k: field(v) for k, v in optional.items()}
        )
    )


quotes = item(
    {"text": texts, "on": st.sampled_from(["interview", "x-post", "statement", "nope"]), "sources": refs},
    {
        "by": ids,
        "venue": texts,
        "date": dates,
        "editor_note": texts,
        "relayed_by": ids,
        "relayed_note": texts,
        "lead": st.booleans(),
    },
)
parts = item({"label": texts, "value": st.integers(-2, 50)}, {"sources": refs})
figures = item(
    {"text": texts, "value": st.one_of(st.integers(-2, 100), texts), "sources": refs},
    {"breakdown_label": texts, "breakdown": st.lists(parts, max_size=3)},
)
claims = item(
    {
        "id": ids,
        "by": refs,
        "date": dates,
        "statement": texts,
        "status": st.sampled_from(["alleged", "denied", "confirmed", "maybe"]),
        "sources": refs,
    },
    {
        "where": texts,
        "status_note": texts,
        "editor_note": texts,
        "numbers": st.lists(figures, max_size=2),
        "evidence": item({"summary": texts, "sources": refs}, {}),
        "quotes": st.lists(quotes, max_size=2),
    },
)
reactions = item(
    {"id": ids, "who": ids, "stance": texts, "sources": refs},
    {"role": texts, "summary": texts, "date": dates, "quotes": st.lists(quotes, max_size=2)},
)
events = item(
    {"id": ids, "date": dates, "title": texts, "sources": refs},
    {"description": texts, "place": texts, "editor_note": texts, "people": refs},
)
versions = item({"value": texts, "sources": refs}, {})
variants = item(
    {
        "id": ids,
        "fact": texts,
        "kind": st.sampled_from(["wording", "number", "other", "x"]),
        "versions": st.lists(versions, max_size=3),
    },
    {"note": texts, "significance": st.sampled_from(["major", "minor", "huge"])},
)
blocks = st.one_of(
    item({"text": texts}, {"sources": refs}),
    *(item({kind: ids}, {"inline": st.booleans()}) for kind in ("claim", "reaction", "event", "incident", "variant")),
    junk,
)
questions = item({"question": texts, "answer": st.lists(blocks, max_size=3)}, {"id": ids})
sources = item(
    {"id": ids},
    {
        "outlet": ids,
        "headline": texts,
        "description": texts,
        "credit": texts,
        "date": dates,
        "url": urls,
        "label": texts,
        "editor_note": texts,
    },
)
dated_texts = item({"date": dates, "text": texts}, {"sources": refs})
picture_names = st.one_of(
    st.sampled_from(["share.png", "share.jpg", "pictures/a.jpeg", "../x.png", "/etc/x.png", "a.gif", "", "."]), texts
)
images = item({"alt": texts, "credit": texts}, {"file": picture_names, "url": urls})
stories = st.fixed_dictionaries(
    {
        "title": field(texts),
        "standfirst": field(texts),
        "published": field(dates),
        "questions": st.lists(questions, max_size=3),
    },
    optional={
        "label": field(texts),
        "image": images,
        "updated": field(dates),
        "key_points": st.lists(item({"text": texts}, {"sources": refs}), max_size=2),
        "claims": st.lists(claims, max_size=2),
        "reactions": st.lists(reactions, max_size=2),
        "events": st.lists(events, max_size=2),
        "variants": st.lists(variants, max_size=2),
        "sources": st.lists(sources, max_size=3),
        "updates": st.lists(dated_texts, max_size=2),
        "corrections": st.lists(dated_texts, max_size=2),
        "extra": junk,
    },
)
people = item(
    {"id": ids, "name": texts},
    {
        "role": texts,
        "country": texts,
        "description": texts,
        "kind": st.sampled_from(["person", "institution", "robot"]),
        "also_spelled": st.lists(item({"name": texts, "sources": refs}, {}), max_size=2),
    },
)
outlets = item({"id": ids, "name": texts}, {"description": texts, "url": urls})
incidents = item(
    {"id": ids, "title": texts, "date": dates, "allegation": texts, "sources": refs},
    {"place": texts, "response": texts, "outcome": texts, "alleged_by": refs, "editor_note": texts},
)
worlds = st.fixed_dictionaries(
    {},
    optional={
        "people": st.lists(people, max_size=3),
        "outlets": st.lists(outlets, max_size=2),
        "sources": st.lists(sources, max_size=2),
        "incidents": st.lists(incidents, max_size=2),
    },
)


def build(content: Path) -> None:
    """The whole pipeline; fails the test on anything but pages or positioned content errors."""
    result = load_site(content)
    for problem in result.problems:
        assert isinstance(problem, ContentError)
        assert problem.position.file.startswith("content") and problem.position.line >= 1
        assert str(problem)
    event("reported" if result.errors else "built")
    if result.errors:
        return
    converter = markdown.Markdown(extensions=["toc", "attr_list"])
    for page in site_pages(result, "Explainers"):
        converter.reset().convert(page.markdown.split("\n---\n", 1)[-1])


@SETTINGS
@given(
    world=worlds,
    story=stories,
    second=st.one_of(st.none(), stories),
    picture=st.one_of(st.none(), st.binary(max_size=64), st.just(PICTURE)),
)
def test_generated_content_builds_or_is_reported(
    world: dict[str, Any], story: dict[str, Any], second: Any, picture: bytes | None
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        content = Path(folder) / "content"
        dump(content / "world.yml", world or {"people": []})
        dump(content / "a-story" / "story.yml", story)
        if picture is not None:  # what the story's `image.file` may name: junk bytes or a real picture
            (content / "a-story" / "share.png").write_bytes(picture)
        if second is not None:
            dump(content / "b-story" / "story.yml", second)
        build(content)


@SETTINGS
@given(text=st.text(max_size=300))
def test_random_text_as_a_content_file_is_refused_cleanly(text: str) -> None:
    doc, errors = load_text(text, "story.yml")
    assert (doc is None) == bool(errors)
    for error in errors:
        assert error.position.file == "story.yml" and error.position.line >= 1


@SETTINGS
@given(data=st.binary(max_size=300))
def test_random_bytes_as_a_story_are_refused_or_built(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        content = Path(folder) / "content"
        (content / "a-story").mkdir(parents=True)
        (content / "a-story" / "story.yml").write_bytes(data)
        build(content)


class _Text(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    parser.close()
    return shown(" ".join(parser.parts))


@SETTINGS
@given(text=st.text(min_size=1, max_size=200))
def test_any_text_the_model_accepts_builds_and_shows_as_typed(text: str) -> None:
    """Random text in every field of a well-formed story: it builds, and every field shows it."""
    with tempfile.TemporaryDirectory() as folder:
        content = write_content(Path(folder) / "content", [text])
        result = load_site(content)
        if refusal(text) is not None:
            assert result.errors, f"{text!r} should be refused ({refusal(text)})"
            return
        assert [str(e) for e in result.problems] == []
        converter = markdown.Markdown(extensions=["toc", "attr_list"])
        pages = site_pages(result, "Explainers")
        story = next(p for p in pages if p.path.endswith("/index.md") and p.path.count("/") == 1)
        shown_text = html_text(converter.convert(story.markdown.split("\n---\n", 1)[-1]))
        assert shown_text.count(shown(text)) >= 20, (text, shown_text[:500])
