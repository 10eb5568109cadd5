"""Stage 4 — verify: every citation checked against the archived text of each source it cites.

A citation is one `sources:` list and what it vouches for: a paragraph, a claim's
statement, a figure, a quote, a version of a fact, a spelling. For each source the list
names, if the source has an archive (`archive.py`):

* a quote, a version of a fact and a spelling must be in the text as written
  (`matching.py` says what "as written" allows); a quote, and a version given as a quote,
  inside the article's quotation marks;
* in our own words, every number and every date must be in the text, and every quoted
  phrase (“…”) as a quote;
* every person our words name should be named in the text: only a note, since an
  article may say "the US president".

A mismatch is a warning (an editor's judgement call, which `--strict` turns into a
failure); a person not named is a note, never a failure. Each problem points at the
text that fails, and names the source that lacks what it says.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from . import matching
from .archive import Archive, Archives
from .content import Merged
from .errors import ContentError, Severity, format_field
from .links import Located
from .loader import Path_
from .models import Claim, Figure, Person, Quote, Story, World
from .settings import Settings

QUOTE, PARAPHRASE, SPELLING = "quote", "paraphrase", "spelling"


# --- what is cited -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Citation:
    """A `sources:` list, and what it vouches for."""

    sources: tuple[str, ...]
    words: tuple[tuple[Path_, str, str], ...] = ()
    """Texts that must be in each source as written: (path, text, `quote`, `paraphrase` or `spelling`)."""
    prose: tuple[tuple[Path_, str], ...] = ()
    """Our own words: their numbers, dates, quoted phrases and names must be in each source."""
    counts: tuple[tuple[Path_, int], ...] = ()
    """Figures given as numbers (`value: 91`)."""


class _Collector:
    def __init__(self) -> None:
        self.citations: list[Citation] = []

    def add(
        self,
        path: Path_,
        sources: Iterable[str],
        prose: Iterable[tuple[str, str | None]] = (),
        words: Iterable[tuple[str, str, str]] = (),
        counts: Iterable[tuple[Path_, int]] = (),
        extra_prose: Iterable[tuple[Path_, str]] = (),
    ) -> None:
        cited = tuple(str(source) for source in sources)
        if not cited:
            return
        self.citations.append(
            Citation(
                cited,
                tuple(((*path, name), text, form) for name, text, form in words),
                tuple(((*path, name), text) for name, text in prose if text) + tuple(extra_prose),
                tuple(counts),
            )
        )


def citations_of(model: Story | World) -> list[Citation]:
    """Every citation in a story (or the world), in the story's order."""
    collect = _Collector()
    if isinstance(model, Story):
        for n, point in enumerate(model.key_points):
            collect.add(("key_points", n), point.sources, [("text", point.text)])
        for q, question in enumerate(model.questions):
            for b, block in enumerate(question.answer):
                if block.text is not None:
                    collect.add(("questions", q, "answer", b), block.sources, [("text", block.text)])
        for c, claim in enumerate(model.claims):
            _claim(collect, ("claims", c), claim)
        for r, reaction in enumerate(model.reactions):
            path = ("reactions", r)
            prose = [("role", reaction.role), ("stance", reaction.stance), ("summary", reaction.summary)]
            collect.add(path, reaction.sources, prose)
            _quotes(collect, path, reaction.quotes)
        for e, event in enumerate(model.events):
            prose = [(name, getattr(event, name)) for name in ("when", "title", "description", "place")]
            collect.add(("events", e), event.sources, prose)
            _figures(collect, ("events", e), event.numbers)
        for v, variant in enumerate(model.variants):
            for n, version in enumerate(variant.versions):
                form = SPELLING if variant.kind == "spelling" else version.wording
                collect.add(("variants", v, "versions", n), version.sources, words=[("value", version.value, form)])
        for n, correction in enumerate(model.corrections):
            collect.add(("corrections", n), correction.sources, [("text", correction.text)])
    for i, incident in enumerate(model.incidents):
        names = ("title", "when", "place", "allegation", "response", "outcome")
        prose = [(name, getattr(incident, name)) for name in names]
        collect.add(("incidents", i), incident.sources, prose)
    for p, person in enumerate(model.people):
        for s, spelling in enumerate(person.also_spelled):
            collect.add(("people", p, "also_spelled", s), spelling.sources, words=[("name", spelling.name, SPELLING)])
    return collect.citations


