"""Stage 2's vocabulary — the content model: what a story and the shared world hold.

Models forbid unknown fields, so a misspelt field name is an error (with the
nearest valid name suggested), never silently ignored. They check what one
item can check alone (a breakdown adds up, `updated` is not before
`published`); checks across items (unknown ids, unused sources) live in
`links.py`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from .types import (
    ActorRef,
    ArchivePath,
    ClaimRef,
    DateValue,
    Day,
    EventRef,
    HeadingText,
    Id,
    IncidentRef,
    OutletRef,
    PartialDate,
    PersonRef,
    PictureFile,
    ReactionRef,
    SourceList,
    SourceRef,
    StoryRef,
    Text,
    Url,
    VariantRef,
)


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)


EDITOR_NOTE = "For editors only (how a fact is known, what to check): never shown to readers."
RENAMED_FIELDS = {
    "date_note": ("editor_note", "notes for editors are never published", "editor_note"),
    "outlet_note": ("editor_note", "notes for editors are never published", "editor_note"),
    "label": ("text", "write the number and what it counts as one phrase, e.g. '12 cracks found'", "breakdown"),
    "unit": ("text", "write the unit into the phrase, e.g. '12 cracks found'", "breakdown"),
}
"""Fields an earlier format had: the new field, why, and a field only the models that had it have."""


# --- the shared world: people, outlets, sources, incidents -------------------------------


class Spelling(Model):
    """A way an outlet spells a name, with the sources that spell it so."""

    name: Text
    sources: SourceList


class Person(Model):
    """A person, an institution or a country, described once and referred to by id."""

    id: Id
    name: Text = Field(description="The name as this site spells it.")
    kind: Literal["person", "institution", "country", "group"] = Field(
        "person", description="`group`: an unnamed or collective speaker ('diplomats', 'officials')."
    )
    role: Text | None = Field(None, description="Their role, as the stories need it (e.g. 'Foreign Minister').")
    country: HeadingText | None = None
    description: Text | None = None
    also_spelled: list[Spelling] = Field(default_factory=list, description="Other spellings outlets use.")


class Outlet(Model):
    """A news organisation."""

    id: Id
    name: Text
    description: Text | None = None
    url: Url | None = Field(None, description="Only a URL the outlet is known by; never a guess.")


class Source(Model):
    """One article or report. Record only what the article itself shows."""

    id: Id
    outlet: OutletRef | None = None
    label: Text | None = Field(
        None,
        description="A short name readers see for it, such as 'US wire report': needed when no `outlet` is named, "
        "and when two sources of one story would otherwise share their outlet's name.",
    )
    headline: Text | None = Field(None, description="As published; leave out if the article shows none.")
    description: Text | None = Field(
        None, description="What the report is, in a few words readers see, for an article with no headline."
    )
    credit: Text | None = Field(None, description="The byline or credit as printed (e.g. 'Agencies').")
    date: DateValue | None = None
    url: Url | None = Field(None, description="Only the article's real address; never a guess.")
    address: Text | None = Field(
        None,
        description="An address known only as given, without http(s):// (`example.com/post/123`): shown as text, "
        "never linked, since adding a scheme would be a guess.",
    )
    republished_by: list[OutletRef] = Field(
        default_factory=list, description="Outlets that carried this same report (a wire story in local papers)."
    )
    archive: ArchivePath | None = Field(
        None,
        description="Our copy of the article's text (plain text or HTML), as a path from the project's folder: "
        "every citation of this source is checked against it. Inside the project, or in the archive folder "
        "`archive_dir` names in mkdocs.yml; never published.",
    )
    editor_note: Text | None = Field(None, description=EDITOR_NOTE)

    @model_validator(mode="after")
    def _named(self) -> Source:
        if self.headline is None and self.description is None:
            raise PydanticCustomError(
                "source_unnamed", "a source needs a `headline` or, when it shows none, a `description`"
            )
        if self.outlet is None and self.label is None:
            raise PydanticCustomError(
                "source_unlabelled",
                "a source with no `outlet` needs a `label`, the short name readers see it by",
                {"at": "label"},
            )
        return self


class Incident(Model):
    """Something that happened before, which several stories may refer to."""

    id: Id
    title: Text
    date: DateValue
    when: Text | None = Field(
        None, description="A time of day or an approximate time, as readers read it: 'overnight', 'late on Monday'."
    )
    place: Text | None = None
    alleged_by: list[PersonRef] = Field(default_factory=list)
    allegation: Text = Field(description="What was alleged, in our words.")
    response: Text | None = Field(None, description="How the accused side answered.")
    outcome: Text | None = None
    sources: SourceList
    story: StoryRef | None = Field(
        None, description="The slug of our own explainer about this incident: every story that shows it links there."
    )
    editor_note: Text | None = Field(None, description=EDITOR_NOTE)


class World(Model):
    """What the files at the top of `content/` hold; shared by every story."""

    people: list[Person] = Field(default_factory=list)
    outlets: list[Outlet] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)
    incidents: list[Incident] = Field(default_factory=list)


# --- a story's items -----------------------------------------------------------------------

Platform = Literal[
    "x-post",
    "social-media",
    "statement",
    "remarks",
    "interview",
    "news-conference",
    "messaging-app",
    "phone-call",
    "speech",
    "meeting",
    "article",
    "other",
]


class Quote(Model):
    """Words someone said, exactly as reported."""

    text: Text = Field(description="The exact words, without the quotation marks.")
    by: PersonRef | None = Field(None, description="Who said it; defaults to the claim's or reaction's person.")
    jointly_with: list[PersonRef] = Field(
        default_factory=list, description="Others who said these words together with the speaker (a joint statement)."
    )
    on: Platform | None = Field(None, description="Where it was said, when it is known.")
    venue: Text | None = Field(
        None,
        description="Where it was said, as readers read it, replacing the wording `on` gives: "
        "'in an interview with Fox News', 'to reporters in Palm Beach'.",
    )
    date: DateValue | None = None
    when: Text | None = Field(
        None, description="A time of day or an approximate time, as readers read it: 'overnight', 'late on Monday'."
    )
    lead: bool = Field(
        False,
        description="Show these words in full in the answer that places their claim or reaction; "
        "every other quote waits one click away. One or two per answer.",
    )
    relayed_by: ActorRef | None = Field(
        None, description="Who passed the words on, if the speaker was quoted second-hand."
    )
    relayed_note: Text | None = Field(None, description="How it was passed on: 'an aide said'.")
    sources: SourceList
    editor_note: Text | None = Field(None, description=EDITOR_NOTE)


class Part(Model):
    label: Text
    value: int = Field(ge=0)
    sources: list[SourceRef] = Field(default_factory=list)


class Figure(Model):
    """A number in a claim or an event, with an optional breakdown whose parts add up to it."""

    value: int = Field(ge=0)
    text: Text = Field(
        description="The number as readers read it, in one phrase that contains it: "
        "'12 cracks found in the span', 'at least 40 people injured'."
    )
    sources: SourceList
    breakdown_label: Text | None = None
    breakdown: list[Part] = Field(default_factory=list)

    @model_validator(mode="after")
    def _adds_up(self) -> Figure:
        if str(self.value) not in self.text.replace(",", "").replace("\u202f", "").replace("\u00a0", ""):
            raise PydanticCustomError(
                "figure_text",
                "the text does not contain the number {value}",
                {"value": self.value, "at": "text"},
            )
        total = sum(part.value for part in self.breakdown)
        if self.breakdown and total != self.value:
            raise PydanticCustomError(
                "breakdown_sum",
                "the breakdown adds up to {total}, not {value}",
                {"total": total, "value": self.value, "at": "breakdown"},
            )
        return self


class Evidence(Model):
    summary: Text = Field(description="What evidence was offered, or that none was.")
    sources: SourceList


ClaimStatus = Literal["alleged", "denied", "disputed", "unverified", "confirmed", "false"]
ClaimKind = Literal["claim", "intention", "threat"]


class Claim(Model):
    """Something someone alleges, with when, where, what numbers and what evidence."""

    id: Id
    kind: ClaimKind = Field(
        "claim",
        description="`claim`: something said to be true, with a `status`; `intention` or `threat`: what someone "
        "says they will do, which has no truth status yet.",
    )
    by: Annotated[list[PersonRef], Field(min_length=1)]
    date: DateValue
    when: Text | None = Field(
        None, description="A time of day or an approximate time, as readers read it: 'overnight', 'late on Monday'."
    )
    where: Text | None = Field(None, description="Where or how the claim was made.")
    statement: Text = Field(description="What is claimed, in our words.")
    status: ClaimStatus | None = Field(None, description="Where a claim stands in the reporting; not for intentions.")
    relayed_by: ActorRef | None = Field(None, description="Who passed the claim on, when it reached us second-hand.")
    relayed_note: Text | None = Field(None, description="How it was passed on: 'according to an aide'.")
    status_note: Text | None = Field(None, description="Why it has this status, in words readers see.")
    numbers: list[Figure] = Field(default_factory=list)
    evidence: Evidence | None = None
    quotes: list[Quote] = Field(default_factory=list)
    sources: SourceList
    editor_note: Text | None = Field(None, description=EDITOR_NOTE)

    @model_validator(mode="after")
    def _status_fits_kind(self) -> Claim:
        if self.kind == "claim" and self.status is None:
            raise PydanticCustomError("claim_status", "a claim needs a `status`", {"at": "status"})
        if self.kind != "claim" and self.status is not None:
            raise PydanticCustomError(
                "intention_status",
                "{kind} has no truth status yet",
                {"kind": "a threat" if self.kind == "threat" else "an intention", "at": "status"},
            )
        return self


class Reaction(Model):
    """How someone responded: their stance, in our words, and their own words."""

    id: Id
    who: PersonRef
    role: Text | None = Field(None, description="Their role at the time, if not the one in the people file.")
    stance: Text = Field(description="A short label: 'denies', 'condemns the attack', 'sceptical'.")
    summary: Text | None = None
    date: DateValue | None = None
    quotes: list[Quote] = Field(default_factory=list)
    sources: SourceList


class Event(Model):
    """A dated happening in the story's own chronology."""

    id: Id
    date: DateValue
    when: Text | None = Field(
        None, description="A time of day or an approximate time, as readers read it: 'overnight', 'late on Monday'."
    )
    planned: bool = Field(False, description="Still to happen: announced or expected, not yet done.")
    title: Text
    description: Text | None = None
    place: Text | None = None
    people: list[PersonRef] = Field(default_factory=list)
    numbers: list[Figure] = Field(default_factory=list, description="Figures about the event: casualties, costs.")
    sources: SourceList
    editor_note: Text | None = Field(None, description=EDITOR_NOTE)


