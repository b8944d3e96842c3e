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
   the same one-character separator between them. With spaces, where the word breaks are
   lost too, the run is cut into known words (the registry's keywords and common short
   words: ``d o n t t e l l`` -> ``dont tell``, ``i m a`` -> ``im a``); a run of exactly
   three that spells nothing known (``x y z``) stays as it is;
6. collapse an ASCII letter typed three or more times in a row to one (``sooo cuuute`` ->
   ``so cute``; real doubles such as ``meet`` or ``pretty`` are kept), or to two where that
   spells a known word (``meeet`` -> ``meet``, ``calll`` -> ``call``);
7. read leetspeak: in a word of letters, leetspeak digits ``0 1 3 4 5 7`` and ``@ $``,
   every ``0 1 3 4 5 7 @ $`` becomes ``o i e a s t a s`` (``s3xy``, ``53cr37``, ``m337``,
   ``$n@pchat``), and ``!`` between two letters becomes ``i``. Words that look like numbers,
   ages or handles are kept unless they then read as a known word: a digit run of two or
   more opening or closing the word (``13yo``, ``10pm``, ``jake14``; but ``73ll``), one or
   two letters then one digit (``b4``, ``ps4``), three digits in a row, an ordinal or unit
   (``5th``, ``7pm``), chat words opening with ``4``/``1`` (``4ever``, ``4u``), e-mail
   addresses. A word with another digit (``gr8``) is never touched, and ages such as ``13``
   or ``13/f`` survive;
8. optionally (a :class:`Corrector`, which the sign registry passes) repair one-letter
   misspellings of the recognizers' keywords, common short words and the 3,000 most frequent
   English words: two interior letters swapped, one doubled, dropped (words of five or more
   letters, or a keyword: ``tel``, never onto a chat abbreviation such as ``tis`` or ``pls``)
   or hit on a keyboard neighbour (``secert``, ``seccret``, ``scret``, ``secrwt``,
   ``csll``). A misspelling that is
   itself an English word is never touched (``met``, ``were``, ``thing``: what was meant
   cannot be told), and one that could come from two words goes to the far more frequent
   one, or is left alone.

A sentence split across two messages is handled one level up, by
:meth:`guardline.signs.SignRegistry.find` with a ``tail`` (the end of the author's previous
message), so each message is still normalised on its own.

The hot path does this with a few C-level string and regex operations; the map from
normalised positions back to the original text is built only when a recognizer reports a
span (most messages trigger nothing).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from types import MappingProxyType

__all__ = [
    "CONFUSABLES",
    "KEYBOARD_NEIGHBOURS",
    "NOT_TYPOS",
    "SPACED_WORDS",
    "Corrector",
    "NormalizedText",
    "clear_winner",
    "fold",
    "interior_typos",
    "normalize",
    "normalized",
]

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
_RUN_WORD = re.compile(r"[a-z]*([a-z])\1{2,}[a-z]*")
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
    r"@.*|[0-9]{2,}[a-z]*|[a-z]{1,2}[0-9]|[a-z]+[0-9]{2,}|.*[0-9]{3}.*|[14][a-z]{0,2}"
    r"|4(?:ever|eva|evr|get|got|give|gave|ward|real|sure)|1(?:der|ce)"
    r"|[0-9](?:th|st|nd|rd|yo|yr|yrs|am|pm|ft|in|k|m|f|s|min|mins|hr|hrs|lb|lbs|kg|cm|x|d)"
)
_LEET_BANG = re.compile(r"(?<=[a-z])!{1,2}(?=[a-z])")
_RUN_OR_LEET = re.compile(r"[013457@$]|[a-z]![a-z]|([a-z])\1\1")
# the hot path's cheaper guards for steps 6 and 7 (a character-class scan is much faster than
# the three-way alternation above): a letter typed three times, a leetspeak character or "!"
_RUN3 = re.compile(r"([a-z])\1\1")
_LEET_CHARS = re.compile(r"[013457@$!]")
_LEET_OR_BANG = re.compile(r"[013457@$]|[a-z]![a-z]")
_DIGIT = re.compile(r"[0-9]")
# bytes -> word separators: every byte that is not [a-z0-9] becomes a space
_TOKEN_TABLE = bytes(c if (97 <= c <= 122 or 48 <= c <= 57) else 32 for c in range(256))
_LETTER_DIGIT = re.compile(r"[a-z][0-9]|[0-9][a-z]")
_LETTERS_OR_DIGITS = re.compile(rb"[a-z]+|[0-9]+")
_WORD = re.compile(r"[a-z]{3,}")

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


