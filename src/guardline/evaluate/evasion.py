"""Evasion benchmark: the detector's recall when the offender disguises their words.

Issue 8 asks how far recall falls under the tricks offenders use against keyword filters.
:func:`evade` rewrites a labelled conversation with one trick, applied only to the
**offender's** messages (the labelled predators; the other side writes as before), and is
deterministic for a given seed:

- ``misspell``: one interior typo per chosen word (swap, drop, double, keyboard neighbour);
- ``leet``: ``e a o i s t`` -> ``3 4 0 1 5 7`` throughout the chosen word;
- ``spaced``: ``s e c r e t``; ``dotted``: ``s.e.c.r.e.t``;
- ``homoglyph``: Latin letters swapped for Cyrillic or Greek look-alikes;
- ``zero_width``: a zero-width space or joiner inside the chosen word;
- ``split``: each offender message of four or more words cut in two consecutive messages
  at a random word boundary.

A word is *chosen* with probability ``rate`` (default 0.5) among words of four or more
letters. :func:`evasion_benchmark` runs a detector over the clean positives and over each
trick and reports, per trick: **recall** (positives alerted with an offender flagged), and
**sign recall** (of the (conversation, sign) pairs the offender shows on the clean text, the
share still shown under the trick).
"""

from __future__ import annotations

import hashlib
import random
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from guardline.core.model import Conversation, Message
from guardline.detect import Detector
from guardline.model.features import TYPO_WORD
from guardline.model.features import misspell as _typo

__all__ = ["TRICKS", "EvasionRow", "evade", "evasion_benchmark", "render_evasion"]

TRICKS: tuple[str, ...] = (
    "misspell",
    "leet",
    "spaced",
    "dotted",
    "homoglyph",
    "zero_width",
    "split",
)

_LEET = {"e": "3", "a": "4", "o": "0", "i": "1", "s": "5", "t": "7"}
_HOMO = {
    "a": "а", "c": "с", "e": "е", "o": "о", "p": "р", "x": "х", "y": "у", "i": "і",
    "s": "ѕ", "j": "ј", "h": "һ", "k": "κ", "v": "ν", "n": "η",
}  # fmt: skip
_ZW = ("\u200b", "\u200c", "\u200d", "\u2060")


def _rng(seed: int, conv: Conversation, trick: str) -> random.Random:
    digest = hashlib.sha256(f"evasion|{trick}|{seed}|{conv.id}".encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def _word_trick(trick: str, w: str, rng: random.Random) -> str:
    if trick == "misspell":
        return _typo(w, rng)
    if trick == "leet":
        return "".join(_LEET.get(c.lower(), c) for c in w)
    if trick == "spaced":
        return " ".join(w)
    if trick == "dotted":
        return ".".join(w)
    if trick == "homoglyph":
        return "".join(_HOMO.get(c, c) for c in w)
    if trick == "zero_width":
        i = rng.randrange(1, len(w))
        return w[:i] + rng.choice(_ZW) + w[i:]
    raise ValueError(f"unknown word trick {trick!r}")


def evade(conv: Conversation, trick: str, seed: int = 0, rate: float = 0.5) -> Conversation:
    """``conv`` with the offender's messages rewritten by ``trick`` (see the module doc)."""
    if trick not in TRICKS:
        raise ValueError(f"unknown trick {trick!r}; choose from {', '.join(TRICKS)}")
    offenders = set(conv.predators or ())
    rng = _rng(seed, conv, trick)
    msgs: list[Message] = []
    for m in conv.messages:
        if m.author not in offenders or not m.text:
            msgs.append(Message(conv.id, len(msgs), m.author, m.text, m.time))
            continue
        if trick == "split":
            words = m.text.split(" ")
            if len(words) >= 4:
                cut = rng.randrange(1, len(words))
                for part in (" ".join(words[:cut]), " ".join(words[cut:])):
                    msgs.append(Message(conv.id, len(msgs), m.author, part, m.time))
                continue
            msgs.append(Message(conv.id, len(msgs), m.author, m.text, m.time))
            continue

        def sub(match: re.Match[str]) -> str:
            w = match.group()
            return _word_trick(trick, w, rng) if rng.random() < rate else w

        msgs.append(Message(conv.id, len(msgs), m.author, TYPO_WORD.sub(sub, m.text), m.time))
    extra = dict(conv.extra)
    extra["variant"] = [*list(extra.get("variant") or []), f"evasion:{trick}:{seed}"]
    return Conversation(
        id=conv.id,
        messages=msgs,
        participants=dict(conv.participants),
        predators=list(conv.predators or []),
        predator_lines=None,
        extra=extra,
    )


@dataclass(slots=True)
class EvasionRow:
    """Figures for one trick on one dataset (``trick == "clean"`` is the reference)."""

    dataset: str
    trick: str
    conversations: int
    recall: float  # alerted with an offender flagged
    sign_recall: float  # offender (conversation, sign) pairs of the clean text still found
    messages: int
    seconds: float
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "dataset": self.dataset,
            "trick": self.trick,
            "conversations": self.conversations,
            "recall": self.recall,
            "sign_recall": self.sign_recall,
            "messages": self.messages,
            "seconds": round(self.seconds, 3),
        }