def _claim(collect: _Collector, path: Path_, claim: Claim) -> None:
    prose = [(name, getattr(claim, name)) for name in ("when", "where", "statement", "relayed_note", "status_note")]
    collect.add(path, claim.sources, prose)
    _figures(collect, path, claim.numbers)
    if claim.evidence is not None:
        collect.add((*path, "evidence"), claim.evidence.sources, [("summary", claim.evidence.summary)])
    _quotes(collect, path, claim.quotes)


def _figures(collect: _Collector, path: Path_, figures: list[Figure]) -> None:
    """A figure's phrase holds its number; a part of its breakdown stands on its own sources, or the figure's."""
    for f, figure in enumerate(figures):
        at = (*path, "numbers", f)
        counts: list[tuple[Path_, int]] = []
        extra: list[tuple[Path_, str]] = []
        for p, part in enumerate(figure.breakdown):
            part_at = (*at, "breakdown", p)
            if part.sources:
                collect.add(part_at, part.sources, [("label", part.label)], counts=[((*part_at, "value"), part.value)])
            else:
                counts.append(((*part_at, "value"), part.value))
                extra.append(((*part_at, "label"), part.label))
        prose = [("text", figure.text), ("breakdown_label", figure.breakdown_label)]
        collect.add(at, figure.sources, prose, counts=counts, extra_prose=extra)


def _quotes(collect: _Collector, path: Path_, quotes: list[Quote]) -> None:
    for n, quote in enumerate(quotes):
        prose = [("venue", quote.venue), ("when", quote.when), ("relayed_note", quote.relayed_note)]
        collect.add((*path, "quotes", n), quote.sources, prose, words=[("text", quote.text, QUOTE)])


# --- our words, read once ----------------------------------------------------------------------


@dataclass(frozen=True)
class Names:
    """Every way the people, institutions and countries on record are written, and whose each is."""

    spellings: dict[str, tuple[str, ...]]
    """Person id -> full names and unambiguous surnames, as the sources may write them."""
    owner: dict[str, str]
    """A way of writing -> the person id."""
    pattern: re.Pattern[str] | None

    @classmethod
    def of(cls, people: Iterable[Person]) -> Names:
        spellings: dict[str, list[str]] = {}
        surnames: dict[str, set[str]] = {}
        for person in people:
            full = [person.name, *(spelling.name for spelling in person.also_spelled)]
            if person.kind != "person":
                full = [re.sub(r"^(?:The|the)\s+", "", name) for name in full]
            spellings[person.id] = [" ".join(name.split()) for name in full]
            if person.kind == "person":
                for name in full:
                    surname = name.split()[-1] if len(name.split()) > 1 else ""
                    if len(surname) >= 3 and surname[:1].isupper() and surname.isalpha():
                        surnames.setdefault(surname, set()).add(person.id)
        for surname, owners in surnames.items():
            if len(owners) == 1:
                spellings[next(iter(owners))].append(surname)
        owner = {name: person_id for person_id, names in spellings.items() for name in names}
        pattern = matching.name_pattern(tuple(owner)) if owner else None
        return cls({k: tuple(v) for k, v in spellings.items()}, owner, pattern)

    def named(self, text: str) -> list[str]:
        """The people `text` names, in order, each once."""
        if self.pattern is None:
            return []
        found = (self.owner.get(" ".join(match.group().split())) for match in self.pattern.finditer(text))
        return list(dict.fromkeys(person_id for person_id in found if person_id))


@dataclass(frozen=True)
class Reading:
    """What a text of ours asserts that a source must bear out (false when nothing)."""

    quoted: tuple[str, ...]
    numbers: tuple[matching.Number, ...]
    dates: tuple[matching.DateMention, ...]
    people: tuple[str, ...]

    def __bool__(self) -> bool:
        return bool(self.quoted or self.numbers or self.dates or self.people)


