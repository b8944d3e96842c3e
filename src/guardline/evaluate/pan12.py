"""The official PAN12 Sexual Predator Identification measures (Inches & Crestani 2012).

- **Problem 1** (identify the predators): a run submits a set of author ids; precision and
  recall are over *distinct* author ids against the ground-truth predator list, and the
  official ranking measure is F0.5 (precision weighs more). F1 is reported too.
- **Problem 2** (identify the predators' lines): a run submits (conversation id, line) pairs;
  precision and recall are over those pairs against the ground-truth lines, ranked by F3
  (recall weighs more).

Mapping a detector onto a run, as PAN12 participants did: the submitted authors are those
flagged in any conversation; the submitted lines are every line written by an author flagged
in that conversation. The ground truth is what the truth conversations carry: predators are
the union of their ``predators`` lists (so a corpus excerpt is scored against the predators
it contains, and the full test corpus against all 254), and lines are the ``predator_lines``
of the conversations that have them (every conversation of the converted test split).
Lines are 0-based message indices rather than PAN12's ``line`` attributes; both sides use the
same numbering, so the counts are the same.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from guardline.core.model import Conversation, ConversationAssessment
from guardline.evaluate.metrics import Counts, ScanRecord, TruthRecord, evaluate


@dataclass(slots=True, frozen=True)
class Pan12Result:
    """Problem 1 counts (distinct author ids) and problem 2 counts (lines, or None)."""

    problem1: Counts
    problem2: Counts | None
    missing_rows: int = 0
    unknown_rows: int = 0
    warnings: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        p1 = self.problem1
        out: dict[str, Any] = {
            "problem1": {
                "tp": p1.tp,
                "fp": p1.fp,
                "fn": p1.fn,
                "precision": p1.precision,
                "recall": p1.recall,
                "f0.5": p1.f05,
                "f1": p1.f1,
            },
            "problem2": None,
            "missing_rows": self.missing_rows,
            "unknown_rows": self.unknown_rows,
            "warnings": list(self.warnings),
        }
        if self.problem2 is not None:
            p2 = self.problem2
            out["problem2"] = {
                "tp": p2.tp,
                "fp": p2.fp,
                "fn": p2.fn,
                "precision": p2.precision,
                "recall": p2.recall,
                "f3": p2.f3,
            }
        return out


def official_pan12_metrics(
    truth_conversations: Iterable[Conversation | TruthRecord],
    assessments: Iterable[ConversationAssessment | ScanRecord | Mapping[str, Any]],
) -> Pan12Result:
    """PAN12 problem 1 (P, R, F0.5, F1 over distinct authors) and problem 2 (P, R, F3 on lines).

    ``assessments`` is read first (reduced to small records), then ``truth_conversations``
    is streamed once. Conversations without an assessment predict nothing; assessments of
    conversations not in the truth are ignored. Line scoring needs each message's author:
    pass whole conversations, or :class:`TruthRecord` objects made from them (no text), not
    conversations whose ``messages`` were emptied.
    """
    r = evaluate(truth_conversations, assessments, pan12=True)
    return Pan12Result(
        problem1=r.authors,
        problem2=r.lines,
        missing_rows=r.missing_rows,
        unknown_rows=r.unknown_rows,
        warnings=tuple(r.warnings),
    )
