"""Share images: the picture social cards and search results show for each story (1200×630 pixels).

* An editor's picture (`image: {file: ..., alt: ..., credit: ...}` in a story) is checked when
  the content loads (`image_problems`: it is in the story's folder, a PNG or JPEG of exactly
  1200×630 pixels, at most 5 MB) and copied beside the story's page as `<slug>/share.png` or
  `<slug>/share.jpg`. A picture given by `url:` is only linked to.
* Without one, `share_picture` draws one from the story's title, its label and the site's
  name, with Pillow and the bundled DejaVu Sans Bold (`fonts/`, with its licence). Any script
  the font covers works (Latin, Greek, Cyrillic, Armenian, Georgian, Hebrew, Arabic; right-to-left
  titles are set from the right); characters it lacks (most emoji, Chinese, Japanese, Korean,
  Devanagari, Thai) show as empty boxes.

Drawing a picture costs a few milliseconds, so `ShareCache` keeps each one in a folder outside
the site, named by a hash of everything that goes into it (the text, the design, the font and
the versions of Pillow and its libraries): a build draws only the pictures whose text changed.
The same inputs always give the same bytes, so builds stay byte-identical.

`write_share_images` is a plain function; the MkDocs plugin calls it after a build.
`share_meta` is what a story page's front matter says about its picture (see
overrides/partials/explainer-meta.html).
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import os
import re
import shutil
import tempfile
import unicodedata
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .content import Merged
from .errors import ContentError
from .models import Story

if TYPE_CHECKING:
    from PIL.ImageDraw import ImageDraw
    from PIL.ImageFont import FreeTypeFont

    from .pipeline import Result

WIDTH, HEIGHT = 1200, 630
MAX_BYTES = 5_000_000
"""The largest editor's picture accepted (X refuses larger ones)."""
FONT = Path(__file__).parent / "fonts" / "DejaVuSans-Bold.ttf"
DESIGN = "2"
"""Change it with the drawing below: it is part of every cached picture's key."""

BACKGROUND = (18, 18, 18)  # the site's ink and accent (docs/assets/explainer.css)
TEXT = (255, 255, 255)
ACCENT = (214, 40, 40)
# The picture is drawn in shades of one ink: grey level n (0-254) is the background blended
# n/254 of the way to the text colour, so anti-aliased text keeps exact colours; 255 is the
# accent. A palette PNG encodes several times faster than a full-colour one.
_INK, _ACCENT = 254, 255
MARGIN = 80
TEXT_WIDTH = WIDTH - 2 * MARGIN
TITLE_TOP, TITLE_BOTTOM = 168, 524
TITLE_SIZES = (72, 64, 56, 48, 40)
LINE_HEIGHT = 1.22
ELLIPSIS = "…"
_BREAKS = re.compile(r"[ \t\r\n]+")  # layout whitespace only: a no-break space the editor typed stays
_ZWJ = "\u200d"


# --- what a page says about its picture ---------------------------------------------------


def share_path(story: Story) -> str | None:
    """Where the story's picture lives in the built site; None for a picture linked by `url`."""
    image = story.image
    if image is None:
        return f"{story.slug}/share.png"
    if image.file is None:
        return None
    return f"{story.slug}/share{'.png' if image.file.lower().endswith('.png') else '.jpg'}"


def share_meta(story: Story) -> dict[str, Any]:
    """The picture, for the page's front matter: `path` (from the site's root) or `url`, size, type, alt, credit."""
    image = story.image
    if image is not None and image.url is not None:
        return {"url": image.url, "alt": image.alt, "credit": image.credit}
    path = share_path(story)
    assert path is not None
    meta: dict[str, Any] = {
        "path": path,
        "type": "image/png" if path.endswith(".png") else "image/jpeg",
        "width": WIDTH,
        "height": HEIGHT,
        "alt": image.alt if image is not None else f"{story.label}: {story.title}",
    }
    if image is not None:
        meta["credit"] = image.credit
    return meta


# --- an editor's picture ------------------------------------------------------------------


