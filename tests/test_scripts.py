"""Scripts and languages: Cyrillic, Ukrainian, Arabic (right to left) and emoji render as typed.

One real build of stories whose names, quotes and questions are in other scripts, loaded in
headless Chromium: the text reads back exactly (joiners and marks included), Arabic quotes
run right to left, screenshots are saved under tests/artifacts/ for a person to look at, and
every anchor stays ASCII and stable.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from generator.loader import load_text
from generator.slugs import anchor_for
from harness.browser import screenshot, static_server, watch
from harness.project import make_project, mkdocs

from .hostile import slug_of, write_content

ZWJ, ZWNJ, LRM, RLM = "\u200d", "\u200c", "\u200e", "\u200f"
SCRIPTS = {
    "russian": "Сергей Лавров: «Мы не будем комментировать это заявление»",
    "ukrainian": "Ґанок, їжак, Євген і пʼять обʼєктів — «Ми це заперечуємо»",
    "arabic": "قال المتحدث: «لم يحدث أي هجوم على الإطلاق» ١٢٣",
    "persian-zwnj": f"می{ZWNJ}خواهم بدانم چه اتفاقی افتاد",
    "emoji": f"👩{ZWJ}👩{ZWJ}👧 family, 👍🏽 thumbs, 🇺🇦 🇷🇺 flags, 🏳️{ZWJ}🌈",
    "marks": f"Version 2{LRM} of the text, and {RLM}عربي{RLM} inline",
}
SAFE_ID = re.compile(r"^[A-Za-z0-9_:.-]+$")
WITHOUT_CITATIONS = "el => { const c = el.cloneNode(true); c.querySelectorAll('.xp-cite').forEach(x => x.remove()); return c.textContent.replace(/\u2060/g, ''); }"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("scripts")
    content = write_content(root / "content", list(SCRIPTS.values()))
    project = make_project(root / "project", content)
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr[-3000:]
    return project / "site"


def test_joiners_and_marks_are_kept_while_overrides_are_refused() -> None:
    for mark in (ZWJ, ZWNJ, LRM, RLM, "\u061c"):
        doc, errors = load_text(f"title: a{mark}b\n", "f.yml")
        assert errors == [] and doc is not None and doc.data["title"] == f"a{mark}b"
    for override in ("\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"):
        doc, errors = load_text(f"title: a{override}b\n", "f.yml")
        assert doc is None and "text-direction control character" in str(errors[0])


def test_anchors_are_ascii_and_stable() -> None:
    assert anchor_for("Что заявил Кремль?", "question-1") == "question-1"
    assert anchor_for("ما الذي حدث؟", "question-2") == "question-2"
    assert anchor_for("Café déjà vu — naïve?", "x") == "cafe-deja-vu-naive"
    assert anchor_for("👩‍👩‍👧 and 🇺🇦", "x") == "and"
    for text in SCRIPTS.values():
        anchor = anchor_for(text, "fallback")
        assert anchor == anchor_for(text, "fallback") and re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", anchor)


@pytest.mark.parametrize("name", list(SCRIPTS))
def test_text_in_other_scripts_reads_back_exactly(site: Path, browser: Any, name: str) -> None:
    number = list(SCRIPTS).index(name)
    text = SCRIPTS[name]
    with static_server(site) as url:
        page = browser.new_page(viewport={"width": 900, "height": 900})
        log = watch(page)
        page.goto(f"{url}{slug_of(number)}/")
        quote = page.locator(".xp-pullquote blockquote").first
        assert quote.evaluate(WITHOUT_CITATIONS).strip() == text
        assert page.locator("h1").first.inner_text().strip().removesuffix("¶") == text
        assert page.locator(".xp-pullquote .xp-who").first.inner_text().strip() == text
        assert page.title().startswith(text)
        ids = page.evaluate("[...document.querySelectorAll('[id]')].map(e => e.id)")
        assert [i for i in ids if not SAFE_ID.match(i)] == [], "anchors must stay ASCII"
        assert len(ids) == len(set(ids)), "anchors must be unique"
        screenshot(page, f"scripts-{name}")
        assert log.page_errors == [] and log.outside_requests == []
        page.close()


def test_arabic_quotes_run_right_to_left(site: Path, browser: Any) -> None:
    with static_server(site) as url:
        page = browser.new_page()
        for name in ("arabic", "persian-zwnj", "russian"):
            page.goto(f"{url}{slug_of(list(SCRIPTS).index(name))}/")
            quote = page.locator(".xp-pullquote blockquote p").first
            rtl = quote.evaluate("el => el.matches(':dir(rtl)')")
            assert rtl == (name != "russian"), f"{name}: direction {'rtl' if rtl else 'ltr'}"
        page.close()
