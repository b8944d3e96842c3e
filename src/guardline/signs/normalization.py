"""Chat-text normalisation that remembers where every character came from.

Recognizers match against a normalised form of the message so that one pattern covers the
many ways chat is typed, and the tricks offenders use to get past keyword filters; the spans
they find are mapped back to the ORIGINAL text, so the evidence a moderator sees is exactly
what was written.

Normalisation is these steps, in this order, and nothing else:

1. fold every non-ASCII character: compatibility forms (NFKD: fullwidth ``ｓ``, mathematical
   ``𝐬``, circled ``ⓢ``, ligatures), accents and other combining marks dropped (``sécret``,
   "zalgo" text), look-alike letters from other scripts mapped to the Latin letter they
   imitate (Cyrillic ``ѕесrеt``, Greek ``ο``; :data:`CONFUSABLES`), and invisible format
   characters (zero-width spaces and joiners, bidi controls, soft hyphens) deleted;
2. lower-case;
3. delete apostrophes (``don't`` -> ``dont``, ``i'm`` -> ``im``);
4. turn every whitespace run into one space (a single space stays as it is);
5. join letters spelled out one by one (``s.e.c.r.e.t``, ``s-e-c-r-e-t``,
   ``s e c r e t`` -> ``secret``): three or more single letters (or leetspeak digits) with
   the same one-character separator between them; a space-separated run of exactly three
   is joined only when it spells a word in :data:`SPACED_WORDS` (``p i c``), so ``i m a``
   or ``u r a`` stay as they are;
6. collapse an ASCII letter typed three or more times in a row to one (``sooo cuuute`` ->
   ``so cute``; real doubles such as ``meet`` or ``pretty`` are kept);
7. read leetspeak: one or two of ``0 1 3 4 5 7 @ $ !`` standing between two letters become
   ``o i e a s t a s i`` (``s3xy`` -> ``sexy``, ``s@fe`` -> ``safe``), then a single digit
   ``0 1 3 4 5 7`` closing a word after two letters (``s3cr37`` -> ``secret``), and ``$``
   opening a word (``$ecret``). Other digits, and digits that open a word, are kept, so
   ages such as ``13``, ``13/f`` or ``13yo`` and chat words such as ``b4`` survive;
8. optionally (a :class:`Corrector`, which the sign registry passes) repair one-letter
   misspellings of the recognizers' keywords: a letter dropped, doubled, or two letters
   swapped (``secert``, ``secet``, ``seccret`` -> ``secret``).

A sentence split across two messages is handled one level up, by
:meth:`guardline.signs.SignRegistry.find` with a ``tail`` (the end of the author's previous
message), so each message is still normalised on its own.

The hot path does this with a few C-level string and regex operations; the map from
normalised positions back to the original text is built only when a recognizer reports a
span (most messages trigger nothing).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

__all__ = ["CONFUSABLES", "SPACED_WORDS", "Corrector", "NormalizedText", "fold", "normalize"]

#: Look-alike characters (after lower-casing and accent stripping) -> the Latin letter they
#: imitate. Cyrillic and Greek homoglyphs plus a few IPA/Latin-extended ones.
# fmt: off
CONFUSABLES: dict[str, str] = {
    # Cyrillic
    "а": "a", "в": "b", "е": "e", "ё": "e", "з": "3", "к": "k", "м": "m", "н": "h",
    "о": "o", "п": "n", "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s",
    "і": "i", "ї": "i", "ј": "j", "ԁ": "d", "ԛ": "q", "ԝ": "w", "һ": "h", "ӏ": "l",
    "ɡ": "g", "ү": "y", "ҡ": "k", "ց": "g", "օ": "o",
    # Greek
    "α": "a", "β": "b", "γ": "y", "δ": "d", "ε": "e", "ζ": "z", "η": "n", "ι": "i",
    "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "σ": "o", "ς": "s", "τ": "t", "υ": "u",
    "χ": "x", "ω": "w", "μ": "u",
    # Latin extended / IPA / symbols that pass for letters
    "ı": "i", "ȷ": "j", "ɑ": "a", "ɛ": "e", "ɩ": "i", "ɪ": "i", "ʀ": "r", "ʏ": "y", "ᴀ": "a",
    "ʙ": "b", "ᴄ": "c", "ᴅ": "d", "ᴇ": "e", "ɢ": "g", "ʜ": "h", "ᴊ": "j", "ᴋ": "k",
    "ʟ": "l", "ᴍ": "m", "ɴ": "n", "ᴏ": "o", "ᴘ": "p", "ᴛ": "t", "ᴜ": "u", "ᴠ": "v",
    "ᴡ": "w", "ᴢ": "z", "ß": "ss", "ø": "o", "đ": "d", "ł": "l", "ħ": "h", "æ": "ae",
    "œ": "oe", "þ": "p", "ð": "d",
}
# fmt: on

#: Three-letter words joined when spelled out with spaces (``p i c`` -> ``pic``).
SPACED_WORDS: frozenset[str] = frozenset(
    "age asl pic pix sex cam kik mom mum dad sis bro bed bra kid old hot cum nud ass tit"
    " xxx dm dms app car".split()
)

_APOSTROPHES = "'’‘`´"
_APOSTROPHE_SET = frozenset(_APOSTROPHES)
_DELETE = re.compile(f"[{_APOSTROPHES}]")
_WS = re.compile(r"\s{2,}|[^\S ]")
_RUN = re.compile(r"([a-z])\1{2,}")
_UNIT = "a-z0-9@$"
_SEPS = r" ._*|/+~·•-"
_SPACED = re.compile(
    rf"(?<![{_UNIT}])[{_UNIT}](?P<sep>[{_SEPS}])[{_UNIT}](?:(?P=sep)[{_UNIT}])+(?![{_UNIT}])"
)
_LEET_TABLE = str.maketrans("013457@$!", "oieastasi")
_LEET_DIGITS = "013457"
# a word that may hold leetspeak: letters, digits, @ and $
_LEET_WORD = re.compile(r"(?<![a-z0-9@$])(?=[a-z0-9@$]*[a-z])(?=[a-z0-9@$]*[013457@$])[a-z0-9@$]+")
_LEET_KEEP = re.compile(
    r"@.*|[0-9]{2,}[a-z]*|[a-z]{1,2}[0-9]+|[a-z]+[0-9]{2,}|.*[0-9]{3}.*|[14][a-z]*"
    r"|[0-9](?:th|st|nd|rd|yo|yr|yrs|am|pm|ft|in|k|m|f|s|min|mins|hr|hrs|lb|lbs|kg|cm|x|d)"
)
_LEET_BANG = re.compile(r"(?<=[a-z])!{1,2}(?=[a-z])")
_RUN_OR_LEET = re.compile(r"[013457@$]|[a-z]![a-z]|([a-z])\1\1")
# bytes -> word separators: every byte that is not [a-z0-9] becomes a space
_TOKEN_TABLE = bytes(c if (97 <= c <= 122 or 48 <= c <= 57) else 32 for c in range(256))
_LETTER_DIGIT = re.compile(r"[a-z][0-9]|[0-9][a-z]")
_LETTERS_OR_DIGITS = re.compile(rb"[a-z]+|[0-9]+")
_WORD = re.compile(r"[a-z]{4,}")

_FOLD_CACHE_MAX = 20000


def _fold_char(c: str) -> str:
    """The folded, lower-cased form of one non-ASCII character ('' deletes it)."""
    if c in _APOSTROPHE_SET:
        return c  # deleted in step 3
    cat = unicodedata.category(c)
    if cat == "Cf" or c == "\u00ad":  # zero-width, bidi controls, soft hyphen, BOM
        return ""
    low = c.lower()
    r = CONFUSABLES.get(low)
    if r is not None:
        return r
    d = unicodedata.normalize("NFKD", low)
    if not d.isascii():
        d = "".join(ch for ch in d if not unicodedata.combining(ch))
        if not d:
            return ""
        d = d.lower()
    if len(d) == 1:
        return CONFUSABLES.get(d, d)
    return "".join(CONFUSABLES.get(ch, ch) for ch in d)


class _FoldTable(dict[int, str]):
    """``str.translate`` table that computes (and caches) each character's fold on demand."""

    def __missing__(self, key: int) -> str:
        c = chr(key)
        v = c.lower() if key < 128 else _fold_char(c)
        if len(self) < _FOLD_CACHE_MAX:
            self[key] = v
        return v


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """Steps 1-2 only: fold look-alikes, compatibility forms and accents; delete invisible
    characters; lower-case. Used by the learned model's text features too."""
    if text.isascii():
        return text.lower()
    return text.translate(_FOLD)


