"""Citations checked against archived texts: matching, archive paths, the report, and what readers see.

The golden case `tests/golden/errors/citations/` shows every kind of problem at its
`file:line:col` (test_errors_golden.py); these tests take each rule apart.
"""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path

import pytest
import yaml

from generator import matching
from generator.archive import Archives, html_text, locate
from generator.cli import main
from generator.errors import Severity
from generator.pipeline import load_site
from generator.settings import Settings, SettingsError, project_settings
from generator.verify import Verifier, source_report, verify_result
from harness.synthetic import write_site

from .conftest import GOLDEN, Golden

CASE = GOLDEN / "errors" / "citations"
ARTICLE = (
    "Russia said on Monday that Ukraine had launched ninety-one drones over 28-29 December.\n"
    "“Such reckless actions will not go unanswered,” the minister said. “The targets have been determined.”\n"
    "It’s one thing to be offensive, because [Russia is] offensive, said another.\n"
    "Nearly 20 percent of the land is held; the talks were “very close”, he said.\n"
    "President Volodymyr Zelensky said the claim was false.\n"
)


# --- quotes --------------------------------------------------------------------------------------


def found(quote: str, text: str = ARTICLE, quoted: bool = False) -> tuple[bool, bool]:
    marks = matching.quoted_text(text) if quoted else None
    return matching.find_quote(quote, matching.canonical(text), marks)


def test_a_quote_is_found_whatever_its_quotation_marks_dashes_spaces_and_case() -> None:
    assert found("such reckless actions   will not go unanswered") == (True, True)
    assert found("It's one thing to be offensive") == (True, True)  # straight apostrophe for a curly one
    assert found("Such reckless actions will not go unanswered.") == (True, True)  # a full stop at the end


def test_a_changed_word_is_not_found() -> None:
    assert found("Such reckless acts will not go unanswered") == (False, False)
    assert found("The targets have been decided") == (False, False)


def test_an_ellipsis_stands_for_words_left_out_in_order() -> None:
    assert found("Such reckless actions … have been determined") == (True, True)
    assert found("Such reckless actions ... have been determined") == (True, True)
    assert found("have been determined … Such reckless actions") == (False, False)


def test_a_bracketed_insertion_stands_for_a_few_words() -> None:
    assert found("It’s one thing to be offensive, because [they are] offensive") == (True, True)
    assert found("[The man] said the claim was false") == (True, True)
    assert found("Such reckless actions [and so on] Zelensky said") == (False, False)  # too far apart


def test_words_are_whole_words() -> None:
    assert found("Zelensky") == (True, True)
    assert found("Zelenskyy") == (False, False)
    assert found("elensky") == (False, False)


def test_a_quote_must_be_inside_the_articles_quotation_marks() -> None:
    assert found("Such reckless actions will not go unanswered", quoted=True) == (True, True)
    assert found("the minister said", quoted=True) == (True, False)
    assert found("reckless actions … The targets have been determined", quoted=True) == (True, True)


def test_quotations_close_at_the_end_of_a_paragraph() -> None:
    text = "He said: “One long quote\n“that goes on.” Then “another”."
    spans = [text[start:end] for start, end in matching.quotations(text)]
    assert spans == ["One long quote", "that goes on.", "another"]
    german = "Er sagte: „Das ist gut“, und ging."
    assert [german[start:end] for start, end in matching.quotations(german)] == ["Das ist gut"]


def test_the_hint_shows_where_the_article_parts_from_the_quote() -> None:
    near = matching.nearest("The targets have been decided", ARTICLE)
    assert "The targets have been determined" in near


# --- numbers and dates ---------------------------------------------------------------------------


def values(text: str, ours: bool = False) -> list[tuple[float, bool]]:
    return [number.key for number in matching.numbers(text, ours)]


def test_numbers_in_digits_and_in_words() -> None:
    assert values("91 drones, ninety-one drones, Ninety one") == [(91, False)] * 3
    assert values("nearly 100, a hundred, 1,000, 9.3 miles, five million") == [
        (100, False),
        (100, False),
        (1000, False),
        (9.3, False),
        (5_000_000, False),
    ]
    assert values("20 percent, 20%, 20 per cent") == [(20, True)] * 3
    assert values("15km, the 28-point plan, 10-hour, the 28th") == [(15, False), (28, False), (10, False), (28, False)]
    assert values("G7 and B-52s") == [(52, False)]


def test_in_our_words_a_lone_one_is_not_a_number() -> None:
    assert values("one of the residences", ours=True) == []
    assert values("one hundred", ours=True) == [(100, False)]
    assert values("one of the residences") == [(1, False)]


