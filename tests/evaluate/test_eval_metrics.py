"""Metric functions and the streaming evaluation, checked against hand-worked figures."""

from __future__ import annotations

import math
from typing import Any

import pytest

from guardline.core import AuthorAssessment, Conversation, ConversationAssessment
from guardline.evaluate.metrics import (
    ESPD_P,
    Counts,
    ScanRecord,
    TruthRecord,
    alert_k,
    author_units,
    average_precision,
    confusion,
    espd_penalty,
    espd_speed,
    evaluate,
    f_beta,
    line_counts,
    predicted_lines,
    roc_auc,
    set_counts,
)

approx = pytest.approx

# --------------------------------------------------------------------------- primitives


def test_f_beta_by_hand() -> None:
    # p = 1/3, r = 1/2
    # F1   = 2 pr / (p + r)          = (1/3) / (5/6)           = 2/5
    # F0.5 = 1.25 pr / (0.25 p + r)  = (5/24) / (1/12 + 6/12)  = 5/14
    # F3   = 10 pr / (9p + r)        = (10/6) / (3 + 1/2)      = 10/21
    assert f_beta(1 / 3, 1 / 2, 1.0) == approx(2 / 5)
    assert f_beta(1 / 3, 1 / 2, 0.5) == approx(5 / 14)
    assert f_beta(1 / 3, 1 / 2, 3.0) == approx(10 / 21)
    assert f_beta(0.0, 0.0) == 0.0


def test_counts_and_empty_cases() -> None:
    c = Counts(tp=2, fp=1, fn=3)  # P = 2/3, R = 2/5, F1 = 2*(4/15)/(16/15) = 1/2
    assert c.precision == approx(2 / 3)
    assert c.recall == approx(2 / 5)
    assert c.f1 == approx(0.5)
    assert Counts().precision == 0.0 and Counts().recall == 0.0 and Counts().f1 == 0.0
    assert (c + Counts(1, 1, 1)) == Counts(3, 2, 4)
    d = c.to_dict()
    assert d["tp"] == 2 and d["f1"] == approx(0.5) and set(d) >= {"f0.5", "f3"}


def test_confusion_and_set_counts() -> None:
    # (truth, pred): TP, FP, FN, TN, TP -> tp 2, fp 1, fn 1
    pairs = [(True, True), (False, True), (True, False), (False, False), (True, True)]
    assert confusion(pairs) == Counts(2, 1, 1)
    # truth {a, b}, predicted {b, c, d}: tp {b}, fp {c, d}, fn {a}
    assert set_counts(["a", "b"], ["b", "c", "d", "c"]) == Counts(1, 2, 1)


def test_espd_penalty_anchors() -> None:
    assert ESPD_P == approx(math.log(3) / 89)
    assert espd_penalty(1) == 0.0
    # penalty(90) = -1 + 2/(1 + e^{-ln 3}) = -1 + 2/(4/3) = 0.5
    assert espd_penalty(90) == approx(0.5)
    assert espd_penalty(10_000) == approx(1.0)
    assert espd_penalty(5) < espd_penalty(6)


def test_espd_speed_is_one_minus_median_penalty() -> None:
    # ks 1, 90, 90: penalties 0, 0.5, 0.5 -> median 0.5 -> speed 0.5
    assert espd_speed([1, 90, 90]) == approx(0.5)
    # ks 1, 90: median of (0, 0.5) = 0.25 -> speed 0.75
    assert espd_speed([1, 90]) == approx(0.75)
    assert espd_speed([]) is None


def test_alert_k() -> None:
    s = ScanRecord("x", 0.5, True, 4, frozenset())
    assert alert_k(s, 10) == 5
    assert alert_k(ScanRecord("x", 0.5, False, 4, frozenset()), 10) is None
    # alert without an index: taken as raised at the last message
    assert alert_k(ScanRecord("x", 0.5, True, None, frozenset()), 10) == 10


def test_roc_auc_and_average_precision_by_hand() -> None:
    labels = [True, True, False, False, True]
    scores = [0.9, 0.4, 0.7, 0.2, 0.0]
    # positives 0.9, 0.4, 0.0 vs negatives 0.7, 0.2: pairs won 2 + 1 + 0 = 3 of 6
    assert roc_auc(labels, scores) == approx(0.5)
    # ranked: 0.9 P, 0.7 N, 0.4 P, 0.2 N, 0.0 P; precision at each positive 1, 2/3, 3/5
    # AP = (1 + 2/3 + 3/5) / 3 = 34/45
    assert average_precision(labels, scores) == approx(34 / 45)
    assert roc_auc([True, True], [0.1, 0.2]) is None
    assert average_precision([False], [0.1]) is None


