"""Escaping for the places content lands in a generated page.

How content becomes a page (decided once, here):

* Structured parts (answers, claims, quotes, source lists) are HTML written by
  Jinja2 templates with autoescaping on, placed in the Markdown as raw HTML
  blocks. Python-Markdown passes raw HTML blocks through untouched, so no
  content string inside them is ever read as Markdown.
* Headings stay Markdown (`## ...`) so that Material's table of contents and
  permalinks work; their text goes through `markdown_heading`, which turns
  every ASCII punctuation character into a numeric character reference, so
  nothing in it can be Markdown, HTML or an attribute list.
* Front matter is written by a YAML dumper (`front_matter`), never by joining
  strings.
* Content is only ever passed to templates as variables; it is never rendered
  as a template itself.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping

import yaml
from markupsafe import Markup

_PUNCTUATION = frozenset(string.punctuation)
_ASCII_SPACE = re.compile(r"[ \t\r\n\f\v]+")
_BLANK_LINE = re.compile(r"\r?\n[ \t]*\r?\n")
_LAYOUT_SPACE = re.compile(r"[ \t\r\n]+")


_NOTHING = Markup("")
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def paragraphs(text: str, end: Markup = _NOTHING) -> Markup:
    """Escaped text split into `<p>` elements at blank lines, `end` (a citation) after the last.

    Only ASCII layout whitespace is folded: a no-break or other Unicode space
    the editor typed stays as typed.
    """
    parts = [" ".join(_LAYOUT_SPACE.split(part)).strip(" ") for part in _BLANK_LINE.split(text)]
    parts = [part for part in parts if part]
    last = len(parts) - 1
    return Markup("").join(
        Markup("<p>{}{}</p>").format(part, end if number == last else "") for number, part in enumerate(parts)
    )


def markdown_heading(text: str) -> Markup:
    """Text safe to put after `## ` in Markdown: shown exactly as typed.

    Line breaks and runs of ASCII white space become one space (a heading is one line); other
    spaces, such as no-break spaces, stay as typed.
    """
    flat = _ASCII_SPACE.sub(" ", text).strip(" ")
    return Markup("".join(f"&#{ord(ch)};" if ch in _PUNCTUATION else ch for ch in flat))


def front_matter(meta: Mapping[str, object]) -> str:
    """A YAML front-matter block, dumped (never joined by hand; by libyaml's emitter where PyYAML has it,
    six times faster than PyYAML's own and the same text)."""
    body = yaml.dump(meta, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, default_flow_style=False, width=10_000)
    return f"---\n{body}---\n\n"
