"""Schema and writing rules of held-out hard-case set D (devsets/hard_cases_d.jsonl).

These tests check the file only; they assert nothing about how any detector scores it.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from devset_rules import BANNED, check_labels, devset_id, read_records

from guardline.corpora import load

ROOT = Path(__file__).resolve().parents[2]
PATH = ROOT / "devsets" / "hard_cases_d.jsonl"
README = ROOT / "devsets" / "README_d.md"

KEYS = {"id", "source", "family", "kind", "messages", "predators"}
LABEL_WORDS = (
    "groomer",
    "predator",
    "victim",
    "child",
    "kid",
    "benign",
    "grooming",
    "decoy",
    "perv",
    "creep",
)
# the family table in README_d.md: | kind | family | n | ...
_ROW = re.compile(r"^\|\s*(benign|grooming)\s*\|\s*`?([a-z_]+)`?\s*\|\s*(\d+)\s*\|", re.M)


@pytest.fixture(scope="module")
def records() -> list[dict[str, Any]]:
    return read_records(PATH)


def _authors(rec: dict[str, Any]) -> set[str]:
    return {m["author"] for m in rec["messages"]}


def test_sorted_by_id_and_ids_follow_the_rule(records: list[dict[str, Any]]) -> None:
    ids = [r["id"] for r in records]
    assert ids == sorted(ids)
    assert len(set(ids)) == len(ids)
    for r in records:
        assert r["id"] == devset_id("hcd_", r["messages"])


def test_record_shape(records: list[dict[str, Any]]) -> None:
    for r in records:
        assert set(r) == KEYS, r["id"]
        assert r["source"] == "hardcase_d"
        assert r["kind"] in {"benign", "grooming"}
        assert isinstance(r["family"], str) and r["family"]
        assert isinstance(r["predators"], list)
        for m in r["messages"]:
            assert set(m) == {"author", "time", "text"}, r["id"]
            assert m["time"] is None
            assert isinstance(m["author"], str) and m["author"].strip()
            assert isinstance(m["text"], str) and m["text"].strip(), r["id"]


def test_labels_are_consistent(records: list[dict[str, Any]]) -> None:
    for r in records:
        check_labels(r)


def test_author_ids_unique_across_conversations_and_neutral(
    records: list[dict[str, Any]],
) -> None:
    owner: dict[str, str] = {}
    for r in records:
        for a in _authors(r):
            assert a not in owner, f"author id reused in {owner.get(a)} and {r['id']}"
            owner[a] = r["id"]
            low = a.lower()
            assert not any(w in low for w in LABEL_WORDS), r["id"]


def test_no_banned_words(records: list[dict[str, Any]]) -> None:
    for r in records:
        for m in r["messages"]:
            assert not BANNED.search(m["text"]), r["id"]
            assert not BANNED.search(m["author"]), r["id"]


def test_phone_numbers_only_from_drama_range(records: list[dict[str, Any]]) -> None:
    digits = re.compile(r"\d[\d ]{8,}\d")
    for r in records:
        for m in r["messages"]:
            for num in digits.findall(m["text"]):
                assert re.fullmatch(r"07700 ?900\d{3}", num), r["id"]


def test_family_counts_match_readme(records: list[dict[str, Any]]) -> None:
    table = {(k, f): int(n) for k, f, n in _ROW.findall(README.read_text(encoding="utf-8"))}
    got = Counter((r["kind"], r["family"]) for r in records)
    assert table == dict(got)
    for n in got.values():
        assert 6 <= n <= 8


def test_totals_lengths_and_group_chats(records: list[dict[str, Any]]) -> None:
    kinds = Counter(r["kind"] for r in records)
    assert 55 <= kinds["benign"] <= 65
    assert 55 <= kinds["grooming"] <= 65
    lengths = [len(r["messages"]) for r in records]
    assert min(lengths) >= 6 and max(lengths) <= 90
    assert sum(n > 40 for n in lengths) >= 15
    assert sum(len(_authors(r)) >= 3 for r in records) >= 15
    assert all(len(_authors(r)) <= 8 for r in records)
    # long and group conversations exist on both sides, so neither trait gives the label away
    for kind in ("benign", "grooming"):
        side = [r for r in records if r["kind"] == kind]
        assert sum(len(r["messages"]) > 40 for r in side) >= 5
        assert sum(len(_authors(r)) >= 3 for r in side) >= 5


def test_loads_with_guardline_and_keeps_labels(records: list[dict[str, Any]]) -> None:
    convs = list(load(PATH))
    assert [c.id for c in convs] == [r["id"] for r in records]
    for c, r in zip(convs, records, strict=True):
        assert c.extra["family"] == r["family"]
        assert c.extra["kind"] == r["kind"]
        assert c.extra["source"] == "hardcase_d"
        assert c.predators == r["predators"]
        assert [m.text for m in c.messages] == [m["text"] for m in r["messages"]]
