"""Content errors: what went wrong, where, and how to fix it.

Every problem found in content becomes a `ContentError`; stages collect them
instead of raising, so one run reports every problem at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"
    """Worth an editor's look, never a failure: not even under `--strict`."""


class Position(NamedTuple):
    """A place in a content file; line and column count from 1.

    A named tuple rather than a dataclass: the loader makes one for every
    node of every file, and tuples are several times cheaper to create.
    """

    file: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class ContentError:
    position: Position
    field: str
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        field = f" {self.field}:" if self.field else ""
        hint = f" ({self.hint})" if self.hint else ""
        label = "" if self.severity is Severity.ERROR else f" {self.severity}:"
        return f"{self.position}:{label}{field} {self.message}{hint}"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def sort_errors(errors: list[ContentError]) -> list[ContentError]:
    return sorted(errors, key=lambda e: (e.position, e.field, e.message))


def format_field(path: tuple[str | int, ...]) -> str:
    """`('claims', 0, 'numbers')` -> `claims[0].numbers`."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out
