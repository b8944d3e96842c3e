"""Detector: streaming equals batch, persistence policy, state round trip, evidence."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from guardline.core.model import AuthorAssessment, Conversation, ConversationAssessment, Message
from guardline.detect import AlertPolicy, Detector, RulesModel
from guardline.detect.policy import Persistence
from guardline.evaluate.replay import FixedRiskModel
from pair_chats import GROOMING

LINES = [
    "hey whats up",
    "how old are you",
    "im 13",
    "are your parents home right now?",
    "dont tell your mum we talk ok",
    "add me on snap its easier",
    "lol ok",
    "u look so mature for ur age",
    "we should meet up sometime",
    "did you finish the homework",
    "i'll buy you a gift card",
    "brb dinner",
]


def conv_from(pairs: list[tuple[str, str]], cid: str = "c1") -> Conversation:
    return Conversation(
        id=cid, messages=[Message(cid, i, a, t) for i, (a, t) in enumerate(pairs)], predators=[]
    )


def grooming_conv() -> Conversation:
    return conv_from(GROOMING)


def canon(a: ConversationAssessment) -> str:
    return json.dumps(a.to_dict(), sort_keys=True)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(["a", "b", "c"]), st.sampled_from(LINES)), max_size=30),
    st.floats(0.05, 0.95),
    st.integers(1, 4),
)
def test_update_equals_scan(pairs: list[tuple[str, str]], threshold: float, n: int) -> None:
    conv = conv_from(pairs)
    policy = AlertPolicy(threshold=threshold, k=max(1, n - 1), n=n)
    det = Detector(model=RulesModel(), policy=policy)
    last = None
    for m in conv.messages:
        last = det.update(m)
    batch = Detector(model=RulesModel(), policy=policy).scan(conv)
    if last is None:
        assert batch.messages_seen == 0 and not batch.alert
    else:
        assert canon(last) == canon(batch)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(["a", "b"]), st.sampled_from(LINES)), max_size=25),
)
def test_update_equals_scan_learned(pairs: list[tuple[str, str]]) -> None:
    from guardline.model import LearnedModel

    model = LearnedModel.load()
    conv = conv_from(pairs)
    det = Detector(model=model)
    last = None
    for m in conv.messages:
        last = det.update(m)
    batch = Detector(model=model).scan(conv)
    if last is not None:
        assert canon(last) == canon(batch)


def test_groomer_flagged_not_child() -> None:
    a = Detector(model=RulesModel()).scan(grooming_conv())
    assert a.alert
    assert a.flagged_authors == ["sam"]
    assert a.first_alert_index is not None and a.first_alert_index <= 8
    signs = {s.sign for s in a.evidence}
    assert "minor_age_disclosure" in signs
    # the disclosure is attributed to the discloser, so it is evidence about the other side
    kid = next(x for x in a.authors if x.author == "kid")
    assert {s.sign for s in kid.signals} == {"minor_age_disclosure"}


def test_benign_conversation_quiet() -> None:
    conv = conv_from(
        [("a", "did you finish the homework"), ("b", "yeah mostly"), ("a", "brb dinner")]
    )
    a = Detector(model=RulesModel()).scan(conv)
    assert not a.alert and a.first_alert_index is None and a.evidence == []


def test_snapshots_do_not_change_later() -> None:
    det = Detector(model=RulesModel())
    conv = grooming_conv()
    first = det.update(conv.messages[0])
    before = canon(first)
    for m in conv.messages[1:]:
        det.update(m)
    assert canon(first) == before
    assert det.assessment("c1").messages_seen == len(conv.messages)


def test_persistence_k_of_n() -> None:
    p = AlertPolicy(threshold=0.5, k=2, n=3)
    w = Persistence()
    assert [w.push(x, p) for x in (True, False, False, True, True)] == [
        False,
        False,
        False,
        False,
        True,
    ]
    w2 = Persistence()
    assert [w2.push(x, p) for x in (True, False, True)] == [False, False, True]


def test_policy_validation() -> None:
    with pytest.raises(ValueError):
        AlertPolicy(k=3, n=2)
    with pytest.raises(ValueError):
        AlertPolicy(threshold=1.5)


def test_higher_persistence_alerts_later_or_never() -> None:
    conv = grooming_conv()
    quick = Detector(model=RulesModel(), policy=AlertPolicy(0.5, 1, 1)).scan(conv)
    slow = Detector(model=RulesModel(), policy=AlertPolicy(0.5, 3, 3)).scan(conv)
    assert quick.first_alert_index is not None
    assert slow.first_alert_index is None or slow.first_alert_index >= quick.first_alert_index


def test_min_messages_holds_alert() -> None:
    conv = grooming_conv()
    held = Detector(model=RulesModel(), policy=AlertPolicy(0.5, 1, 1, min_messages=9)).scan(conv)
    assert held.first_alert_index is None or held.first_alert_index >= 8


def test_state_restore_resumes_identically() -> None:
    conv = grooming_conv()
    det = Detector(model=RulesModel())
    for m in conv.messages[:4]:
        det.update(m)
    saved = json.loads(json.dumps(det.state("c1")))
    det2 = Detector(model=RulesModel())
    det2.restore(saved)
    for m in conv.messages[4:]:
        a1 = det.update(m)
        a2 = det2.update(m)
        assert canon(a1) == canon(a2)
    with pytest.raises(ValueError):
        det2.restore({**saved, "version": 99})


def test_conversations_are_independent() -> None:
    det = Detector(model=RulesModel())
    g = grooming_conv()
    b = conv_from([("x", "hey"), ("y", "hi"), ("x", "how was school")], cid="c2")
    for m1, m2 in zip(g.messages, b.messages + b.messages + b.messages, strict=False):
        det.update(m1)
        det.update(Message("c2", m2.index, m2.author, m2.text))
    assert det.open_conversations == 2
    assert det.assessment("c1").alert
    det.close("c1")
    assert det.open_conversations == 1


def test_scan_row_has_exact_fields() -> None:
    row = Detector(model=RulesModel()).scan(grooming_conv()).to_scan_row()
    assert set(row) == {"id", "risk", "alert", "first_alert_index", "authors", "evidence"}
    assert set(row["authors"][0]) == {"author", "risk", "flagged", "signals"}
    assert set(row["evidence"][0]) == {"message_index", "author", "sign", "stage", "span"}
    assert json.loads(json.dumps(row)) == row


# --------------------------------------------------------------------------- outrank


def _fixed(pairs: list[tuple[str, float]], cid: str = "o1") -> tuple[Conversation, FixedRiskModel]:
    """A conversation of placeholder lines whose author risks are given per message."""
    conv = conv_from([(a, "hey") for a, _ in pairs], cid)
    return conv, FixedRiskModel({cid: [r for _, r in pairs]})


def _flagged(conv: Conversation, model: FixedRiskModel, policy: AlertPolicy) -> set[str]:
    return set(Detector(model=model, policy=policy).scan(conv).flagged_authors)


def test_outrank_second_author_waits_for_a_higher_risk_in_a_two_person_chat() -> None:
    conv, model = _fixed([("adult", 0.9), ("kid", 0.1), ("adult", 0.9), ("kid", 0.8)])
    on = AlertPolicy(0.5, 1, 1)
    assert on.outrank  # the default
    assert _flagged(conv, model, on) == {"adult"}
    assert _flagged(conv, model, AlertPolicy(0.5, 1, 1, outrank=False)) == {"adult", "kid"}
    # the conversation's alert is the same either way
    a = Detector(model=model, policy=on).scan(conv)
    assert a.alert and a.first_alert_index == 0

    # at the flagged author's risk now, the second author is flagged too
    conv, model = _fixed([("adult", 0.9), ("kid", 0.1), ("adult", 0.6), ("kid", 0.6)])
    assert _flagged(conv, model, on) == {"adult", "kid"}
    conv, model = _fixed([("adult", 0.9), ("kid", 0.9)])
    assert _flagged(conv, model, on) == {"adult", "kid"}


def test_outrank_moves_the_name_to_a_second_author_above_the_first() -> None:
    on = AlertPolicy(0.5, 1, 1)
    # the kid's risk fires above the adult's risk now: the name moves to the kid, the
    # adult's assessment says who outranks them, and the conversation's alert is unchanged
    conv, model = _fixed([("adult", 0.9), ("kid", 0.1), ("adult", 0.6), ("kid", 0.7)])
    a = Detector(model=model, policy=on).scan(conv)
    assert a.flagged_authors == ["kid"] and a.alert and a.first_alert_index == 0
    assert {au.author: au.outranked_by for au in a.authors} == {"adult": "kid", "kid": None}
    # without the rule both are named
    assert _flagged(conv, model, AlertPolicy(0.5, 1, 1, outrank=False)) == {"adult", "kid"}
    # the name moves back when the first author fires above the second again
    conv, model = _fixed(
        [("adult", 0.9), ("kid", 0.1), ("adult", 0.6), ("kid", 0.7), ("adult", 0.8)]
    )
    a = Detector(model=model, policy=on).scan(conv)
    assert a.flagged_authors == ["adult"]
    assert {au.author: au.outranked_by for au in a.authors} == {"adult": None, "kid": "adult"}
    # group chats keep every name
    conv, model = _fixed([("a", 0.9), ("b", 0.1), ("c", 0.2), ("b", 0.95)])
    assert _flagged(conv, model, on) == {"a", "b"}


def test_the_assessment_says_who_held_a_name_back() -> None:
    def by(pairs: list[tuple[str, float]], policy: AlertPolicy) -> dict[str, str | None]:
        conv, model = _fixed(pairs)
        a = Detector(model=model, policy=policy).scan(conv)
        return {au.author: au.outranked_by for au in a.authors}

    on = AlertPolicy(0.5, 1, 1)
    held = [("adult", 0.9), ("kid", 0.1), ("adult", 0.9), ("kid", 0.8)]
    assert by(held, on) == {"adult": None, "kid": "adult"}
    # without the rule nothing is held back; under the threshold nothing is either
    assert by(held, AlertPolicy(0.5, 1, 1, outrank=False)) == {"adult": None, "kid": None}
    assert by([("adult", 0.9), ("kid", 0.4)], on) == {"adult": None, "kid": None}
    # held back, then named once the risk reaches the flagged author's: the record goes
    named = [*held, ("adult", 0.6), ("kid", 0.6)]
    assert by(named, on) == {"adult": None, "kid": None}
    # the record survives the state's round trip and goes into to_dict / from_dict
    conv, model = _fixed(held)
    det = Detector(model=model, policy=on)
    for m in conv.messages:
        det.update(m)
    saved = json.loads(json.dumps(det.state("o1")))
    assert saved["authors"]["kid"]["outranked_by"] == "adult"
    det2 = Detector(model=model, policy=on)
    det2.restore(saved)
    kid = next(au for au in det2.assessment("o1").authors if au.author == "kid")
    assert kid.outranked_by == "adult" and not kid.flagged
    d = kid.to_dict()
    assert d["outranked_by"] == "adult" and AuthorAssessment.from_dict(d).to_dict() == d
    assert (
        "outranked_by"
        not in next(au for au in det2.assessment("o1").authors if au.author == "adult").to_dict()
    )


def test_outrank_does_not_touch_group_chats_or_the_first_flag() -> None:
    conv, model = _fixed([("a", 0.9), ("b", 0.1), ("c", 0.2), ("b", 0.8)])
    assert _flagged(conv, model, AlertPolicy(0.5, 1, 1)) == {"a", "b"}
    conv, model = _fixed([("a", 0.1), ("b", 0.1), ("a", 0.1), ("b", 0.8)])
    assert _flagged(conv, model, AlertPolicy(0.5, 1, 1)) == {"b"}


def test_outrank_travels_with_the_policy() -> None:
    from guardline.core.model import AgeBand, Participant
    from guardline.detect.context import decide

    off = AlertPolicy(0.9, 2, 3, outrank=False)
    assert AlertPolicy.from_dict(off.to_dict()) == off
    assert AlertPolicy.from_dict({"threshold": 0.9, "k": 2, "n": 3}).outrank
    # a policy the platform's context derives keeps it
    people = {
        "x": Participant("x", age_band=AgeBand.ADULT),
        "y": Participant("y", age_band=AgeBand.CHILD),
    }
    derived = decide(off, ["x", "y"], people, {("x", "y"): False}).policy
    assert derived.threshold < off.threshold and derived.outrank is False
