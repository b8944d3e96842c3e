"""Chat-text normalisation that remembers where every character came from.

Recognizers match against a normalised form of the message so that one pattern covers the
many ways chat is typed; the spans they find are mapped back to the ORIGINAL text, so the
evidence a moderator sees is exactly what was written.

What normalisation does (and nothing else):

- lower-cases (characters whose lower case is longer than one character are left as they are);
- deletes apostrophes and invisible characters (``don't`` -> ``dont``, ``i'm`` -> ``im``,
  zero-width spaces and soft hyphens used to dodge filters);
- collapses every whitespace run to one space;
- collapses a letter repeated three or more times to one (``sooo cuuute`` -> ``so cute``;
  real doubles such as ``meet`` or ``pretty`` are kept);
- reads leetspeak digits that sit between letters (``s3xy`` -> ``sexy``, ``p1c`` -> ``pic``);
  digits elsewhere are kept, so ages such as ``13`` or ``13/f`` survive.

Runs of text that need none of this are copied untouched, and the position map is built
lazily, only when a recognizer actually reports a span: most messages trigger nothing.
"""

from __future__ import annotations

import re
from bisect import bisect_right

__all__ = ["NormalizedText", "normalize"]

# One scan finds every place that needs an edit. Group order matters for overlapping cases.
_EDIT = re.compile(
    r"(?P<dele>['’‘`´\u00ad\u200b-\u200d\u2060\ufeff])"  # apostrophes, invisible characters
    r"|(?P<ws>\s{2,}|[^\S ])"  # whitespace runs, and any single whitespace other than ' '
    r"|(?P<run>([a-z])\4{2,})"  # a letter typed three or more times
    r"|(?P<leet>(?<=[a-z])[013457]{1,2}(?=[a-z]))"  # leetspeak digits between letters
)
_LEET = str.maketrans("013457", "oieast")


def _lower_same_length(text: str) -> str:
    """``text.lower()``, except that characters whose lower case is longer stay as they are."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(lc if len(lc := c.lower()) == 1 else c for c in text)


class NormalizedText:
    """A message's normalised text plus the map back to the original.

    ``text`` is what recognizers match; :meth:`original_span` turns a span of ``text`` into the
    span of ``original`` that produced it (a collapsed run maps back to the whole run).
    """

    __slots__ = ("_edits", "_nstarts", "original", "text")

    def __init__(self, original: str) -> None:
        self.original = original
        low = _lower_same_length(original)
        if _EDIT.search(low) is None:  # the common case: nothing to edit
            self.text = low
            self._edits: list[tuple[int, int, int, int]] = []
            self._nstarts: list[int] = []
            return
        parts: list[str] = []
        edits: list[tuple[int, int, int, int]] = []  # (norm start, norm len, orig start, orig end)
        pos = 0
        npos = 0
        for m in _EDIT.finditer(low):
            s, e = m.span()
            if s > pos:
                parts.append(low[pos:s])
                npos += s - pos
            kind = m.lastgroup
            if kind == "dele":
                rep = ""
            elif kind == "ws":
                rep = " "
            elif kind == "run":
                rep = low[s]
            else:  # leet: same length, one to one
                rep = low[s:e].translate(_LEET)
            parts.append(rep)
            edits.append((npos, len(rep), s, e))
            npos += len(rep)
            pos = e
        parts.append(low[pos:])
        self.text = "".join(parts)
        self._edits = edits
        self._nstarts = [ed[0] for ed in edits]

    def __repr__(self) -> str:
        return f"NormalizedText({self.original!r} -> {self.text!r})"

    def _source(self, i: int) -> tuple[int, int]:
        """The original range [start, end) that produced normalised character ``i``."""
        if not self._edits:
            return i, i + 1
        k = bisect_right(self._nstarts, i) - 1
        if k < 0:
            return i, i + 1
        nstart, nlen, ostart, oend = self._edits[k]
        if i < nstart + nlen:  # inside an edit
            if nlen == oend - ostart:  # one-to-one (leetspeak)
                o = ostart + (i - nstart)
                return o, o + 1
            return ostart, oend
        o = oend + (i - nstart - nlen)
        return o, o + 1

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map the normalised span ``[start, end)`` to the original text."""
        if end <= start:
            o = self._source(start)[0] if start < len(self.text) else len(self.original)
            return o, o
        return self._source(start)[0], self._source(end - 1)[1]

    @property
    def offsets(self) -> list[int]:
        """``offsets[i]`` is the index in ``original`` of normalised character ``i``."""
        if not self._edits:
            return list(range(len(self.text)))
        return [self._source(i)[0] for i in range(len(self.text))]


def normalize(text: str) -> tuple[str, list[int]]:
    """Normalise chat text; return ``(norm_text, offsets)``.

    ``offsets[i]`` is the index in ``text`` of the character that produced ``norm_text[i]``.
    For mapping spans (a collapsed ``ooo`` maps back to all three letters) use
    :meth:`NormalizedText.original_span`.
    """
    n = NormalizedText(text)
    return n.text, n.offsets
