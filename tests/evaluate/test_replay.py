"""Replaying fixed risks through the Detector: policy and memory act on them as on a model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from guardline.core.model import Conversation, Message
from guardline.detect import AlertPolicy, RelationshipMemory
from guardline.evaluate.replay import (
    CVRisksError,
    FixedRiskModel,
    decoys_ever_named,
    read_cv_risks,
    replay,
    write_cv_risks,
)

POLICY = AlertPolicy(threshold=0.9, k=1, n=1)


def conv(cid: str, lines: list[tuple[str, str]]) -> Conversation:
    msgs = [Message(cid, i, a, t) for i, (a, t) in enumerate(lines)]
    return Conversation(id=cid, messages=msgs, predators=["adult"])


FIRST = conv("c1", [("adult", "hey"), ("kid", "hi"), ("adult", "how old are you")])
LATER = conv("c2", [("adult", "hey again"), ("kid", "hi"), ("adult", "how was school")])
RISKS = {"c1": [0.2, 0.1, 0.95], "c2": [0.2, 0.1, 0.3]}


def test_the_policy_acts_on_the_given_risks() -> None:
    first, later = replay([FIRST, LATER], RISKS, POLICY)
    assert first.alert and first.flagged_authors == ["adult"]
    assert first.first_alert_index == 2
    assert not later.alert  # no memory: the later chat's own risks stay under 0.9


def test_memory_carries_the_flag_into_the_pairs_later_conversation() -> None:
    mem = RelationshipMemory(track_changes=False)
    first, later = replay([FIRST, LATER], RISKS, POLICY, mem)
    assert first.alert and later.alert
    assert later.flagged_authors == ["adult"]
    # once the pair is known (its second writer), the remembered author's next message alerts,
    # on the carried risk: their own there is 0.3
    assert later.first_alert_index == 2
    (adult,) = [a for a in later.authors if a.author == "adult"]
    assert adult.prior == "c1"  # the earlier conversation the carried alert points to
    # the same risks in the other order: nothing to carry into the flagged chat's partner
    later2, first2 = replay([LATER, FIRST], RISKS, POLICY, RelationshipMemory(track_changes=False))
    assert not later2.alert and first2.alert


def test_ever_named_counts_a_decoy_whose_name_moved_away() -> None:
    # the kid is flagged first; the adult fires above the kid's risk and the name moves to
    # the adult: at the end only the adult is named, but the kid was shown to a moderator
    moved = conv("c3", [("kid", "hi"), ("adult", "hey"), ("kid", "ok"), ("adult", "so")])
    quiet = conv("c4", [("kid", "hi"), ("adult", "hey")])
    risks = {"c3": [0.92, 0.1, 0.9, 0.99], "c4": [0.1, 0.1], **RISKS}
    convs = [moved, quiet, FIRST]
    plain = replay(convs, risks, POLICY)
    named: dict[str, set[str]] = {}
    tracked = replay(convs, risks, POLICY, ever_named=named)
    # the same assessments either way
    assert [a.to_dict() for a in tracked] == [a.to_dict() for a in plain]
    assert tracked[0].flagged_authors == ["adult"]
    assert named == {"c3": {"kid", "adult"}, "c4": set(), "c1": {"adult"}}
    assert decoys_ever_named(convs, named) == (1, 3)
    # without the rule that moves names, the kid stays named to the end
    keep = replay(convs, risks, AlertPolicy(threshold=0.9, k=1, n=1, outrank=False))
    assert sorted(keep[0].flagged_authors) == ["adult", "kid"]


def test_risks_file_round_trip_and_clear_errors(tmp_path: Path) -> None:
    path = tmp_path / "risks.json"
    write_cv_risks(path, RISKS, {"threshold": 0.97, "k": 2, "n": 3, "min_messages": 0})
    risks, policy = read_cv_risks(path)
    assert risks == RISKS
    assert (policy.threshold, policy.k, policy.n) == (0.97, 2, 3)
    assert "how old" not in path.read_text()  # risks only, no text

    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(CVRisksError, match="not a readable JSON"):
        read_cv_risks(bad)
    bad.write_text(json.dumps({"format": "something-else"}), encoding="utf-8")
    with pytest.raises(CVRisksError, match="not a guardline-cv-risks file"):
        read_cv_risks(bad)
    bad.write_text(
        json.dumps({"format": "guardline-cv-risks", "version": 1, "records": {}}), encoding="utf-8"
    )
    with pytest.raises(CVRisksError, match="malformed"):
        read_cv_risks(bad)
    bad.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(CVRisksError):
        read_cv_risks(bad)


def test_risks_that_do_not_fit_the_conversations_are_refused() -> None:
    with pytest.raises(CVRisksError, match="has no risks"):
        replay([FIRST], {}, POLICY)
    with pytest.raises(CVRisksError, match="2 risks for 3 messages"):
        replay([FIRST], {"c1": [0.1, 0.2]}, POLICY)
    model = FixedRiskModel({"c1": [0.5]})
    with pytest.raises(CVRisksError, match="no risk for message 3"):
        model.update(model.new_state(), Message("c1", 3, "adult", "x"), [])


def test_the_bench_reports_decoys_named_at_any_moment_beside_those_at_the_end() -> None:
    from guardline.detect import Detector
    from guardline.evaluate.bench import Contender, render_markdown, run_benchmark

    moved = conv("c3", [("kid", "hi"), ("adult", "hey"), ("kid", "ok"), ("adult", "so")])
    risks = {"c3": [0.92, 0.1, 0.9, 0.99], **RISKS}
    ct = Contender(
        "fixed",
        "fixed risks",
        lambda: Detector(model=FixedRiskModel(risks), policy=POLICY),
        throughput_sample=2,
        neutralised=False,
        hard_cases=False,
    )
    (run,) = run_benchmark([ct], {"test_sessions": [moved, FIRST]}, None)
    assert run.error is None
    dr = run.runs["test_sessions"]
    # the kid was named and the name moved to the adult: none at the end, one shown
    assert dr.result.totals.decoy_flagged == 0 and dr.decoys_shown == 1
    assert [a.flagged_authors for a in dr.assessments] == [["adult"], ["adult"]]
    md = render_markdown([run], {"test_sessions": [moved, FIRST]}, None)
    assert "decoy flagged (end / any moment)" in md and "| 0.0% / 50.0% |" in md
