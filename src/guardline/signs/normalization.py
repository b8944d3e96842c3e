"""Chat-text normalisation that remembers where every character came from.

Recognizers match against a normalised form of the message so that one pattern covers the
many ways chat is typed; the spans they find are mapped back to the ORIGINAL text, so the
evidence a moderator sees is exactly what was written.

Normalisation is these steps, in this order, and nothing else:

1. lower-case (a character whose lower case is longer than one character is kept as it is);
2. delete apostrophes and invisible characters (``don't`` -> ``dont``, ``i'm`` -> ``im``;
   zero-width spaces and soft hyphens used to dodge filters);
3. turn every whitespace run into one space (a single space stays as it is);
4. collapse an ASCII letter typed three or more times in a row to one (``sooo cuuute`` ->
   ``so cute``; real doubles such as ``meet`` or ``pretty`` are kept);
5. read leetspeak: one or two of the digits ``0 1 3 4 5 7`` standing between two letters
   become ``o i e a s t`` (``s3xy`` -> ``sexy``, ``p1c`` -> ``pic``). Other digits are kept,
   so ages such as ``13`` or ``13/f`` survive.

The hot path does this with a few C-level string and regex operations; the map from
normalised positions back to the original text is built only when a recognizer reports a
span (most messages trigger nothing).
"""

from __future__ import annotations

import re

__all__ = ["NormalizedText", "normalize"]

_DELETE_CHARS = "'’‘`´\u00ad\u200b\u200c\u200d\u2060\ufeff"
_DELETE = re.compile(f"[{_DELETE_CHARS}]")
_WS = re.compile(r"\s{2,}|[^\S ]")
_RUN = re.compile(r"([a-z])\1{2,}")
_RUN_OR_DIGIT = re.compile(r"[013457]|([a-z])\1\1")
_LEET = re.compile(r"(?<=[a-z])[013457]{1,2}(?=[a-z])")
_LEET_TABLE = str.maketrans("013457", "oieast")
_DELETE_SET = frozenset(_DELETE_CHARS)
_LEET_SET = frozenset("013457")
# bytes -> word separators: every byte that is not [a-z0-9] becomes a space
_TOKEN_TABLE = bytes(c if (97 <= c <= 122 or 48 <= c <= 57) else 32 for c in range(256))
_LETTER_DIGIT = re.compile(r"[a-z][0-9]|[0-9][a-z]")
_LETTERS_OR_DIGITS = re.compile(rb"[a-z]+|[0-9]+")


