"""The real content: the first explainer, checked against its own rules and its archived articles.

These tests read `content/` as it is, so they fail when an edit breaks a rule the
explainer promises its readers: every quote and number is sourced, every citation is
borne out by the archived text of each article it cites (`explainer check --strict`,
which verifies them), and our own prose is not the articles'. The archives live
outside the repository (`archive_dir` in mkdocs.yml); without them the tests that need
them skip and say why.
"""

from __future__ import annotations

import contextlib
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.archive import Archives
from generator.cli import main
from generator.links import iter_refs
from generator.models import Quote, Story
from generator.pipeline import Result, load_site
from generator.settings import project_settings
from generator.story_view import StoryView
from generator.verify import Names, Verifier, read_prose, verify_result

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"
SLUG = "valdai-drone-claim"

REQUIRED_QUESTIONS = [
    "What has Russia claimed?",
    "How has Ukraine responded?",
    "How has Trump reacted?",
    "How have other world leaders reacted?",
    "Have Putin's residences previously been attacked?",
    "What has Russia now threatened to do?",
    "Will this derail the US-led peace talks?",
]

SOURCES = {"aljazeera-explainer", "agencies-blog", "elpais-usa", "wire-report", "reuters-report"}
"""The five articles the story is built from."""

COPY_RUN = 8  # this many consecutive words shared with an article counts as copying


# --- helpers -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def result() -> Result:
    return load_site(CONTENT)


@pytest.fixture(scope="module")
def story(result: Result) -> Story:
    assert result.site is not None, [str(p) for p in result.problems]
    slugs = [s.slug for s in result.site.stories]
    assert SLUG in slugs, slugs
    return result.site.story(SLUG)


@pytest.fixture(scope="module")
def archives(story: Story, result: Result) -> dict[str, str]:
    """Source id -> the archived text of the article; skips when the archives are not here."""
    assert result.site is not None
    reader = Archives(project_settings(CONTENT))
    texts = {}
    for source_id in sorted(SOURCES):
        source = result.site.index.sources[source_id]
        assert source.archive, f"{source_id} names no archive"
        archive = reader.get(source.archive)
        if archive.text is None:
            pytest.skip(f"the demo story's archived articles are not here ({source.archive}: {archive.problem})")
        texts[source_id] = archive.text
    return texts


def quotes_of(story: Story) -> Iterator[tuple[str, Quote]]:
    for claim in story.claims:
        for quote in claim.quotes:
            yield f"claim {claim.id}", quote
    for reaction in story.reactions:
        for quote in reaction.quotes:
            yield f"reaction {reaction.id}", quote


QUOTED_SPAN = re.compile(r"“[^”]*”|\"[^\"]*\"")


def words(text: str) -> list[str]:
    text = text.lower().replace("’", "'").replace("‘", "'")
    return re.findall(r"[a-z0-9]+(?:['-][a-z0-9]+)*", text)


