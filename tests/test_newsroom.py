"""Three stories sharing people, an outlet and an incident (tests/fixtures/newsroom), built for real.

A story shows only the evidence it cites; the incident's section links to its own story and
back; a page per person gathers their words from every story.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.pipeline import load_site
from generator.scope import cited_sources
from harness.project import make_project, mkdocs

from .conftest import FIXTURES

NEWSROOM = FIXTURES / "newsroom"


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    project = make_project(tmp_path_factory.mktemp("newsroom") / "project", NEWSROOM)
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr[-3000:]
    yield project / "site"


def page(site_dir: Path, address: str) -> str:
    return (site_dir / address / "index.html").read_text(encoding="utf-8")


def listed_sources(markup: str) -> set[str]:
    return set(re.findall(r'<li id="source-([a-z0-9-]+)"', markup))


def test_no_story_lists_a_source_it_does_not_cite(site_dir: Path) -> None:
    loaded = load_site(NEWSROOM)
    assert loaded.site is not None and loaded.problems == []
    for story in loaded.site.stories:
        cited = cited_sources(loaded.site, story)
        for address in (story.slug, f"{story.slug}/sources"):
            assert listed_sources(page(site_dir, address)) == cited, address
        coverage = page(site_dir, f"{story.slug}/sources").split('class="xp-coverage"')[1]
        columns = re.findall(r'<th scope="col"><a href="#source-([a-z0-9-]+)"', coverage)
        assert set(columns) == cited
        for number in range(len(columns)):
            marks = re.findall(r"<tr><th scope=\"row\">.*?</tr>", coverage, re.S)
            assert any(row.count("<td") and _cell(row, number) for row in marks), f"{story.slug}: an empty column"


def _cell(row: str, number: int) -> bool:
    cells = re.findall(r'<td class="xp-(yes|no)"', row)
    return bool(cells[number] == "yes")


def test_a_shared_person_shows_only_the_spellings_a_story_can_back(site_dir: Path) -> None:
    assert "Mara Lindt" in page(site_dir, "dam-vote/people")
    assert "Mara Lindt" not in page(site_dir, "dam-protest/people")
    assert "vote-gazette" not in page(site_dir, "dam-protest/people")


def test_an_incident_links_to_its_own_story_and_back(site_dir: Path) -> None:
    vote = page(site_dir, "dam-vote")
    incident = vote.split('id="incident-dam-flood-2019"')[1].split("</div>\n</div>")[0]
    assert 'href="../dam-flood-2019/"' in incident
    assert "What happened when the dam overflowed in 2019" in html.unescape(incident)
    flood = page(site_dir, "dam-flood-2019")
    assert 'This story is background to: <a href="../dam-vote/">' in flood
    assert 'href="../dam-flood-2019/"' not in flood.split('id="incident-dam-flood-2019"')[1].split("</div>\n</div>")[0]


def test_a_person_page_gathers_their_words_from_every_story(site_dir: Path) -> None:
    lind = html.unescape(page(site_dir, "people/mara-lind"))
    for story, words in (
        ("dam-vote", "A new dam is the only safe choice."),
        ("dam-protest", "We will hear every farmer before we build."),
    ):
        assert words in lind
        assert f'href="../../{story}/"' in lind
        assert f'href="../../{story}/people/#person-mara-lind"' in lind
    assert 'href="../../dam-vote/sources/#source-vote-gazette">The River Gazette</a>' in lind
    assert 'href="../../people/mara-lind/"' in page(site_dir, "dam-protest/people")
    index = html.unescape(page(site_dir, "people"))
    assert 'href="mara-lind/"' in index and "2 explainers" in index
    radio = html.unescape(page(site_dir, "outlets/valley-radio"))
    assert "Farmers march against the dam" in radio and "Why the dam overflowed" in radio


def test_a_story_may_not_take_the_name_of_the_sites_own_pages(tmp_path: Path) -> None:
    import shutil

    content = tmp_path / "content"
    shutil.copytree(NEWSROOM, content)
    (content / "dam-vote").rename(content / "people")
    result = load_site(content)
    assert (
        "content/people/story.yml:1:1: the story folder name `people` is taken by the site's own pages "
        "(outlets, people) (rename the folder; its name is the story's address)"
    ) in [str(e) for e in result.errors]


def git(folder: Path, *args: str) -> None:
    import subprocess

    subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@127.0.0.1", *args],
        cwd=folder,
        check=True,
        capture_output=True,
    )


def test_check_names_the_stories_an_edit_to_a_shared_entry_changes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import os
    import shutil

    from generator.cli import main

    shutil.copytree(NEWSROOM, tmp_path / "content")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "the newsroom")
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        assert main(["check", "--strict", "content"]) == 0
        assert "note:" not in capsys.readouterr().err, "nothing changed since the commit"
        people = Path("content/people.yml")
        people.write_text(people.read_text().replace("date: 2019-04", "date: 2019-04-12"), encoding="utf-8")
        assert main(["check", "--strict", "content"]) == 0, "a note, not a warning"
        err = capsys.readouterr().err
    finally:
        os.chdir(cwd)
    assert (
        "content/people.yml:18:9: note: the shared incident `dam-flood-2019` changed since the last commit; "
        "it changes dam-flood-2019, dam-vote (say so in their `updates:` if readers should know)"
    ) in err
    assert "mara-lind" not in err


def test_serve_logs_the_stories_a_saved_shared_entry_changes(tmp_path: Path) -> None:
    import shutil

    from generator.impact import edited_between

    content = tmp_path / "content"
    shutil.copytree(NEWSROOM, content)
    before = load_site(content).site
    people = content / "people.yml"
    people.write_text(people.read_text().replace("role: Mayor of Riverton", "role: Mayor"), encoding="utf-8")
    now = load_site(content).site
    assert edited_between(before, now) == [
        "explainer: the shared person `mara-lind` changed; it changes dam-protest, dam-vote"
    ]
    assert edited_between(now, now) == []


def test_one_unreadable_file_hides_no_other_files_problems(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import shutil

    from generator.cli import main

    content = tmp_path / "content"
    shutil.copytree(NEWSROOM, content)
    people = content / "people.yml"
    people.write_text(people.read_text().replace("    role: engineer", "    role: [engineer"), encoding="utf-8")
    vote = content / "dam-vote" / "story.yml"
    vote.write_text(
        vote.read_text().replace("    stance: welcomes the vote", "    stance: welcomes the vote\n    mood: glad")
    )
    protest = content / "dam-protest" / "story.yml"
    protest.write_text(protest.read_text().replace("published: 2025-05-09", "published: 2025-13-09"))
    assert main(["check", str(content)]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert [line.split(": ")[0] for line in lines[:-1]] == [
        "content/dam-protest/story.yml:3:12",
        "content/dam-vote/story.yml:17:5",
        "content/people.yml:11:11",  # where the bracket opens
    ]
    assert lines[-1] == "3 stories checked: 3 error(s), 0 warning(s)"


def test_a_person_in_many_stories_has_the_newest_in_full_and_the_rest_listed(tmp_path: Path) -> None:
    """However many stories name someone, their page stays readable, and every story is still reached."""
    from generator.graph import person_appearances
    from generator.render import PERSON_PAGE_STORIES, render_people_pages
    from harness.synthetic import write_site

    write_site(tmp_path / "content", 40)
    result = load_site(tmp_path / "content")
    assert result.site is not None and not result.errors
    person_id, found = max(person_appearances(result.site).items(), key=lambda pair: len(pair[1]))
    assert len(found) > PERSON_PAGE_STORIES
    text = render_people_pages(result.site)[f"people/{person_id}/index.md"]
    full, listed = text.split("## Earlier explainers", 1)
    assert full.count('<div class="xp-appearance">') == PERSON_PAGE_STORIES
    assert listed.count("<li>") == len(found) - PERSON_PAGE_STORIES
    slugs = [appearance.story.slug for appearance in found]
    assert slugs == [story.slug for story in result.site.stories if story.slug in slugs], "newest first"
    for slug in slugs[:PERSON_PAGE_STORIES]:
        assert f'href="../../{slug}/"' in full and f'href="../../{slug}/"' not in listed
    for slug in slugs[PERSON_PAGE_STORIES:]:
        assert f'href="../../{slug}/people/#person-{person_id}"' in listed