def _leet_word(w: str, known: frozenset[str]) -> str:
    """A word with its leetspeak read, or unchanged (see step 7)."""
    if w.isalpha():
        return w
    if any(ch.isdigit() and ch not in _LEET_DIGITS for ch in w):
        return w
    read = w.translate(_LEET_TABLE)
    if _LEET_KEEP.fullmatch(w) is not None and read not in known:
        return w  # a number, an age or a handle, unless it reads as a known word
    return read


class _Leet:
    """``re.sub`` callback reading leetspeak with a given set of known words."""

    __slots__ = ("known",)

    def __init__(self, known: frozenset[str]) -> None:
        self.known = known

    def __call__(self, m: re.Match[str]) -> str:
        w = m.group()
        if "@" in w and m.string[m.end() : m.end() + 1] == ".":
            return w  # an e-mail address, not leetspeak
        return _leet_word(w, self.known)


def _bang(m: re.Match[str]) -> str:
    return m.group().translate(_LEET_TABLE)


#: Short words that a spelled-out run may be cut into besides the recognizers' keywords.
_GLUE_WORDS = frozenset(
    "i u a me my mine your ur you yours to too on in it its is the and we be do dont so no of"
    " at up go im r are our us this that with for not will can just out all get got what when"
    " where who how why does did wait want wanna gonna have has had was were thats very really"
    " good time nice then than there they them come see know love like more some about would"
    " could should think said only even back here now well yes yeah okay sure such thanks".split()
)


_BASE_KNOWN = _GLUE_WORDS | SPACED_WORDS
_LEET_BASE = _Leet(_BASE_KNOWN)


def _segment(units: str, known: frozenset[str]) -> list[int]:
    """Cut a spelled-out run into words: the unit indices where a new word starts.

    The cut minimises a cost: 6 per known word (12 if it has one or two letters), 20 + 2 per
    letter for a stretch of unknown letters (+10 if it has one or two), so known words are
    cut out ("verypretty" -> "very pretty") but an unknown word is not chopped into known
    scraps ("conversations" stays whole, not "c on v ers at i on s").
    """
    n = len(units)
    inf = 1 << 30
    cost = [inf] * (n + 1)
    back = [0] * (n + 1)
    cost[0] = 0
    for j in range(1, n + 1):
        for i in range(max(0, j - 24), j):
            if cost[i] == inf:
                continue
            w = units[i:j]
            n_w = j - i
            if w in known or w in _BASE_KNOWN:
                c = cost[i] + (6 if n_w >= 3 else 12)
            else:
                c = cost[i] + 20 + 2 * n_w + (10 if n_w <= 2 else 0)
            if c < cost[j]:
                cost[j] = c
                back[j] = i
    cuts: list[int] = []
    j = back[n]
    while j > 0:
        cuts.append(j)
        j = back[j]
    return sorted(cuts)


def _despace_keep(m: re.Match[str], known: frozenset[str]) -> list[int] | None:
    """Which characters of a spelled-out match to keep (offsets into it), or ``None``."""
    s = m.group()
    units = s[::2]
    if sum(1 for ch in units if "a" <= ch <= "z") < 2:
        return None
    if m.group("sep") != " " or units in known or units in SPACED_WORDS:
        return list(range(0, len(s), 2))
    # "d o n t t e l l": letters spelled out with single spaces, words run together; cut
    # the run into known words where possible ("send me a p i c" keeps the "a" apart)
    cuts = _segment(units, known)
    if cuts:
        keep = []
        cut_set = set(cuts)
        for k in range(len(units)):
            if k in cut_set:
                keep.append(2 * k - 1)  # keep the space before unit k
            keep.append(2 * k)
        return keep
    if len(units) == 3 and units not in known:
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


