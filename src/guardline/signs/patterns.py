"""The matching loops of :class:`~guardline.signs.recognizer.RegexRecognizer`, as plain
functions over its compiled patterns, so the hot path compiles them (``guardline/_native.py``)
while the class itself stays a Python class that users subclass.

:func:`select_patterns` picks the patterns a message's keyword hits call for;
:func:`match_spans` runs them and merges overlapping matches into ``(start, end, strength)``
spans of the normalised text, which the recognizer turns into signals.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence


def select_patterns(
    pkeys: frozenset[bytes],
    pindex: dict[bytes, tuple[int, ...]],
    unkeyed: tuple[int, ...],
    words: Iterable[bytes],
) -> Sequence[int]:
    """The patterns (in order) whose keywords are among ``words``, plus the unkeyed ones."""
    hits = pkeys.intersection(words)
    if not unkeyed and len(hits) == 1:
        return pindex[next(iter(hits))]
    if not hits and not unkeyed:
        return ()
    sel = set(unkeyed)
    for k in hits:
        sel.update(pindex[k])
    return sorted(sel)


def match_spans(
    patterns: tuple[re.Pattern[str], ...],
    needs: tuple[tuple[str, ...] | None, ...] | None,
    strengths: tuple[float, ...],
    text: str,
    which: Iterable[int],
) -> list[tuple[int, int, float]]:
    """Run the patterns ``which`` (in order) over ``text``; overlapping matches become one
    span over their union with the highest strength among them.

    With ``needs`` (per pattern, strings one of which every match contains, or ``None``), a
    pattern is not searched in a text that holds none of its strings: the same result,
    cheaper."""
    found: list[tuple[int, int, int]] = []
    for i in which:
        if needs is not None:
            need = needs[i]
            if need is not None:
                for lit in need:
                    if lit in text:
                        break
                else:
                    continue  # no match can be found without one of them
        for m in patterns[i].finditer(text):
            s, e = m.span()
            if e > s:
                found.append((s, i, e))
    if not found:
        return []
    if len(found) == 1:
        s, i, e = found[0]
        return [(s, e, strengths[i])]
    found.sort()
    out: list[tuple[int, int, float]] = []
    cs, ci, ce = found[0]
    cstrength = strengths[ci]
    for s, i, e in found[1:]:
        if s < ce:
            if e > ce:
                ce = e
            if strengths[i] > cstrength:
                cstrength = strengths[i]
        else:
            out.append((cs, ce, cstrength))
            cs, ce, cstrength = s, e, strengths[i]
    out.append((cs, ce, cstrength))
    return out
