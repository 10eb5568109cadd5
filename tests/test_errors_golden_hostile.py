"""Golden files for hostile content -> the exact lines `explainer check --strict` prints.

Each case changes a copy of the test world (tests/fixtures/content) in ways no folder of
files in the repository should hold (CR line endings, invisible characters, links out of the
project), so the cases are written here as bytes; `pytest --update-golden` rewrites
`tests/golden/hostile-errors/<case>.txt` from the output.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.cli import main

from .conftest import FIXTURES, GOLDEN

STORY = "bridge-closure/story.yml"
STANDFIRST = "standfirst: The city shut its main bridge after an inspection; here is what each side says."
Change = Callable[[Path], None]


def edit(path: str, change: Callable[[str], str], newline: str = "\n") -> Change:
    """Rewrite one fixture file through `change`, with its lines ending in `newline`."""

    def apply(content: Path) -> None:
        text = change((content / path).read_text(encoding="utf-8"))
        (content / path).write_bytes(text.replace("\n", newline).encode("utf-8"))

    return apply


def write(path: str, text: str) -> Change:
    def apply(content: Path) -> None:
        (content / path).parent.mkdir(parents=True, exist_ok=True)
        (content / path).write_text(text, encoding="utf-8")

    return apply


def link_outside(content: Path) -> None:
    outside = content.parent / "outside"
    outside.mkdir()
    (outside / "people.yml").write_text("people:\n  - id: someone\n    name: Someone\n", encoding="utf-8")
    (content / "more-people.yml").symlink_to(outside / "people.yml")
    (content / "linked-story").symlink_to(content.parent / "outside", target_is_directory=True)


def unknown_fields(count: int) -> Change:
    return edit(STORY, lambda text: text + "".join(f"k{n}: x\n" for n in range(count)))


NEWER_STORY = """title: A newer story
standfirst: It reuses an id the bridge story already gave to one of its sources.
published: 2025-06-01
questions:
  - question: What happened?
    answer:
      - text: The bridge reopened.
        sources: [harbour-times-closure]
sources:
  - id: harbour-times-closure
    outlet: harbour-times
    headline: The bridge reopens
    date: 2025-06-01
"""

CASES: dict[str, Change] = {
    # 1 (a): lines ending in CR alone; the standfirst is cut at ` #`.
    "cr-line-endings-cut-at-a-comment": edit(STORY, lambda t: t.replace(STANDFIRST, STANDFIRST + " #1 in town"), "\r"),
    # 1 (b), 2: an earlier value holds U+2028 (YAML's line break, not the editor's); a later value is cut.
    "line-separator-in-an-earlier-value": edit(
        STORY,
        lambda t: t.replace("label: Explainer", "label: 'Explain\u2028er'").replace(
            STANDFIRST, STANDFIRST + " #1 in town"
        ),
        "\r\n",
    ),
    "next-line-and-paragraph-separator": edit(
        STORY, lambda t: t.replace("label: Explainer", "label: Ex\x85plain\u2029er")
    ),
    # 3: escaped control characters in a key and in values that messages quote.
    "escaped-control-characters": edit(
        STORY,
        lambda t: t.replace("published: 2025-03-02", 'published: "\\e[2J\\e[31m2025-03-02"').replace(
            "label: Explainer", 'label: Explainer\n"\\e]0;owned\\a\\0": x'
        ),
    ),
    # 4: 100,000 unknown fields; 20 listed, one line for the rest.
    "100000-unknown-fields": unknown_fields(100_000),
    # 5: links out of the content folder, for a file and a story folder.
    "links-outside-the-content-folder": link_outside,
    # 6: messages in our words.
    "byte-order-mark-inside-a-file": edit(STORY, lambda t: t.replace("\nlabel: Explainer", "\n\ufefflabel: Explainer")),
    "unclosed-quote": edit(STORY, lambda t: t.replace("label: Explainer", 'label: "Explainer')),
    "unclosed-quote-closed-lines-later": edit(
        STORY,
        lambda t: t.replace("label: Explainer", 'label: "Explainer').replace("published: 2025", 'published: "2025'),
    ),
    "a-quote-inside-quotes": edit(STORY, lambda t: t.replace("label: Explainer", "label: 'The mayor's plan'")),
    "unclosed-bracket": edit(
        STORY, lambda t: t.replace("sources: [harbour-times-closure]\n", "sources: [harbour-times-closure\n")
    ),
    "a-value-starting-with-a-star": edit(STORY, lambda t: t.replace("label: Explainer", "label: *Breaking* news")),
    "a-value-starting-with-an-ampersand": edit(STORY, lambda t: t.replace("label: Explainer", "label: &amp; more")),
    "python-tag-as-typed": edit(
        STORY, lambda t: t.replace("label: Explainer", 'label: !!python/object/apply:os.system ["ls"]')
    ),
    "id-repeated-by-a-newer-story": write("a-newer-story/story.yml", NEWER_STORY),
}


@pytest.mark.parametrize("case", list(CASES))
def test_hostile_error_lines(
    case: str, tmp_path: Path, golden, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "content", content)
    CASES[case](content)
    monkeypatch.chdir(tmp_path)  # errors name files relative to the project root, as an editor sees them
    code = main(["check", "--strict", "content"])
    output = capsys.readouterr().err.replace(str(tmp_path.resolve()), "<project>")
    assert code == 1
    assert "Traceback" not in output
    golden(GOLDEN / "hostile-errors" / f"{case}.txt", output)


def test_every_case_has_its_golden_file() -> None:
    written = {path.stem for path in (GOLDEN / "hostile-errors").glob("*.txt")}
    assert written == set(CASES), "run pytest --update-golden, and remove the files of cases that are gone"
