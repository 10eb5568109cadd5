"""Share images: the picture each story shows on social cards and in search results.

* `share_picture` draws a 1200×630 PNG from a title in any script, the same bytes every time;
  lines fit, long titles end with an ellipsis, right-to-left titles are set from the right.
* `ShareCache` draws a picture once and reuses it by the hash of its inputs; a full build
  prunes what it did not use; a cache that cannot be written only costs time.
* An editor's picture is checked when content loads: missing, outside the story's folder, not a
  PNG or JPEG, the wrong size, too large; each problem at the `file:` value's file:line:column.
* In a real `mkdocs build`: the picture beside each page (copied byte for byte, or drawn),
  `og:image`/`twitter:image`/JSON-LD `image` pointing at it, hostile alt and credit text escaped,
  Google's structured-data checks passing, and a second build reusing the cache with the same bytes.
"""

from __future__ import annotations

import html.parser
import io
import json
import shutil
from pathlib import Path

import pytest
from PIL import Image

from generator import share
from generator.pipeline import load_site
from generator.share import (
    HEIGHT,
    MARGIN,
    TEXT_WIDTH,
    TITLE_BOTTOM,
    TITLE_TOP,
    WIDTH,
    ShareCache,
    picture_key,
    share_picture,
    title_lines,
    wrap,
)

from .conftest import FIXTURES
from .project import make_project, mkdocs
from .structured_data import google_checks

TITLES = {
    "latin": "Why is the harbour bridge closed?",
    "cyrillic": "Привіт, світе! Ґанок, їжак, Євген: що відомо про закриття мосту",
    "arabic": "مرحبا بالعالم: ما نعرفه عن إغلاق الجسر",
    "hebrew": "שלום עולם: מה ידוע על סגירת הגשר",
    "emoji": "👩‍👩‍👧 família 🇺🇦 and 中文 标题",
    "markup": "<script>__xss(1)</script> {{ x }} **y** &lt; \" ' `",
    "one long word": "x" * 300,
    "long": " ".join(["Antidisestablishmentarianism"] * 10),
}


def pixels(data: bytes) -> Image.Image:
    picture = Image.open(io.BytesIO(data))
    picture.load()
    return picture


def ink_columns(picture: Image.Image, top: int, bottom: int) -> list[int]:
    """The x of every column with text-coloured pixels between `top` and `bottom`."""
    grey = picture.convert("RGB").crop((0, top, WIDTH, bottom)).convert("L")
    background = grey.getpixel((0, 0))
    columns = []
    for x in range(WIDTH):
        if any(abs(int(grey.getpixel((x, y))) - int(background)) > 60 for y in range(0, bottom - top, 2)):  # type: ignore[arg-type]
            columns.append(x)
    return columns


# --- the drawing --------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(TITLES))
def test_a_title_in_any_script_draws_a_1200_by_630_png(name: str) -> None:
    data = share_picture(TITLES[name], "Explainer", "The Site")
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    picture = pixels(data)
    assert (picture.format, picture.size) == ("PNG", (WIDTH, HEIGHT))
    assert ink_columns(picture, TITLE_TOP, TITLE_BOTTOM), "no title drawn"
    assert len(data) < 200_000


def test_the_same_text_gives_the_same_bytes_and_other_text_other_bytes() -> None:
    first = share_picture(TITLES["latin"], "Explainer", "The Site")
    assert share_picture(TITLES["latin"], "Explainer", "The Site") == first
    for other in [("A different title", "Explainer", "The Site"), (TITLES["latin"], "Analysis", "The Site")]:
        assert share_picture(*other) != first
    assert share_picture(TITLES["latin"], "Explainer", "Another Site") != first


def test_colours_are_the_background_the_accent_and_the_text() -> None:
    picture = pixels(share_picture("Budget", "Explainer", "The Site")).convert("RGB")
    assert picture.getpixel((5, 5)) == share.BACKGROUND
    assert picture.getpixel((MARGIN + 10, 67)) == share.ACCENT
    colours = {colour for _, colour in picture.getcolors(maxcolors=4096) or []}
    assert share.TEXT in colours


