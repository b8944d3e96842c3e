"""Core data model: every type round-trips through JSON."""

from __future__ import annotations

import json

from guardline.core.model import (
    AgeBand,
    AuthorAssessment,
    Conversation,
    ConversationAssessment,
    Message,
    Participant,
    Signal,
    Stage,
    to_json,
)


def sig(i: int = 0) -> Signal:
    return Signal("age_probing", Stage.RISK_ASSESSMENT, i, "a", (0, 7), 0.8)


def test_message_participant_signal_round_trip() -> None:
    m = Message("c", 3, "a", "how old r u 😀", time="12:00", message_id="p-9")
    assert Message.from_dict(json.loads(to_json(m))) == m
    p = Participant("a", AgeBand.TEEN, 14, 30, False)
    assert Participant.from_dict(json.loads(to_json(p))) == p
    assert Participant.from_dict({"author": "b"}).age_band is AgeBand.UNKNOWN
    s = sig()
    assert Signal.from_dict(json.loads(to_json(s))) == s


def test_assessment_round_trip() -> None:
    aa = AuthorAssessment("a", 0.9, True, [sig(1)], {"risk_assessment": 1})
    ca = ConversationAssessment("c", 0.9, True, 1, [aa], [sig(1)], messages_seen=2)
    back = ConversationAssessment.from_dict(json.loads(to_json(ca)))
    assert back == ca
    assert back.flagged_authors == ["a"]


def test_conversation_keeps_unknown_fields_and_labels() -> None:
    rec = {
        "id": "c",
        "source": "example",
        "custom": {"x": 1},
        "messages": [{"author": "a", "time": None, "text": "hi"}, {"author": "b", "text": "yo"}],
        "predators": ["a"],
        "predator_lines": [0],
        "participants": [{"author": "b", "age_band": "child"}],
    }
    c = Conversation.from_dict(rec)
    assert c.authors == ["a", "b"]
    assert c.extra == {"source": "example", "custom": {"x": 1}}
    assert c.participants["b"].age_band is AgeBand.CHILD
    again = Conversation.from_dict(json.loads(json.dumps(c.to_dict())))
    assert again == c


def test_stage_order() -> None:
    assert [s.order for s in Stage] == list(range(6))
    assert Stage.RISK_ASSESSMENT.order < Stage.SEXUAL.order
