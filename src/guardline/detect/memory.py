"""Relationship memory: what the Detector remembers about two accounts across conversations.

A grooming relationship runs over many conversations between the same two accounts, and the
later ones often open mid-story ("hey you, back again?") with nothing in their own text that
says what came before. Scored one conversation at a time, such a chat starts from zero; a
platform knows better, because it knows the two accounts.

The memory holds at most one entry per pair of accounts: (author, partner), the author was
flagged in a two-person conversation with that partner. Per conversation only the *first*
author flagged on their own risk (not on a carried one) is remembered, and remembering one
side of a pair drops the other side: the side most recently flagged on its own risk is the
one carried (also when the other side was carried and flagged before it in that
conversation). A child or a decoy who was flagged once by mistake is therefore not carried
for ever: the next conversation in which the adult is flagged on their own risk takes the
memory back. In a later
conversation in which exactly those two accounts have written, the Detector scores the
remembered author's messages at no less than the remembered risk, so the alert policy fires
on their next messages, and the assessment names the earlier conversation
(``AuthorAssessment.prior``).

It is bounded (least recently used pairs are dropped) and data-only (``to_dict``/``from_dict``).
A service persists it in its own table and calls :meth:`forget` when a moderator clears the
case; this module knows nothing of storage.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Protocol

from guardline.core.model import Stage

#: the stage names a prior flag may hold
STAGE_VALUES = frozenset(s.value for s in Stage)

#: format of :meth:`RelationshipMemory.to_dict`
MEMORY_VERSION = 1


@dataclass(frozen=True, slots=True)
class PriorFlag:
    """An author was flagged with a partner in ``conversation_id``, at ``risk``, having shown
    signs of ``stages`` (stage values, sorted) there by then: the explanation a carried alert
    points to."""

    conversation_id: str
    risk: float
    stages: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "conversation_id": self.conversation_id,
            "risk": round(self.risk, 6),
            "stages": list(self.stages),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> PriorFlag:
        risk = float(d["risk"])
        if not 0.0 <= risk <= 1.0:
            raise ValueError(f"prior risk must be in [0, 1], got {risk!r}")
        stages = tuple(sorted({str(s) for s in d.get("stages") or ()}))
        unknown = sorted(set(stages) - STAGE_VALUES)
        if unknown:
            raise ValueError(f"unknown stage(s) in a prior flag: {', '.join(unknown)}")
        return cls(str(d["conversation_id"]), risk, stages)


class PairMemory(Protocol):
    """What the Detector needs from a memory (a service may back it with its database).

    ``remember`` keeps the first flag of (author, partner) and drops (partner, author)."""

    def recall(self, author: str, partner: str) -> PriorFlag | None: ...

    def remember(self, author: str, partner: str, flag: PriorFlag) -> None: ...


class RelationshipMemory:
    """In-process memory of flagged (author, partner) pairs, least recently used dropped first."""

    def __init__(self, max_pairs: int = 1_000_000) -> None:
        if max_pairs < 1:
            raise ValueError("max_pairs must be at least 1")
        self.max_pairs = max_pairs
        self._pairs: OrderedDict[tuple[str, str], PriorFlag] = OrderedDict()
        #: entries remembered since the last :meth:`drain` (a service writes these out)
        self._new: list[tuple[str, str, PriorFlag]] = []

    def __len__(self) -> int:
        return len(self._pairs)

    def recall(self, author: str, partner: str) -> PriorFlag | None:
        return self._pairs.get((author, partner))

    def remember(self, author: str, partner: str, flag: PriorFlag) -> None:
        """Keep the first flag of (author, partner) (its earliest conversation) and refresh its
        recency; drop the other side, (partner, author), if it was remembered."""
        key = (author, partner)
        self._pairs.pop((partner, author), None)
        if key in self._pairs:
            self._pairs.move_to_end(key)
            return
        self._pairs[key] = flag
        self._new.append((author, partner, flag))
        while len(self._pairs) > self.max_pairs:
            self._pairs.popitem(last=False)

    def load(self, author: str, partner: str, flag: PriorFlag) -> None:
        """Put an entry known elsewhere (e.g. read from a database) without reporting it new."""
        self._pairs[(author, partner)] = flag
        self._pairs.move_to_end((author, partner))
        while len(self._pairs) > self.max_pairs:
            self._pairs.popitem(last=False)

    def forget(self, author: str, partner: str) -> bool:
        """Drop a pair (a moderator cleared it); True if it was there."""
        return self._pairs.pop((author, partner), None) is not None

    def clear(self) -> None:
        self._pairs.clear()
        self._new.clear()

    def drain(self) -> list[tuple[str, str, PriorFlag]]:
        """Entries remembered since the last call and still held, oldest first (an entry
        dropped since, e.g. because the other side of its pair was remembered after it, is
        left out)."""
        new, self._new = self._new, []
        pairs = self._pairs
        return [(a, p, f) for a, p, f in new if pairs.get((a, p)) is f]

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": MEMORY_VERSION,
            "pairs": [
                {"author": a, "partner": p, **f.to_dict()} for (a, p), f in self._pairs.items()
            ],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any], max_pairs: int = 1_000_000) -> RelationshipMemory:
        if d.get("version") != MEMORY_VERSION:
            raise ValueError(f"unsupported relationship memory version {d.get('version')!r}")
        mem = cls(max_pairs)
        for row in d.get("pairs", []):
            mem.load(str(row["author"]), str(row["partner"]), PriorFlag.from_dict(row))
        return mem