def test_lines_fit_the_width_and_keep_every_word() -> None:
    font = share._font(56)
    text = "One two  three\nfour\tfive six seven eight nine ten eleven twelve thirteen fourteen fifteen"
    lines = wrap(text, font, TEXT_WIDTH)
    assert len(lines) > 1
    assert all(font.getlength(line) <= TEXT_WIDTH for line in lines)
    assert " ".join(lines) == " ".join(text.split())


def test_a_no_break_space_is_not_a_place_to_break() -> None:
    font = share._font(72)
    words = ["word"] * 12 + ["10\u00a0000\u00a0drones"]
    lines = wrap(" ".join(words), font, TEXT_WIDTH)
    assert "10\u00a0000\u00a0drones" in lines[-1]


def test_a_word_too_long_for_a_line_is_cut_but_never_inside_an_emoji_sequence() -> None:
    font = share._font(72)
    family = "👩\u200d👩\u200d👧"
    lines = wrap("x" * 60, font, TEXT_WIDTH)
    assert len(lines) > 1 and "".join(lines) == "x" * 60
    assert all(font.getlength(line) <= TEXT_WIDTH for line in lines)
    lines = wrap(family * 40, font, TEXT_WIDTH)
    assert "".join(lines) == family * 40
    assert all(not line.startswith("\u200d") and not line.endswith("\u200d") for line in lines)


def test_a_title_too_long_for_the_picture_ends_with_an_ellipsis_inside_its_box() -> None:
    for title in (TITLES["one long word"], TITLES["long"], "word " * 60):
        font, lines, step = title_lines(title)
        assert len(lines) * step <= TITLE_BOTTOM - TITLE_TOP
        assert lines[-1].endswith("…")
        assert all(font.getlength(line) <= TEXT_WIDTH for line in lines)
    font, lines, _ = title_lines("Budget vote")
    assert font.size == share.TITLE_SIZES[0] and lines == ["Budget vote"]


def test_right_to_left_titles_are_set_from_the_right() -> None:
    for title in ("ما نعرفه", "מה ידוע"):
        columns = ink_columns(pixels(share_picture(title, "Explainer", "The Site")), TITLE_TOP, TITLE_BOTTOM)
        assert max(columns) >= WIDTH - MARGIN - 12 and min(columns) > WIDTH // 2, title
    columns = ink_columns(pixels(share_picture("Short", "Explainer", "The Site")), TITLE_TOP, TITLE_BOTTOM)
    assert min(columns) <= MARGIN + 6 and max(columns) < WIDTH // 2


# --- the cache ----------------------------------------------------------------------------


def test_the_key_changes_with_every_input() -> None:
    key = picture_key("Title", "Explainer", "Site")
    assert key == picture_key("Title", "Explainer", "Site") and len(key) == 64
    others = [("Title ", "Explainer", "Site"), ("Title", "Analysis", "Site"), ("Title", "Explainer", "Site 2")]
    assert len({key, *(picture_key(*other) for other in others)}) == 4


