"""The data model every layer shares: messages, participants, signals and assessments.

Pure data, no I/O. Every type round-trips through plain JSON via ``to_dict``/``from_dict``
(and ``to_json``/``from_json`` for convenience). Dataclasses with ``slots`` keep the
streaming hot path cheap; validation of untrusted input happens in the loaders
(:mod:`guardline.corpora`) and the service, not here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Self


class AgeBand(StrEnum):
    """What a platform knows about a participant's age."""

    CHILD = "child"  # under 13
    TEEN = "teen"  # 13-17
    ADULT = "adult"
    UNKNOWN = "unknown"


class Stage(StrEnum):
    """Grooming stages, after O'Connell (2003) and later work (Lorenzo-Dus et al. 2016)."""

    FRIENDSHIP = "friendship_forming"
    RELATIONSHIP = "relationship_forming"
    RISK_ASSESSMENT = "risk_assessment"
    EXCLUSIVITY = "exclusivity"
    SEXUAL = "sexual"
    CONCLUSION = "conclusion"  # arranging to meet, moving the contact offline

    @property
    def order(self) -> int:
        return _STAGE_ORDER[self]


_STAGE_ORDER = {s: i for i, s in enumerate(Stage)}


@dataclass(slots=True)
class Message:
    """One chat message. ``index`` is its 0-based position in the conversation."""

    conversation_id: str
    index: int
    author: str
    text: str
    time: str | None = None
    message_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "conversation_id": self.conversation_id,
            "index": self.index,
            "author": self.author,
            "text": self.text,
            "time": self.time,
            "message_id": self.message_id,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Self:
        return cls(
            conversation_id=str(d["conversation_id"]),
            index=int(d["index"]),
            author=str(d["author"]),
            text=str(d["text"]),
            time=d.get("time"),
            message_id=d.get("message_id"),
        )


@dataclass(slots=True)
class Participant:
    """Optional context a platform may know about a participant. All fields optional."""

    author: str
    age_band: AgeBand = AgeBand.UNKNOWN
    declared_age: int | None = None
    account_age_days: int | None = None
    prior_contact: bool | None = None
    #: the name other participants see and call this account by ("Amelia P"), when the
    #: author id is not a name (a number, a hash): lets the learned model tell whom a group
    #: chat message addresses
    display_name: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "author": self.author,
            "age_band": self.age_band.value,
            "declared_age": self.declared_age,
            "account_age_days": self.account_age_days,
            "prior_contact": self.prior_contact,
        }
        if self.display_name is not None:
            d["display_name"] = self.display_name
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Self:
        return cls(
            author=str(d["author"]),
            age_band=AgeBand(d.get("age_band") or AgeBand.UNKNOWN),
            declared_age=d.get("declared_age"),
            account_age_days=d.get("account_age_days"),
            prior_contact=d.get("prior_contact"),
            display_name=None if d.get("display_name") is None else str(d["display_name"]),
        )


@dataclass(slots=True, frozen=True)
class Signal:
    """One grooming sign seen in one message: which sign, its stage, where, by whom, how strong."""

    sign: str
    stage: Stage
    message_index: int
    author: str
    span: tuple[int, int]
    strength: float = 1.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "sign": self.sign,
            "stage": self.stage.value,
            "message_index": self.message_index,
            "author": self.author,
            "span": [self.span[0], self.span[1]],
            "strength": round(self.strength, 6),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Self:
        a, b = d["span"]
        return cls(
            sign=str(d["sign"]),
            stage=Stage(d["stage"]),
            message_index=int(d["message_index"]),
            author=str(d["author"]),
            span=(int(a), int(b)),
            strength=float(d.get("strength", 1.0)),
        )


@dataclass(slots=True)
class Conversation:
    """A whole conversation as loaded from a corpus, with labels where the corpus has them."""

    id: str
    messages: list[Message]
    participants: dict[str, Participant] = field(default_factory=dict)
    predators: list[str] | None = None  # None: unlabelled; []: labelled negative
    predator_lines: list[int] | None = None
    extra: dict[str, Any] = field(default_factory=dict)  # unknown fields, kept verbatim

    @property
    def authors(self) -> list[str]:
        """Authors in order of first appearance."""
        seen: dict[str, None] = {}
        for m in self.messages:
            seen.setdefault(m.author, None)
        return list(seen)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = dict(self.extra)
        d["id"] = self.id
        d["messages"] = [
            {
                k: v
                for k, v in (
                    ("author", m.author),
                    ("time", m.time),
                    ("text", m.text),
                    ("message_id", m.message_id),
                )
                if k != "message_id" or v is not None
            }
            for m in self.messages
        ]
        if self.participants:
            d["participants"] = [p.to_dict() for p in self.participants.values()]
        if self.predators is not None:
            d["predators"] = list(self.predators)
        if self.predator_lines is not None:
            d["predator_lines"] = list(self.predator_lines)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Self:
        """Build from the canonical JSONL record (see the README's schema). Trusts its input."""
        cid = str(d["id"])
        msgs = [
            Message(
                cid,
                i,
                str(m["author"]),
                str(m.get("text") or ""),
                m.get("time"),
                m.get("message_id"),
            )
            for i, m in enumerate(d.get("messages") or [])
        ]
        parts = {p["author"]: Participant.from_dict(p) for p in (d.get("participants") or [])}
        known = {"id", "messages", "participants", "predators", "predator_lines"}
        return cls(
            id=cid,
            messages=msgs,
            participants=parts,
            predators=list(d["predators"]) if d.get("predators") is not None else None,
            predator_lines=(
                list(d["predator_lines"]) if d.get("predator_lines") is not None else None
            ),
            extra={k: v for k, v in d.items() if k not in known},
        )


