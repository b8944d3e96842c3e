"""Schema checks for set B, the held-out hand-written hard cases (devsets/hard_cases_b.jsonl).

Set B is a measurement set: these tests check its shape and its writing rules only, never
the detector's figures on it (see devsets/README_b.md).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from devset_rules import BANNED, devset_id, read_records

from guardline.corpora import load

PATH = Path(__file__).resolve().parents[2] / "devsets" / "hard_cases_b.jsonl"

BENIGN = {
    "teacher_class",
    "coach_team",
    "family_chat",
    "teen_peers",
    "adult_dating",
    "gamer_friends",
    "language_exchange",
    "support_services",
    "group_chat",
}
GROOMING = {
    "slow_build",
    "fast_move",
    "gifts_offers",
    "posing_as_teen",
    "game_server",
    "isolation_pressure",
    "meet_up",
    "trusted_adult",
}
# UK numbers in a message must come from the Ofcom drama range 07700 900000-900999.
UK_MOBILE = re.compile(r"\b07\d{3}\s?\d{6}\b")
DRAMA_RANGE = re.compile(r"\b07700\s?900\d{3}\b")
LABEL_WORDS = ("groom", "predator", "victim", "creep", "pedo", "benign", "perv")
MIN_PER_FAMILY = 6


def expected_id(messages: list[dict[str, Any]]) -> str:
    return devset_id("hcb_", messages)


@pytest.fixture(scope="module")
def records() -> list[dict[str, Any]]:
    return read_records(PATH)


def test_fields_and_types(records: list[dict[str, Any]]) -> None:
    for r in records:
        assert set(r) == {"id", "source", "family", "kind", "messages", "predators"}, r["id"]
        assert r["source"] == "hardcase_b"
        assert isinstance(r["messages"], list) and r["messages"], r["id"]
        for m in r["messages"]:
            assert set(m) == {"author", "time", "text"}, r["id"]
            assert m["time"] is None
            assert isinstance(m["author"], str) and m["author"].strip() == m["author"] != ""
            assert isinstance(m["text"], str) and m["text"].strip(), r["id"]


def test_ids_follow_sha1_rule_unique_and_sorted(records: list[dict[str, Any]]) -> None:
    ids = [r["id"] for r in records]
    for r in records:
        assert r["id"] == expected_id(r["messages"])
    assert len(set(ids)) == len(ids)
    assert ids == sorted(ids)


def test_kinds_and_families(records: list[dict[str, Any]]) -> None:
    counts: Counter[str] = Counter()
    for r in records:
        assert r["kind"] in ("benign", "grooming"), r["id"]
        allowed = BENIGN if r["kind"] == "benign" else GROOMING
        assert r["family"] in allowed, r["id"]
        counts[r["family"]] += 1
    for family in sorted(BENIGN | GROOMING):
        assert counts[family] >= MIN_PER_FAMILY, family


def test_predators_are_authors_of_their_conversation(records: list[dict[str, Any]]) -> None:
    for r in records:
        authors = {m["author"] for m in r["messages"]}
        preds = r["predators"]
        assert isinstance(preds, list) and len(set(preds)) == len(preds), r["id"]
        if r["kind"] == "benign":
            assert preds == [], r["id"]
        else:
            assert preds, r["id"]
            assert set(preds) <= authors, r["id"]
            # a grooming-like conversation always has someone on the other side
            assert authors - set(preds), r["id"]


def test_no_banned_explicit_words(records: list[dict[str, Any]]) -> None:
    bad = [
        (r["id"], i)
        for r in records
        for i, m in enumerate(r["messages"])
        if BANNED.search(m["text"]) or BANNED.search(m["author"])
    ]
    assert bad == []  # ids and indexes only, never the text


def test_phone_numbers_only_from_drama_range(records: list[dict[str, Any]]) -> None:
    for r in records:
        for i, m in enumerate(r["messages"]):
            for hit in UK_MOBILE.findall(m["text"]):
                assert DRAMA_RANGE.fullmatch(hit), (r["id"], i)


def test_author_ids_not_reused_and_neutral(records: list[dict[str, Any]]) -> None:
    owner: dict[str, str] = {}
    for r in records:
        for a in {m["author"] for m in r["messages"]}:
            assert a not in owner, (a, r["id"], owner.get(a))
            owner[a] = r["id"]
            assert not any(w in a.lower() for w in LABEL_WORDS), a


def test_shape_lengths_and_group_chats(records: list[dict[str, Any]]) -> None:
    lengths = [len(r["messages"]) for r in records]
    assert min(lengths) >= 8 and max(lengths) <= 80
    assert sum(n > 40 for n in lengths) >= 15
    for r in records:
        if r["family"] == "group_chat":
            assert len({m["author"] for m in r["messages"]}) >= 3, r["id"]


def test_loads_with_guardline_loader(records: list[dict[str, Any]]) -> None:
    convs = list(load(PATH))
    assert [c.id for c in convs] == [r["id"] for r in records]
    for c, r in zip(convs, records, strict=True):
        assert c.predators == r["predators"]
        assert c.extra["family"] == r["family"]
        assert c.extra["kind"] == r["kind"]
        assert [(m.author, m.text) for m in c.messages] == [
            (m["author"], m["text"]) for m in r["messages"]
        ]
