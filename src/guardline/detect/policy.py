"""Alert policy: when does a stream of risk scores become an alert?

eSPD-style persistence (Vogt et al. 2021): an author is flagged when at least ``k`` of their
last ``n`` risk scores are at or above ``threshold``. Flags are sticky: once a moderator has
been warned, later calm messages do not un-warn them. ``min_messages`` holds off any alert
until the conversation has that many messages (0 = no hold).

``outrank`` (on by default): in a two-person conversation one person grooms the other, so
once one author is flagged the other is flagged only when their risk is at least the flagged
author's risk at that moment (chosen by cross-validation with ``guardline replay``: fewer
decoys named, no offender lost; docs/model_dev.md, session 22). With a relationship memory,
a flagged author who carries the pair's remembered flag also outranks a partner who has
looked less risky over the pair's conversations, the evidence by which the memory keeps the
pair on one side (session 23). When the second author is flagged at a risk above the first
author's risk at that moment, the name moves: the first author is no longer flagged (session
24; the alert on the conversation stays). Either way the rule changes who is named, never
whether or when a conversation is alerted; the author it holds back or un-names carries the
author who outranks them (``AuthorAssessment.outranked_by``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Self


@dataclass(frozen=True, slots=True)
class AlertPolicy:
    threshold: float = 0.5
    k: int = 1
    n: int = 1
    min_messages: int = 0
    outrank: bool = True

    def __post_init__(self) -> None:
        if not 0.0 <= self.threshold <= 1.0:
            raise ValueError(f"threshold must be in [0, 1], got {self.threshold}")
        if self.n < 1 or not 1 <= self.k <= self.n:
            raise ValueError(f"need 1 <= k <= n, got k={self.k}, n={self.n}")
        if self.min_messages < 0:
            raise ValueError("min_messages must be >= 0")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Self:
        return cls(
            threshold=float(d.get("threshold", 0.5)),
            k=int(d.get("k", 1)),
            n=int(d.get("n", 1)),
            min_messages=int(d.get("min_messages", 0)),
            outrank=bool(d.get("outrank", True)),
        )


class Persistence:
    """The last ``n`` over/under-threshold outcomes of one author, as a bit window."""

    __slots__ = ("bits", "count")

    def __init__(self, bits: int = 0, count: int = 0) -> None:
        self.bits = bits  # bit i set = the i-th most recent score was over the threshold
        self.count = count

    def push(self, over: bool, policy: AlertPolicy) -> bool:
        """Record one score; return True when k of the last n are over the threshold."""
        mask = (1 << policy.n) - 1
        self.bits = ((self.bits << 1) | int(over)) & mask
        self.count += 1
        return self.bits.bit_count() >= policy.k