def test_the_usual_spellings_of_a_date_are_one_date() -> None:
    spellings = ["28-29 December", "December 28-29", "the night of 28 to 29 December", "28th and 29th December"]
    for spelling in spellings:
        (mention,) = matching.dates(spelling)
        assert (mention.month, mention.days) == (12, frozenset({28, 29})), spelling
    (day,) = matching.dates("Monday 29 December 2025")
    assert day.within(matching.dates("over 28-29 December")[0])
    assert not matching.dates("over 28-29 December")[0].within(day)


def test_months_alone_and_words_that_are_not_months() -> None:
    assert [m.shown for m in matching.dates("In November, and in May 2023")] == ["November", "May 2023"]
    assert matching.dates("They may march to Mar-a-Lago in May.") == []
    assert [m.shown for m in matching.dates("2025-12-30")] == ["2025-12-30"]


# --- archives: where they may be, and how they are read -------------------------------------------


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    (root / "archive").mkdir(parents=True)
    (root / "docs").mkdir()
    (root / "archive" / "a.txt").write_text("An article.", encoding="utf-8")
    (tmp_path / "outside.txt").write_text("Not ours to read.", encoding="utf-8")
    (tmp_path / "newsroom").mkdir()
    (tmp_path / "newsroom" / "b.txt").write_text("An archived article.", encoding="utf-8")
    return root


def test_an_archive_inside_the_project_is_read(project: Path) -> None:
    archive = Archives(Settings(project)).get("archive/a.txt")
    assert archive.text == "An article."


@pytest.mark.parametrize(
    ("path", "says"),
    [
        ("../outside.txt", "leads outside the project"),
        ("archive/../../outside.txt", "leads outside the project"),
        ("/etc/hostname", "is not a path relative to the project"),
        ("~/notes.txt", "is not a path relative to the project"),
        ("docs/a.txt", "inside docs/, which is published"),
    ],
)
def test_archives_outside_the_project_are_refused(project: Path, path: str, says: str) -> None:
    archive = Archives(Settings(project)).get(path)
    assert archive.text is None and archive.severity is Severity.ERROR
    assert says in archive.problem


def test_a_symbolic_link_out_of_the_project_is_refused(project: Path) -> None:
    (project / "archive" / "link.txt").symlink_to(project.parent / "outside.txt")
    (project / "archive" / "inner.txt").symlink_to(project / "archive" / "a.txt")
    (project / "archive" / "folder").symlink_to(project.parent, target_is_directory=True)
    archives = Archives(Settings(project))
    assert "symbolic link that leads outside" in archives.get("archive/link.txt").problem
    assert "symbolic link that leads outside" in archives.get("archive/folder/outside.txt").problem
    assert archives.get("archive/inner.txt").text == "An article."


def test_the_archive_folder_may_be_outside_the_project(project: Path) -> None:
    settings = Settings(project, "../newsroom")
    assert Archives(settings).get("../newsroom/b.txt").text == "An archived article."
    assert "leads outside" in Archives(settings).get("../outside.txt").problem


def test_a_missing_archive_is_not_verified(project: Path) -> None:
    archive = Archives(Settings(project)).get("archive/gone.txt")
    assert archive.problem.startswith("not verified:") and archive.severity is Severity.WARNING
    shutil.rmtree(project.parent / "newsroom")
    folder = Archives(Settings(project, "../newsroom")).get("../newsroom/b.txt")
    assert "not verified: the archive folder `../newsroom` is not here" in folder.problem
    assert folder.severity is Severity.NOTE  # a clone without the folder still builds


def test_an_archive_that_is_not_utf8_is_not_verified(project: Path) -> None:
    (project / "archive" / "latin.txt").write_bytes("Caf\xe9".encode("latin-1"))
    assert "is not UTF-8 text" in Archives(Settings(project)).get("archive/latin.txt").problem
    assert "is not a file" in Archives(Settings(project)).get("archive").problem


def test_html_is_read_as_its_text() -> None:
    html = (
        "<!doctype html><html><head><title>T</title><style>p{}</style></head><body>"
        "<h1>Head&shy;line</h1><p>One &amp; <b>two</b></p><script>var secret = 1;</script><p>Three</p></body></html>"
    )
    assert html_text(html) == "Head\xadline\nOne & two\nThree"