def test_author_units_include_strangers_the_scan_flags() -> None:
    t = TruthRecord("c", "s", frozenset({"P"}), ("P", "D"), 2)
    s = ScanRecord("c", 0.5, True, 0, frozenset({"Z"}), ("P", "D", "Z"))
    assert list(author_units(t, s)) == [("P", True, False), ("D", False, False), ("Z", False, True)]


def test_predicted_lines_and_line_counts() -> None:
    assert predicted_lines(["P", "D", "P", "D", "P"], {"P"}) == frozenset({0, 2, 4})
    t = TruthRecord(
        "c", "s", frozenset({"P"}), ("P", "D"), 5, frozenset({0, 2}), ("P", "D", "P", "D", "P")
    )
    # truth {0, 2}, predicted {0, 2, 4}: tp 2, fp 1, fn 0
    assert line_counts(t, ScanRecord("c", 1, True, 0, frozenset({"P"}))) == Counts(2, 1, 0)
    no_lines = TruthRecord("c", "s", frozenset({"P"}), ("P",), 1)
    assert line_counts(no_lines, ScanRecord("c", 1, True, 0, frozenset({"P"}))) is None


def test_truth_record_keeps_no_text(truth: list[Conversation]) -> None:
    c = truth[0]
    t = TruthRecord.from_conversation(c)
    assert t.source == "pj" and t.n_messages == 5 and t.authors == ("P", "D")
    assert t.message_authors == ("P", "D", "P", "D", "P")
    assert not any("m0" in str(v) for v in (t.authors, t.message_authors, t.id))
    t5 = TruthRecord.from_conversation(truth[4])
    assert t5.source == "unknown" and t5.message_authors is None


# --------------------------------------------------------------------------- whole evaluation
# See tests/evaluate/conftest.py for the corpus; every figure below is worked out by hand.


def test_evaluate_author_level_per_conversation(
    truth: list[Conversation], scan_rows: list[dict[str, Any]]
) -> None:
    r = evaluate(truth, scan_rows)
    # units: c1 P TP, D TN | c2 Q FN, K FP | c3 A FP, B TN | c4 C, E TN | c5 P FN, X TN
    assert r.authors == Counts(tp=1, fp=2, fn=2)
    assert r.authors.precision == approx(1 / 3)
    assert r.authors.recall == approx(1 / 3)
    assert r.authors.f05 == approx(1 / 3)
    assert r.authors.f1 == approx(1 / 3)
    assert not r.pan12 and r.author_unit == "conversation_author"


def test_evaluate_author_level_pan12_distinct_ids(
    truth: list[Conversation], scan_rows: list[dict[str, Any]]
) -> None:
    r = evaluate(truth, scan_rows, pan12=True)
    # predators {P, Q}; flagged {P, K, A} (Z's row is unknown, ignored)
    # tp {P}, fp {K, A}, fn {Q}: P = 1/3, R = 1/2, F1 = 2/5, F0.5 = 5/14
    # (P is missed in c5 but flagged in c1, so it counts as found)
    assert r.authors == Counts(tp=1, fp=2, fn=1)
    assert r.authors.f1 == approx(2 / 5)
    assert r.authors.f05 == approx(5 / 14)
    assert r.author_unit == "author"


def test_evaluate_lines(truth: list[Conversation], scan_rows: list[dict[str, Any]]) -> None:
    r = evaluate(truth, scan_rows)
    # c1 truth {0,2} pred {0,2,4}: tp 2 fp 1 | c2 truth {2} pred (K) {1,3}: fp 2 fn 1
    # c3 truth {} pred (A) {0,2}: fp 2 | c4, c5 have no line labels
    # tp 2, fp 5, fn 1: P = 2/7, R = 2/3, F3 = 10 (4/21) / (18/7 + 2/3) = 40/68 = 10/17
    assert r.lines == Counts(tp=2, fp=5, fn=1)
    assert r.lines.f3 == approx(10 / 17)
    assert r.line_conversations == 3


def test_evaluate_conversation_level(
    truth: list[Conversation], scan_rows: list[dict[str, Any]]
) -> None:
    r = evaluate(truth, scan_rows)
    # labels c1..c5: 1 1 0 0 1; alerts: 1 1 1 0 0 (c5 missing) -> tp 2, fp 1, fn 1
    assert r.conversations == Counts(tp=2, fp=1, fn=1)
    assert r.conversations.f1 == approx(2 / 3)
    # risks 0.9 0.4 0.7 0.2 0.0 (missing row = 0): see the AUC test above
    assert r.roc_auc == approx(0.5)
    assert r.pr_auc == approx(34 / 45)