@dataclass(slots=True)
class AuthorAssessment:
    """How risky one participant looks, and the signs behind it."""

    author: str
    risk: float
    flagged: bool
    signals: list[Signal] = field(default_factory=list)
    stages: dict[str, int] = field(default_factory=dict)  # stage value -> count of signals
    #: in a group chat, the participant this author's risk is about (the one they single
    #: out), when the model tells; None otherwise
    addressee: str | None = None
    #: an earlier conversation in which this author was flagged with the same partner, when
    #: the detector runs with a relationship memory; None otherwise
    prior: str | None = None
    #: the stages (values) of the signs this author showed with the same partner from that
    #: earlier conversation on (the rest of it, and the later ones the flag was carried into)
    prior_stages: tuple[str, ...] = ()
    #: in a two-person chat, the flagged author whose rank held this author's name back
    #: (the alert policy's ``outrank`` rule): this author's risk met the policy while the
    #: other was flagged and looked riskier; None once this author is flagged, and otherwise
    outranked_by: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "author": self.author,
            "risk": round(self.risk, 6),
            "flagged": self.flagged,
            "signals": [s.to_dict() for s in self.signals],
            "stages": dict(self.stages),
        }
        if self.addressee is not None:
            d["addressee"] = self.addressee
        if self.prior is not None:
            d["prior"] = self.prior
            d["prior_stages"] = list(self.prior_stages)
        if self.outranked_by is not None:
            d["outranked_by"] = self.outranked_by
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Self:
        addressee = d.get("addressee")
        prior = d.get("prior")
        by = d.get("outranked_by")
        return cls(
            author=str(d["author"]),
            risk=float(d["risk"]),
            flagged=bool(d["flagged"]),
            signals=[Signal.from_dict(s) for s in d.get("signals", [])],
            stages={str(k): int(v) for k, v in (d.get("stages") or {}).items()},
            addressee=None if addressee is None else str(addressee),
            prior=None if prior is None else str(prior),
            prior_stages=tuple(str(s) for s in d.get("prior_stages") or ()),
            outranked_by=None if by is None else str(by),
        )


@dataclass(slots=True)
class ConversationAssessment:
    """The detector's view of a conversation after some number of messages."""

    id: str
    risk: float
    alert: bool
    first_alert_index: int | None
    authors: list[AuthorAssessment]
    evidence: list[Signal]
    messages_seen: int = 0

    @property
    def flagged_authors(self) -> list[str]:
        return [a.author for a in self.authors if a.flagged]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "risk": round(self.risk, 6),
            "alert": self.alert,
            "first_alert_index": self.first_alert_index,
            "authors": [a.to_dict() for a in self.authors],
            "evidence": [s.to_dict() for s in self.evidence],
            "messages_seen": self.messages_seen,
        }

    def to_scan_row(self) -> dict[str, Any]:
        """The row ``guardline scan`` writes: exactly the fields the scan format names."""
        return {
            "id": self.id,
            "risk": round(self.risk, 6),
            "alert": self.alert,
            "first_alert_index": self.first_alert_index,
            "authors": [
                {
                    "author": a.author,
                    "risk": round(a.risk, 6),
                    "flagged": a.flagged,
                    "signals": sorted({s.sign for s in a.signals}),
                    # only from a detector with relationship memory, and only when carried
                    **({"prior": a.prior} if a.prior is not None else {}),
                }
                for a in self.authors
            ],
            "evidence": [
                {
                    "message_index": s.message_index,
                    "author": s.author,
                    "sign": s.sign,
                    "stage": s.stage.value,
                    "span": [s.span[0], s.span[1]],
                }
                for s in self.evidence
            ],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Self:
        return cls(
            id=str(d["id"]),
            risk=float(d["risk"]),
            alert=bool(d["alert"]),
            first_alert_index=d.get("first_alert_index"),
            authors=[AuthorAssessment.from_dict(a) for a in d.get("authors", [])],
            evidence=[Signal.from_dict(s) for s in d.get("evidence", [])],
            messages_seen=int(d.get("messages_seen", 0)),
        )


def to_json(
    obj: Message | Participant | Signal | Conversation | AuthorAssessment | ConversationAssessment,
) -> str:
    """Serialise any core object to a compact JSON string."""
    return json.dumps(obj.to_dict(), ensure_ascii=False, separators=(",", ":"))
