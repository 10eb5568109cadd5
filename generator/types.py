"""Field types shared by the content models: text, ids, references, dates, URLs.

Each type validates one kind of value and explains a failure in words an
editor can act on. References are `Ref` strings whose class names the kind of
thing they point at, so the link stage can find them by walking the models.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar
from urllib.parse import urlsplit

from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints, WithJsonSchema
from pydantic_core import PydanticCustomError

from .loader import CutScalar

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
MAX_TEXT = 20_000
MAX_HEADING = 300
# C0 and C1 controls other than tab and newline: invisible, and some break pages.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Text-direction overrides and isolates can make text display reversed. (The loader refuses them
# in files; this keeps models built any other way to the same rule.) ZWJ, ZWNJ, LRM and RLM stay.
_BIDI_CONTROL = re.compile("[\u202a-\u202e\u2066-\u2069]")


def _not_cut(value: Any) -> Any:
    if isinstance(value, CutScalar):
        raise PydanticCustomError(
            "comment_cut",
            "the text after ` #` was dropped: YAML reads it as a comment",
        )
    return value


def _no_controls(value: str) -> str:
    match = _CONTROL.search(value)
    if match:
        raise PydanticCustomError(
            "control_character",
            "an invisible control character (U+{code}) at character {index}",
            {"code": f"{ord(match.group()):04X}", "index": match.start() + 1},
        )
    match = _BIDI_CONTROL.search(value)
    if match:
        raise PydanticCustomError(
            "control_character",
            "an invisible text-direction control character (U+{code}) at character {index}",
            {"code": f"{ord(match.group()):04X}", "index": match.start() + 1},
        )
    if not value.strip():
        raise PydanticCustomError("blank_text", "the text is blank")
    return value


Text = Annotated[
    str,
    BeforeValidator(_not_cut),
    StringConstraints(min_length=1, max_length=MAX_TEXT),
    AfterValidator(_no_controls),
]
"""Free text, shown exactly as typed; never read as Markdown or HTML."""

HeadingText = Annotated[
    str,
    BeforeValidator(_not_cut),
    StringConstraints(min_length=1, max_length=MAX_HEADING),
    AfterValidator(_no_controls),
]
"""Text that becomes a page heading (a title, a question): shown as typed, and short.

Headings are the one place content meets Markdown's inline parser (every punctuation mark
as a character reference), whose cost grows faster than the text; the shorter limit keeps
every build fast however many headings a story has.
"""

Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=80)]
"""A short name for a thing, unique among its kind: `jane-doe`."""


class Ref(str):
    """A reference by id; subclasses say which registries it may point into."""

    kinds: ClassVar[tuple[str, ...]] = ()


def _ref(name: str, kinds: tuple[str, ...]) -> AfterValidator:
    """A validator that turns a valid id into a `Ref` of the given kinds."""
    ref_class = type(name, (Ref,), {"kinds": kinds})
    return AfterValidator(ref_class)


def _ref_schema(kinds: tuple[str, ...]) -> WithJsonSchema:
    """What editors' YAML tooling shows for a reference: `The id of a person or outlet.`"""
    article = "an" if kinds[0][0] in "aeiou" else "a"
    description = f"The id of {article} {' or '.join(kinds)}."
    return WithJsonSchema({"type": "string", "pattern": ID_PATTERN, "maxLength": 80, "description": description})


_ID = StringConstraints(pattern=ID_PATTERN, max_length=80)
PersonRef = Annotated[str, _ID, _ref("PersonRef", ("person",)), _ref_schema(("person",))]
ActorRef = Annotated[str, _ID, _ref("ActorRef", ("person", "outlet")), _ref_schema(("person", "outlet"))]
OutletRef = Annotated[str, _ID, _ref("OutletRef", ("outlet",)), _ref_schema(("outlet",))]
SourceRef = Annotated[str, _ID, _ref("SourceRef", ("source",)), _ref_schema(("source",))]
IncidentRef = Annotated[str, _ID, _ref("IncidentRef", ("incident",)), _ref_schema(("incident",))]
ClaimRef = Annotated[str, _ID, _ref("ClaimRef", ("claim",)), _ref_schema(("claim",))]
ReactionRef = Annotated[str, _ID, _ref("ReactionRef", ("reaction",)), _ref_schema(("reaction",))]
EventRef = Annotated[str, _ID, _ref("EventRef", ("event",)), _ref_schema(("event",))]
VariantRef = Annotated[str, _ID, _ref("VariantRef", ("variant",)), _ref_schema(("variant",))]
StoryRef = Annotated[str, _ID, _ref("StoryRef", ("story",)), _ref_schema(("story",))]

