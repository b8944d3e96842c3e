"""Replay cross-validated risks through the Detector: choose rules above the model by CV.

Relationship memory, the alert policy and anything else that sits on top of the model's
risks can be chosen by cross-validation without refitting: ``guardline train --cv-risks
FILE`` keeps the out-of-fold risk of each message's author in every ``train_sessions``
record (:func:`guardline.model.train.session_risks`), and :func:`replay` runs those risks,
in file order, through the real :class:`~guardline.detect.Detector` (its policy, its memory)
with :class:`FixedRiskModel` in place of the model. The figures are the CV figures of the
whole system, memory included, from the same code the service runs.

The risks file is data only (JSON): ``format``, ``version``, the training's ``policy`` and
``records`` (record id -> one risk per message). It holds no text.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from guardline.core.model import Conversation, ConversationAssessment, Message, Participant, Signal
from guardline.detect import AlertPolicy, Detector, RelationshipMemory

CV_RISKS_FORMAT = "guardline-cv-risks"
CV_RISKS_VERSION = 1


class CVRisksError(ValueError):
    """A risks file that cannot be read, or does not fit the conversations."""


class FixedRiskModel:
    """A :class:`~guardline.detect.RiskModel` that returns given risks: after message ``i``
    of conversation ``c``, the message's author is at ``risks[c][i]``."""

    name = "fixed-risks"

    def __init__(self, risks: Mapping[str, Sequence[float]]) -> None:
        self.risks = risks

    def new_state(self) -> dict[str, Any]:
        return {}

    def update(
        self,
        state: dict[str, Any],
        message: Message,
        signals: list[Signal],
        participant: Participant | None = None,
    ) -> dict[str, float]:
        try:
            return {message.author: float(self.risks[message.conversation_id][message.index])}
        except (KeyError, IndexError):
            raise CVRisksError(
                f"no risk for message {message.index} of conversation {message.conversation_id!r}"
            ) from None

    def dump_state(self, state: dict[str, Any]) -> dict[str, Any]:
        return {}

    def load_state(self, data: dict[str, Any]) -> dict[str, Any]:
        return {}


def write_cv_risks(
    path: Path, risks: Mapping[str, Sequence[float]], policy: Mapping[str, Any]
) -> None:
    """Write a risks file (see the module docstring)."""
    doc = {
        "format": CV_RISKS_FORMAT,
        "version": CV_RISKS_VERSION,
        "policy": dict(policy),
        "records": {k: list(v) for k, v in sorted(risks.items())},
    }
    path.write_text(json.dumps(doc, separators=(",", ":")) + "\n", encoding="utf-8")


def read_cv_risks(path: Path) -> tuple[dict[str, list[float]], AlertPolicy]:
    """(risks per record id, the training's alert policy) of a risks file."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CVRisksError(f"{path}: not a readable JSON risks file ({exc})") from None
    if not isinstance(doc, dict) or doc.get("format") != CV_RISKS_FORMAT:
        raise CVRisksError(f"{path}: not a {CV_RISKS_FORMAT} file")
    if doc.get("version") != CV_RISKS_VERSION:
        raise CVRisksError(f"{path}: unsupported version {doc.get('version')!r}")
    try:
        pol = doc["policy"]
        missing = [k for k in ("threshold", "k", "n") if k not in pol]
        if missing:
            raise KeyError(f"policy without {', '.join(missing)}")
        policy = AlertPolicy.from_dict(pol)
        risks = {str(k): [float(x) for x in v] for k, v in doc["records"].items()}
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise CVRisksError(f"{path}: malformed risks file ({type(exc).__name__}: {exc})") from None
    return risks, policy


def check_fit(risks: Mapping[str, Sequence[float]], convs: Iterable[Conversation]) -> None:
    """Every conversation has one risk per message (the same records as training read)."""
    for c in convs:
        got = risks.get(c.id)
        if got is None:
            raise CVRisksError(f"conversation {c.id!r} has no risks (another training file?)")
        if len(got) != len(c.messages):
            raise CVRisksError(
                f"conversation {c.id!r}: {len(got)} risks for {len(c.messages)} messages"
            )


def replay(
    convs: Sequence[Conversation],
    risks: Mapping[str, Sequence[float]],
    policy: AlertPolicy,
    memory: RelationshipMemory | None = None,
    ever_named: dict[str, set[str]] | None = None,
) -> list[ConversationAssessment]:
    """Each conversation's assessment, the risks run through the Detector in the given order
    (the memory, if any, carries flags from one conversation of a pair to the next).

    ``ever_named``, when given, is filled with every author flagged at any moment of each
    conversation (conversation id -> authors), not only at its end: the alert policy's
    ``outrank`` rule can move a name after a moderator has seen it."""
    check_fit(risks, convs)
    det = Detector(model=FixedRiskModel(risks), policy=policy, memory=memory)
    if ever_named is None:
        return [det.scan(c) for c in convs]
    out: list[ConversationAssessment] = []
    for c in convs:
        a, named = scan_tracked(det, c)
        ever_named.setdefault(c.id, set()).update(named)
        out.append(a)
    return out


def scan_tracked(det: Detector, c: Conversation) -> tuple[ConversationAssessment, set[str]]:
    """``det.scan(c)`` message by message: the same assessment, and every author flagged at
    any moment of the conversation (the alert policy's ``outrank`` rule can move a name)."""
    named: set[str] = set()
    if not c.messages:
        return det.scan(c), named
    det.close(c.id)  # a fresh state, as Detector.scan gives
    for p in c.participants.values():
        det.set_participant(c.id, p)
    for i, m in enumerate(c.messages):
        if m.index != i or m.conversation_id != c.id:
            m = Message(c.id, i, m.author, m.text, m.time, m.message_id)
        a = det.update(m)
        if a.alert:
            named.update(a.flagged_authors)
    a = det.assessment(c.id)
    det.close(c.id)
    return a, named


def decoys_ever_named(
    convs: Iterable[Conversation], ever_named: Mapping[str, set[str]]
) -> tuple[int, int]:
    """(grooming conversations in which an author who is not an offender was flagged at some
    moment, grooming conversations): the decoys a moderator was shown, whatever the names at
    the end."""
    shown = total = 0
    for c in convs:
        if not c.predators:
            continue
        total += 1
        if ever_named.get(c.id, set()) - set(c.predators):
            shown += 1
    return shown, total