def test_the_cache_draws_once_and_a_build_prunes_what_it_did_not_use(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    cache = ShareCache(folder)
    first = cache.picture("Title", "Explainer", "Site")
    assert (cache.drawn, cache.reused) == (1, 0)
    assert cache.picture("Title", "Explainer", "Site") == first
    assert (cache.drawn, cache.reused) == (1, 1)
    assert [p.name for p in folder.iterdir()] == [f"{picture_key('Title', 'Explainer', 'Site')}.png"]
    again = ShareCache(folder)  # the next build, in another process
    assert again.picture("Title", "Explainer", "Site") == first and again.drawn == 0
    (folder / "notes.txt").write_text("not the cache's")
    again.start()
    again.picture("New title", "Explainer", "Site")
    assert again.prune() == 1
    assert {p.name for p in folder.iterdir()} == {"notes.txt", f"{picture_key('New title', 'Explainer', 'Site')}.png"}


def test_a_cache_that_cannot_be_written_still_gives_pictures(tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    cache = ShareCache(blocked / "share")
    assert cache.picture("Title", "Explainer", "Site") == share_picture("Title", "Explainer", "Site")
    assert cache.picture("Title", "Explainer", "Site") and cache.drawn == 2
    none = ShareCache(None)
    none.picture("Title", "Explainer", "Site")
    assert none.drawn == 1 and none.prune() == 0


# --- an editor's picture ------------------------------------------------------------------

IMAGE_BLOCK = "image:\n  {source}\n  alt: The bridge from the north bank.\n  credit: 'Photo: Test Agency'\n"


def save(path: Path, size: tuple[int, int], kind: str) -> bytes:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, (120, 90, 60)).save(path, kind)
    return path.read_bytes()


def with_image(content: Path, source: str = "file: share.jpg") -> int:
    """Add an `image:` block to the fixture story; return the line of its first field."""
    story = content / "bridge-closure" / "story.yml"
    text = story.read_text(encoding="utf-8")
    story.write_text(text + IMAGE_BLOCK.format(source=source), encoding="utf-8")
    return text.count("\n") + 2


def problems_of(content: Path) -> list[str]:
    return [str(p) for p in load_site(content).problems]


def test_a_right_picture_passes(fixture_content: Path) -> None:
    with_image(fixture_content)
    save(fixture_content / "bridge-closure" / "share.jpg", (WIDTH, HEIGHT), "JPEG")
    assert problems_of(fixture_content) == []
    with_image_png = fixture_content / "bridge-closure" / "pictures" / "share.png"
    save(with_image_png, (WIDTH, HEIGHT), "PNG")
    story = fixture_content / "bridge-closure" / "story.yml"
    story.write_text(story.read_text().replace("file: share.jpg", "file: pictures/share.png"))
    assert problems_of(fixture_content) == []


def test_a_missing_picture_is_reported_at_its_name(fixture_content: Path) -> None:
    line = with_image(fixture_content)
    assert problems_of(fixture_content) == [
        f"content/bridge-closure/story.yml:{line}:9: image.file: `share.jpg` is not in content/bridge-closure/"
        " (put the picture in the story's folder, or correct the name (capital letters count))"
    ]


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: save(p, (800, 600), "JPEG"), "`share.jpg` is 800×600 pixels; a share picture is 1200×630"),
        (lambda p: save(p, (WIDTH, HEIGHT), "PNG"), "`share.jpg` is a PNG picture, but its name says JPEG"),
        (lambda p: save(p, (WIDTH, HEIGHT), "GIF"), "`share.jpg` is not a PNG or JPEG picture"),
        (lambda p: p.write_bytes(b"\xff\xd8\xff not really a JPEG"), "`share.jpg` is not a PNG or JPEG picture"),
        (lambda p: p.write_bytes(b"\0" * (share.MAX_BYTES + 1)), "`share.jpg` is 5.0 MB; a share picture may be"),
        (lambda p: p.mkdir(), "`share.jpg` is not a file"),
    ],
    ids=["size", "png-named-jpg", "gif", "broken", "too-large", "folder"],
)
def test_a_wrong_picture_is_reported_at_its_name(fixture_content: Path, make, message: str) -> None:
    line = with_image(fixture_content)
    make(fixture_content / "bridge-closure" / "share.jpg")
    problems = problems_of(fixture_content)
    assert len(problems) == 1 and problems[0].startswith(f"content/bridge-closure/story.yml:{line}:9: image.file: ")
    assert message in problems[0]
    result = load_site(fixture_content)
    assert result.errors and result.story_problems["bridge-closure"], "the story's pages must show the error"


