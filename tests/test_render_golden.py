"""Golden files for content -> Markdown: the fixture world, rendered page by page."""

from __future__ import annotations

from pathlib import Path

from generator.cli import main

from .conftest import FIXTURES, GOLDEN

EXPECTED = GOLDEN / "render"


def rendered(tmp_path: Path) -> dict[str, str]:
    out = tmp_path / "out"
    assert main(["render", "--content", str(FIXTURES / "content"), "--out", str(out)]) == 0
    return {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8") for p in sorted(out.rglob("*.md"))}


def test_markdown_pages_match_golden_files(tmp_path: Path, golden) -> None:
    pages = rendered(tmp_path)
    story_pages = {"", "timeline/", "people/", "sources/", "disagreements/"}
    people = {f"people/{person}/index.md" for person in ("ana-ruiz", "li-wei", "transport-office")}
    site_pages = {"index.md", "people/index.md", "outlets/harbour-times/index.md", *people}
    assert set(pages) == site_pages | {f"bridge-closure/{page}index.md" for page in story_pages}
    for path, text in pages.items():
        golden(EXPECTED / path, text)


def test_no_stale_golden_files(tmp_path: Path) -> None:
    expected = {p.relative_to(EXPECTED).as_posix() for p in EXPECTED.rglob("*.md")}
    assert expected == set(rendered(tmp_path))


NEWSROOM = GOLDEN / "render-newsroom"


def test_the_newsroom_renders_every_kind_of_fact(tmp_path: Path, golden) -> None:
    """Three stories sharing a world, with spans, intentions, planned events, groups, syndication (golden)."""
    out = tmp_path / "out"
    assert main(["render", "--content", str(FIXTURES / "newsroom"), "--out", str(out)]) == 0
    pages = {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8") for p in sorted(out.rglob("*.md"))}
    expected = {p.relative_to(NEWSROOM).as_posix() for p in NEWSROOM.rglob("*.md")}
    assert expected == set(pages) or not expected, "a page appeared or went: pytest --update-golden and review"
    for path, text in pages.items():
        golden(NEWSROOM / path, text)
    protest = pages["dam-protest/index.md"]
    for reads in (
        "each evening, <time",
        "2–3 June 2025",
        "planned</span>",
        ">Threat</a>",
        "Said by Farmers downstream",
        "as their leaders told Valley Radio",
        'Town officials</span> and <span class="xp-who">Mara Lind</span>',
        "republished by The River Gazette",
        "hillwire.test/hearings</span>",
        '<span class="xp-number-value">2</span> evenings of hearings',
    ):
        assert reads in protest, reads