SourceList = Annotated[list[SourceRef], Field(min_length=1)]
"""One or more source ids: where a fact, a number or a quote was reported."""


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to a year, a month or a day; with `end`, a span (`2023-05-02/03`: 2 to 3 May 2023)."""

    year: int
    month: int = 0
    day: int = 0
    end: tuple[int, ...] = ()
    """The last (year, month, day) of a span, at the same precision; empty for a single date."""

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    @property
    def iso(self) -> str:
        """The first day of it, as HTML's `datetime` and ISO 8601 write a date."""
        return _iso(self.year, self.month, self.day)

    @property
    def last(self) -> PartialDate:
        if not self.end:
            return self
        year, month, day = (*self.end, 0, 0)[:3]
        return PartialDate(year, month, day)

    def __str__(self) -> str:
        """`2023-05-02`, or a span as `2023-05-02/2023-05-03` (ISO 8601's interval)."""
        return self.iso + (f"/{_iso(*self.end)}" if self.end else "")

    def display(self) -> str:
        """`29 December 2025`, `May 2023`, `2024`; a span as `2–3 May 2023` or `30 April – 2 May 2023`."""
        if not self.end:
            return _display(self.year, self.month, self.day)
        last = self.last
        if self.day and (self.year, self.month) == (last.year, last.month):
            return f"{self.day}–{last.display()}"
        if self.month and self.year == last.year:
            start = f"{self.day} {calendar.month_name[self.month]}" if self.day else calendar.month_name[self.month]
            return f"{start} – {last.display()}" if self.day else f"{start}–{last.display()}"
        if not self.month:
            return f"{self.year}–{last.year}"
        return f"{_display(self.year, self.month, self.day)} – {last.display()}"


def _iso(year: int, month: int = 0, day: int = 0) -> str:
    return f"{year:04d}" + (f"-{month:02d}" if month else "") + (f"-{day:02d}" if day else "")


def _display(year: int, month: int = 0, day: int = 0) -> str:
    if not month:
        return str(year)
    name = calendar.month_name[month]
    return f"{day} {name} {year}" if day else f"{name} {year}"


_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_DATE_SCHEMA = {
    # An unquoted year is a number to editors' YAML tooling; the loader reads it as text.
    "anyOf": [
        {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?(/(\d{4}-)?(\d{2}-)?\d{2,4})?$"},
        {"type": "integer", "minimum": 1000, "maximum": 9999},
    ],
    "description": "A date as known: YYYY, YYYY-MM or YYYY-MM-DD; a span as start/end, the end shortened "
    "to what differs: 2023-05-02/03, 2023-04-30/05-02, 2022/2023.",
}
_DAY_SCHEMA = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "description": "A day: YYYY-MM-DD."}


def parse_partial_date(value: Any) -> PartialDate:
    if isinstance(value, PartialDate):
        return value
    if isinstance(value, str) and "/" in value:
        return _parse_span(value)
    return _parse_one(value)


def _parse_span(value: str) -> PartialDate:
    """`2023-05-02/03`: the end is written out only as far as it differs from the start."""
    first, _, rest = value.partition("/")
    start = _parse_one(first)
    size = {"year": 1, "month": 2, "day": 3}[start.precision]
    given = rest.split("-")
    full_end = len(given) == size and len(given[0]) == 4
    shortened = len(given) < size and all(len(part) == 2 for part in given)
    if not all(part.isdigit() for part in given) or not (full_end or shortened):
        raise PydanticCustomError(
            "date_span",
            "`{value}` is not a span of dates: write the end as far as it differs from the start",
            {"value": value},
        )
    head = str(start).split("-")[: size - len(given)] if shortened else []
    end = _parse_one("-".join([*head, *given]))
    if end <= start:
        raise PydanticCustomError("date_span_order", "`{value}` does not end after it starts", {"value": value})
    return PartialDate(start.year, start.month, start.day, (end.year, end.month, end.day)[:size])