def read_prose(text: str, names: Names) -> Reading:
    """Our quoted phrases, then (outside them) our dates, then (outside those) our numbers, and the names."""
    spans = list(matching.quoted_in(text)) if ("“" in text or '"' in text) else []
    quoted = tuple(text[start:end] for start, end in spans if text[start:end].strip())
    own = outside = matching.blank(text, [(start - 1, end + 1) for start, end in spans]) if spans else text
    people = tuple(names.named(outside))
    if not matching.may_hold_numbers(own):
        return Reading(quoted, (), (), people)
    found_dates = matching.dates(own)
    years = [matching.Number(float(date.year), False, str(date.year)) for date in found_dates if date.year is not None]
    if found_dates:
        own = matching.blank(own, [(date.start, date.end) for date in found_dates])
    found_numbers = matching.numbers(own, ours=True) + years
    return Reading(quoted, tuple(found_numbers), tuple(found_dates), people)


# --- an archived text, read once -----------------------------------------------------------------


def _places(found: list[matching.Number]) -> dict[tuple[float, bool], list[int]]:
    """Number -> where it starts. A percentage is also a number, but a number is not a percentage."""
    places: dict[tuple[float, bool], list[int]] = {}
    for number in found:
        places.setdefault(number.key, []).append(number.start)
        if number.percent:
            places.setdefault((number.value, False), []).append(number.start)
    return places


class ArchivedText:
    """An archive's text, with what the checks look up in it worked out once."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.canonical = matching.canonical(text)

    @functools.cached_property
    def quoted(self) -> str:
        """The `canonical` text of the article's quotations."""
        return matching.quoted_text(self.text)

    @functools.cached_property
    def _in_digits(self) -> dict[tuple[float, bool], list[int]]:
        """Where each number written in digits starts (all most checks need)."""
        return _places(matching.numbers(self.text, words=False))

    @functools.cached_property
    def _in_words(self) -> dict[tuple[float, bool], list[int]]:
        """Where each number starts, in digits or in words (read only when digits do not have it)."""
        return _places(matching.numbers(self.text))

    @functools.cached_property
    def _known(self) -> dict[tuple[float, bool], bool]:
        return {}

    def has_number(self, key: tuple[float, bool]) -> bool:
        """Whether the article gives this number, the day or month of a date aside: the 30 of
        `30 December` or `2025-12-30` is no count of 30 (a date's year counts)."""
        known = self._known.get(key)
        if known is None:
            known = self._counts(self._in_digits.get(key, ())) or self._counts(self._in_words.get(key, ()))
            self._known[key] = known
        return known

    def _counts(self, starts: Iterable[int]) -> bool:
        return any(not self._in_date(start) for start in starts)

    def _in_date(self, start: int) -> bool:
        value = self._digits_at(start)
        if value is None or value > 31:
            return False  # no day or month: a year, or a count
        return any(date.start <= start < date.end for date in self.dates)

    def _digits_at(self, start: int) -> int | None:
        end = start
        while end < len(self.text) and self.text[end].isdigit():
            end += 1
        return int(self.text[start:end]) if end > start else None

    @functools.cached_property
    def dates(self) -> tuple[matching.DateMention, ...]:
        return tuple(matching.dates(self.text))

    @functools.cached_property
    def _named(self) -> dict[tuple[str, ...], bool]:
        return {}

    def names(self, spellings: tuple[str, ...]) -> bool:
        known = self._named.get(spellings)
        if known is None:
            known = bool(spellings) and matching.name_pattern(spellings).search(self.text) is not None
            self._named[spellings] = known
        return known


# --- the checks, one per kind of thing a citation vouches for -------------------------------------


@dataclass(frozen=True)
class Finding:
    path: Path_
    message: str
    hint: str
    severity: Severity = Severity.WARNING


