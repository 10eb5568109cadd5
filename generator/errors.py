"""Content errors: what went wrong, where, and how to fix it.

Every problem found in content becomes a `ContentError`; stages collect them
instead of raising, so one run reports every problem at once. A message may
quote what the editor typed; when it is printed (terminal, MkDocs' log, the
error page) every invisible control character in it is shown escaped
(`\\u001b`), so a quoted value can never drive the terminal.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple, TypeVar

T = TypeVar("T")

MAX_PER_FILE = 20
"""The problems listed per file; one more line says how many more there are."""

# C0 and C1 controls (tab and line feed included: a message is one line), DEL, the text-direction
# controls, the line and paragraph separators and the byte-order mark: shown as `\uXXXX`.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff]")


def printable(text: str) -> str:
    """`text` with every control and invisible formatting character escaped as `\\uXXXX`."""
    return _UNPRINTABLE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"
    """Worth an editor's look, never a failure: not even under `--strict`."""


class Position(NamedTuple):
    """A place in a content file; line and column count from 1.

    Lines end at a line feed, a carriage return followed by a line feed, or a carriage return
    alone, as editors count them; a column counts characters (Unicode code points).
    A named tuple rather than a dataclass: the loader makes one for every
    node of every file, and tuples are several times cheaper to create.
    """

    file: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{printable(self.file)}:{self.line}:{self.column}"


@dataclass(frozen=True)
class ContentError:
    position: Position
    field: str
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR
    more: int = 0
    """Not zero: this line stands for `more` problems of its file that are not listed."""

    def __str__(self) -> str:
        field = f" {self.field}:" if self.field else ""
        hint = f" ({self.hint})" if self.hint else ""
        label = "" if self.severity is Severity.ERROR else f" {self.severity}:"
        return printable(f"{self.position}:{label}{field} {self.message}{hint}")

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    @property
    def count(self) -> int:
        """How many problems this line stands for."""
        return self.more or 1


def sort_errors(errors: list[ContentError]) -> list[ContentError]:
    return sorted(errors, key=lambda e: (e.position, e.field, e.message))


def more_problems(position: Position, count: int, severity: Severity = Severity.ERROR) -> ContentError:
    """The line that stands for `count` unlisted problems of a file, the first of them at `position`."""
    noun = "problem" if count == 1 else "problems"
    return ContentError(
        position,
        "",
        f"{count:,} more {noun} in this file, not listed",
        "fix the ones above and check again",
        severity,
        more=count,
    )


def describe_listed(placed: list[tuple[Position, T]], describe: Callable[[T], ContentError]) -> list[ContentError]:
    """In file order, `describe` the first MAX_PER_FILE items of each file; one line per file counts the rest.

    Describing can be costly (a "did you mean" search); only what is listed is described.
    """
    listed: Counter[str] = Counter()
    out: list[ContentError] = []
    unlisted: dict[str, list[Position]] = {}
    for position, item in sorted(placed, key=lambda entry: entry[0]):
        if listed[position.file] < MAX_PER_FILE:
            listed[position.file] += 1
            out.append(describe(item))
        else:
            unlisted.setdefault(position.file, []).append(position)
    return out + [more_problems(positions[0], len(positions)) for positions in unlisted.values()]


def cap_per_file(problems: list[ContentError], limit: int = MAX_PER_FILE) -> list[ContentError]:
    """The first `limit` problems of each file in order, and one line per file standing for the rest."""
    listed: Counter[str] = Counter()
    kept: list[ContentError] = []
    hidden: dict[str, list[ContentError]] = {}
    for problem in sort_errors([p for p in problems if not p.more]):
        file = problem.position.file
        if listed[file] < limit:
            listed[file] += 1
            kept.append(problem)
        else:
            hidden.setdefault(file, []).append(problem)
    for summary in (p for p in problems if p.more):
        hidden.setdefault(summary.position.file, []).append(summary)
    for rest in hidden.values():
        first = min(rest, key=lambda p: p.position)
        severity = min((p.severity for p in rest), key=list(Severity).index)  # the gravest of them
        kept.append(more_problems(first.position, sum(p.count for p in rest), severity))
    return sort_errors(kept)


def count_problems(problems: list[ContentError]) -> tuple[int, int]:
    """(errors, warnings), counting the unlisted problems a summary line stands for (notes are neither)."""
    errors = sum(p.count for p in problems if p.is_error)
    warnings = sum(p.count for p in problems if p.severity is Severity.WARNING)
    return errors, warnings


def format_problems(problems: list[ContentError]) -> str:
    """One problem per line, as `explainer check` prints them."""
    return "\n".join(str(p) for p in problems)


def format_field(path: tuple[str | int, ...]) -> str:
    """`('claims', 0, 'numbers')` -> `claims[0].numbers`."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out
