"""Recognizers: each finds one grooming sign in one message (registry: :mod:`.base`).

:class:`Recognizer` is the extension point (subclass it, set ``id``, ``stage`` and
``description`` as class attributes, write ``find``); :class:`RegexRecognizer` is a
recognizer made of regular expressions over the normalised text, with keyword prefilters
worked out from its patterns. Kept out of the compiled hot path (``guardline/_native.py``):
users subclass both, which mypyc's native classes do not allow in the same way. The matching
loops of :class:`RegexRecognizer` are functions in :mod:`.patterns`, which is compiled; the
registry calls them itself for a RegexRecognizer that does not override its matching.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from guardline.core.model import Message, Participant, Signal, Stage
from guardline.signs.normalization import NormalizedText
from guardline.signs.patterns import match_spans, select_patterns

__all__ = ["Implicates", "Recognizer", "RegexRecognizer", "SignInfo", "expand"]

_ID = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")
_KEYWORD = re.compile(r"^[a-z0-9]+$")
_MACRO = re.compile(r"(?<!\(\?P)<([a-z_]+)>")  # not a named group "(?P<name>"

Implicates = Literal["author", "others"]


@dataclass(frozen=True, slots=True)
class SignInfo:
    """What a sign is, for people: its id, grooming stage and a one-line description.

    ``implicates`` says whose risk the sign speaks to. Nearly every sign is about its author's
    behaviour (``"author"``). ``"others"`` marks signs that are evidence about the *other*
    participants: ``minor_age_disclosure`` is attributed to the child who disclosed, and
    raises the risk of whoever is talking to them.
    """

    id: str
    stage: Stage
    description: str
    implicates: Implicates = "author"


class Recognizer(ABC):
    """Finds one sign in a message. Subclasses set the class attributes and :meth:`find`.

    The registry also accepts any object with ``id``, ``stage``, ``description`` and ``find``
    (``implicates``, ``keywords`` and ``trigger`` are optional). ``find`` receives the
    normalised message, the message, and the platform's context about its author
    (:class:`~guardline.core.Participant`, or ``None``); the built-in catalogue reads text only.
    """

    id: str
    stage: Stage
    description: str
    implicates: Implicates = "author"
    #: Prefilter: the recognizer runs only when one of these words (lower case, letters and
    #: digits only) occurs in the normalised text. ``None`` runs it on every message.
    keywords: frozenset[str] | None = None
    #: Optional second prefilter for what words cannot express (e.g. digit runs): the
    #: recognizer also runs when this pattern is found in the normalised text.
    trigger: re.Pattern[str] | None = None

    @property
    def info(self) -> SignInfo:
        return SignInfo(self.id, self.stage, self.description, self.implicates)

    @abstractmethod
    def find(
        self, norm: NormalizedText, message: Message, participant: Participant | None = None
    ) -> list[Signal]:
        """Signals for this sign in ``message``; spans index ``message.text`` (the original)."""

    def find_unfiltered(
        self, norm: NormalizedText, message: Message, participant: Participant | None = None
    ) -> list[Signal]:
        """:meth:`find` without any internal keyword prefilter (for checking prefilters).

        The default is :meth:`find`; recognizers with their own prefilter override it.
        """
        return self.find(norm, message, participant)

    def signal(
        self, norm: NormalizedText, message: Message, start: int, end: int, strength: float = 1.0
    ) -> Signal:
        """A Signal for the normalised span ``[start, end)``, mapped to the original text."""
        return Signal(
            sign=self.id,
            stage=self.stage,
            message_index=message.index,
            author=message.author,
            span=norm.original_span(start, end),
            strength=strength,
        )


def expand(pattern: str, macros: dict[str, str]) -> str:
    """Replace ``<name>`` macros (which may nest) in a pattern; unknown names are an error."""
    for _ in range(10):
        new = _MACRO.sub(
            lambda m: macros[m.group(1)] if m.group(1) in macros else m.group(0), pattern
        )
        if new == pattern:
            break
        pattern = new
    left = _MACRO.search(pattern)
    if left:
        raise ValueError(f"unknown macro {left.group(0)} in pattern {pattern!r}")
    return pattern


_OPT_SPACE = re.compile(r" \?(?=[a-z0-9])")
_OPT_S = re.compile(r"(?<=[a-z])s\?")


def _derive_keywords(src: str, vocab: frozenset[str]) -> set[str]:
    """The vocabulary words that occur as whole words in a pattern's source.

    Also reads the source with each optional space (``web ?cam``) and optional plural
    (``cards?``) resolved both ways, so ``webcam`` and ``card`` count.
    """
    variants = {src}
    for v in list(variants):
        variants |= {_OPT_SPACE.sub("", v), _OPT_SPACE.sub(" ", v)}
    for v in list(variants):
        variants |= {_OPT_S.sub("", v), _OPT_S.sub("s", v)}
    return {
        k for k in vocab if any(re.search(rf"(?<![a-z0-9]){k}(?![a-z0-9])", v) for v in variants)
    }


class RegexRecognizer(Recognizer):
    """A recognizer made of regular expressions over the normalised text.

    ``patterns`` is a list of ``regex``, ``(regex, strength)`` or
    ``(regex, strength, "keyword keyword ...")``. Each is wrapped in word boundaries (``\\b``
    before, no letter or digit after) and may use ``<name>`` macros from ``macros``.

    ``keywords`` is the recognizer's prefilter vocabulary. Each pattern runs only when one of
    *its* keywords is a word of the message: by default the vocabulary words that appear as
    whole words in the pattern's source (``how old`` -> ``old``, ``how``), or the explicit
    third element. Every text a pattern can match must contain one of its keywords; a pattern
    with none is an error unless ``trigger`` is set (then it runs whenever the recognizer
    does). ``keywords=None`` disables the prefilter: every pattern runs on every message.

    Overlapping matches (of one pattern or several) become one signal over their union, with
    the highest strength among them.
    """

    def __init__(
        self,
        id: str,
        stage: Stage,
        description: str,
        patterns: Sequence[str | tuple[str, float] | tuple[str, float, str]],
        keywords: Iterable[str] | None,
        *,
        trigger: str | None = None,
        implicates: Implicates = "author",
        macros: dict[str, str] | None = None,
    ) -> None:
        if not _ID.match(id):
            raise ValueError(f"recognizer id must be snake_case: {id!r}")
        if not patterns:
            raise ValueError(f"{id}: no patterns")
        self.id = id
        self.stage = stage
        self.description = description
        self.implicates = implicates
        self.trigger = re.compile(trigger) if trigger else None
        vocab = None if keywords is None else frozenset(keywords)
        if vocab is not None:
            bad = sorted(k for k in vocab if not _KEYWORD.match(k))
            if bad:
                raise ValueError(f"{id}: keywords must be lower-case words: {bad}")
        compiled: list[re.Pattern[str]] = []
        strengths: list[float] = []
        pindex: dict[bytes, list[int]] = {}
        unkeyed: list[int] = []
        used: set[str] = set()
        for i, p in enumerate(patterns):
            if isinstance(p, str):
                rx, strength, explicit = p, 1.0, None
            elif len(p) == 2:
                rx, strength, explicit = p[0], p[1], None  # type: ignore[misc]
            else:
                rx, strength, explicit = p  # type: ignore[misc]
            if not 0.0 < strength <= 1.0:
                raise ValueError(f"{id}: strength must be in (0, 1]: {strength}")
            src = expand(rx, macros or {})
            lead = "" if src.startswith("^") else r"\b"
            compiled.append(re.compile(f"{lead}(?:{src})(?![a-z0-9])"))
            strengths.append(float(strength))
            if vocab is None:
                unkeyed.append(i)
                continue
            if explicit is not None:
                kws = set(explicit.split())
                bad = sorted(k for k in kws if not _KEYWORD.match(k))
                if bad:
                    raise ValueError(f"{id}: keywords must be lower-case words: {bad}")
            else:
                kws = _derive_keywords(src, vocab)
            if not kws:
                if self.trigger is None:
                    raise ValueError(
                        f"{id}: pattern {i} ({rx!r}) has no keyword; add one to "
                        "the keywords, give it explicit keywords, or set a trigger"
                    )
                unkeyed.append(i)
            for k in kws:
                pindex.setdefault(k.encode(), []).append(i)
            used |= kws
        self._patterns = tuple(compiled)
        #: per pattern: strings one of which every match contains (``None``: not known);
        #: a text holding none of them is not searched (see :func:`_required`)
        self._needs = tuple(_required(p) for p in compiled)
        self._strengths = tuple(strengths)
        self._pindex = {k: tuple(v) for k, v in pindex.items()}
        self._pkeys = frozenset(self._pindex)
        self._unkeyed = tuple(unkeyed)
        self.keywords = None if vocab is None else frozenset(used)

    @property
    def patterns(self) -> tuple[re.Pattern[str], ...]:
        """The compiled patterns, in order."""
        return self._patterns

    def find(
        self, norm: NormalizedText, message: Message, participant: Participant | None = None
    ) -> list[Signal]:
        if self.keywords is None:
            return self._run(norm, message, range(len(self._patterns)))
        return self._find_among(norm, message, norm.tokens)

    def _find_among(
        self, norm: NormalizedText, message: Message, words: Iterable[bytes]
    ) -> list[Signal]:
        """:meth:`find` (with keywords) given ``words``: the message's tokens, or any part of
        them that holds all of this recognizer's keywords the message has (the registry
        passes the keywords of any recognizer it found)."""
        which = select_patterns(self._pkeys, self._pindex, self._unkeyed, words)
        return self._run(norm, message, which) if which else []

    def find_unfiltered(
        self, norm: NormalizedText, message: Message, participant: Participant | None = None
    ) -> list[Signal]:
        return self._run(norm, message, range(len(self._patterns)), needs=False)

    def _run(
        self, norm: NormalizedText, message: Message, which: Iterable[int], needs: bool = True
    ) -> list[Signal]:
        """Run the patterns ``which`` (in order) and merge overlapping matches
        (:func:`~guardline.signs.patterns.match_spans`).

        With ``needs``, a pattern is not searched in a text that holds none of the strings
        one of which every match of it contains (the same result, cheaper); without, every
        pattern is searched (the plain definition, for checking)."""
        spans = match_spans(
            self._patterns, self._needs if needs else None, self._strengths, norm.text, which
        )
        return [self.signal(norm, message, s, e, strength) for s, e, strength in spans]

    def __repr__(self) -> str:
        return f"RegexRecognizer({self.id!r}, {self.stage.name})"


def _parsed(pattern: re.Pattern[str]) -> tuple[Any, Any, set[Any], set[Any]] | None:
    """(CPython's parse of ``pattern``, the parser's opcode constants, the repeat opcodes, the
    zero-width opcodes), or ``None`` where that parser is unavailable (it is private, though
    stable since 3.11) or the pattern folds case (then the characters it can match are not
    the ones it spells)."""
    try:
        from re import _constants as c  # type: ignore[attr-defined]
        from re import _parser  # type: ignore[attr-defined]

        parsed = _parser.parse(pattern.pattern, pattern.flags)
    except Exception:
        return None
    if pattern.flags & _FOLDING:
        return None
    repeats = {c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", c.MAX_REPEAT)}
    return parsed, c, repeats, {c.AT, c.ASSERT, c.ASSERT_NOT}


#: inline flags that make a group fold case (its characters are then not the ones it spells)
_FOLDING = re.IGNORECASE | re.LOCALE


def _first_chars(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Every character a match of ``pattern`` can begin with, worked out from its parse;
    ``None`` when that is not known for sure (the pattern can match the empty string, uses
    case folding, character classes such as ``\\d``, back-references, ...).

    A text without any of these characters cannot hold a match.
    """
    got = _parsed(pattern)
    if got is None:
        return None
    parsed, c, repeats, zero_width = got

    def seq(items: Any) -> tuple[set[str], bool] | None:  # (first chars, can be empty)
        acc: set[str] = set()
        for op, av in items:
            r = item(op, av)
            if r is None:
                return None
            acc |= r[0]
            if not r[1]:
                return acc, False
        return acc, True

    def item(op: Any, av: Any) -> tuple[set[str], bool] | None:
        if op is c.LITERAL:
            return {chr(av)}, False
        if op is c.IN:
            chars: set[str] = set()
            for o, a in av:
                if o is c.LITERAL:
                    chars.add(chr(a))
                elif o is c.RANGE and a[1] - a[0] < 256:
                    chars.update(map(chr, range(a[0], a[1] + 1)))
                else:  # negated sets, categories, huge ranges
                    return None
            return chars, False
        if op is c.BRANCH:
            acc: set[str] = set()
            empty = False
            for alt in av[1]:
                r = seq(alt)
                if r is None:
                    return None
                acc |= r[0]
                empty = empty or r[1]
            return acc, empty
        if op is c.SUBPATTERN:
            if av[1] & _FOLDING:
                return None
            return seq(av[3])
        if op in repeats:
            r = seq(av[2])
            return None if r is None else (r[0], r[1] or av[0] == 0)
        if op in zero_width:
            return set(), True
        return None  # anything else: not known

    r = seq(parsed)
    if r is None or r[1]:
        return None
    return frozenset(r[0])


