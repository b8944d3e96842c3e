"""The bench's silent-miss count: positives never alerted, split by whether anyone showed a sign."""

from __future__ import annotations

from guardline.core.model import Conversation, Message
from guardline.detect import AlertPolicy, Detector
from guardline.evaluate.bench import silent_misses
from guardline.evaluate.replay import FixedRiskModel


def conv(cid: str, lines: list[tuple[str, str]], predators: list[str]) -> Conversation:
    msgs = [Message(cid, i, a, t) for i, (a, t) in enumerate(lines)]
    return Conversation(id=cid, messages=msgs, predators=predators)


def test_silent_misses_split_never_alerted_positives_by_their_signs() -> None:
    convs = [
        # alerted (the adult's first message is scored 1.0 below): not a miss
        conv("a", [("adult", "hi"), ("kid", "hey")], ["adult"]),
        # missed, but the offender probed the child's age: evidence the model did not act on
        conv("b", [("adult", "how old are you"), ("kid", "hey")], ["adult"]),
        # missed and silent on both sides
        conv("c", [("adult", "hey there"), ("kid", "hey")], ["adult"]),
        # missed; only the child shows a sign (discloses an age): offender-silent, not all-silent
        conv("d", [("adult", "hey there"), ("kid", "im 13")], ["adult"]),
        # benign and quiet: not a positive
        conv("e", [("x", "how old are you"), ("y", "hey")], []),
    ]
    risks = {c.id: [0.1] * len(c.messages) for c in convs} | {"a": [1.0, 0.1]}
    det = Detector(model=FixedRiskModel(risks), policy=AlertPolicy(threshold=0.5))
    assessments = [det.scan(c) for c in convs]
    assert [a.alert for a in assessments] == [True, False, False, False, False]
    signs = {
        c.id: [bool(au.signals) for au in a.authors]
        for c, a in zip(convs, assessments, strict=True)
    }
    assert signs["b"][0] and not any(signs["c"]) and signs["d"] == [False, True]
    assert silent_misses(convs, assessments) == {
        "never_alerted": 3,
        "offender_silent": 2,
        "all_silent": 1,
    }


def test_silent_misses_of_nothing_missed() -> None:
    assert silent_misses([], []) == {"never_alerted": 0, "offender_silent": 0, "all_silent": 0}