#: the most frequent English words whose misspellings the Corrector repairs (besides the
#: recognizers' keywords and the common short words)
COMMON_WORDS = 3000
#: a misspelling of two words goes to the one at least this many times more frequent
_CLEAR_WINNER = 10


def _collapse(word: str, doubles: frozenset[str]) -> str:
    """A word's letter runs of three or more cut to one letter (``sooo`` -> ``so``), or to two
    when that spells a known word (``meeet`` -> ``meet``, ``calll`` -> ``call``)."""
    two = _RUN.sub(r"\1\1", word)
    return two if two in doubles else _RUN.sub(r"\1", word)


_NEAR: dict[str, str] = {}
for _row in ("qwertyuiop", "asdfghjkl", "zxcvbnm"):
    for _i, _ch in enumerate(_row):
        _NEAR[_ch] = _row[max(0, _i - 1) : _i] + _row[_i + 1 : _i + 2]
#: letter -> its left and right neighbours on a QWERTY row (a "fat finger" typo)
KEYBOARD_NEIGHBOURS: Mapping[str, str] = _NEAR

#: Words one interior edit away from a keyword or common word; never "corrected".
NOT_TYPOS = _NOT_TYPOS = frozenset(
    "saying bring bother bothers tuned sacred though turing steep pants paints parts"
    " carry cary cares cared hoping shoping liking living loving moving giving meting daring"
    " easing tuning petty sitch bassed form bars patent previous homey stating thing lives"
    " pride liver truck drove stiff lovin three moore rally"
    # chat words and abbreviations one edit from a common word (checked on the benign
    # training chats): tech/teach, stat/start, mins/minds, mmos/moms, chating/cheating, ...
    " tech stat stats mins mens kung aint foles noice meds chating mmos bucs reall"
    " hime".split()
)


def interior_typos(word: str, drop: bool = True) -> list[str]:
    """Every misspelling of ``word`` by one interior edit (first and last letters kept, as
    typos keep them): a letter dropped (unless ``drop`` is false), doubled, swapped with its
    right neighbour, or hit on a keyboard neighbour. May contain ``word`` itself."""
    out: list[str] = []
    n = len(word)
    for i in range(1, n - 1):
        if drop:
            out.append(word[:i] + word[i + 1 :])  # dropped ("secet", "phne")
        out.append(word[:i] + word[i] + word[i:])  # doubled ("seccret")
        if i < n - 2 and word[i] != word[i + 1]:
            out.append(word[:i] + word[i + 1] + word[i] + word[i + 2 :])  # swapped ("secert")
        out += [word[:i] + c + word[i + 1 :] for c in _NEAR.get(word[i], "")]  # ("secrwt")
    return out


def clear_winner(words: Iterable[str], counts: Mapping[str, int]) -> str | None:
    """The word a misspelling of all of ``words`` stands for: the only one, or the most
    frequent one when it is at least ``_CLEAR_WINNER`` times more frequent than the next
    (by ``counts``); ``None`` when that cannot be told."""
    ranked = sorted(words, key=lambda w: (-counts.get(w, 0), w))
    if len(ranked) == 1:
        return ranked[0]
    if counts.get(ranked[0], 0) >= _CLEAR_WINNER * max(counts.get(ranked[1], 0), 1):
        return ranked[0]
    return None


@functools.cache
def english_counts() -> Mapping[str, int]:
    """How often each lower-case ASCII English word occurs in pyspellchecker's English
    frequency list (MIT licence; counted on film and TV subtitles, so it knows chat words).

    The :class:`Corrector` never turns one of these words into another (a typo that spells a
    real word, "meet" -> "met", "where" -> "were", cannot be told from what was meant), also
    corrects misspellings of the most frequent ones, and settles a misspelling that could come
    from two words by their frequency.

    Read once per process (the list takes ~0.1 s to load; the sign registry, the learned
    model's vocabulary repair and its spelling table all use it) and shared read-only.
    """
    from spellchecker import SpellChecker  # imported here: only the Corrector needs it

    freq = SpellChecker(language="en", distance=1).word_frequency.dictionary
    return MappingProxyType({w: int(c) for w, c in freq.items() if w.isascii() and w.isalpha()})