def test_a_picture_reached_through_a_link_out_of_the_folder_is_refused(fixture_content: Path, tmp_path: Path) -> None:
    line = with_image(fixture_content)
    outside = tmp_path / "elsewhere" / "picture.jpg"
    save(outside, (WIDTH, HEIGHT), "JPEG")
    (fixture_content / "bridge-closure" / "share.jpg").symlink_to(outside)
    assert problems_of(fixture_content) == [
        f"content/bridge-closure/story.yml:{line}:9: image.file: `share.jpg` leads outside the story's folder"
        " (copy the picture into the story's folder)"
    ]


@pytest.mark.parametrize(
    ("source", "column", "expected"),
    [
        ("file: ../other-story/share.jpg", 9, "image.file: `../other-story/share.jpg` is not a file name in the"),
        ("file: /etc/share.png", 9, "image.file: `/etc/share.png` is not a file name in the story's folder"),
        ("file: 'https://example.org/a.png'", 9, "is not a file name in the story's folder (write a name relative"),
        ("file: share.gif", 9, "image.file: `share.gif` is not a PNG or JPEG file name (save the picture as a .png"),
        ("url: 'javascript:alert(1)'", 8, "image.url: `javascript:alert(1)` is not an absolute http(s) link"),
        ("url: //example.org/a.png", 8, "image.url: `//example.org/a.png` is not an absolute http(s) link"),
        ("caption: A bridge", 3, "image.caption: unknown field `caption`"),
    ],
)
def test_a_wrong_picture_field_is_reported_where_it_stands(
    fixture_content: Path, source: str, column: int, expected: str
) -> None:
    line = with_image(fixture_content, source)
    problems = problems_of(fixture_content)
    assert any(
        p.startswith(f"content/bridge-closure/story.yml:{line}:{column}: ") and expected in p for p in problems
    ), problems


def test_a_picture_needs_exactly_one_of_file_and_url_and_its_alt_and_credit(fixture_content: Path) -> None:
    line = with_image(fixture_content, "file: share.jpg\n  url: https://example.org/a.jpg")
    assert any(
        f"story.yml:{line}:3:" in p and "image: a picture needs a `file` or a `url`; this one has both" in p
        for p in problems_of(fixture_content)
    )
    story = fixture_content / "bridge-closure" / "story.yml"
    text = story.read_text().split("image:\n")[0]
    story.write_text(text + "image:\n  alt: A bridge.\n  credit: Someone\n")
    assert any("this one has neither" in p for p in problems_of(fixture_content))
    story.write_text(text + "image:\n  file: share.jpg\n  credit: Someone\n")
    assert any("image.alt: `alt` is missing" in p for p in problems_of(fixture_content))


# --- a real build -------------------------------------------------------------------------

HOSTILE_ALT = '"><script>__xss(1)</script> & {{ alt }} \u2019 <b>bold</b>'
HOSTILE_CREDIT = "</script><script>__xss(2)</script> © Agency"


