"""Line breaks: the loader, YAML and an editor agree on where every line ends, or the file is refused.

YAML ends a line at LF, CR LF, a lone CR, NEL (U+0085), U+2028 and U+2029; editors end one at the
first three only. So the loader counts lines as editors do (LF, CR LF or CR; a column counts
characters) and refuses NEL, U+2028 and U+2029 where they stand. The property test below writes
stories mixing all six breaks, with values holding ` #` in every quoting style, and checks that
each value is either loaded exactly as YAML reads it and as it was typed, or refused with the
position of the very character to fix.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from generator.errors import Position
from generator.loader import CutScalar, load_text
from generator.pipeline import load_site

EDITOR_LINE_BREAK = re.compile(r"\r\n|\r|\n")
VISIBLE_BREAKS = ["\n", "\r\n", "\r"]
INVISIBLE_BREAKS = ["\x85", "\u2028", "\u2029"]
STORY = "content/a-story/story.yml"


def char_at(text: str, position: Position) -> str:
    """The character at `position`, counting lines as an editor does (LF, CR LF, CR)."""
    lines = EDITOR_LINE_BREAK.split(text)
    return lines[position.line - 1][position.column - 1]


@dataclass(frozen=True)
class Value:
    """A text value as typed, and how it is quoted in the file."""

    text: str
    style: str  # "plain", "'" or '"'

    def typed(self) -> str:
        return self.text if self.style == "plain" else f"{self.style}{self.text}{self.style}"

    @property
    def cut(self) -> bool:
        """YAML drops what follows ` #` in a plain value."""
        return self.style == "plain" and " #" in self.text


first_words = st.text(alphabet="abxyz19", min_size=1, max_size=5)
# Later words may hold `#` anywhere, and often start with it: `We are #1`.
words = st.one_of(st.text(alphabet="abxyz19#", min_size=1, max_size=5), first_words.map(lambda word: "#" + word))


@st.composite
def values(draw: st.DrawFn, invisible: bool) -> Value:
    """Words joined by spaces, or (in a file that has them) now and then by a break editors do not show."""
    joins = st.sampled_from([" "] * 5 + (INVISIBLE_BREAKS if invisible else []))
    parts = [draw(first_words)]
    for word in draw(st.lists(words, max_size=4)):
        parts += [draw(joins), word]
    return Value("".join(parts), draw(st.sampled_from(["plain", "plain", "'", '"'])))


# Each field: its dotted path in errors, and the text before its value on its line.
FIELDS = [
    ("title", "title: "),
    ("standfirst", "standfirst: "),
    ("questions[0].question", "  - question: "),
    ("questions[0].answer[0].text", "      - text: "),
]


@dataclass(frozen=True)
class StoryFile:
    text: str
    values: dict[str, Value]
    value_positions: dict[str, Position]
    """Where each value starts, counted as an editor counts (valid when no invisible break is in the file)."""


@st.composite
def story_files(draw: st.DrawFn) -> StoryFile:
    invisible = draw(st.sampled_from([False, False, True]))  # a third of the files hold NEL, U+2028 or U+2029
    breaks = st.sampled_from(VISIBLE_BREAKS * 3 + (INVISIBLE_BREAKS if invisible else []))
    title, standfirst, question, answer = (draw(values(invisible)) for _ in range(4))
    lines = [
        ("title: ", title),
        ("standfirst: ", standfirst),
        ("published: 2025-01-01", None),
        ("questions:", None),
        ("  - question: ", question),
        ("    answer:", None),
        ("      - text: ", answer),
    ]
    by_field = dict(zip([name for name, _ in FIELDS], [title, standfirst, question, answer], strict=True))
    text, positions = "", {}
    for number, (prefix, value) in enumerate(lines, start=1):
        if value is not None:
            name = next(n for n, p in FIELDS if p == prefix)
            positions[name] = Position(STORY, number, len(prefix) + 1)
        text += prefix + (value.typed() if value is not None else "") + draw(breaks)
    return StoryFile(text, by_field, positions)


def invisible_breaks(text: str) -> list[int]:
    return [index for index, char in enumerate(text) if char in INVISIBLE_BREAKS]


def editor_position(text: str, index: int) -> Position:
    """An independent count of the editor's line and column of `text[index]`."""
    before = text[:index]
    line = len(EDITOR_LINE_BREAK.findall(before)) + 1
    start = max(before.rfind("\n"), before.rfind("\r")) + 1
    return Position(STORY, line, index - start + 1)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(story=story_files())