def image_problems(story: Story, folder: Path, merged: Merged, display: Callable[[Path], str]) -> list[ContentError]:
    """What is wrong with the story's own picture file, if it has one: each problem at `image.file`."""
    image = story.image
    if image is None or image.file is None:
        return []
    name = image.file
    position = merged.value_position(("image", "file"))

    def problem(message: str, hint: str) -> list[ContentError]:
        return [ContentError(position, "image.file", message, hint)]

    try:
        path = (folder / name).resolve(strict=True)
    except (OSError, RuntimeError):
        return problem(
            f"`{name}` is not in {display(folder)}/",
            "put the picture in the story's folder, or correct the name (capital letters count)",
        )
    if not path.is_relative_to(folder.resolve()):
        return problem(f"`{name}` leads outside the story's folder", "copy the picture into the story's folder")
    if not path.is_file():
        return problem(f"`{name}` is not a file", "give the name of a PNG or JPEG picture")
    size = path.stat().st_size
    if size > MAX_BYTES:
        return problem(
            f"`{name}` is {size / 1_000_000:.1f} MB; a share picture may be at most {MAX_BYTES // 1_000_000} MB",
            "save it again with more compression (a JPEG at quality 85 is plenty)",
        )
    from PIL import Image

    try:
        with Image.open(path, formats=("PNG", "JPEG")) as picture:
            kind, (width, height) = picture.format, picture.size
    except (OSError, ValueError, Image.DecompressionBombError):
        return problem(f"`{name}` is not a PNG or JPEG picture", "export it as PNG or JPEG, 1200×630 pixels")
    expected = "PNG" if name.lower().endswith(".png") else "JPEG"
    if kind != expected:
        suffix = ".png" if kind == "PNG" else ".jpg"
        return problem(f"`{name}` is a {kind} picture, but its name says {expected}", f"rename it to end in {suffix}")
    if (width, height) != (WIDTH, HEIGHT):
        return problem(
            f"`{name}` is {width}×{height} pixels; a share picture is {WIDTH}×{HEIGHT}",
            f"crop and resize it to {WIDTH}×{HEIGHT} pixels",
        )
    return []


# --- a generated picture ------------------------------------------------------------------


@functools.cache
def _font(size: int) -> FreeTypeFont:
    from PIL import ImageFont

    return ImageFont.truetype(str(FONT), size)


@functools.cache
def _palette() -> list[int]:
    ramp = [round(b + (t - b) * n / _INK) for n in range(_INK + 1) for b, t in zip(BACKGROUND, TEXT, strict=True)]
    return ramp + list(ACCENT)


def _right_to_left(text: str) -> bool:
    """Whether the text's first strong character is right-to-left (Arabic, Hebrew, ...)."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


def _breakable(word: str, at: int) -> bool:
    """Whether a long word may be cut before `word[at]` without splitting a character or an emoji sequence."""
    return not (unicodedata.combining(word[at]) or _ZWJ in (word[at], word[at - 1]) or "\ufe00" <= word[at] <= "\ufe0f")


def _cut(word: str, font: FreeTypeFont, width: int) -> int:
    """The length of the longest start of `word` that fits `width` and ends where a cut is allowed (at least 1)."""
    low, high = 1, len(word)
    while low < high:
        middle = (low + high + 1) // 2
        if font.getlength(word[:middle]) <= width:
            low = middle
        else:
            high = middle - 1
    at = low
    while at > 1 and not _breakable(word, at):
        at -= 1
    return at


def wrap(text: str, font: FreeTypeFont, width: int) -> list[str]:
    """Lines of `text` no wider than `width`, broken at spaces (inside a word too long for a line)."""
    lines: list[str] = []
    line = ""
    for word in _BREAKS.split(text.strip()):
        candidate = f"{line} {word}" if line else word
        if font.getlength(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        while font.getlength(word) > width:
            at = _cut(word, font, width)
            lines.append(word[:at])
            word = word[at:]
        line = word
    if line:
        lines.append(line)
    return lines


def shorten(line: str, font: FreeTypeFont, width: int, always: bool = False) -> str:
    """`line` as it is if it fits (and `always` is false), else cut to fit with an ellipsis after it."""
    if not always and font.getlength(line) <= width:
        return line
    while line and font.getlength(line + ELLIPSIS) > width:
        line = line[:-1]
    return line.rstrip() + ELLIPSIS


def title_lines(title: str) -> tuple[FreeTypeFont, list[str], int]:
    """The title's font, lines and line height: the largest size whose lines fit, else the smallest, cut short."""
    height = TITLE_BOTTOM - TITLE_TOP
    for size in TITLE_SIZES:
        font, step = _font(size), round(size * LINE_HEIGHT)
        lines = wrap(title, font, TEXT_WIDTH)
        if len(lines) * step <= height:
            return font, lines, step
    fitting = height // step
    kept = lines[:fitting]
    kept[-1] = shorten(kept[-1], font, TEXT_WIDTH, always=True)
    return font, kept, step