def check_words(path: Path_, words: str, form: str, source: str, text: ArchivedText) -> Finding | None:
    """A quote, a version of a fact or a spelling: in the source as written (a quote inside its marks)."""
    if matching.too_cut(words):
        return Finding(
            path,
            f"these words are cut by more than {matching.MAX_PIECES - 1} `…` or `[ ]`, too many to look for",
            "quote fewer, longer stretches",
        )
    found, quoted = matching.find_quote(words, text.canonical, text.quoted if form == QUOTE else None)
    if found and (quoted or form != QUOTE):
        return None
    if found:
        hint = "quote only the words it puts in quotation marks, or cite only the sources that quote them"
        if path[0] == "variants":
            hint = "quote only the words it puts in quotation marks, or say `wording: paraphrase`"
        return Finding(
            path,
            f"`{source}` has these words, but not all inside its quotation marks: they are the outlet's, not a quote",
            hint,
        )
    near = matching.nearest(words, text.text)
    there = f"; it has: …{near}…" if near else ""
    if form == SPELLING:
        return Finding(path, f"`{source}` does not spell it so", "cite only the sources that use this spelling")
    what = "the quote is" if form == QUOTE else "these words are"
    return Finding(
        path,
        f"{what} not in `{source}` as written{there}",
        "give the words as that source prints them, with … for words left out and [ ] around words of ours, "
        "or cite only the sources that print them",
    )


def check_quoted(path: Path_, phrase: str, source: str, text: ArchivedText) -> Finding | None:
    """A phrase our words put in quotation marks: a quote, in that source's quotation marks."""
    if matching.too_cut(phrase):
        return check_words(path, phrase, QUOTE, source, text)
    found, quoted = matching.find_quote(phrase, text.canonical, text.quoted)
    if found and quoted:
        return None
    if found:
        return Finding(
            path,
            f"“{phrase}” is in `{source}`, but not inside its quotation marks",
            "take our quotation marks away, or cite only the sources that quote these words",
        )
    return Finding(
        path,
        f"the quoted words “{phrase}” are not in `{source}` as written",
        "quote the words as that source prints them, or cite only the sources that do",
    )


def missing_numbers(numbers: Iterable[matching.Number], text: ArchivedText) -> list[matching.Number]:
    """The numbers the source does not give, in any spelling (a percentage only as a percentage)."""
    return [number for number in numbers if not text.has_number(number.key)]


def missing_dates(dates: Iterable[matching.DateMention], text: ArchivedText) -> list[matching.DateMention]:
    """The dates the source does not give (a range that includes the day counts)."""
    return [date for date in dates if not any(date.within(theirs) for theirs in text.dates)]


def unnamed(people: Iterable[str], names: Names, text: ArchivedText) -> list[str]:
    """The people the source does not name by any spelling on record."""
    return [person_id for person_id in people if not text.names(names.spellings.get(person_id, ()))]


# --- verifying a site ----------------------------------------------------------------------------


@dataclass
class Tally:
    """One source's citations: how many places cite it, how many its archive bears out."""

    cited: int = 0
    supported: int = 0
    unsupported: int = 0
    unverified: int = 0

    def add(self, other: Tally) -> None:
        self.cited += other.cited
        self.supported += other.supported
        self.unsupported += other.unsupported
        self.unverified += other.unverified


@dataclass
class Verification:
    problems: list[ContentError] = field(default_factory=list)
    tallies: dict[str, Tally] = field(default_factory=dict)
    """Per source id, in the order sources are defined."""
    archives: dict[str, Archive | None] = field(default_factory=dict)
    """Per source id: what reading its archive gave, or None when it names none."""
    paths: dict[str, str] = field(default_factory=dict)
    """Per source id with an archive: the path as written."""

    @property
    def totals(self) -> Tally:
        total = Tally()
        for tally in self.tallies.values():
            total.add(tally)
        return total

    @property
    def has_archives(self) -> bool:
        return any(archive is not None for archive in self.archives.values())