def ngrams(seq: list[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(seq[i : i + n]) for i in range(len(seq) - n + 1)}


def our_prose(story: Story, result: Result) -> Iterator[tuple[str, str]]:
    """(where, text) for every sentence the explainer writes in its own words."""
    yield "title", story.title
    yield "standfirst", story.standfirst
    for n, point in enumerate(story.key_points):
        yield f"key point {n + 1}", point.text
    for question in story.questions:
        for n, block in enumerate(question.answer):
            if block.text is not None:
                yield f"answer to {question.question!r}, block {n + 1}", block.text
    for claim in story.claims:
        yield f"claim {claim.id} statement", claim.statement
        for name in ("where", "status_note", "editor_note"):
            if getattr(claim, name):
                yield f"claim {claim.id} {name}", getattr(claim, name)
        if claim.evidence:
            yield f"claim {claim.id} evidence", claim.evidence.summary
    for reaction in story.reactions:
        yield f"reaction {reaction.id} stance", reaction.stance
        if reaction.summary:
            yield f"reaction {reaction.id} summary", reaction.summary
    for event in story.events:
        yield f"event {event.id} title", event.title
        for name in ("description", "editor_note"):
            if getattr(event, name):
                yield f"event {event.id} {name}", getattr(event, name)
    for variant in story.variants:
        yield f"variant {variant.id} fact", variant.fact
        if variant.note:
            yield f"variant {variant.id} note", variant.note
    assert result.site is not None
    for incident in result.site.world.incidents:
        for name in ("title", "allegation", "response", "outcome", "editor_note"):
            if getattr(incident, name):
                yield f"incident {incident.id} {name}", getattr(incident, name)
    for source in [*story.sources, *result.site.world.sources]:
        if source.description:
            yield f"source {source.id} description", source.description


# --- the content is valid and complete ------------------------------------------------------------


def test_no_problems_at_all(result: Result) -> None:
    assert [str(p) for p in result.problems] == []


def test_required_questions_come_first_in_order(story: Story) -> None:
    asked = [q.question.replace("’", "'") for q in story.questions]
    assert asked[: len(REQUIRED_QUESTIONS)] == REQUIRED_QUESTIONS
    assert len(asked) > len(REQUIRED_QUESTIONS), "the other articles' material needs its own question(s)"


def test_every_quote_has_a_source(story: Story) -> None:
    quotes = list(quotes_of(story))
    assert quotes
    missing = [(where, q.text) for where, q in quotes if not q.sources]
    assert not missing


def test_figures_are_sourced_and_add_up(story: Story) -> None:
    figures = [(claim.id, f) for claim in story.claims for f in claim.numbers]
    assert figures
    assert any(f.breakdown for _, f in figures), "the regional breakdown of the drones is recorded"
    for claim_id, figure in figures:
        assert figure.sources, f"{claim_id}: {figure.text} has no source"
        if figure.breakdown:
            assert sum(part.value for part in figure.breakdown) == figure.value, f"{claim_id}: {figure.text}"
            for part in figure.breakdown:
                assert part.sources, f"{claim_id}: {part.label} has no source"


def test_every_article_is_cited(story: Story) -> None:
    cited = {str(ref) for _, ref in iter_refs(story) if "source" in ref.kinds}
    assert cited >= SOURCES, SOURCES - cited


def test_sources_are_the_five_articles_each_with_its_archive(story: Story, result: Result) -> None:
    assert result.site is not None
    sources = [*story.sources, *result.site.world.sources]
    assert {s.id for s in sources} == SOURCES
    assert all(s.archive for s in sources), "every article names its archived text"


def test_no_url_anywhere(story: Story, result: Result) -> None:
    assert result.site is not None
    for source in [*story.sources, *result.site.world.sources]:
        assert source.url is None, source.id
    for outlet in result.site.world.outlets:
        assert outlet.url is None, outlet.id


def test_every_claim_and_reaction_is_shown(story: Story) -> None:
    shown = {(b.kind, getattr(b, b.kind)) for q in story.questions for b in q.answer}
    for claim in story.claims:
        assert ("claim", claim.id) in shown
    for reaction in story.reactions:
        assert ("reaction", reaction.id) in shown


# --- faithful to the articles ---------------------------------------------------------------------


def test_every_citation_is_verified_by_the_strict_check(
    archives: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    """`explainer check --strict`, as CI runs it: no problem at all, and every citation supported."""
    with contextlib.chdir(ROOT):
        code = main(["check", "--strict", "--sources", "content"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "0 error(s), 0 warning(s)\n" in captured.err, captured.err
    rows = {line.split()[0]: line.split() for line in captured.out.splitlines()[1:-1]}
    assert set(rows) == SOURCES
    for source_id, (_, cited, supported, *_) in rows.items():
        assert int(cited) > 0 and supported == cited, f"{source_id}: {supported} of {cited} citations supported"
    assert captured.out.rstrip().endswith("0 not supported, 0 not verified")


def test_no_citation_is_left_unverified(archives: dict[str, str], result: Result) -> None:
    """The same through the API: every citation of the story checked, none unsupported, not even a note."""
    assert result.site is not None
    verification = verify_result(Verifier(project_settings(CONTENT)), result.located, result.site)
    assert [str(p) for p in verification.problems] == []
    totals = verification.totals
    assert totals.cited > 250 and totals.supported == totals.cited, totals


def test_everyone_the_story_names_is_in_whos_who(story: Story, result: Result) -> None:
    assert result.site is not None
    names = Names.of(result.site.index.people.values())
    named = {person for _, text in our_prose(story, result) for person in read_prose(text, names).people}
    people = {person for person in named if result.site.index.people[person].kind == "person"}
    on_page = {person.id for person in StoryView(result.site, story).people}
    assert len(people) > 10
    assert people - on_page == set(), "named in the text but missing from Who's who"


def test_the_residence_is_placed_in_our_own_words(story: Story) -> None:
    """Where the residence is must not be left to the differences box: a paragraph says it, with its source."""
    paragraphs = [block for question in story.questions for block in question.answer if block.text]
    assert any("360 km north of Moscow" in block.text and block.sources for block in paragraphs if block.text)


def test_our_prose_is_not_copied(story: Story, result: Result, archives: dict[str, str]) -> None:
    article_runs = set()
    for text in archives.values():
        article_runs |= ngrams(words(text), COPY_RUN)
    copied = []
    for where, text in our_prose(story, result):
        own = QUOTED_SPAN.sub(" ", text)
        shared = ngrams(words(own), COPY_RUN) & article_runs
        if shared:
            copied.append((where, sorted(" ".join(run) for run in shared)))
    assert not copied


def test_a_clone_without_the_archives_still_passes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Archived articles are not ours to publish: a clone without them checks (and builds) with notes."""
    project = tmp_path / "clone"
    project.mkdir()
    (project / "mkdocs.yml").write_text((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), encoding="utf-8")
    shutil.copytree(CONTENT, project / "content")
    with contextlib.chdir(project):
        code = main(["check", "--strict", "content"])
    err = capsys.readouterr().err
    assert code == 0, err
    assert err.count("not verified: the archive folder `../shared/seeds` is not here") == len(SOURCES)
    assert f"0 error(s), 0 warning(s), {len(SOURCES)} note(s)" in err