def test_an_archive_read_again_only_when_it_changes(project: Path) -> None:
    archives = Archives(Settings(project))
    first = archives.get("archive/a.txt")
    assert archives.get("archive/a.txt") is first
    (project / "archive" / "a.txt").write_text("A longer article.", encoding="utf-8")
    assert archives.get("archive/a.txt").text == "A longer article."


def test_locate_gives_the_file(project: Path) -> None:
    assert locate("archive/./a.txt", Settings(project)) == (project / "archive" / "a.txt").resolve()


# --- the project's settings ------------------------------------------------------------------------


def test_the_archive_folder_is_read_from_mkdocs_yml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: X\ndocs_dir: pages\n"
        "markdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "plugins:\n  - search\n  - explainer:\n      archive_dir: !ENV [NEWSROOM_ARCHIVE, ../archive]\n",
        encoding="utf-8",
    )
    monkeypatch.delenv("NEWSROOM_ARCHIVE", raising=False)
    settings = project_settings(tmp_path / "content")
    assert (settings.root, settings.archive_dir, settings.docs_dir) == (tmp_path, "../archive", "pages")
    monkeypatch.setenv("NEWSROOM_ARCHIVE", "/srv/archive")
    assert project_settings(tmp_path / "content").archive_dir == "/srv/archive"