def test_values_are_read_whole_or_refused_at_the_right_character(story: StoryFile) -> None:
    with tempfile.TemporaryDirectory() as folder:
        content = Path(folder) / "content"
        (content / "a-story").mkdir(parents=True)
        (content / "people.yml").write_text("people: []\n", encoding="utf-8")
        (content / "a-story" / "story.yml").write_bytes(story.text.encode("utf-8"))
        result = load_site(content)
    errors = [e for e in result.errors if e.position.file == STORY and not e.more]
    unlisted = sum(e.more for e in result.errors)
    hidden = invisible_breaks(story.text)
    if hidden:
        event("refused: a break YAML sees and editors do not")
        assert [e.position for e in errors] == [editor_position(story.text, i) for i in hidden[:20]]
        assert all(char_at(story.text, e.position) in INVISIBLE_BREAKS for e in errors)
        assert all("an invisible line break" in e.message for e in errors)
        assert unlisted == max(0, len(hidden) - 20)
        return
    cut = {name for name, value in story.values.items() if value.cut}
    event("refused: a value cut at ` #`" if cut else "loaded whole")
    assert {e.field for e in errors} == cut, [str(e) for e in errors]
    for error in errors:
        assert error.position == story.value_positions[error.field], str(error)
        assert char_at(story.text, error.position) == story.values[error.field].text[0]
        assert "the text after ` #` was dropped" in error.message
    if not cut:
        assert result.site is not None
        built = result.site.story("a-story")
        question = built.questions[0]
        assert [built.title, built.standfirst, question.question, question.answer[0].text] == [
            value.text for value in story.values.values()
        ]


@settings(max_examples=300, deadline=None)
@given(story=story_files())
def test_the_loader_reads_what_yaml_reads(story: StoryFile) -> None:
    """Whenever the loader accepts a file, its data is YAML's own reading, and every cut is marked."""
    doc, errors = load_text(story.text, STORY)
    if invisible_breaks(story.text):
        assert doc is None and errors
        return
    assert errors == [] and doc is not None
    assert doc.data == yaml.load(story.text, Loader=yaml.BaseLoader)  # the pure-Python reader's strings
    question = doc.data["questions"][0]
    loaded = [doc.data["title"], doc.data["standfirst"], question["question"], question["answer"][0]["text"]]
    for value, read in zip(story.values.values(), loaded, strict=True):
        assert isinstance(read, CutScalar) == value.cut
        assert read == (value.text.split(" #")[0] if value.cut else value.text)


def test_a_cr_only_file_cut_at_a_comment_is_refused() -> None:
    """Old Mac line endings: the value after ` #` would have been dropped silently."""
    doc, _ = load_text("title: x\rtext: We are #1 in the world\rnext: y\r", "f.yml")
    assert doc is not None
    assert isinstance(doc.data["text"], CutScalar) and doc.data["text"] == "We are"
    assert doc.data["next"] == "y"


def test_positions_after_a_line_separator_are_the_editors() -> None:
    """A U+2028 in an earlier value: the refusal names the line and column an editor shows."""
    text = "title: 'one\u2028two'\r\nstandfirst: fine\r\nlabel: a\u2029b\n"
    _, errors = load_text(text, "f.yml")
    assert [(e.position.line, e.position.column) for e in errors] == [(1, 12), (3, 9)]
    assert [char_at(text, e.position) for e in errors] == ["\u2028", "\u2029"]


YAMLISH = st.lists(st.sampled_from(list("ab: -#'\"[]{}*&!|>\n\r\t,?%@`~é\u2028\x85\ufeff")), max_size=40).map("".join)


@settings(max_examples=1000, deadline=None)
@given(text=YAMLISH)
def test_every_position_is_a_place_in_the_editors_file(text: str) -> None:
    """Refused or loaded, every position reported exists in the file as an editor shows it.

    (At the end of a file, YAML counts a line that is not there when the last line has no line break.)
    """
    doc, errors = load_text(text, STORY)
    lines = EDITOR_LINE_BREAK.split(text.removeprefix("\ufeff"))
    positions = [e.position for e in errors if not e.more]
    if doc is not None:
        positions += [*doc.values.values(), *doc.keys.values()]
    for position in positions:
        assert 1 <= position.line <= len(lines), (text, position)
        assert 1 <= position.column <= len(lines[position.line - 1]) + 1, (text, position)
