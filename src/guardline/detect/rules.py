"""The rules-only risk model: a transparent combination of grooming signs.

Per author it counts which signs they showed (repeats count with diminishing returns), gives
each a weight by grooming stage, adds a bonus for every distinct stage reached (grooming is a
progression, a single sign is weak evidence), and a bonus when another participant has
disclosed an age under 18 or is known to be a child. The score goes through a logistic
function. Every number is in :data:`STAGE_WEIGHTS`/:class:`RulesModel` so a moderator or
auditor can reproduce a risk by hand.
"""

from __future__ import annotations

import math
from typing import Any, ClassVar

from guardline.core.model import AgeBand, Message, Participant, Signal, Stage

#: Sign that marks the *discloser* as a minor: evidence about the other side, not its author.
MINOR_DISCLOSURE = "minor_age_disclosure"

STAGE_WEIGHTS: dict[Stage, float] = {
    Stage.FRIENDSHIP: 0.3,
    Stage.RELATIONSHIP: 0.6,
    Stage.RISK_ASSESSMENT: 1.1,
    Stage.EXCLUSIVITY: 1.3,
    Stage.SEXUAL: 1.0,
    Stage.CONCLUSION: 0.9,
}


class RulesModel:
    """Risk from signs alone. Implements :class:`guardline.detect.base.RiskModel`."""

    name = "rules"
    policy: ClassVar[dict[str, Any] | None] = {"threshold": 0.5, "k": 1, "n": 1}

    def __init__(
        self,
        stage_weights: dict[Stage, float] | None = None,
        stage_bonus: float = 0.6,
        minor_partner_bonus: float = 1.0,
        bias: float = 3.0,
    ) -> None:
        self.stage_weights = dict(stage_weights or STAGE_WEIGHTS)
        self.stage_bonus = stage_bonus
        self.minor_partner_bonus = minor_partner_bonus
        self.bias = bias

    # state: {"authors": {author: {sign: [stage, count]}}, "minors": [authors]}
    def new_state(self) -> dict[str, Any]:
        return {"authors": {}, "minors": []}

    def update(
        self,
        state: dict[str, Any],
        message: Message,
        signals: list[Signal],
        participant: Participant | None = None,
    ) -> dict[str, float]:
        authors: dict[str, dict[str, list[Any]]] = state["authors"]
        minors: list[str] = state["minors"]
        author = message.author
        mine = authors.setdefault(author, {})
        new_minor = False
        if participant is not None and participant.age_band in (AgeBand.CHILD, AgeBand.TEEN):
            if author not in minors:
                minors.append(author)
                new_minor = True
        for s in signals:
            if s.sign == MINOR_DISCLOSURE:
                if s.author not in minors:
                    minors.append(s.author)
                    new_minor = True
                continue
            entry = mine.get(s.sign)
            if entry is None:
                mine[s.sign] = [s.stage.value, 1]
            else:
                entry[1] += 1
        if new_minor:  # a disclosure changes every other author's risk
            return {a: self._risk(state, a) for a in authors}
        return {author: self._risk(state, author)}

    def _risk(self, state: dict[str, Any], author: str) -> float:
        signs: dict[str, list[Any]] = state["authors"].get(author, {})
        score = 0.0
        stages: set[str] = set()
        for stage, count in signs.values():
            score += self.stage_weights[Stage(stage)] * (1.0 + 0.25 * math.log(count))
            stages.add(stage)
        if stages:
            score += self.stage_bonus * (len(stages) - 1)
        if any(m != author for m in state["minors"]):
            score += self.minor_partner_bonus
        return 1.0 / (1.0 + math.exp(-(score - self.bias)))

    def dump_state(self, state: dict[str, Any]) -> dict[str, Any]:
        return {
            "authors": {a: {k: list(v) for k, v in s.items()} for a, s in state["authors"].items()},
            "minors": list(state["minors"]),
        }

    def load_state(self, data: dict[str, Any]) -> dict[str, Any]:
        return self.dump_state(data)