#: Three-letter chat words and abbreviations a dropped letter could otherwise turn into a
#: keyword ("tis" is not "tits", "mos" not "moms", "pls" not "plus"): every such candidate
#: seen in two or more benign training conversations, and a few more.
_SHORT_WORDS = frozenset(
    "alo aso bie bot cte cus des dup eit ers fal fil fim foo fot ges haf hed hee hll hve kil"
    " knw lan las lik lke los lps mah mma mos muh nas nce nes ons pcs ple pls pre psh pur rad"
    " rel snd suh tae tak ths tht tis tme tok tos tou tsk vey wel wil wth yeh"
    " bro sis app lol omg brb btw idk imo irl tbh smh wtf nvm thx plz ppl rly yep nah yah"
    " hmm umm uhh ooh aww bae gal guy dat dis dem tho sry msg txt pic vid cam"
    " bas cms das dik hrm pct mal fas hih wre".split()
)


class Corrector:
    """Repairs one-letter misspellings of known words of four or more letters (``targets``:
    by default ``words``, the common short words and the ``common`` most frequent English
    words): two
    neighbouring letters swapped, a letter doubled or dropped, or hit on a keyboard neighbour,
    never at the first or last letter (so plurals and prefixes of other words,
    "friend"/"friends", "others"/"mothers", are never "corrected").

    A misspelling is repaired only when it is not itself a word: not in the vocabulary, not a
    common short word, not an English word (:func:`english_words`, or ``dictionary`` when
    given) and not in :data:`_NOT_TYPOS`; a misspelling that could come from two different
    known words is left alone.
    """

    __slots__ = ("_bkeys", "_fix", "_keys", "doubles", "known", "leet", "vocab")

    def __init__(
        self,
        words: Iterable[str],
        dictionary: Mapping[str, int] | None = None,
        common: int = COMMON_WORDS,
        targets: Iterable[str] | None = None,
    ) -> None:
        vocab = frozenset(w for w in words if w.isascii() and w.isalpha())
        self.vocab = vocab
        #: words that spelled-out letters may be cut into, and leetspeak may read as
        self.known = vocab | _BASE_KNOWN
        self.leet = _Leet(self.known)
        real = english_counts() if dictionary is None else dictionary
        if targets is None:
            targets = vocab | _GLUE_WORDS
        else:  # only these words are repaired (the learned model's own words)
            targets = frozenset(w for w in targets if w.isascii() and w.isalpha())
        if common:
            ranked = sorted(real, key=lambda w: (-real[w], w))
            targets |= frozenset(w for w in ranked[:common] if len(w) >= 4)
        #: words a run of one letter may be cut to two for (``meeet`` -> ``meet``)
        self.doubles = targets | _BASE_KNOWN
        # misspelling -> the word it comes from, or the set of words when there are several
        cands: dict[str, str | set[str]] = {}

        def add(key: str, word: str) -> None:
            if key in _SHORT_WORDS or key in vocab or key in _BASE_KNOWN or key in real:
                return
            old = cands.get(key)
            if old is None:
                cands[key] = word
            elif isinstance(old, str):
                if old != word:
                    cands[key] = {old, word}
            else:
                old.add(word)

        for w in sorted(targets):
            if len(w) < 4:
                continue
            # a dropped letter down to three letters only for a keyword ("tel", "hme"),
            # never onto a chat abbreviation (_SHORT_WORDS)
            for key in interior_typos(w, drop=len(w) >= 5 or w in vocab):
                add(key, w)
        fix: dict[str, str] = {}
        for key, words_ in cands.items():
            if key in _NOT_TYPOS:
                continue
            if isinstance(words_, str):
                fix[key] = words_
                continue
            # a misspelling of two words: the far more frequent one, else left alone
            best = clear_winner(words_, real)
            if best is not None:
                fix[key] = best
        self._fix = fix
        self._keys = self._fix.keys()
        self._bkeys = frozenset(k.encode() for k in self._fix)

    def fixes(self) -> dict[str, str]:
        """The whole table: misspelling -> word (the Corrector's own dict: do not modify)."""
        return self._fix

    def get(self, word: str) -> str | None:
        """The known word that ``word`` misspells, or ``None``."""
        return self._fix.get(word)

    def _sub(self, m: re.Match[str]) -> str:
        w = m.group()
        return self._fix.get(w, w)

    def apply(self, text: str) -> str:
        """``text`` with every misspelled whole word (3+ letters) replaced."""
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
        known = corrector.known if corrector is not None else _BASE_KNOWN
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
    # step 6: letter runs (kept double where that spells a known word, as in :func:`_collapse`)
    s6 = "".join(c for c, _, _ in items)
    if _RUN.search(s6) is not None:
        dbl = corrector.doubles if corrector is not None else _BASE_KNOWN
        out = []
        last = 0
        for m in _RUN_WORD.finditer(s6):
            times = 2 if _collapse(m.group(), dbl) != _RUN.sub(r"\1", m.group()) else 1
            out.extend(items[last : m.start()])
            i, n = m.start(), m.end()
            while i < n:
                c, s, _ = items[i]
                j = i + 1
                while j < n and items[j][0] == c:
                    j += 1
                if j - i >= 3:
                    out.extend([(c, s, items[j - 1][2])] * times)
                else:
                    out.extend(items[i:j])
                i = j
            last = n
        out.extend(items[last:])
        items = out
    # step 7: leetspeak (same regexes as the fast path, applied to the chars in place)
    chars = [c for c, _, _ in items]
    text = "".join(chars)
    if _RUN_OR_LEET.search(text) is not None:
        text = _LEET_WORD.sub(corrector.leet if corrector is not None else _LEET_BASE, text)
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