class _Head(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.json_ld: list[str] = []
        self._in_ld = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        if tag == "meta" and ("property" in found or "name" in found):
            self.meta[found.get("property") or found["name"]] = found.get("content", "")
        self._in_ld = tag == "script" and found.get("type") == "application/ld+json"

    def handle_data(self, data: str) -> None:
        if self._in_ld:
            self.json_ld.append(data)

    def handle_endtag(self, tag: str) -> None:
        self._in_ld = False


def head(page: Path) -> tuple[dict[str, str], dict[str, object]]:
    parser = _Head()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.meta, json.loads(parser.json_ld[0])


def pictured_content(folder: Path) -> tuple[Path, bytes]:
    """The fixture world with its story given a JPEG, plus a story with a picture elsewhere and one with none."""
    content = folder / "content"
    shutil.copytree(FIXTURES / "content", content)
    story = content / "bridge-closure" / "story.yml"
    story.write_text(
        story.read_text()
        + f"image:\n  file: pictures/bridge.jpeg\n  alt: {json.dumps(HOSTILE_ALT)}\n  credit: {json.dumps(HOSTILE_CREDIT)}\n"
    )
    picture = save(content / "bridge-closure" / "pictures" / "bridge.jpeg", (WIDTH, HEIGHT), "JPEG")
    for slug, extra in [
        (
            "linked",
            "image:\n  url: https://pictures.example.org/a.jpg?w=1200&h=630\n  alt: A map.\n  credit: Maps Inc.\n",
        ),
        ("drawn", ""),
    ]:
        (content / slug).mkdir()
        (content / slug / "story.yml").write_text(
            f"title: The {slug} story\nstandfirst: A story.\npublished: 2025-05-01\n"
            "questions:\n  - question: What?\n    answer:\n      - text: This.\n" + extra
        )
    return content, picture


def test_a_real_build_writes_and_links_every_picture(tmp_path: Path) -> None:
    content, picture = pictured_content(tmp_path / "source")
    project = make_project(tmp_path / "project", content)
    site_url = "https://news.example.org/explainers/"
    result = mkdocs(project, "build", "--strict", env={"SITE_URL": site_url})
    assert result.returncode == 0, result.stderr[-3000:]
    site = project / "site"

    assert (site / "bridge-closure" / "share.jpg").read_bytes() == picture
    meta, ld = head(site / "bridge-closure" / "index.html")
    image = f"{site_url}bridge-closure/share.jpg"
    assert meta["og:image"] == meta["twitter:image"] == image and meta["og:image:type"] == "image/jpeg"
    assert meta["og:image:alt"] == meta["twitter:image:alt"] == HOSTILE_ALT
    assert meta["twitter:card"] == "summary_large_image"
    assert ld["image"] == {
        "@type": "ImageObject",
        "url": image,
        "width": 1200,
        "height": 630,
        "creditText": HOSTILE_CREDIT,
    }
    raw = (site / "bridge-closure" / "index.html").read_text(encoding="utf-8")
    assert "<script>__xss" not in raw and "</script><script>" not in raw

    meta, ld = head(site / "linked" / "index.html")
    assert meta["og:image"] == "https://pictures.example.org/a.jpg?w=1200&h=630" == ld["image"]["url"]  # type: ignore[index]
    assert "og:image:width" not in meta and not list((site / "linked").glob("share.*"))

    drawn = (site / "drawn" / "share.png").read_bytes()
    assert drawn == share_picture("The drawn story", "Explainer", "Explainer")
    meta, _ = head(site / "drawn" / "index.html")
    assert meta["og:image"] == f"{site_url}drawn/share.png" and meta["og:image:alt"] == "Explainer: The drawn story"

    for slug in ("bridge-closure", "linked", "drawn"):
        checks = google_checks(site / slug / "index.html")
        assert (checks.failed, checks.returncode) == (0, 0) and checks.passed >= 12, checks.output

    # The next build draws nothing: the picture comes from the cache, byte for byte.
    cache = project / ".cache" / "explainer" / "share"
    cached = list(cache.iterdir())
    assert [p.name for p in cached] == [f"{picture_key('The drawn story', 'Explainer', 'Explainer')}.png"]
    stamp = cached[0].stat().st_mtime_ns
    result = mkdocs(project, "build", "--strict", env={"SITE_URL": site_url})
    assert result.returncode == 0, result.stderr[-3000:]
    assert (site / "drawn" / "share.png").read_bytes() == drawn and cached[0].stat().st_mtime_ns == stamp


def test_a_build_with_no_site_url_leaves_the_picture_out_of_the_metadata(tmp_path: Path) -> None:
    """Social cards and search engines need absolute addresses; without `site_url` there are none to give."""
    project = make_project(tmp_path / "project", FIXTURES / "content")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace('site_url: !ENV [SITE_URL, "http://127.0.0.1:8000/"]', ""))
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr[-3000:]
    meta, ld = head(project / "site" / "bridge-closure" / "index.html")
    assert "og:image" not in meta and meta["twitter:card"] == "summary"
    assert "image" not in ld and "logo" not in ld["publisher"]  # type: ignore[operator]
    assert (project / "site" / "bridge-closure" / "share.png").exists()