def _draw_line(draw: ImageDraw, text: str, font: FreeTypeFont, top: int, ink: int) -> None:
    if _right_to_left(text):
        draw.text((WIDTH - MARGIN, top), text, font=font, fill=ink, anchor="ra")
    else:
        draw.text((MARGIN, top), text, font=font, fill=ink, anchor="la")


def _one_line(text: str) -> str:
    return " ".join(_BREAKS.split(text.strip()))


def share_picture(title: str, label: str, site_name: str) -> bytes:
    """A 1200×630 PNG: an accent bar, the label, the title (wrapped, shrunk to fit) and the site's name."""
    from PIL import Image, ImageDraw

    picture = Image.new("L", (WIDTH, HEIGHT), 0)
    draw = ImageDraw.Draw(picture)
    draw.rectangle((MARGIN, 64, MARGIN + 95, 71), fill=_ACCENT)
    small = _font(32)
    _draw_line(draw, shorten(_one_line(label), small, TEXT_WIDTH), small, 96, 225)
    font, lines, step = title_lines(title)
    for number, line in enumerate(lines):
        _draw_line(draw, line, font, TITLE_TOP + number * step, _INK)
    draw.rectangle((MARGIN, 548, WIDTH - MARGIN - 1, 549), fill=80)
    _draw_line(draw, shorten(_one_line(site_name), small, TEXT_WIDTH), small, 564, 200)
    picture.putpalette(_palette())
    out = io.BytesIO()
    picture.save(out, "PNG", compress_level=1)
    return out.getvalue()


@functools.cache
def _drawing_key() -> str:
    """Everything besides the text that the picture's bytes depend on."""
    import PIL
    from PIL import features

    parts = [
        DESIGN,
        PIL.__version__,
        features.version("freetype2"),
        features.version("raqm"),
        zlib.ZLIB_RUNTIME_VERSION,
        hashlib.sha256(FONT.read_bytes()).hexdigest(),
    ]
    return json.dumps(parts)


def picture_key(title: str, label: str, site_name: str) -> str:
    """A hash of everything a generated picture depends on."""
    text = json.dumps([_drawing_key(), title, label, site_name], ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


_CACHED_NAME = re.compile(r"^[0-9a-f]{64}\.png$")


class ShareCache:
    """Generated pictures by `picture_key`, kept in `folder` between builds (None: draw every time)."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.start()

    def start(self) -> None:
        """A build begins: count afresh."""
        self.drawn = 0
        self.reused = 0
        self.used: set[str] = set()

    def picture(self, title: str, label: str, site_name: str) -> bytes:
        key = picture_key(title, label, site_name)
        self.used.add(key)
        path = self.folder / f"{key}.png" if self.folder is not None else None
        if path is not None and path.is_file():
            self.reused += 1
            return path.read_bytes()
        data = share_picture(title, label, site_name)
        self.drawn += 1
        if path is not None:
            _write_atomically(path, data)
        return data

    def prune(self) -> int:
        """Delete the cached pictures this build did not use (after a full build); return how many."""
        if self.folder is None or not self.folder.is_dir():
            return 0
        stale = [p for p in self.folder.iterdir() if _CACHED_NAME.match(p.name) and p.stem not in self.used]
        for path in stale:
            path.unlink(missing_ok=True)
        return len(stale)


def _write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` so no reader ever sees half a file; a cache that cannot be written is skipped."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except OSError:
        return


# --- writing them beside the pages --------------------------------------------------------


@dataclass
class ShareStats:
    drawn: int = 0
    reused: int = 0
    copied: int = 0

    def __str__(self) -> str:
        return f"share images: {self.drawn} drawn, {self.reused} from the cache, {self.copied} copied"


def write_share_images(
    result: Result, content_dir: Path, site_dir: str | Path, site_name: str, cache: ShareCache
) -> ShareStats:
    """Write each story's picture beside its page (stories with errors are left out, as their pages are)."""
    site = result.site
    stats = ShareStats()
    if site is None:
        return stats
    cache.start()
    broken = {slug for slug, problems in result.story_problems.items() if any(p.is_error for p in problems)}
    for story in site.stories:
        path = share_path(story)
        if story.slug in broken or path is None:
            continue
        target = Path(site_dir) / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if story.image is not None and story.image.file is not None:
            shutil.copyfile(content_dir / story.slug / story.image.file, target)
            stats.copied += 1
        else:
            target.write_bytes(cache.picture(story.title, story.label, site_name))
    stats.drawn, stats.reused = cache.drawn, cache.reused
    return stats