def _tokens_of(text: str) -> tuple[list[bytes], int]:
    """:attr:`NormalizedText.tokens` of ``text``, and how many of them are runs."""
    b = text.encode("utf-8", "surrogatepass").translate(_TOKEN_TABLE)
    t = b.split()
    n = len(t)
    # a letter next to a digit needs a digit: the digit scan is the cheaper test
    if _DIGIT.search(text) is not None and _LETTER_DIGIT.search(text) is not None:
        t += _LETTERS_OR_DIGITS.findall(b)
    return t, n


class NormalizedText:
    """A message's normalised text plus the map back to the original.

    ``text`` is what recognizers match; :meth:`original_span` turns a span of ``text`` into the
    span of ``original`` that produced it (a collapsed run maps back to the whole run).
    ``tokens`` lists the ASCII words of ``text`` as bytes, which the registry and
    :class:`~guardline.signs.RegexRecognizer` use as a keyword prefilter.
    """

    __slots__ = (
        "_corrector",
        "_edited",
        "_ends",
        "_runs",
        "_starts",
        "_tokens",
        "original",
        "plain",
        "text",
    )

    def __init__(
        self, original: str, corrector: Corrector | None = None, *, plain_text: str | None = None
    ) -> None:
        self.original = original
        if plain_text is not None:  # see of_plain: the caller knows ``original`` is plain
            self.text = plain_text
            self._corrector = corrector
            self._edited = plain_text != original.lower()
            self._starts: list[int] | None = None
            self._ends: list[int] | None = None
            self._tokens: list[bytes] | None = None
            self._runs = 0
            self.plain = True
            return
        #: ``True`` when no step but lower-casing and deleting apostrophes applied to
        #: ``original``: it is ASCII and, once lower-cased and without its apostrophes, has
        #: no whitespace but single spaces, no spelled-out letters, no letter typed three
        #: times, no leetspeak character (``0 1 3 4 5 7 @ $``) or ``!`` between letters,
        #: and (with a corrector) no misspelling the corrector repairs. Then ``text`` is
        #: ``original.lower()`` without apostrophes, and the same holds for any part of
        #: ``original`` cut at whitespace (see ``SignRegistry.find_stream``).
        self.plain = False
        if original.isascii():
            s = original.lower()
            plain = True
        else:
            s = original.translate(_FOLD)
            plain = False
        folded = not plain
        low = s
        if _DELETE.search(s) is not None:
            s = _DELETE.sub("", s)
        if "  " in s or not s.isprintable():  # every whitespace but ' ' is unprintable
            s = _WS.sub(" ", s)
            plain = False
        if _SPACED.search(s) is not None:
            s = _despace_text(s, corrector.known if corrector is not None else _BASE_KNOWN)
            plain = False
        # step 6 only changes a text with a letter typed three times (a run, _RUN); step 7
        # only one with a leetspeak character or a "!" between letters (_LEET_WORD needs
        # the one, _LEET_BANG the other): each is skipped exactly when it would be a no-op
        if _RUN3.search(s) is not None:
            dbl = corrector.doubles if corrector is not None else _BASE_KNOWN
            s = _RUN_WORD.sub(lambda m: _collapse(m.group(), dbl), s)
            plain = False
        if _LEET_CHARS.search(s) is not None and _LEET_OR_BANG.search(s) is not None:
            s = _LEET_WORD.sub(corrector.leet if corrector is not None else _LEET_BASE, s)
            s = _LEET_BANG.sub(_bang, s)
            plain = False
        tokens = None
        runs = 0
        if corrector is not None:
            tokens, runs = _tokens_of(s)
            if not corrector._bkeys.isdisjoint(tokens):
                s = corrector.apply(s)
                tokens = None
                plain = False
        self.text = s
        self._corrector = corrector
        self._edited = folded or s != low
        self._starts = None
        self._ends = None
        self._tokens = tokens
        self._runs = runs
        self.plain = plain

    @classmethod
    def of_plain(
        cls, original: str, text: str, corrector: Corrector | None = None
    ) -> NormalizedText:
        """The :class:`NormalizedText` of an ``original`` known to be :attr:`plain`, whose
        ``text`` (``original`` lower-cased, without apostrophes) the caller has: the same
        contents as ``NormalizedText(original, corrector)``, built without running the
        steps. Nothing is checked here (the caller's proof), but the map back to the
        original, built when a span is mapped, runs every step and checks the text."""
        return cls(original, corrector, plain_text=text)

    def __repr__(self) -> str:
        return f"NormalizedText({self.original!r} -> {self.text!r})"

    @property
    def tokens(self) -> list[bytes]:
        """The words of ``text`` as ASCII bytes: runs of ``[a-z0-9]``, in order, then (only
        when letters and digits touch) the letter and digit runs inside them, so ``13yo``
        gives ``13yo``, ``13`` and ``yo``."""
        t = self._tokens
        if t is None:
            t, self._runs = _tokens_of(self.text)
            self._tokens = t
        return t

    @property
    def runs(self) -> list[bytes]:
        """The runs of ``[a-z0-9]`` of ``text``, in order, as ASCII bytes: :attr:`tokens`
        without the letter and digit runs inside them (the learned model's words)."""
        t = self.tokens
        return t if self._runs == len(t) else t[: self._runs]

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


_RECENT: dict[tuple[str, int], NormalizedText] = {}


def normalized(text: str, corrector: Corrector | None = None) -> NormalizedText:
    """:class:`NormalizedText` of ``text``, shared with the last few callers: the sign
    registry and the learned model's text features normalise each message once between them.
    """
    key = (text, id(corrector))
    n = _RECENT.get(key)
    if n is None or n._corrector is not corrector:
        if len(_RECENT) >= 8:
            del _RECENT[next(iter(_RECENT))]  # oldest first: the current message stays
        n = _RECENT[key] = NormalizedText(text, corrector)
    return n


def normalize(text: str, corrector: Corrector | None = None) -> tuple[str, list[int]]:
    """Normalise chat text; return ``(norm_text, offsets)``.

    ``offsets[i]`` is the index in ``text`` of the character that produced ``norm_text[i]``.
    For mapping spans (a collapsed ``ooo`` maps back to all three letters) use
    :meth:`NormalizedText.original_span`.
    """
    n = NormalizedText(text, corrector)
    return n.text, n.offsets
