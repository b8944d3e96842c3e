"""Checks on the hand-written hard-case development set (``devsets/hard_cases.jsonl``)."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from guardline.core.model import Conversation

DEVSET = Path(__file__).resolve().parents[2] / "devsets" / "hard_cases.jsonl"

BENIGN_FAMILIES = {
    "coach_pupil",
    "family",
    "teen_flirting",
    "adult_dating",
    "gamer_trade",
    "language_exchange",
    "customer_support",
    "youth_worker",
}
GROOMING_FAMILIES = {
    "slow_trust",
    "fast_private_app",
    "gifts_currency",
    "isolation",
    "age_deception",
    "game_diluted",
    "pressure_secrecy",
}
LABEL_WORDS = (
    "groom",
    "predat",
    "child",
    "victim",
    "offend",
    "decoy",
    "perp",
    "minor",
    "pedo",
    "abuser",
    "benign",
    "target",
    "bad",
    "good",
)
# A guard, not a filter: the set is written to stay at indicator level.
EXPLICIT = re.compile(r"\b(sex\w*|nude\w*|naked|porn\w*|boobs?|genital\w*)\b", re.I)


@pytest.fixture(scope="module")
def records() -> list[dict[str, Any]]:
    with DEVSET.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def test_schema(records: list[dict[str, Any]]) -> None:
    assert len(records) >= 130
    ids = [r["id"] for r in records]
    assert len(set(ids)) == len(ids)
    for r in records:
        assert set(r) == {"id", "source", "family", "kind", "messages", "predators"}, r["id"]
        assert r["source"] == "hardcase"
        assert r["kind"] in {"benign", "grooming"}
        assert 8 <= len(r["messages"]) <= 40, r["id"]
        for m in r["messages"]:
            assert set(m) == {"author", "time", "text"}
            assert m["time"] is None
            assert isinstance(m["text"], str) and m["text"].strip()
            assert isinstance(m["author"], str) and m["author"]
        assert len({m["author"] for m in r["messages"]}) >= 2, r["id"]
        conv = Conversation.from_dict(r)
        assert conv.predators == r["predators"]
        assert conv.extra["family"] == r["family"]


def test_families_and_counts(records: list[dict[str, Any]]) -> None:
    by_family = Counter((r["kind"], r["family"]) for r in records)
    for fam in BENIGN_FAMILIES:
        assert by_family[("benign", fam)] >= 8, fam
    for fam in GROOMING_FAMILIES:
        assert by_family[("grooming", fam)] >= 8, fam
    known = {("benign", f) for f in BENIGN_FAMILIES} | {("grooming", f) for f in GROOMING_FAMILIES}
    assert set(by_family) == known


def test_predators_are_authors(records: list[dict[str, Any]]) -> None:
    for r in records:
        authors = {m["author"] for m in r["messages"]}
        if r["kind"] == "grooming":
            assert r["predators"], r["id"]
            assert set(r["predators"]) <= authors, r["id"]
            # the other side speaks too
            assert authors - set(r["predators"]), r["id"]
        else:
            assert r["predators"] == [], r["id"]


def test_author_ids_neutral_and_distinct(records: list[dict[str, Any]]) -> None:
    seen: dict[str, str] = {}
    for r in records:
        for a in {m["author"] for m in r["messages"]}:
            low = a.lower()
            assert not any(w in low for w in LABEL_WORDS), (r["id"], a)
            assert a not in seen, f"author {a} in {seen.get(a)} and {r['id']}"
            seen[a] = r["id"]


def test_non_explicit_guard(records: list[dict[str, Any]]) -> None:
    hits = [
        (r["id"], m["text"]) for r in records for m in r["messages"] if EXPLICIT.search(m["text"])
    ]
    assert hits == []