def _leet_word(w: str) -> str:
    """A word with its leetspeak read, or unchanged (see step 7)."""
    if w.isalpha() or _LEET_KEEP.fullmatch(w) is not None:
        return w
    if sum(1 for ch in w if "a" <= ch <= "z") < 2:
        return w
    if any(ch.isdigit() and ch not in _LEET_DIGITS for ch in w):
        return w
    return w.translate(_LEET_TABLE)


def _leet(m: re.Match[str]) -> str:
    return _leet_word(m.group())


def _bang(m: re.Match[str]) -> str:
    return m.group().translate(_LEET_TABLE)


def _despace_keep(m: re.Match[str], known: frozenset[str]) -> list[int] | None:
    """Which characters of a spelled-out match to keep (offsets into it), or ``None``."""
    s = m.group()
    units = s[::2]
    if sum(1 for ch in units if "a" <= ch <= "z") < 2:
        return None
    if m.group("sep") != " " or units in known or units in SPACED_WORDS:
        return list(range(0, len(s), 2))
    # "send me a p i c": a leading one-letter word stays a word
    if (
        units[0] in "aiu"
        and len(units) >= 4
        and (units[1:] in known or units[1:] in SPACED_WORDS or len(units) >= 5)
    ):
        return [0, 1, *range(2, len(s), 2)]
    if len(units) == 3:
        return None
    return list(range(0, len(s), 2))


