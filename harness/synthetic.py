"""Synthetic stories at any count, for scale tests and benchmarks.

`write_site(folder, stories=100)` writes a content folder whose stories are
about the size of a real one (eight questions, claims with breakdowns,
fifteen reactions with quotes, events, variants, five sources), sharing one
world of people, outlets and incidents. Deterministic for a given seed.

With `archives=True`, each source also gets an archived text (`archive/<story>/<source>.txt`
beside the content folder, about the size of a real article) that bears out every
citation of it, and names it in `archive:`; the content is otherwise the same.

    python -m harness.synthetic OUT_DIR --stories 100 [--archives]
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path
from typing import Any

import yaml

WORDS = [
    "council",
    "harbour",
    "minister",
    "report",
    "talks",
    "border",
    "budget",
    "court",
    "ferry",
    "grain",
    "port",
    "vote",
    "envoy",
    "treaty",
    "inquiry",
    "strike",
    "market",
    "pipeline",
    "summit",
    "ceasefire",
    "audit",
    "river",
    "bridge",
    "station",
    "tariff",
]
PLATFORMS = ["x-post", "statement", "remarks", "interview", "news-conference"]
PEOPLE = 60
OUTLETS = 8
INCIDENTS = 20


def sentence(rng: random.Random, words: int = 14) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def world(rng: random.Random) -> dict[str, Any]:
    people = [
        {
            "id": f"person-{n}",
            "name": f"Person {n}",
            "role": rng.choice(["minister", "spokesperson", "analyst"]),
            "country": f"Country {n % 12}",
        }
        for n in range(PEOPLE)
    ]
    outlets = [{"id": f"outlet-{n}", "name": f"Outlet {n}"} for n in range(OUTLETS)]
    incidents = [
        {
            "id": f"incident-{n}",
            "title": sentence(rng, 5),
            "date": f"20{10 + n % 15}-0{1 + n % 9}",
            "allegation": sentence(rng),
            "sources": ["shared-source"],
        }
        for n in range(INCIDENTS)
    ]
    sources = [{"id": "shared-source", "outlet": "outlet-0", "headline": "An archive report"}]
    return {"people": people, "outlets": outlets, "incidents": incidents, "sources": sources}


def story(rng: random.Random, number: int) -> dict[str, Any]:
    src = [f"s{number}-{n}" for n in range(5)]
    day = f"2025-{1 + number % 12:02d}-{1 + number % 28:02d}"

    def cite() -> list[str]:
        return sorted(set(rng.sample(src, 2)))

    def quote() -> dict[str, Any]:
        return {"text": sentence(rng, 20), "on": rng.choice(PLATFORMS), "date": day, "sources": cite()}

    claims = [
        {
            "id": f"claim-{n}",
            "by": [f"person-{rng.randrange(PEOPLE)}"],
            "date": day,
            "statement": sentence(rng),
            "status": rng.choice(["alleged", "denied", "unverified"]),
            "numbers": [
                {
                    "text": "91 items",
                    "value": 91,
                    "sources": cite(),
                    "breakdown": [{"label": "a", "value": 49}, {"label": "b", "value": 42}],
                }
            ],
            "evidence": {"summary": sentence(rng, 8), "sources": cite()},
            "quotes": [quote()],
            "sources": cite(),
        }
        for n in range(3)
    ]
    reactions = [
        {
            "id": f"reaction-{n}",
            "who": f"person-{rng.randrange(PEOPLE)}",
            "stance": rng.choice(["condemns", "denies", "concerned"]),
            "quotes": [quote(), quote()],
            "sources": cite(),
        }
        for n in range(15)
    ]
    events = [{"id": f"event-{n}", "date": day, "title": sentence(rng, 6), "sources": cite()} for n in range(6)]
    variants = [
        {
            "id": f"variant-{n}",
            "fact": sentence(rng, 5),
            "kind": "wording",
            "versions": [{"value": w, "sources": [s]} for w, s in zip(WORDS[:2], src[:2], strict=True)],
        }
        for n in range(4)
    ]
    blocks: list[dict[str, Any]] = [{"claim": c["id"]} for c in claims] + [{"reaction": r["id"]} for r in reactions]
    blocks += [{"event": e["id"]} for e in events] + [{"variant": v["id"]} for v in variants]
    blocks += [{"incident": f"incident-{n}"} for n in rng.sample(range(INCIDENTS), 2)]
    questions = []
    for q in range(8):
        answer = [{"text": sentence(rng, 30), "sources": cite()}, *blocks[q::8]]
        questions.append({"question": f"Question {q + 1} about {rng.choice(WORDS)}?", "answer": answer})
    return {
        "title": f"Story {number}: {sentence(rng, 6)}",
        "standfirst": sentence(rng, 25),
        "published": day,
        "key_points": [{"text": sentence(rng), "sources": cite()} for _ in range(4)],
        "questions": questions,
        "claims": claims,
        "reactions": reactions,
        "events": events,
        "variants": variants,
        "sources": [
            {"id": s, "outlet": f"outlet-{n % OUTLETS}", "headline": sentence(rng, 7), "date": day}
            for n, s in enumerate(src)
        ],
        "updates": [],
    }


ARCHIVE_DIR = "archive"
ARTICLE_CHARACTERS = 6_000
"""About the length of a real article's text (the demo story's five run from 3,400 to 9,400)."""


def cited_texts(data: dict[str, Any]) -> dict[str, list[str]]:
    """Each source id -> the sentences an article must print to bear out every citation of it."""
    texts: dict[str, list[str]] = {}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            sources = [source for source in node.get("sources") or [] if isinstance(source, str)]
            said = [f"“{node['text']}”" if "on" in node else node["text"]] if "text" in node else []
            said += [str(node[key]) for key in ("statement", "summary", "title", "allegation", "value") if key in node]
            said += [str(part["value"]) for part in node.get("breakdown", [])]
            for source in sources:
                texts.setdefault(source, []).extend(said)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(data)
    return texts


def article(rng: random.Random, sentences: list[str]) -> str:
    """An article that prints `sentences` among filler, in paragraphs of a few sentences."""
    body = list(sentences)
    while sum(len(s) + 1 for s in body) < ARTICLE_CHARACTERS:
        body.append(sentence(rng, rng.randrange(12, 30)))
    rng.shuffle(body)
    paragraphs = [" ".join(body[i : i + 3]) for i in range(0, len(body), 3)]
    return "\n\n".join(paragraphs) + "\n"


def add_archives(project: Path, slug: str, data: dict[str, Any], seed: int) -> None:
    """Write an archived text for each source of a story (or of the world, `slug` ""), and point the
    sources at them."""
    rng = random.Random(f"{seed}-{slug}")  # apart from the content's own, which stays the same
    texts = cited_texts(data)
    for source in data["sources"]:
        path = f"{ARCHIVE_DIR}/{slug + '/' if slug else ''}{source['id']}.txt"
        target = project / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(article(rng, texts.get(source["id"], [])), encoding="utf-8")
        source["archive"] = path


def dump(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8")


def write_site(folder: Path, stories: int, seed: int = 0, archives: bool = False) -> Path:
    """Write `stories` synthetic stories and their shared world into `folder` (a content folder);
    with `archives`, an archived text per source under `folder/../archive/`."""
    rng = random.Random(seed)
    shared = world(rng)
    if archives:
        add_archives(folder.parent, "", shared, seed)
    for name, items in shared.items():
        dump(folder / f"{name}.yml", {name: items})
    for number in range(stories):
        slug = f"story-{number:04d}"
        data = story(rng, number)
        if archives:
            add_archives(folder.parent, slug, data, seed)
        dump(folder / slug / "story.yml", data)
    return folder


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--stories", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--archives", action="store_true", help="an archived text per source, beside OUT_DIR")
    args = parser.parse_args()
    write_site(args.out, args.stories, args.seed, args.archives)
