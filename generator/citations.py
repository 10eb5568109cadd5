"""Citation marks: numbered in the order a reader meets them, ascending within each group.

Templates write a citation as a marker naming its source ids (`marker`). Once the
story page is rendered, `number_sources` reads the markers in page order: the
first source met is [1], the next new one [2], and so on; it also notes under
which question each source is cited, for the back-links in the source list.
`resolve` then turns every marker into links, numbers sorted, so a group never
reads [1, 5, 3]. The marker's delimiters are control characters, which content
can never hold (`types.Text` refuses them), so no content can forge one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from markupsafe import Markup

_OPEN, _CLOSE = "\x02", "\x03"
_MARKER = re.compile(f"{_OPEN}([a-z0-9 -]*){_CLOSE}")
_SECTION = re.compile(r"^## .*\{ #([A-Za-z0-9_-]+) \}$", re.MULTILINE)


def marker(source_ids: Iterable[str]) -> Markup:
    """A placeholder for the citation of these sources (empty when there are none)."""
    ids = list(dict.fromkeys(source_ids))
    return Markup(f"{_OPEN}{' '.join(ids)}{_CLOSE}") if ids else Markup("")


@dataclass
class Numbering:
    """Each source's number, and the page sections (question anchors) that cite it, in order."""

    numbers: dict[str, int] = field(default_factory=dict)
    sections: dict[str, list[str]] = field(default_factory=dict)

    def add(self, source_id: str, section: str | None = None) -> None:
        self.numbers.setdefault(source_id, len(self.numbers) + 1)
        if section is not None:
            places = self.sections.setdefault(source_id, [])
            if section not in places:
                places.append(section)


def number_sources(markdown: str, numbering: Numbering | None = None) -> Numbering:
    """Number the sources in the order `markdown` first cites them, noting the `## ... { #anchor }` they fall under."""
    numbering = numbering or Numbering()
    headings = [(match.start(), match[1]) for match in _SECTION.finditer(markdown)]
    for match in _MARKER.finditer(markdown):
        section = next((anchor for start, anchor in reversed(headings) if start < match.start()), None)
        for source_id in match[1].split():
            numbering.add(source_id, section)
    return numbering


def resolve(markdown: str, numbers: dict[str, int], link: Callable[[str], str]) -> str:
    """Replace every marker with its citation: `link(source_id)` for each, in ascending order of number."""

    def group(match: re.Match[str]) -> str:
        ids = sorted(match[1].split(), key=numbers.__getitem__)
        return str(_group([link(source_id) for source_id in ids]))

    return _MARKER.sub(group, markdown)


def _group(links: list[str]) -> Markup:
    if not links:
        return Markup("")
    # A word joiner keeps the mark on the line of the word it follows.
    return Markup(f'\u2060<sup class="xp-cite">[{", ".join(links)}]</sup>')
