"""The bench's silent-miss count: positives never alerted, split by whether anyone showed a sign."""

from __future__ import annotations

from typing import Any

from guardline.core.model import Conversation, Message, Participant, Signal
from guardline.detect import AlertPolicy, Detector
from guardline.evaluate.bench import silent_misses


class FlagWordModel:
    """An author's risk is 1.0 on a message with 'FLAG' in it, 0.1 otherwise."""

    name = "flag-word-test"

    def new_state(self) -> dict[str, float]:
        return {}

    def update(
        self,
        state: dict[str, float],
        message: Message,
        signals: list[Signal],
        participant: Participant | None = None,
    ) -> dict[str, float]:
        return {message.author: 1.0 if "FLAG" in message.text else 0.1}

    def dump_state(self, state: dict[str, float]) -> dict[str, Any]:
        return dict(state)

    def load_state(self, data: dict[str, Any]) -> dict[str, float]:
        return {str(k): float(v) for k, v in data.items()}


def conv(cid: str, lines: list[tuple[str, str]], predators: list[str]) -> Conversation:
    msgs = [Message(cid, i, a, t) for i, (a, t) in enumerate(lines)]
    return Conversation(id=cid, messages=msgs, predators=predators)


def test_silent_misses_split_never_alerted_positives_by_their_signs() -> None:
    det = Detector(model=FlagWordModel(), policy=AlertPolicy(threshold=0.5))
    convs = [
        # alerted: not a miss
        conv("a", [("adult", "hi FLAG"), ("kid", "hey")], ["adult"]),
        # missed, but the offender probed the child's age: evidence the model did not act on
        conv("b", [("adult", "how old are you"), ("kid", "hey")], ["adult"]),
        # missed and silent on both sides
        conv("c", [("adult", "hey there"), ("kid", "hey")], ["adult"]),
        # missed; only the child shows a sign (discloses an age): offender-silent, not all-silent
        conv("d", [("adult", "hey there"), ("kid", "im 13")], ["adult"]),
        # benign and quiet: not a positive
        conv("e", [("x", "how old are you"), ("y", "hey")], []),
    ]
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