def _parse_one(value: Any) -> PartialDate:
    match = _DATE.match(value) if isinstance(value, str) else None
    if not match:
        raise PydanticCustomError("date_format", "`{value}` is not a date", {"value": value})
    year, month, day = (int(part) if part else 0 for part in match.groups())
    if match.group(2) and not 1 <= month <= 12:
        raise PydanticCustomError("date_impossible", "`{value}` has no month {month}", {"value": value, "month": month})
    if match.group(3) and not 1 <= day <= calendar.monthrange(year, month)[1]:
        raise PydanticCustomError(
            "date_impossible",
            "`{value}` does not exist: {month_name} {year} has {days} days",
            {
                "value": value,
                "month_name": calendar.month_name[month],
                "year": year,
                "days": calendar.monthrange(year, month)[1],
            },
        )
    return PartialDate(year, month, day)


def _parse_day(value: Any) -> PartialDate:
    date = parse_partial_date(value)
    if date.precision != "day" or date.end:
        raise PydanticCustomError("date_day", "`{value}` needs to be one day", {"value": str(value)})
    return date


DateValue = Annotated[PartialDate, BeforeValidator(parse_partial_date), WithJsonSchema(_DATE_SCHEMA)]
Day = Annotated[PartialDate, BeforeValidator(_parse_day), WithJsonSchema(_DAY_SCHEMA)]


MAX_PATH = 500


def _check_archive_path(value: str) -> str:
    if value.startswith(("/", "~")) or "\\" in value or re.match(r"^[A-Za-z]:", value):
        raise PydanticCustomError("archive_path", "`{value}` is not a path from the project's folder", {"value": value})
    return value


ArchivePath = Annotated[
    str,
    StringConstraints(min_length=1, max_length=MAX_PATH),
    AfterValidator(_no_controls),
    AfterValidator(_check_archive_path),
    WithJsonSchema(
        {
            "type": "string",
            "maxLength": MAX_PATH,
            "pattern": "^[^/~\\\\]",
            "description": "A path from the project's folder, such as `archive/report.txt`.",
        }
    ),
]
"""A file of the project (or of its archive folder), named from the project's folder with `/`."""


def _check_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in value):
        raise PydanticCustomError("url_scheme", "`{value}` is not an absolute http(s) link", {"value": value})
    return value


Url = Annotated[
    str,
    StringConstraints(max_length=2000),
    AfterValidator(_no_controls),
    AfterValidator(_check_url),
    WithJsonSchema({"type": "string", "format": "uri", "pattern": "^https?://", "maxLength": 2000}),
]
"""An absolute http or https URL, kept exactly as typed."""


_STORY_FILE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*(?:/[A-Za-z0-9][A-Za-z0-9_.-]*)*$")
_PICTURE_SUFFIXES = (".png", ".jpg", ".jpeg")


def _check_story_file(value: str) -> str:
    if not _STORY_FILE.match(value):
        raise PydanticCustomError("story_file", "`{value}` is not a file name in the story's folder", {"value": value})
    if not value.lower().endswith(_PICTURE_SUFFIXES):
        raise PydanticCustomError("picture_type", "`{value}` is not a PNG or JPEG file name", {"value": value})
    return value


PictureFile = Annotated[
    str,
    StringConstraints(max_length=200),
    AfterValidator(_check_story_file),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^[A-Za-z0-9][A-Za-z0-9_.-]*(/[A-Za-z0-9][A-Za-z0-9_.-]*)*\.([Pp][Nn][Gg]|[Jj][Pp][Ee]?[Gg])$",
            "maxLength": 200,
            "description": "A PNG or JPEG file in the story's folder, e.g. `share.jpg`.",
        }
    ),
]
"""A picture file relative to the story's folder: plain names only, never `..`, an absolute path or a URL."""
