"""The real content: the first explainer, checked against its own rules and its source articles.

These tests read `content/` as it is, so they fail when an edit breaks a rule the
explainer promises its readers: every quote and number is sourced, quotes are
the speakers' exact words as printed, and our own prose is not the articles'.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.links import iter_refs
from generator.models import Quote, Story
from generator.pipeline import Result, load_site

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
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

# Which seed article each source id stands for (the file name's prefix).
SEED_OF_SOURCE = {
    "aljazeera-explainer": "000_",
    "agencies-blog": "001_",
    "elpais-usa": "002_",
    "wire-report": "003_",
    "reuters-report": "004_",
}

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
def seeds() -> dict[str, str]:
    """Source id → the text of its seed article; skips when the seeds are not here."""
    if not SEEDS.is_dir():
        pytest.skip(f"the seed articles are not at {SEEDS}")
    texts = {}
    for source_id, prefix in SEED_OF_SOURCE.items():
        matches = sorted(SEEDS.glob(f"{prefix}*.txt"))
        assert len(matches) == 1, f"expected one seed file {prefix}*.txt, found {matches}"
        texts[source_id] = matches[0].read_text(encoding="utf-8")
    return texts


def quotes_of(story: Story) -> Iterator[tuple[str, Quote]]:
    for claim in story.claims:
        for quote in claim.quotes:
            yield f"claim {claim.id}", quote
    for reaction in story.reactions:
        for quote in reaction.quotes:
            yield f"reaction {reaction.id}", quote


def squash(text: str) -> str:
    """Whitespace normalised, nothing else."""
    return " ".join(text.split())


def loose(text: str) -> str:
    """Lowercase words only: for 'these words are in that article' regardless of quote marks or case."""
    text = text.replace("’", "'").replace("‘", "'")
    return " ".join(re.findall(r"[\w']+|…|\*+", text.lower()))


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


def test_every_seed_article_is_cited(story: Story) -> None:
    cited = {str(ref) for _, ref in iter_refs(story) if "source" in ref.kinds}
    assert set(SEED_OF_SOURCE) <= cited, set(SEED_OF_SOURCE) - cited


def test_sources_are_the_five_articles(story: Story, result: Result) -> None:
    assert result.site is not None
    ids = {s.id for s in [*story.sources, *result.site.world.sources]}
    assert ids == set(SEED_OF_SOURCE)


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


def test_quotes_are_verbatim_in_a_cited_article(story: Story, seeds: dict[str, str]) -> None:
    wrong = []
    for where, quote in quotes_of(story):
        texts = [squash(seeds[s]) for s in quote.sources if s in seeds]
        if not any(squash(quote.text) in text for text in texts):
            wrong.append((where, quote.text, list(quote.sources)))
    assert not wrong


def test_every_cited_article_carries_the_quoted_words(story: Story, seeds: dict[str, str]) -> None:
    """Each source a quote cites prints those words (allowing for case and quotation marks)."""
    wrong = []
    for where, quote in quotes_of(story):
        for source_id in quote.sources:
            if loose(quote.text) not in loose(seeds[source_id]):
                wrong.append((where, quote.text, source_id))
    assert not wrong


def test_spellings_are_the_articles(result: Result, seeds: dict[str, str]) -> None:
    assert result.site is not None
    for person in result.site.world.people:
        for spelling in person.also_spelled:
            for source_id in spelling.sources:
                assert spelling.name in seeds[source_id], (person.id, spelling.name, source_id)


def test_our_prose_is_not_copied(story: Story, result: Result, seeds: dict[str, str]) -> None:
    seed_runs = set()
    for text in seeds.values():
        seed_runs |= ngrams(words(text), COPY_RUN)
    copied = []
    for where, text in our_prose(story, result):
        own = QUOTED_SPAN.sub(" ", text)
        shared = ngrams(words(own), COPY_RUN) & seed_runs
        if shared:
            copied.append((where, sorted(" ".join(run) for run in shared)))
    assert not copied