def _despace_text(s: str, known: frozenset[str]) -> str:
    out: list[str] = []
    last = 0
    for m in _SPACED.finditer(s):
        keep = _despace_keep(m, known)
        if keep is None:
            continue
        g = m.group()
        out.append(s[last : m.start()])
        out.append("".join(g[k] for k in keep))
        last = m.end()
    if not out:
        return s
    out.append(s[last:])
    return "".join(out)


#: English words one interior edit away from a sign keyword; never "corrected".
_NOT_TYPOS = frozenset(
    "saying bring bother bothers tuned sacred though turing steep pants paints parts"
    " carry cary cares cared hoping shoping liking living loving moving giving meting daring"
    " easing tuning petty sitch bassed".split()
)


class Corrector:
    """Repairs one-letter misspellings of known words of five or more letters: two
    neighbouring letters swapped, a letter doubled, or (six or more) a letter dropped, never
    at the first or last letter; common words that happen to be one edit away from a known
    word (:data:`_NOT_TYPOS`) are left alone.

    Only words that are not themselves in the vocabulary are touched, and a misspelling that
    could come from two different known words is left alone.
    """

    __slots__ = ("_bkeys", "_fix", "_keys", "vocab")

    def __init__(self, words: Iterable[str]) -> None:
        vocab = frozenset(w for w in words if w.isascii() and w.isalpha())
        self.vocab = vocab
        fix: dict[str, str | None] = {}

        def add(key: str, word: str) -> None:
            if key in vocab:
                return
            old = fix.get(key, word)
            fix[key] = word if old == word else None  # ambiguous -> None

        # typos keep a word's first and last letters: edits are interior only, so that
        # plurals and prefixes of other words ("friend"/"friends", "others"/"mothers") are
        # never "corrected"
        for w in sorted(vocab):
            n = len(w)
            if n < 5:
                continue
            for i in range(1, n - 1):
                if n >= 6:
                    add(w[:i] + w[i + 1 :], w)  # a dropped letter ("secet")
                add(w[:i] + w[i] + w[i:], w)  # a doubled letter ("seccret")
                if i < n - 2 and w[i] != w[i + 1]:
                    add(w[:i] + w[i + 1] + w[i] + w[i + 2 :], w)  # swapped ("secert")
        for k in _NOT_TYPOS:
            fix.pop(k, None)
        self._fix = {k: v for k, v in fix.items() if v is not None}
        self._keys = self._fix.keys()
        self._bkeys = frozenset(k.encode() for k in self._fix)

    def get(self, word: str) -> str | None:
        """The known word that ``word`` misspells, or ``None``."""
        return self._fix.get(word)

    def _sub(self, m: re.Match[str]) -> str:
        w = m.group()
        return self._fix.get(w, w)

    def apply(self, text: str) -> str:
        """``text`` with every misspelled whole word (4+ letters) replaced."""
        if self._keys.isdisjoint(_WORD.findall(text)):
            return text
        return _WORD.sub(self._sub, text)

    def __len__(self) -> int:
        return len(self._fix)


