"""Schema and writing rules of the hand-written sets E to L
(devsets/hard_cases_{e,f,g,h,i,j,k,l}.jsonl).

Each set was written by its own helper, who saw no other hand-written set, no synthetic
template and no detector output: E to H as training data for the learned model (like set B),
I as a held-out set of mostly group chats (like C and D, scored once per released model), and
J, K and L as training data that is held out since session 20 (devsets/README_j.md).
These tests check the files only; they assert nothing about how any detector scores them.
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
SETS = ("e", "f", "g", "h", "i", "j", "k", "l")
KEYS = {"id", "source", "family", "kind", "messages", "predators"}
LABEL_WORDS = re.compile(
    r"\b(?:groomer|predator|victim|child|kid|benign|grooming|decoy|perv|creep)\b", re.I
)
# the family table in README_<x>.md: | kind | family | n | ...
_ROW = re.compile(r"^\|\s*(benign|grooming)\s*\|\s*`?([a-z0-9_]+)`?\s*\|\s*(\d+)\s*\|", re.M)


@pytest.fixture(scope="module", params=SETS)
def dataset(request: pytest.FixtureRequest) -> tuple[str, list[dict[str, Any]]]:
    letter = str(request.param)
    return letter, read_records(ROOT / "devsets" / f"hard_cases_{letter}.jsonl")


def _authors(rec: dict[str, Any]) -> set[str]:
    return {m["author"] for m in rec["messages"]}


def test_ids_follow_the_rule_and_are_sorted(dataset: tuple[str, list[dict[str, Any]]]) -> None:
    letter, records = dataset
    ids = [r["id"] for r in records]
    assert ids == sorted(ids)
    assert len(set(ids)) == len(ids)
    for r in records:
        assert r["id"] == devset_id(f"hc{letter}_", r["messages"])


def test_record_shape_and_labels(dataset: tuple[str, list[dict[str, Any]]]) -> None:
    letter, records = dataset
    for r in records:
        assert set(r) == KEYS, r["id"]
        assert r["source"] == f"hardcase_{letter}"
        assert r["kind"] in {"benign", "grooming"}
        assert isinstance(r["family"], str) and r["family"]
        for m in r["messages"]:
            assert set(m) == {"author", "time", "text"}, r["id"]
            assert m["time"] is None
            assert isinstance(m["author"], str) and m["author"].strip(), r["id"]
            assert isinstance(m["text"], str) and m["text"].strip(), r["id"]
        check_labels(r)


def test_non_explicit_and_no_label_words(dataset: tuple[str, list[dict[str, Any]]]) -> None:
    _, records = dataset
    for r in records:
        for m in r["messages"]:
            for s in (m["text"], m["author"]):
                assert not BANNED.search(s), r["id"]
                assert not LABEL_WORDS.search(s.replace("_", " ")), r["id"]


def test_families_match_the_readme(dataset: tuple[str, list[dict[str, Any]]]) -> None:
    letter, records = dataset
    readme = (ROOT / "devsets" / f"README_{letter}.md").read_text(encoding="utf-8")
    table = {(k, f): int(n) for k, f, n in _ROW.findall(readme)}
    got = Counter((r["kind"], r["family"]) for r in records)
    assert table == dict(got)
    # every family is big enough to be a cross-validation group of its own
    assert min(got.values()) >= 4
    # a family is either benign or grooming-like, never both
    fams = [f for _, f in got]
    assert len(fams) == len(set(fams))


def test_both_sides_have_groups_and_long_chats(dataset: tuple[str, list[dict[str, Any]]]) -> None:
    _, records = dataset
    kinds = Counter(r["kind"] for r in records)
    assert kinds["benign"] >= 0.35 * len(records) and kinds["grooming"] >= 0.35 * len(records)
    for kind in ("benign", "grooming"):
        side = [r for r in records if r["kind"] == kind]
        assert sum(len(_authors(r)) >= 3 for r in side) >= 3, kind
        assert sum(len(r["messages"]) > 40 for r in side) >= 3, kind


def test_loads_with_guardline_and_keeps_labels(
    dataset: tuple[str, list[dict[str, Any]]],
) -> None:
    letter, records = dataset
    convs = list(load(ROOT / "devsets" / f"hard_cases_{letter}.jsonl"))
    assert [c.id for c in convs] == [r["id"] for r in records]
    for c, r in zip(convs, records, strict=True):
        assert c.extra["family"] == r["family"]
        assert c.extra["kind"] == r["kind"]
        assert c.predators == r["predators"]
        assert [m.text for m in c.messages] == [m["text"] for m in r["messages"]]