class Verifier:
    """Verifies a loaded site; keeps archives and each story's results while nothing they depend on changes."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.archives = Archives(settings)
        self._texts: dict[int, tuple[Archive, ArchivedText]] = {}
        """By the identity of the `Archive` that `Archives` keeps while its file is unchanged."""
        self._done: dict[str, tuple[Any, list[ContentError], dict[str, Tally]]] = {}

    def verify(self, located: dict[str, Located], sources: dict[str, Any], people: Iterable[Person]) -> Verification:
        """`located`: the world (key "") and each valid story by slug; `sources` and `people`: every one by id."""
        result = Verification()
        texts: dict[str, ArchivedText | None] = {}
        for source_id, source in sources.items():
            archive = self.archives.get(source.archive) if source.archive else None
            result.archives[source_id] = archive
            if source.archive:
                result.paths[source_id] = source.archive
            texts[source_id] = self._text(archive)
            result.tallies[source_id] = Tally()
        result.problems += self._archive_problems(located, result.archives)
        names = Names.of(people)
        archives = _stamp(result.archives)
        world = id(located[""].model) if "" in located else 0
        for key, place in located.items():
            stamp = (id(place.model), world, archives)
            cached = self._done.get(key)
            if cached is not None and cached[0] == stamp:
                _, problems, tallies = cached
            else:
                problems, tallies = verify_citations(place, texts, names)
                self._done[key] = (stamp, problems, tallies)
            result.problems += problems
            for source_id, tally in tallies.items():
                result.tallies.setdefault(source_id, Tally()).add(tally)
        for key in set(self._done) - set(located):
            del self._done[key]
        return result

    def _text(self, archive: Archive | None) -> ArchivedText | None:
        if archive is None or archive.text is None:
            return None
        known = self._texts.get(id(archive))
        if known is not None and known[0] is archive:
            return known[1]
        if len(self._texts) > 4096:
            self._texts.clear()
        text = ArchivedText(archive.text)
        self._texts[id(archive)] = (archive, text)
        return text

    @staticmethod
    def _archive_problems(located: dict[str, Located], archives: dict[str, Archive | None]) -> list[ContentError]:
        problems = []
        for place in located.values():
            for number, source in enumerate(place.model.sources):
                archive = archives.get(source.id)
                if archive is not None and not archive.verified:
                    path = ("sources", number, "archive")
                    position = place.merged.value_position(path)
                    problems.append(
                        ContentError(position, format_field(path), archive.problem, archive.hint, archive.severity)
                    )
        return problems


def _stamp(archives: dict[str, Archive | None]) -> tuple[tuple[str, int], ...]:
    return tuple((source_id, id(archive)) for source_id, archive in archives.items())


def verify_citations(
    place: Located, texts: dict[str, ArchivedText | None], names: Names
) -> tuple[list[ContentError], dict[str, Tally]]:
    """Check every citation of one story (or the world) against the archived texts it cites."""
    tallies: dict[str, Tally] = {}
    found = _Findings()
    for citation in citations_of(place.model):
        readings = [(path, reading) for path, text in citation.prose if (reading := read_prose(text, names))]
        for source_id in dict.fromkeys(citation.sources):
            if source_id not in texts:
                continue  # an unknown id: the link stage reports it
            tally = tallies.get(source_id)
            if tally is None:
                tally = tallies[source_id] = Tally()
            tally.cited += 1
            text = texts[source_id]
            if text is None:
                tally.unverified += 1
            elif check_citation(citation, readings, source_id, text, names, found):
                tally.supported += 1
            else:
                tally.unsupported += 1
    return found.problems(place.merged, names), tallies


@dataclass
class _Findings:
    """What failed: one finding per text and source, or (numbers, dates, names) grouped over sources."""

    single: list[Finding] = field(default_factory=list)
    grouped: dict[tuple[Path_, str, str, Severity], list[str]] = field(default_factory=dict)

    def add(self, finding: Finding | None) -> bool:
        if finding is not None:
            self.single.append(finding)
        return finding is None

    def lacks(self, path: Path_, kind: str, what: str, source_id: str, severity: Severity = Severity.WARNING) -> None:
        self.grouped.setdefault((path, kind, what, severity), []).append(source_id)

    def problems(self, merged: Merged, names: Names) -> list[ContentError]:
        problems = [_problem(merged, f.path, f.message, f.hint, f.severity) for f in self.single]
        for (path, kind, what, severity), source_ids in self.grouped.items():
            problems.append(_grouped(merged, path, kind, what, severity, source_ids, names))
        return problems


def check_citation(
    citation: Citation,
    readings: list[tuple[Path_, Reading]],
    source_id: str,
    text: ArchivedText,
    names: Names,
    found: _Findings,
) -> bool:
    """Check what one citation vouches for against one source; whether the source bears it all out.

    A person the source does not name is recorded but does not count against it (a note)."""
    supported = True
    for path, words, form in citation.words:
        supported &= found.add(check_words(path, words, form, source_id, text))
    for path, reading in readings:
        for phrase in reading.quoted:
            supported &= found.add(check_quoted(path, phrase, source_id, text))
        for number in missing_numbers(reading.numbers, text):
            found.lacks(path, "number", number.shown, source_id)
            supported = False
        for date in missing_dates(reading.dates, text):
            found.lacks(path, "date", date.shown, source_id)
            supported = False
        for person_id in unnamed(reading.people, names, text):
            found.lacks(path, "person", person_id, source_id, Severity.NOTE)
    for path, value in citation.counts:
        if not text.has_number((float(value), False)):
            found.lacks(path, "count", str(value), source_id)
            supported = False
    return supported


def _grouped(
    merged: Merged, path: Path_, kind: str, what: str, severity: Severity, source_ids: list[str], names: Names
) -> ContentError:
    sources = _either(source_ids)
    if kind == "person":
        name = names.spellings.get(what, (what,))[0]
        return _problem(
            merged,
            path,
            f"{name} is not named in {sources}",
            "a report may name them by title only, such as “the mayor”: check, or cite only the sources that name them",
            severity,
        )
    hint = "cite only the sources that give it, or reword"
    if kind == "count":
        return _problem(merged, path, f"{what} is not in {sources}", "cite only the sources that give this figure")
    return _problem(merged, path, f"the {kind} “{what}” is not in {sources}", hint, severity)


def _either(source_ids: list[str]) -> str:
    named = [f"`{source_id}`" for source_id in dict.fromkeys(source_ids)]
    return named[0] if len(named) == 1 else ", ".join(named[:-1]) + " or " + named[-1]


def _problem(
    merged: Merged, path: Path_, message: str, hint: str, severity: Severity = Severity.WARNING
) -> ContentError:
    return ContentError(merged.value_position(path), format_field(path), message, hint, severity)


def verify_result(verifier: Verifier, located: dict[str, Located], site: Any) -> Verification:
    """Verify a loaded site (`pipeline.Result.site`, with the positions of its files)."""
    return verifier.verify(located, site.index.sources, site.index.people.values())


def source_report(verification: Verification) -> str:
    """`explainer check --sources`: a row per source, with how many places cite it and how many it supports."""
    rows = [("source", "cited", "supported", "archive")]
    for source_id, tally in verification.tallies.items():
        archive = verification.archives.get(source_id)
        if archive is None:
            status, supported = "not verified: no archive", "—"
        elif not archive.verified:
            status, supported = archive.problem, "—"
        else:
            status, supported = verification.paths[source_id], str(tally.supported)
        rows.append((source_id, str(tally.cited), supported, status))
    widths = [max(len(row[column]) for row in rows) for column in range(3)]
    lines = [f"{row[0]:<{widths[0]}}  {row[1]:>{widths[1]}}  {row[2]:>{widths[2]}}  {row[3]}".rstrip() for row in rows]
    total = verification.totals
    lines.append(
        f"{len(verification.tallies)} source(s), {total.cited} citation(s): {total.supported} supported, "
        f"{total.unsupported} not supported, {total.unverified} not verified"
    )
    return "\n".join(lines) + "\n"