def _build_map(
    original: str, corrector: Corrector | None = None
) -> tuple[str, list[int], list[int]]:
    """The same steps, one character at a time, keeping each character's source range.

    Returns ``(text, starts, ends)``: normalised character ``i`` came from
    ``original[starts[i]:ends[i]]``.
    """
    # steps 1-3: fold, lower, delete
    items: list[tuple[str, int, int]] = []
    for i, c in enumerate(original):
        f = c.lower() if c.isascii() else _FOLD[ord(c)]
        for ch in f:
            if ch not in _APOSTROPHE_SET:
                items.append((ch, i, i + 1))
    # step 4: whitespace runs
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
    items = out
    # step 5: letters spelled out one by one
    s5 = "".join(c for c, _, _ in items)
    if _SPACED.search(s5) is not None:
        known = corrector.vocab if corrector is not None else frozenset()
        out, last = [], 0
        for m in _SPACED.finditer(s5):
            keep = _despace_keep(m, known)
            if keep is None:
                continue
            out.extend(items[last : m.start()])
            out.extend(items[m.start() + k] for k in keep)
            last = m.end()
        out.extend(items[last:])
        items = out
    # step 6: letter runs
    out = []
    i, n = 0, len(items)
    while i < n:
        c, s, _ = items[i]
        j = i + 1
        if "a" <= c <= "z":
            while j < n and items[j][0] == c:
                j += 1
        if j - i >= 3:
            out.append((c, s, items[j - 1][2]))
        else:
            out.extend(items[i:j])
        i = j
    items = out
    # step 7: leetspeak (same regexes as the fast path, applied to the chars in place)
    chars = [c for c, _, _ in items]
    text = "".join(chars)
    if _RUN_OR_LEET.search(text) is not None:
        text = _LEET_WORD.sub(_leet, text)
        text = _LEET_BANG.sub(_bang, text)
        chars = list(text)  # leetspeak replaces characters one for one
    starts = [s for _, s, _ in items]
    ends = [e for _, _, e in items]
    # step 8: misspellings (a replaced word maps to its whole source range)
    if corrector is not None:
        text = "".join(chars)
        fixed = corrector.apply(text)
        if fixed != text:
            nc: list[str] = []
            ns: list[int] = []
            ne: list[int] = []
            last = 0
            for m in _WORD.finditer(text):
                rep = corrector.get(m.group())
                if rep is None:
                    continue
                a, b = m.span()
                nc.extend(chars[last:a])
                ns.extend(starts[last:a])
                ne.extend(ends[last:a])
                nc.extend(rep)
                ns.extend([starts[a]] * len(rep))
                ne.extend([ends[b - 1]] * len(rep))
                last = b
            nc.extend(chars[last:])
            ns.extend(starts[last:])
            ne.extend(ends[last:])
            chars, starts, ends = nc, ns, ne
    return "".join(chars), starts, ends


