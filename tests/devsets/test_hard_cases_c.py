"""Schema checks for the held-out hard-case set C (``devsets/hard_cases_c.jsonl``).

Only the file's shape and writing rules are checked here: ids, labels, families, authors and
the banned-word guard. No detector is run on set C in tests; it is scored once per release.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from devset_rules import BANNED, devset_id, read_records

from guardline.corpora import load

SET_C = Path(__file__).resolve().parents[2] / "devsets" / "hard_cases_c.jsonl"

BENIGN_FAMILIES = frozenset(
    {
        "tutor_pupil",
        "coach_junior",
        "family_child",
        "teen_peers",
        "adult_dating",
        "gamer_trade",
        "language_exchange",
        "customer_support",
        "youth_worker",
        "group_chat",
    }
)
GROOMING_FAMILIES = frozenset(
    {
        "slow_trust",
        "fast_app_move",
        "gifts_currency",
        "isolation",
        "age_posing",
        "game_diluted",
        "pressure_secrecy",
        "trusted_adult",
        "meet_arranging",
    }
)
FAMILY_KIND = {f: "benign" for f in BENIGN_FAMILIES} | {f: "grooming" for f in GROOMING_FAMILIES}
MIN_PER_FAMILY = 6

TOP_KEYS = {"id", "source", "family", "kind", "messages", "predators"}


def _id_for(messages: list[dict[str, Any]]) -> str:
    return devset_id("hcc_", messages)


@pytest.fixture(scope="module")
def records() -> list[dict[str, Any]]:
    return read_records(SET_C)


def test_top_level_fields_and_source(records: list[dict[str, Any]]) -> None:
    for rec in records:
        assert set(rec) == TOP_KEYS, rec.get("id")
        assert rec["source"] == "hardcase_c"
        assert rec["messages"], rec["id"]
        for m in rec["messages"]:
            assert set(m) == {"author", "time", "text"}, rec["id"]
            assert m["time"] is None
            assert isinstance(m["author"], str) and m["author"].strip()
            assert isinstance(m["text"], str) and m["text"].strip()


def test_ids_unique_follow_sha1_rule_and_sorted(records: list[dict[str, Any]]) -> None:
    ids = [rec["id"] for rec in records]
    assert len(set(ids)) == len(ids)
    assert ids == sorted(ids)
    for rec in records:
        assert rec["id"] == _id_for(rec["messages"])


def test_kinds_and_families_valid(records: list[dict[str, Any]]) -> None:
    for rec in records:
        assert rec["kind"] in {"benign", "grooming"}
        assert FAMILY_KIND.get(rec["family"]) == rec["kind"], rec["id"]


def test_each_family_has_enough_conversations(records: list[dict[str, Any]]) -> None:
    counts = Counter(rec["family"] for rec in records)
    assert set(counts) == set(FAMILY_KIND)
    for family, n in counts.items():
        assert n >= MIN_PER_FAMILY, family


def test_predators_match_kind_and_are_authors(records: list[dict[str, Any]]) -> None:
    for rec in records:
        authors = {m["author"] for m in rec["messages"]}
        predators = rec["predators"]
        assert isinstance(predators, list)
        if rec["kind"] == "benign":
            assert predators == [], rec["id"]
        else:
            assert predators, rec["id"]
            assert len(set(predators)) == len(predators)
            assert set(predators) <= authors, rec["id"]
            assert authors - set(predators), rec["id"]  # someone else is in the chat


def test_no_banned_words_in_text_or_author_ids(records: list[dict[str, Any]]) -> None:
    for rec in records:
        for i, m in enumerate(rec["messages"]):
            # report the position only, never the text
            assert not BANNED.search(m["text"]), f"{rec['id']} message {i}"
            assert not BANNED.search(m["author"]), f"{rec['id']} message {i} author"


def test_author_ids_not_reused_across_conversations(records: list[dict[str, Any]]) -> None:
    owner: dict[str, str] = {}
    for rec in records:
        for author in {m["author"] for m in rec["messages"]}:
            assert owner.setdefault(author, rec["id"]) == rec["id"], author


def test_loads_with_guardline_keeping_family_and_kind(records: list[dict[str, Any]]) -> None:
    convs = list(load(SET_C))
    assert len(convs) == len(records)
    for conv, rec in zip(convs, records, strict=True):
        assert conv.id == rec["id"]
        assert conv.extra["family"] == rec["family"]
        assert conv.extra["kind"] == rec["kind"]
        assert conv.extra["source"] == "hardcase_c"
        assert conv.predators == rec["predators"]
        assert [m.author for m in conv.messages] == [m["author"] for m in rec["messages"]]
        assert [m.text for m in conv.messages] == [m["text"] for m in rec["messages"]]
