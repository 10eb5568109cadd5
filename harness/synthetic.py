"""Synthetic stories at any count, for scale tests and benchmarks.

`write_site(folder, stories=100)` writes a content folder whose stories are
about the size of a real one (eight questions, claims with breakdowns,
fifteen reactions with quotes, events, variants, five sources), sharing one
world of people, outlets and incidents. Deterministic for a given seed.

    python -m harness.synthetic OUT_DIR --stories 100
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


def dump(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8")


def write_site(folder: Path, stories: int, seed: int = 0) -> Path:
    """Write `stories` synthetic stories and their shared world into `folder` (a content folder)."""
    rng = random.Random(seed)
    for name, items in world(rng).items():
        dump(folder / f"{name}.yml", {name: items})
    for number in range(stories):
        dump(folder / f"story-{number:04d}" / "story.yml", story(rng, number))
    return folder


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--stories", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    write_site(args.out, args.stories, args.seed)