class Version(Model):
    value: Text = Field(description="The version in the outlet's own words, as it prints them.")
    wording: Literal["quote", "paraphrase"] = Field(
        "paraphrase",
        description="`quote`: words someone said, which the outlet prints in quotation marks (shown in quotation "
        "marks); `paraphrase`: the outlet's own words (shown as its wording, never in quotation marks).",
    )
    sources: SourceList


class Variant(Model):
    """One fact that outlets report differently, each version with its sources."""

    id: Id
    fact: Text
    kind: Literal["spelling", "number", "place", "date", "wording", "other"]
    significance: Literal["major", "minor"] | None = Field(
        None,
        description="`major`: it changes what a reader understands, so answers show it; `minor` (a spelling, "
        "a turn of phrase): only on the differences page. Left out: minor for spellings and wordings, "
        "major otherwise.",
    )
    versions: Annotated[list[Version], Field(min_length=2)]
    note: Text | None = Field(None, description="What readers should make of the difference.")

    @property
    def major(self) -> bool:
        if self.significance is None:
            return self.kind not in ("spelling", "wording")
        return self.significance == "major"


class Paragraph(Model):
    text: Text
    sources: list[SourceRef] = Field(default_factory=list)


_BLOCK_KINDS = ("text", "claim", "reaction", "event", "incident", "variant")


