"""Official PAN12 measures on a small hand-built truth."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from guardline.core import AuthorAssessment, Conversation, ConversationAssessment
from guardline.evaluate.metrics import Counts, TruthRecord
from guardline.evaluate.pan12 import official_pan12_metrics

approx = pytest.approx


def _conv(cid: str, authors: str, predators: list[str], lines: list[int]) -> Conversation:
    return Conversation.from_dict(
        {
            "id": cid,
            "messages": [{"author": a, "text": "x"} for a in authors],
            "predators": predators,
            "predator_lines": lines,
        }
    )


def _assess(cid: str, flagged: set[str], authors: str) -> ConversationAssessment:
    alert = bool(flagged)
    return ConversationAssessment(
        cid,
        0.9 if alert else 0.1,
        alert,
        0 if alert else None,
        [
            AuthorAssessment(a, 0.9 if a in flagged else 0.1, a in flagged)
            for a in dict.fromkeys(authors)
        ],
        [],
    )


def test_official_pan12_by_hand() -> None:
    # t1: a b a b, predator a, lines {0, 2}   -> flag a
    # t2: a c c,   predator a, lines {0}      -> flag c (wrong)
    # t3: d e,     no predator, lines {}      -> flag d (false alarm)
    truth = [
        _conv("t1", "abab", ["a"], [0, 2]),
        _conv("t2", "acc", ["a"], [0]),
        _conv("t3", "de", [], []),
    ]
    runs = [_assess("t1", {"a"}, "abab"), _assess("t2", {"c"}, "acc"), _assess("t3", {"d"}, "de")]
    r = official_pan12_metrics(truth, runs)
    # problem 1: truth {a}, submitted {a, c, d}: tp 1, fp 2, fn 0
    # P = 1/3, R = 1, F0.5 = 1.25 (1/3) / (0.25/3 + 1) = (5/12) / (13/12) = 5/13, F1 = 1/2
    assert r.problem1 == Counts(1, 2, 0)
    assert r.problem1.f05 == approx(5 / 13)
    assert r.problem1.f1 == approx(0.5)
    # problem 2: t1 {0,2} vs {0,2}: tp 2 | t2 {0} vs {1,2}: fp 2, fn 1 | t3 {} vs {0}: fp 1
    # tp 2, fp 3, fn 1: P = 2/5, R = 2/3, F3 = 10 (4/15) / (18/5 + 2/3) = (8/3)(15/64) = 5/8
    assert r.problem2 == Counts(2, 3, 1)
    assert r.problem2.f3 == approx(0.625)
    d = r.to_dict()
    assert d["problem1"]["f0.5"] == approx(5 / 13)
    assert d["problem2"]["f3"] == approx(0.625)
    assert "f3" not in d["problem1"]


def test_official_pan12_accepts_scan_rows_and_reports_missing() -> None:
    truth = [_conv("t1", "abab", ["a"], [0, 2]), _conv("t2", "acc", ["a"], [0])]
    rows = [_assess("t1", {"a"}, "abab").to_scan_row()]
    r = official_pan12_metrics(truth, rows)
    # a is flagged in t1, so problem 1 is perfect; t2's line 0 (by a) is missed
    assert r.problem1 == Counts(1, 0, 0)
    assert r.problem2 == Counts(2, 0, 1)
    assert r.missing_rows == 1


def test_official_pan12_on_the_real_sample(shared_data: Path) -> None:
    path = shared_data / "pan12" / "sample_test.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        truth = [Conversation.from_dict(json.loads(line)) for line in fh]
    predators = {a for c in truth for a in c.predators or []}
    n_lines = sum(len(c.predator_lines or []) for c in truth)
    # an oracle that flags exactly the predators wherever they write
    runs = [
        ConversationAssessment(
            c.id,
            1.0,
            bool(c.predators),
            0 if c.predators else None,
            [AuthorAssessment(a, 1.0, a in (c.predators or [])) for a in c.authors],
            [],
        )
        for c in truth
    ]
    r = official_pan12_metrics(truth, runs)
    assert r.problem1 == Counts(len(predators), 0, 0)
    assert r.problem2 is not None
    assert r.problem2.tp + r.problem2.fn == n_lines == 15
    assert r.problem2.recall == 1.0  # every labelled line of the sample is a predator's


def test_truth_records_without_text_give_the_same_figures() -> None:
    truth = [_conv("t1", "abab", ["a"], [0, 2]), _conv("t2", "acc", ["a"], [0])]
    runs = [_assess("t1", {"a"}, "abab"), _assess("t2", {"c"}, "acc")]
    records = [TruthRecord.from_conversation(c) for c in truth]
    assert official_pan12_metrics(records, runs) == official_pan12_metrics(truth, runs)


def test_emptied_messages_are_warned_about() -> None:
    c = _conv("t1", "abab", ["a"], [0, 2])
    c.messages = []  # labels kept, text (and line authors) dropped
    r = official_pan12_metrics([c], [_assess("t1", {"a"}, "abab")])
    assert r.problem2 == Counts(0, 0, 2)  # nothing can be predicted without the authors
    assert any("beyond their last message" in w for w in r.warnings)