def test_without_mkdocs_yml_the_project_is_the_content_folders_parent(tmp_path: Path) -> None:
    settings = project_settings(tmp_path / "content")
    assert (settings.root, settings.archive_dir) == (tmp_path, None)
    (tmp_path / "mkdocs.yml").write_text("plugins: [explainer: {archive_dir: 3}]\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="must be a folder name"):
        project_settings(tmp_path / "content")


# --- the command ---------------------------------------------------------------------------------


def check(folder: Path, *args: str) -> int:
    with contextlib.chdir(folder):
        return main(["check", *args, "content"])


def test_sources_report_prints_a_row_per_source(golden: Golden, capsys: pytest.CaptureFixture[str]) -> None:
    assert check(CASE, "--sources") == 1  # the case has an error: an archive outside the project
    golden(CASE / "sources.txt", capsys.readouterr().out)


def small_story(root: Path, paragraph: str, archive: str | None = "archive/paper.txt") -> Path:
    """A project with one story whose one paragraph cites one archived article."""
    (root / "content" / "vote").mkdir(parents=True)
    (root / "archive").mkdir(exist_ok=True)
    (root / "archive" / "paper.txt").write_text(
        "The council voted on 8 April to close the harbour. Ninety-one jobs will go.", encoding="utf-8"
    )
    world = {"people": [{"id": "mara-lind", "name": "Mara Lind"}], "outlets": [{"id": "paper", "name": "The Paper"}]}
    (root / "content" / "world.yml").write_text(yaml.safe_dump(world), encoding="utf-8")
    source = {"id": "paper-report", "outlet": "paper", "headline": "The vote"} | (
        {"archive": archive} if archive else {}
    )
    story = {
        "title": "The vote",
        "standfirst": "A vote.",
        "published": "2025-04-10",
        "questions": [{"question": "What?", "answer": [{"text": paragraph, "sources": ["paper-report"]}]}],
        "sources": [source],
    }
    (root / "content" / "vote" / "story.yml").write_text(yaml.safe_dump(story, allow_unicode=True), encoding="utf-8")
    return root


def test_a_person_not_named_is_a_note_that_never_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = small_story(tmp_path, "Mara Lind says 91 jobs will go after the vote of 8 April.")
    assert check(root, "--strict") == 0
    err = capsys.readouterr().err
    assert "note: questions[0].answer[0].text: Mara Lind is not named in `paper-report`" in err
    assert "0 error(s), 0 warning(s), 1 note(s)" in err
    assert "1 checked, 1 supported by their archives" in err


def test_a_mismatch_is_a_warning_that_fails_under_strict(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = small_story(tmp_path, "The vote of 9 April cost 92 jobs.")
    assert check(root) == 0
    assert check(root, "--strict") == 1
    err = capsys.readouterr().err
    assert "the date “9 April” is not in `paper-report`" in err
    assert "the number “92” is not in `paper-report`" in err


def test_citations_of_sources_with_no_archive_are_not_verified(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = small_story(tmp_path, "The vote of 9 April cost 92 jobs.", archive=None)
    assert check(root, "--strict", "--sources") == 0
    captured = capsys.readouterr()
    assert "paper-report      1          —  not verified: no archive" in captured.out
    assert "1 not verified" in captured.out


def test_a_clone_without_the_archive_folder_still_passes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = small_story(tmp_path / "project", "The vote of 9 April cost 92 jobs.", archive="../archive/paper.txt")
    (root / "mkdocs.yml").write_text("plugins:\n  - explainer:\n      archive_dir: ../archive\n", encoding="utf-8")
    assert check(root, "--strict") == 0
    assert "note: sources[0].archive: not verified: the archive folder `../archive` is not here" in (
        capsys.readouterr().err
    )


# --- verifying a whole site -----------------------------------------------------------------------


def test_synthetic_stories_with_archives_are_all_supported(tmp_path: Path) -> None:
    content = write_site(tmp_path / "content", stories=3, archives=True)
    result = load_site(content)
    assert result.site is not None
    verification = verify_result(Verifier(project_settings(content)), result.located, result.site)
    assert [str(p) for p in verification.problems] == []
    totals = verification.totals
    assert totals.cited > 300 and totals.supported == totals.cited, totals


def test_a_story_is_verified_again_only_when_it_or_its_archives_change(tmp_path: Path) -> None:
    content = write_site(tmp_path / "content", stories=2, archives=True)
    verifier = Verifier(project_settings(content))
    result = load_site(content)
    assert result.site is not None
    first = verify_result(verifier, result.located, result.site)
    again = verify_result(verifier, result.located, result.site)
    assert again.problems == first.problems == []
    archive = tmp_path / "archive" / "story-0001" / "s1-0.txt"
    archive.write_text("Nothing of what the story says.\n", encoding="utf-8")
    changed = verify_result(verifier, result.located, result.site)
    assert changed.problems and all("story-0001" in p.position.file for p in changed.problems)
    assert "s1-0" in source_report(changed)


# --- what readers see ---------------------------------------------------------------------------------


def test_a_quoted_version_is_in_quotation_marks_and_a_paraphrase_says_whose_wording(tmp_path: Path) -> None:
    from generator.pages import site_pages

    content = tmp_path / "content"
    shutil.copytree(CASE / "content", content)
    story = content / "harbour-vote" / "story.yml"
    story.write_text(story.read_text(encoding="utf-8").replace("votes to close", "<b>votes</b> to close"), "utf-8")
    (content / "harbour-vote" / "sources.yml").write_text(
        (content / "harbour-vote" / "sources.yml").read_text(encoding="utf-8").replace("../outside.txt", "x.txt"),
        encoding="utf-8",
    )
    result = load_site(content)
    page = next(p for p in site_pages(result, "Home") if p.path == "harbour-vote/disagreements/index.md")
    assert 'voted to shut the harbour</span> <span class="xp-version-who">Worded by River News' in page.markdown
    assert '“a betrayal of every worker on the quay”</span> <span class="xp-version-who">Quoted by' in page.markdown
    assert "“&lt;b&gt;votes&lt;/b&gt; to close the harbour”" in page.markdown  # autoescaped
    assert "“voted to shut" not in page.markdown


def test_open_data_leaves_out_where_archives_are(tmp_path: Path) -> None:
    from generator.export import story_document

    content = write_site(tmp_path / "content", stories=1, archives=True)
    result = load_site(content)
    assert result.site is not None
    document = story_document(result.site, result.site.stories[0])
    assert document["sources"] and not any("archive" in source for source in document["sources"])


def test_a_quote_cut_into_too_many_stretches_is_not_looked_for() -> None:
    from generator.verify import ArchivedText, check_words

    text = ArchivedText(" ".join(["a b"] * 5000))
    many = " … ".join(["a b"] * 40)
    assert matching.too_cut(many) and not matching.too_cut(" … ".join(["a b"] * 16))
    finding = check_words(("quotes", 0, "text"), many, "quote", "paper", text)
    assert finding is not None and "too many to look for" in finding.message
    assert check_words(("quotes", 0, "text"), " [x] ".join(["a"] * 16), "paraphrase", "paper", text) is None


def test_in_a_text_of_wrapped_lines_a_quotation_runs_on_to_the_next_line() -> None:
    text = "The mayor said:\n“We had no other\nway to balance the books.”\n\nShe left “the\n\nroom"
    spans = [text[start:end] for start, end in matching.quotations(text)]
    assert spans == ["We had no other\nway to balance the books.", "the"]
    assert found("no other way to balance the books", text, quoted=True) == (True, True)
    german = "„Wir hatten\nkeine Wahl“, sagte sie.\n\nDann ging sie."
    assert [german[s:e] for s, e in matching.quotations(german)] == ["Wir hatten\nkeine Wahl"]
