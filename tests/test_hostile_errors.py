"""Error pages (shown under `mkdocs serve`) quote what the editor typed: escaped, never markup."""

from __future__ import annotations

from pathlib import Path

import markdown

from generator.pages import site_pages
from generator.pipeline import load_site

from .hostile import dump, slug_of, write_content

PAYLOAD = "<script>__xss(1)</script>{{ 7*7 }}**x**"


def test_hostile_values_in_error_messages_are_escaped(tmp_path: Path) -> None:
    content = write_content(tmp_path / "content", ["plain"])
    story_file = content / slug_of(0) / "story.yml"
    story = {
        "title": "t",
        "standfirst": "s",
        "published": PAYLOAD,
        "questions": [{"question": "q", "answer": [{"claim": PAYLOAD}]}],
        PAYLOAD: 1,
    }
    dump(story_file, story)
    result = load_site(content)
    assert result.errors
    assert any(PAYLOAD[:20] in str(e) for e in result.errors), [str(e) for e in result.errors]
    pages = [
        markdown.Markdown(extensions=["toc", "attr_list"]).convert(page.markdown.split("\n---\n", 1)[-1])
        for page in site_pages(result, "Explainers")
    ]
    assert all("<script>" not in html and "<strong>x</strong>" not in html for html in pages)
    assert any("&lt;script&gt;__xss(1)&lt;/script&gt;{{ 7*7 }}**x**" in html for html in pages)