class Block(Model):
    """One part of an answer: a paragraph of ours, or an item shown in place."""

    text: Text | None = None
    sources: list[SourceRef] = Field(default_factory=list)
    claim: ClaimRef | None = None
    reaction: ReactionRef | None = None
    event: EventRef | None = None
    incident: IncidentRef | None = None
    variant: VariantRef | None = None
    inline: bool | None = Field(
        None,
        description="Show the item's summary among the paragraphs (true) or only in the answer's record, one "
        "click away (false). Left out: claims, incidents and major differences are shown; reactions and "
        "events wait in the record (their `lead` quotes are always shown).",
    )

    @model_validator(mode="after")
    def _one_kind(self) -> Block:
        given = [kind for kind in _BLOCK_KINDS if getattr(self, kind) is not None]
        if len(given) != 1:
            raise PydanticCustomError(
                "block_kind",
                "each answer block holds exactly one of {kinds}; this one has {given}",
                {"kinds": ", ".join(_BLOCK_KINDS), "given": ", ".join(given) or "none"},
            )
        if self.sources and self.text is None:
            raise PydanticCustomError(
                "block_sources", "`sources` goes with `text`; the item has its own sources", {"at": "sources"}
            )
        if self.inline is not None and self.text is not None:
            raise PydanticCustomError(
                "block_inline", "`inline` goes with an item; a paragraph is always shown", {"at": "inline"}
            )
        return self

    @property
    def kind(self) -> str:
        return next(kind for kind in _BLOCK_KINDS if getattr(self, kind) is not None)