def _required(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Strings one of which every match of ``pattern`` contains, worked out from its parse.

    Such a group is a run of literal characters that every match goes through (``how old``
    in ``\\bhow old (?:are|r) u``), or, for an alternation, one group per branch put
    together (``old``, ``young``). Of the groups found, the one whose shortest string is
    longest (then the one with fewest strings) is returned; ``None`` when none is known or
    its shortest string has fewer than two characters (checking more groups cost more than
    the searches they saved, measured on groombench).

    A text containing none of the strings holds no match: :meth:`RegexRecognizer._run`
    then skips the search.
    """
    got = _parsed(pattern)
    if got is None:
        return None
    parsed, c, repeats, zero_width = got

    def strength(group: tuple[str, ...]) -> tuple[int, int]:
        return (min(map(len, group)), -len(group))

    def seq(items: Any) -> list[tuple[str, ...]]:
        """The groups of a sequence (every match of it holds a string of each)."""
        groups: list[tuple[str, ...]] = []
        run: list[str] = []  # literal characters every match holds next to each other

        def walk(items: Any) -> None:
            for op, av in items:
                if op is c.LITERAL:
                    run.append(chr(av))
                    continue
                if op in zero_width:
                    continue  # consumes nothing: the characters around it stay adjacent
                if op is c.SUBPATTERN and not (av[1] & _FOLDING):
                    walk(av[3])  # a group is matched in line
                    continue
                if run:
                    groups.append(("".join(run),))
                    run.clear()
                if op is c.BRANCH:
                    alts: set[str] = set()
                    for alt in av[1]:
                        inner = seq(alt)
                        if not inner:
                            break  # a branch without a known string: nothing known
                        best = max(inner, key=strength)
                        alts.update(best)
                    else:
                        groups.append(tuple(sorted(alts)))
                elif op in repeats and av[0] >= 1:
                    groups.extend(seq(av[2]))  # at least one repetition is matched
                # anything else (classes, any character, back-references, optional
                # repeats) consumes characters not known here

        walk(items)
        if run:
            groups.append(("".join(run),))
        return groups

    try:
        groups = seq(parsed)
    except Exception:
        return None
    if not groups:
        return None
    best = max(groups, key=strength)
    return best if min(map(len, best)) >= 2 else None


def _starts_pattern(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """A one-character-class pattern that finds where a match of ``pattern`` could begin:
    a cheap necessary condition (the regex engine scans for a class quickly, while most
    patterns are tried at every position)."""
    chars = _first_chars(pattern)
    if not chars:
        return None
    return re.compile("[" + "".join(re.escape(ch) for ch in sorted(chars)) + "]")
