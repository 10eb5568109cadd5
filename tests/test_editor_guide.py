"""The editors' guide: its YAML examples pass the strict check, and the field reference is current."""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

import pytest

from generator.cli import main
from generator.reference import reference_markdown

from .conftest import ROOT

GUIDE = ROOT / "docs" / "editing.md"
EXAMPLE = re.compile(
    r"^In `((?:content/[^`]+\.yml)|(?:archive/[^`]+\.txt))`:\n\n```(?:yaml|text)\n(.*?)^```$", re.MULTILINE | re.DOTALL
)


def examples() -> dict[str, str]:
    found = EXAMPLE.findall(GUIDE.read_text(encoding="utf-8"))
    paths = [path for path, _ in found]
    assert len(paths) == len(set(paths)), "each example goes to its own file"
    return dict(found)


def test_the_guide_shows_a_story_a_claim_a_reaction_and_an_incident() -> None:
    texts = "\n".join(examples().values())
    for start in ("title:", "claims:", "reactions:", "incidents:", "sources:", "people:", "events:"):
        assert re.search(rf"^{start}", texts, re.MULTILINE), f"no example starts with {start}"
    assert GUIDE.read_text(encoding="utf-8").count("```yaml") == len(
        [path for path in examples() if path.endswith(".yml")]
    ), "an example the test cannot place"
    assert any(path.startswith("archive/") for path in examples()), "the guide shows an archived text"


def test_the_examples_pass_the_strict_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from PIL import Image

    pictures = 0
    for path, text in examples().items():
        target = tmp_path / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        # The picture the guide asks the editor to save beside the story, at the size it asks for.
        for name in re.findall(r"^  file: (\S+)$", text, re.MULTILINE):
            Image.new("RGB", (1200, 630), (90, 90, 90)).save(target.parent / name, "JPEG")
            pictures += 1
    assert pictures == 1
    with contextlib.chdir(tmp_path):
        code = main(["check", "--strict", "content"])
    err = capsys.readouterr().err
    assert code == 0, err
    assert "1 story checked: 0 error(s), 0 warning(s)\n" in err
    supported = re.search(r"citations: (\d+) checked, (\d+) supported by their archives, 0 not supported", err)
    assert supported and int(supported[2]) >= 5, err  # the example's archived article bears out its citations


def test_the_field_reference_is_current() -> None:
    committed = (ROOT / "docs" / "reference.md").read_text(encoding="utf-8")
    assert committed == reference_markdown(), "run `explainer reference --out docs/reference.md`"


def test_the_reference_lists_every_field_of_every_entry() -> None:
    from generator.schema import content_schema

    reference = reference_markdown()
    for name, definition in content_schema()["$defs"].items():
        section = reference.split(f"## {name}\n", 1)[1].split("\n## ", 1)[0]
        for field in definition["properties"]:
            assert f"| `{field}` |" in section, f"{name}.{field} missing"