class Question(Model):
    id: Id | None = Field(None, description="The anchor in the page's address; made from the question if left out.")
    question: HeadingText
    answer: Annotated[list[Block], Field(min_length=1)]


class Update(Model):
    date: Day
    text: Text = Field(description="What changed.")


class Correction(Model):
    date: Day
    text: Text = Field(description="What was wrong, and what is right.")
    sources: list[SourceRef] = Field(default_factory=list)


class ShareImage(Model):
    """The picture social cards and search results show for the story (1200×630 pixels).

    Without one, the build makes a picture from the title, the label and the site's name.
    """

    file: PictureFile | None = Field(
        None, description="A PNG or JPEG of exactly 1200×630 pixels in the story's folder, e.g. `share.jpg`."
    )
    url: Url | None = Field(None, description="Or the address of a 1200×630 picture published elsewhere.")
    alt: Text = Field(description="What the picture shows, for people who cannot see it.")
    credit: Text = Field(description="Who made the picture, as it must be credited: 'Photo: Jane Doe / Agency'.")

    @model_validator(mode="after")
    def _one_source(self) -> ShareImage:
        if (self.file is None) == (self.url is None):
            given = "both" if self.file is not None else "neither"
            raise PydanticCustomError(
                "image_source", "a picture needs a `file` or a `url`; this one has {given}", {"given": given}
            )
        return self


class Story(Model):
    """One explainer: its folder under `content/`, all of whose files merge into this."""

    slug: Id
    title: HeadingText
    standfirst: Text
    label: Text = "Explainer"
    image: ShareImage | None = Field(None, description="A picture for social cards; made from the title if left out.")
    published: Day
    updated: Day | None = None
    key_points: list[Paragraph] = Field(default_factory=list)
    questions: Annotated[list[Question], Field(min_length=1)]
    claims: list[Claim] = Field(default_factory=list)
    reactions: list[Reaction] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    variants: list[Variant] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)
    people: list[Person] = Field(
        default_factory=list, description="People only this story needs; ids share one space with the world's."
    )
    outlets: list[Outlet] = Field(
        default_factory=list, description="Outlets only this story needs; ids share one space with the world's."
    )
    incidents: list[Incident] = Field(
        default_factory=list, description="Incidents only this story needs; ids share one space with the world's."
    )
    updates: list[Update] = Field(default_factory=list)
    corrections: list[Correction] = Field(default_factory=list)

    @model_validator(mode="after")
    def _dates_in_order(self) -> Story:
        if self.updated is not None and self.updated < self.published:
            raise PydanticCustomError(
                "updated_before_published",
                "`updated` ({updated}) is before `published` ({published})",
                {"updated": str(self.updated), "published": str(self.published), "at": "updated"},
            )
        return self

    @property
    def last_updated(self) -> PartialDate:
        return self.updated or self.published


STORY_KEYS = frozenset(Story.model_fields) - {"slug"}
WORLD_KEYS = frozenset(World.model_fields)
