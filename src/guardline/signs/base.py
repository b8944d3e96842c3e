"""Recognizers and the registry that runs them (after presidio's recognizer registry).

A :class:`Recognizer` looks for one grooming sign in one message and reports the character
spans that triggered it as :class:`~guardline.core.Signal` objects. The
:class:`SignRegistry` normalises each message once, works out from the message's words which
recognizers could possibly fire (each recognizer names its ``keywords``), runs only those, and
returns every signal sorted by position.

Writing your own recognizer::

    class MyRecognizer(Recognizer):
        id = "my_sign"
        stage = Stage.EXCLUSIVITY
        description = "What a moderator should read next to the highlight."
        keywords = frozenset({"word"})        # optional prefilter; None: run on every message

        def find(self, norm, message, participant=None):
            return [self.signal(norm, message, start, end) for start, end in ...]

or, for pattern lists, :class:`RegexRecognizer`.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from guardline.core.model import Message, Participant, Signal, Stage
from guardline.signs.normalize import NormalizedText

__all__ = ["TOKEN", "RegexRecognizer", "Recognizer", "SignInfo", "SignRegistry"]

#: How the registry splits normalised text into words for the keyword prefilter.
TOKEN = re.compile(r"[a-z0-9]+")
_ID = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")
_KEYWORD = re.compile(r"^[a-z0-9]+$")
_MACRO = re.compile(r"<([a-z_]+)>")

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
    """Finds one sign in a message. Subclasses set the class attributes and :meth:`find`."""

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
        new = _MACRO.sub(lambda m: macros[m.group(1)] if m.group(1) in macros else m.group(0),
                         pattern)
        if new == pattern:
            break
        pattern = new
    left = _MACRO.search(pattern)
    if left:
        raise ValueError(f"unknown macro {left.group(0)} in pattern {pattern!r}")
    return pattern


class RegexRecognizer(Recognizer):
    """A recognizer made of regular expressions over the normalised text.

    ``patterns`` is a list of ``regex`` or ``(regex, strength)``. They are joined into one
    compiled alternation, tried left to right, each wrapped in word boundaries (``\\b`` before,
    no letter or digit after). Patterns may use ``<name>`` macros from ``macros``.
    """

    def __init__(
        self,
        id: str,
        stage: Stage,
        description: str,
        patterns: Sequence[str | tuple[str, float]],
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
        if keywords is not None:
            kws = frozenset(keywords)
            bad = sorted(k for k in kws if not _KEYWORD.match(k))
            if bad:
                raise ValueError(f"{id}: keywords must be lower-case words: {bad}")
            self.keywords = kws
        self.trigger = re.compile(trigger) if trigger else None
        parts: list[str] = []
        strengths: list[float] = []
        for i, p in enumerate(patterns):
            rx, strength = (p, 1.0) if isinstance(p, str) else p
            if not 0.0 < strength <= 1.0:
                raise ValueError(f"{id}: strength must be in (0, 1]: {strength}")
            rx = expand(rx, macros or {})
            lead = "" if rx.startswith("^") else r"\b"
            parts.append(f"(?P<p{i}>{lead}(?:{rx})(?![a-z0-9]))")
            strengths.append(strength)
        self.pattern = re.compile("|".join(parts))
        self._strengths = {f"p{i}": s for i, s in enumerate(strengths)}

    def find(
        self, norm: NormalizedText, message: Message, participant: Participant | None = None
    ) -> list[Signal]:
        out: list[Signal] = []
        for m in self.pattern.finditer(norm.text):
            s, e = m.span()
            if e > s:
                out.append(self.signal(norm, message, s, e, self._strengths[m.lastgroup or ""]))
        return out

    def __repr__(self) -> str:
        return f"RegexRecognizer({self.id!r}, {self.stage.name})"


def _sort_key(s: Signal) -> tuple[int, int, str]:
    return (s.span[0], s.span[1], s.sign)


class SignRegistry:
    """Runs a set of recognizers over messages.

    Each message is normalised once; a recognizer runs only if one of its ``keywords`` is a
    word of the normalised text (or its ``trigger`` matches, or it declares neither). Pass
    ``prefilter=False`` to run every recognizer on every message (slower, same result for
    recognizers whose keywords are complete; useful to check that they are).
    """

    def __init__(self, recognizers: Iterable[Recognizer], *, prefilter: bool = True) -> None:
        self._recs: tuple[Recognizer, ...] = tuple(recognizers)
        infos: dict[str, SignInfo] = {}
        for r in self._recs:
            if not _ID.match(r.id):
                raise ValueError(f"recognizer id must be snake_case: {r.id!r}")
            if r.id in infos:
                raise ValueError(f"duplicate recognizer id {r.id!r}")
            if not isinstance(r.stage, Stage):
                raise TypeError(f"{r.id}: stage must be a guardline.core.Stage")
            infos[r.id] = r.info
        self._infos = infos
        self.prefilter = prefilter
        index: dict[str, list[int]] = {}
        always: list[int] = []
        triggers: list[tuple[re.Pattern[str], int]] = []
        for i, r in enumerate(self._recs):
            kws = getattr(r, "keywords", None)
            trig = getattr(r, "trigger", None)
            if not prefilter or (kws is None and trig is None):
                always.append(i)
                continue
            for k in kws or ():
                index.setdefault(k, []).append(i)
            if trig is not None:
                triggers.append((trig, i))
        self._index = {k: tuple(v) for k, v in index.items()}
        self._always = frozenset(always)
        self._triggers = tuple(triggers)

    # ------------------------------------------------------------------ catalogue
    @property
    def signs(self) -> list[SignInfo]:
        """Every sign this registry can report, in registration order."""
        return list(self._infos.values())

    def info(self, sign_id: str) -> SignInfo:
        """The :class:`SignInfo` of one sign; ``KeyError`` if unknown."""
        return self._infos[sign_id]

    @property
    def recognizers(self) -> tuple[Recognizer, ...]:
        return self._recs

    def __len__(self) -> int:
        return len(self._recs)

    def __iter__(self) -> Iterator[Recognizer]:
        return iter(self._recs)

    def __contains__(self, sign_id: object) -> bool:
        return sign_id in self._infos

    # ------------------------------------------------------------------ matching
    def find(self, message: Message, participant: Participant | None = None) -> list[Signal]:
        """Every signal in one message, sorted by span start (then end, then sign id)."""
        text = message.text
        if not text:
            return []
        norm = NormalizedText(text)
        ntext = norm.text
        run: set[int] = set(self._always)
        hits = self._index.keys() & TOKEN.findall(ntext)
        if hits:
            index = self._index
            for k in hits:
                run.update(index[k])
        for trig, i in self._triggers:
            if i not in run and trig.search(ntext) is not None:
                run.add(i)
        if not run:
            return []
        out: list[Signal] = []
        recs = self._recs
        for i in sorted(run):
            out.extend(recs[i].find(norm, message, participant))
        if len(out) > 1:
            out.sort(key=_sort_key)
        return out

    def find_text(self, text: str, author: str = "", index: int = 0) -> list[Signal]:
        """Convenience: :meth:`find` on a bare string."""
        return self.find(Message(conversation_id="", index=index, author=author, text=text))