def _lower_same_length(text: str) -> str:
    """``text.lower()``, except that characters whose lower case is longer stay as they are."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(lc if len(lc := c.lower()) == 1 else c for c in text)


def _leet(m: re.Match[str]) -> str:
    return m.group().translate(_LEET_TABLE)


def _is_az(c: str) -> bool:
    return "a" <= c <= "z"


def _build_map(low: str) -> tuple[str, list[int], list[int]]:
    """The same steps 2-5, one character at a time, keeping each character's source range.

    Returns ``(text, starts, ends)``: normalised character ``i`` came from
    ``original[starts[i]:ends[i]]``.
    """
    # step 2: delete
    items = [(c, i, i + 1) for i, c in enumerate(low) if c not in _DELETE_SET]
    # step 3: whitespace runs
    out: list[tuple[str, int, int]] = []
    i, n = 0, len(items)
    while i < n:
        c, s, _ = items[i]
        if c.isspace():
            j = i + 1
            while j < n and items[j][0].isspace():
                j += 1
            if j - i >= 2 or c != " ":
                out.append((" ", s, items[j - 1][2]))
            else:
                out.append(items[i])
            i = j
        else:
            out.append(items[i])
            i += 1
    # step 4: letter runs
    items, out = out, []
    i, n = 0, len(items)
    while i < n:
        c, s, _ = items[i]
        j = i + 1
        if _is_az(c):
            while j < n and items[j][0] == c:
                j += 1
        if j - i >= 3:
            out.append((c, s, items[j - 1][2]))
        else:
            out.extend(items[i:j])
        i = j
    # step 5: leetspeak digits between letters
    items = out
    n = len(items)
    chars = [c for c, _, _ in items]
    i = 0
    while i < n:
        if chars[i] in _LEET_SET:
            j = i
            while j < n and chars[j] in _LEET_SET:
                j += 1
            if j - i <= 2 and i > 0 and j < n and _is_az(chars[i - 1]) and _is_az(chars[j]):
                for k in range(i, j):
                    chars[k] = chars[k].translate(_LEET_TABLE)
            i = j
        else:
            i += 1
    return "".join(chars), [s for _, s, _ in items], [e for _, _, e in items]


class NormalizedText:
    """A message's normalised text plus the map back to the original.

    ``text`` is what recognizers match; :meth:`original_span` turns a span of ``text`` into the
    span of ``original`` that produced it (a collapsed run maps back to the whole run).
    ``tokens`` lists the ASCII words of ``text`` as bytes, which the registry and
    :class:`~guardline.signs.RegexRecognizer` use as a keyword prefilter.
    """

    __slots__ = ("_edited", "_ends", "_low", "_starts", "_tokens", "original", "text")

    def __init__(self, original: str) -> None:
        self.original = original
        low = original.lower()
        if len(low) != len(original):
            low = _lower_same_length(original)
        s = low
        if _DELETE.search(s) is not None:
            s = _DELETE.sub("", s)
        if "  " in s or not s.isprintable():  # every whitespace but ' ' is unprintable
            s = _WS.sub(" ", s)
        if _RUN_OR_DIGIT.search(s) is not None:
            s = _LEET.sub(_leet, _RUN.sub(r"\1", s))
        self.text = s
        self._low = low
        self._edited = s != low
        self._starts: list[int] | None = None
        self._ends: list[int] | None = None
        self._tokens: list[bytes] | None = None

    def __repr__(self) -> str:
        return f"NormalizedText({self.original!r} -> {self.text!r})"

    @property
    def tokens(self) -> list[bytes]:
        """The words of ``text`` as ASCII bytes: runs of ``[a-z0-9]``, in order, then (only
        when letters and digits touch) the letter and digit runs inside them, so ``13yo``
        gives ``13yo``, ``13`` and ``yo``."""
        t = self._tokens
        if t is None:
            b = self.text.encode("utf-8", "surrogatepass").translate(_TOKEN_TABLE)
            t = b.split()
            if _LETTER_DIGIT.search(self.text) is not None:
                t += _LETTERS_OR_DIGITS.findall(b)
            self._tokens = t
        return t

    def _map(self) -> tuple[list[int], list[int]]:
        if self._starts is None or self._ends is None:
            text, self._starts, self._ends = _build_map(self._low)
            if text != self.text:  # pragma: no cover - the two implementations must agree
                raise AssertionError(f"normalisation mismatch: {self.text!r} != {text!r}")
        return self._starts, self._ends

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map the normalised span ``[start, end)`` to the original text."""
        if not self._edited:
            return start, end
        starts, ends = self._map()
        if end <= start:
            o = starts[start] if start < len(starts) else len(self.original)
            return o, o
        return starts[start], ends[end - 1]

    @property
    def offsets(self) -> list[int]:
        """``offsets[i]`` is the index in ``original`` of normalised character ``i``."""
        if not self._edited:
            return list(range(len(self.text)))
        return list(self._map()[0])


def normalize(text: str) -> tuple[str, list[int]]:
    """Normalise chat text; return ``(norm_text, offsets)``.

    ``offsets[i]`` is the index in ``text`` of the character that produced ``norm_text[i]``.
    For mapping spans (a collapsed ``ooo`` maps back to all three letters) use
    :meth:`NormalizedText.original_span`.
    """
    n = NormalizedText(text)
    return n.text, n.offsets