def test_evaluate_latency(truth: list[Conversation], scan_rows: list[dict[str, Any]]) -> None:
    r = evaluate(truth, scan_rows)
    lat = r.latency
    # detected positives: c1 k = 2 + 1 = 3, c2 k = 0 + 1 = 1; c5 never alerted
    assert lat.positives == 3 and lat.detected == 2
    assert lat.median_k == 2.0
    # median penalty = (penalty(1) + penalty(3)) / 2 = penalty(3) / 2
    pen3 = -1 + 2 / (1 + math.exp(-2 * math.log(3) / 89))  # ≈ 0.012344
    assert pen3 == approx(0.012344, abs=1e-6)
    assert lat.speed == approx(1 - pen3 / 2)
    assert lat.f_latency == approx((2 / 3) * (1 - pen3 / 2))
    assert lat.within_early == approx(2 / 3)  # both detected within 10, of 3 positives
    assert lat.never_alerted == approx(1 / 3)


def test_evaluate_sources_and_false_alerts(
    truth: list[Conversation], scan_rows: list[dict[str, Any]]
) -> None:
    r = evaluate(truth, scan_rows)
    assert set(r.sources) == {"pj", "chat", "unknown"}
    pj, chat, unk = r.sources["pj"], r.sources["chat"], r.sources["unknown"]
    assert (pj.positives, pj.detected, pj.recall) == (2, 2, 1.0)
    assert (pj.decoy_flagged, pj.decoy_flagged_rate) == (1, 0.5)  # c2 flagged K
    assert pj.negatives == 0 and pj.negative_alert_share is None
    # chat: 2 negatives, c3 alerted; 3 + 10 = 13 negative messages -> 1000/13 per 1k
    assert (chat.negatives, chat.negatives_alerted, chat.negative_messages) == (2, 1, 13)
    assert chat.negative_alert_share == 0.5
    assert chat.alerts_per_1000_negative_messages == approx(1000 / 13)
    assert chat.recall is None
    assert (unk.positives, unk.detected, unk.recall) == (1, 0, 0.0)
    tot = r.totals
    assert (tot.conversations, tot.positives, tot.negatives) == (5, 3, 2)
    assert tot.decoy_flagged_rate == approx(1 / 3)
    assert tot.alerts_per_1000_negative_messages == approx(1000 / 13)


def test_evaluate_file_counts_and_warnings(
    truth: list[Conversation], scan_rows: list[dict[str, Any]]
) -> None:
    r = evaluate(truth, scan_rows)
    assert (r.truth_conversations, r.scan_rows, r.missing_rows, r.unknown_rows) == (5, 5, 1, 1)
    assert r.duplicate_rows == 0 and r.unlabelled == 0
    assert any("no scan row" in w for w in r.warnings)
    assert any("not in the truth" in w for w in r.warnings)
    d = r.to_dict()
    assert d["counts"]["missing_rows"] == 1 and d["lines"]["tp"] == 2
    assert d["latency"]["within_10"] == approx(2 / 3)
    assert list(d["sources"]) == ["chat", "pj", "unknown"]


def test_duplicates_unlabelled_and_assessment_objects() -> None:
    convs = [
        Conversation.from_dict(
            {"id": "a", "messages": [{"author": "x", "text": ""}], "predators": ["x"]}
        ),
        Conversation.from_dict({"id": "u", "messages": [{"author": "y", "text": ""}]}),
    ]
    first = ConversationAssessment("a", 0.1, False, None, [AuthorAssessment("x", 0.1, False)], [])
    last = ConversationAssessment("a", 0.9, True, 0, [AuthorAssessment("x", 0.9, True)], [])
    r = evaluate(convs, [first, last])
    assert r.duplicate_rows == 1 and r.unlabelled == 1
    assert r.conversations == Counts(1, 0, 0)  # the last row for "a" counts
    assert r.authors == Counts(1, 0, 0)
    assert r.roc_auc is None  # one class only
    assert r.lines is None


def test_rows_without_authors_are_tolerated() -> None:
    row = {"id": "a", "risk": 0.3, "alert": False, "first_alert_index": None}
    s = ScanRecord.from_row(row)
    assert s.flagged == frozenset() and s.authors == ()