def _run(det: Detector, convs: Sequence[Conversation]) -> tuple[list[bool], list[set[str]], int]:
    hits: list[bool] = []
    signs: list[set[str]] = []
    n = 0
    for c in convs:
        a = det.scan(c)
        off = set(c.predators or ())
        hits.append(any(x.flagged and x.author in off for x in a.authors))
        signs.append({s.sign for s in a.evidence if s.author in off})
        n += len(c.messages)
    return hits, signs, n


def evasion_benchmark(
    make_detector: Callable[[], Detector],
    datasets: dict[str, Sequence[Conversation]],
    tricks: Sequence[str] = TRICKS,
    seed: int = 0,
    rate: float = 0.5,
    progress: Callable[[str], None] | None = None,
) -> list[EvasionRow]:
    """Clean and per-trick figures on the positive conversations of each dataset."""
    rows: list[EvasionRow] = []
    det = make_detector()
    for name, convs in datasets.items():
        pos = [c for c in convs if c.predators]
        if not pos:
            continue
        t0 = time.perf_counter()
        clean_hits, clean_signs, n = _run(det, pos)
        total_pairs = sum(len(s) for s in clean_signs)
        rows.append(
            EvasionRow(name, "clean", len(pos), sum(clean_hits) / len(pos), 1.0, n,
                       time.perf_counter() - t0)
        )  # fmt: skip
        if progress:
            progress(f"evasion {name}: clean recall {rows[-1].recall:.3f}")
        for trick in tricks:
            t0 = time.perf_counter()
            variants = [evade(c, trick, seed, rate) for c in pos]
            hits, signs, n = _run(det, variants)
            kept = sum(len(a & b) for a, b in zip(clean_signs, signs, strict=True))
            rows.append(
                EvasionRow(
                    name,
                    trick,
                    len(pos),
                    sum(hits) / len(pos),
                    kept / total_pairs if total_pairs else 1.0,
                    n,
                    time.perf_counter() - t0,
                )
            )
            if progress:
                progress(f"evasion {name}: {trick} recall {rows[-1].recall:.3f}")
    return rows


def render_evasion(rows: Sequence[EvasionRow], title: str = "learned") -> str:
    """Markdown table: recall and sign recall per trick, with the change from clean."""
    out = [
        f"| dataset | trick | positives | recall ({title}) | Δ recall vs clean "
        "| offender sign recall | Δ sign recall |",
        "|---|---|---|---|---|---|---|",
    ]
    clean = {r.dataset: r for r in rows if r.trick == "clean"}
    for r in rows:
        c = clean[r.dataset]
        out.append(
            f"| {r.dataset} | {r.trick} | {r.conversations} | {100 * r.recall:.1f}% "
            f"| {100 * (r.recall - c.recall):+.1f} | {100 * r.sign_recall:.1f}% "
            f"| {100 * (r.sign_recall - c.sign_recall):+.1f} |"
        )
    return "\n".join(out)