def _tokens_of(text: str) -> list[bytes]:
    b = text.encode("utf-8", "surrogatepass").translate(_TOKEN_TABLE)
    t = b.split()
    if _LETTER_DIGIT.search(text) is not None:
        t += _LETTERS_OR_DIGITS.findall(b)
    return t


class NormalizedText:
    """A message's normalised text plus the map back to the original.

    ``text`` is what recognizers match; :meth:`original_span` turns a span of ``text`` into the
    span of ``original`` that produced it (a collapsed run maps back to the whole run).
    ``tokens`` lists the ASCII words of ``text`` as bytes, which the registry and
    :class:`~guardline.signs.RegexRecognizer` use as a keyword prefilter.
    """

    __slots__ = ("_corrector", "_edited", "_ends", "_starts", "_tokens", "original", "text")

    def __init__(self, original: str, corrector: Corrector | None = None) -> None:
        self.original = original
        if original.isascii():
            s = original.lower()
            folded = False
        else:
            s = original.translate(_FOLD)
            folded = True
        low = s
        if _DELETE.search(s) is not None:
            s = _DELETE.sub("", s)
        if "  " in s or not s.isprintable():  # every whitespace but ' ' is unprintable
            s = _WS.sub(" ", s)
        if _SPACED.search(s) is not None:
            s = _despace_text(s, corrector.vocab if corrector is not None else frozenset())
        if _RUN_OR_LEET.search(s) is not None:
            s = _RUN.sub(r"\1", s)
            if _RUN_OR_LEET.search(s) is not None:
                s = _LEET_WORD.sub(_leet, s)
                s = _LEET_BANG.sub(_bang, s)
        tokens = None
        if corrector is not None:
            tokens = _tokens_of(s)
            if not corrector._bkeys.isdisjoint(tokens):
                s = corrector.apply(s)
                tokens = None
        self.text = s
        self._corrector = corrector
        self._edited = folded or s != low
        self._starts: list[int] | None = None
        self._ends: list[int] | None = None
        self._tokens: list[bytes] | None = tokens

    def __repr__(self) -> str:
        return f"NormalizedText({self.original!r} -> {self.text!r})"

    @property
    def tokens(self) -> list[bytes]:
        """The words of ``text`` as ASCII bytes: runs of ``[a-z0-9]``, in order, then (only
        when letters and digits touch) the letter and digit runs inside them, so ``13yo``
        gives ``13yo``, ``13`` and ``yo``."""
        t = self._tokens
        if t is None:
            t = self._tokens = _tokens_of(self.text)
        return t

    def _map(self) -> tuple[list[int], list[int]]:
        if self._starts is None or self._ends is None:
            text, self._starts, self._ends = _build_map(self.original, self._corrector)
            if text != self.text:  # pragma: no cover - the two implementations must agree
                raise AssertionError("normalisation mismatch between fast path and map")
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


def normalize(text: str, corrector: Corrector | None = None) -> tuple[str, list[int]]:
    """Normalise chat text; return ``(norm_text, offsets)``.

    ``offsets[i]`` is the index in ``text`` of the character that produced ``norm_text[i]``.
    For mapping spans (a collapsed ``ooo`` maps back to all three letters) use
    :meth:`NormalizedText.original_span`.
    """
    n = NormalizedText(text, corrector)
    return n.text, n.offsets
