"""Fixtures: a tiny hand-made corpus and scan for the evaluate tests (figures worked out by hand).

Truth (author of each message; ``P``, ``Q`` are predators):

    c1  pj     P D P D P         predators [P]  predator_lines [0, 2]
    c2  pj     Q K Q K           predators [Q]  predator_lines [2]
    c3  chat   A B A             predators []   predator_lines []
    c4  chat   C E C E C E C E C E (10 messages)   predators []   (no line labels)
    c5  —      P X               predators [P]  (no line labels, no ``source``)

Scan:

    c1  risk 0.9  alert  first_alert_index 2  flagged P
    c2  risk 0.4  alert  first_alert_index 0  flagged K   (the decoy, not the predator)
    c3  risk 0.7  alert  first_alert_index 1  flagged A   (a false alert)
    c4  risk 0.2  no alert
    c9  risk 0.8  alert  flagged Z            (id not in the truth)
    c5  — no row (missing)
"""

from __future__ import annotations

from typing import Any

import pytest

from guardline.core import Conversation


def _record(
    cid: str,
    authors: str,
    predators: list[str],
    *,
    source: str | None = None,
    lines: list[int] | None = None,
) -> dict[str, Any]:
    d: dict[str, Any] = {
        "id": cid,
        "messages": [{"author": a, "time": None, "text": f"m{i}"} for i, a in enumerate(authors)],
        "predators": predators,
    }
    if source is not None:
        d["source"] = source
    if lines is not None:
        d["predator_lines"] = lines
    return d


TRUTH_RECORDS: list[dict[str, Any]] = [
    _record("c1", "PDPDP", ["P"], source="pj", lines=[0, 2]),
    _record("c2", "QKQK", ["Q"], source="pj", lines=[2]),
    _record("c3", "ABA", [], source="chat", lines=[]),
    _record("c4", "CE" * 5, [], source="chat"),
    _record("c5", "PX", ["P"]),
]


def _row(
    cid: str, risk: float, alert: bool, fai: int | None, authors: dict[str, bool]
) -> dict[str, Any]:
    return {
        "id": cid,
        "risk": risk,
        "alert": alert,
        "first_alert_index": fai,
        "authors": [
            {"author": a, "risk": risk if f else 0.0, "flagged": f, "signals": []}
            for a, f in authors.items()
        ],
        "evidence": [],
    }


SCAN_ROWS: list[dict[str, Any]] = [
    _row("c1", 0.9, True, 2, {"P": True, "D": False}),
    _row("c2", 0.4, True, 0, {"Q": False, "K": True}),
    _row("c3", 0.7, True, 1, {"A": True, "B": False}),
    _row("c4", 0.2, False, None, {"C": False, "E": False}),
    _row("c9", 0.8, True, 3, {"Z": True}),
]


@pytest.fixture
def truth_records() -> list[dict[str, Any]]:
    """The truth above as canonical JSONL records."""
    return [dict(d) for d in TRUTH_RECORDS]


@pytest.fixture
def truth(truth_records: list[dict[str, Any]]) -> list[Conversation]:
    """The truth above as conversations."""
    return [Conversation.from_dict(d) for d in truth_records]


@pytest.fixture
def scan_rows() -> list[dict[str, Any]]:
    """The scan above as scan rows."""
    return [dict(r) for r in SCAN_ROWS]
