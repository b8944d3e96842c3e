"""The registry that runs the recognizers (:mod:`.recognizer`; after presidio's registry).

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
from collections import OrderedDict
from collections.abc import Iterable, Iterator

from guardline.core.model import Message, Participant, Signal, Stage
from guardline.signs import normalization as _normalization
from guardline.signs.normalization import Corrector, NormalizedText, normalized
from guardline.signs.patterns import match_spans, select_patterns
from guardline.signs.recognizer import (
    _ID,
    _KEYWORD,
    Recognizer,
    RegexRecognizer,
    SignInfo,
    _starts_pattern,
)

__all__ = ["Recognizer", "RegexRecognizer", "SignInfo", "SignRegistry", "Tail", "message_tail"]

#: What a stream keeps of an author's previous message so that a sign split across two
#: messages is still found: the last few words (original text) and the sign ids found there.
Tail = tuple[str, frozenset[str]]

_HEAD = re.compile(r"^\s*\S+(?:\s+\S+){0,3}")
_TAIL_CHARS = 60


def message_tail(text: str) -> str:
    r"""The last (up to) four words of ``text``, at most 60 characters: what is carried over
    to the author's next message.

    The same string as the regex ``\S+(?:\s+\S+){0,3}\s*$`` searched in ``text[-60:]``,
    rstripped (``""`` without a match), without that regex's retries from every start
    position: ``str.split`` and ``str.strip`` use the regex's whitespace (``str.isspace``).
    """
    s = text[-_TAIL_CHARS:].rstrip()
    parts = s.rsplit(None, 4)
    if len(parts) < 5:
        return s.lstrip()
    # parts[0] is s up to the fifth-last word, without the whitespace after it
    return s[len(parts[0]) :].lstrip()


_APOSTROPHES = _normalization._DELETE


def _unit(ch: str) -> bool:
    """An ASCII character that is a unit of a spelled-out run once lower-cased."""
    return ch.isalnum() or ch == "@" or ch == "$"


def _spaced_across(prev: str, head: str) -> bool:
    """Whether ``prev + " " + head`` (ASCII, both non-empty) could hold a spelled-out run
    (``s e c``) with the joining space as one of its separators: a single unit on each side
    of it (the characters next to those are not units, or there are none)."""
    return (
        _unit(prev[-1])
        and (len(prev) < 2 or not _unit(prev[-2]))
        and _unit(head[0])
        and (len(head) < 2 or not _unit(head[1]))
    )


#: how many plain tails a registry remembers (a stream keeps one per open author)
_PLAIN_TAILS = 4096


#: what the registry runs of a plain RegexRecognizer: its keyword index (keys, keyword to
#: patterns, patterns without a keyword), patterns, required strings and strengths
_Kernel = tuple[
    frozenset[bytes],
    dict[bytes, tuple[int, ...]],
    tuple[int, ...],
    tuple[re.Pattern[str], ...],
    tuple[tuple[str, ...] | None, ...],
    tuple[float, ...],
]


def _plain_regex(r: RegexRecognizer) -> bool:
    """A recognizer with keywords whose matching is RegexRecognizer's own."""
    t = type(r)
    return (
        t.find is RegexRecognizer.find
        and t._find_among is RegexRecognizer._find_among
        and t._run is RegexRecognizer._run
        and r.keywords is not None
    )


def _sort_key(s: Signal) -> tuple[int, int, str]:
    return (s.span[0], s.span[1], s.sign)


_NONE: frozenset[str] = frozenset()


class SignRegistry:
    """Runs a set of recognizers over messages.

    Each message is normalised once; a recognizer runs only if one of its ``keywords`` is a
    word of the normalised text (or its ``trigger`` matches, or it declares neither). Pass
    ``prefilter=False`` to run every recognizer, and every pattern of a
    :class:`RegexRecognizer`, on every message: much slower, and the same result whenever the
    keywords are complete, which is what it is for checking.
    """

    def __init__(
        self, recognizers: Iterable[Recognizer], *, prefilter: bool = True, correct: bool = True
    ) -> None:
        self._recs: tuple[Recognizer, ...] = tuple(recognizers)
        infos: dict[str, SignInfo] = {}
        for r in self._recs:
            if not _ID.match(r.id):
                raise ValueError(f"recognizer id must be snake_case: {r.id!r}")
            if r.id in infos:
                raise ValueError(f"duplicate recognizer id {r.id!r}")
            if not isinstance(r.stage, Stage):
                raise TypeError(f"{r.id}: stage must be a guardline.core.Stage")
            infos[r.id] = SignInfo(r.id, r.stage, r.description, getattr(r, "implicates", "author"))
        self._infos = infos
        self.prefilter = prefilter
        index: dict[bytes, list[int]] = {}
        always: list[int] = []
        triggers: list[tuple[re.Pattern[str], re.Pattern[str] | None, int]] = []
        for i, r in enumerate(self._recs):
            kws = getattr(r, "keywords", None)
            trig = getattr(r, "trigger", None)
            bad = sorted(k for k in kws or () if not _KEYWORD.match(k))
            if bad:
                raise ValueError(f"{r.id}: keywords must be lower-case words: {bad}")
            if not prefilter or (kws is None and trig is None):
                always.append(i)
                continue
            for k in kws or ():
                index.setdefault(k.encode(), []).append(i)
            if trig is not None:
                triggers.append((trig, _starts_pattern(trig), i))
        self._index = {k: tuple(v) for k, v in index.items()}
        self._keys = frozenset(self._index)
        # RegexRecognizers (matching not overridden) whose keywords are all registry keys are
        # run here, straight on their patterns (guardline.signs.patterns), given the
        # registry's keyword hits instead of every token of the message
        kernels: list[_Kernel | None] = []
        for r in self._recs:
            if (
                prefilter
                and isinstance(r, RegexRecognizer)
                and _plain_regex(r)
                and r._pkeys <= self._keys
            ):
                kernels.append(
                    (r._pkeys, r._pindex, r._unkeyed, r._patterns, r._needs, r._strengths)
                )
            else:
                kernels.append(None)
        self._kernels = tuple(kernels)
        self._ids = tuple(r.id for r in self._recs)
        #: repairs one-letter misspellings of the recognizers' keywords (``None``: off)
        self.corrector: Corrector | None = None
        if correct:
            words: set[str] = set()
            for r in self._recs:
                words.update(getattr(r, "keywords", None) or ())
            self.corrector = Corrector(words)
        self._always = frozenset(always)
        self._triggers = tuple(triggers)
        #: tails (of plain messages, cut at whitespace) known to be plain: see find_stream
        self._plain_tails: OrderedDict[str, None] = OrderedDict()
        self._plain_corrector: Corrector | None = self.corrector

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
    def find(
        self, message: Message, participant: Participant | None = None, tail: Tail | None = None
    ) -> list[Signal]:
        """Every signal in one message, sorted by span start (then end, then sign id).

        ``tail`` (from :meth:`find_stream`) is the end of the same author's previous message:
        a sign that only matches across the boundary ("don't tell" / "your mum") is reported
        on this message, its span clipped to the part written here. A sign already found in
        the tail's message is not reported again.
        """
        text = message.text
        if not text:
            return []
        norm = normalized(text, self.corrector)
        out = self._find(message, participant, norm)
        if tail is not None and tail[0]:
            out = self._across(message, participant, tail, out, norm)
        return out

    def find_stream(
        self, message: Message, participant: Participant | None = None, tail: Tail | None = None
    ) -> tuple[list[Signal], Tail]:
        """:meth:`find` with ``tail``, plus the tail to pass with the author's next message."""
        text = message.text
        if not text:
            return [], ("", _NONE)
        norm = normalized(text, self.corrector)
        out = self._find(message, participant, norm)
        if tail is not None and tail[0]:
            out = self._across(message, participant, tail, out, norm)
        end = message_tail(text)
        if norm.plain and end:
            # the tail is whole words of a plain message: remember that it is plain too
            start = len(text.rstrip()) - len(end)
            if start == 0 or text[start - 1] == " ":
                self._plain_tail(end)
        return out, (end, frozenset([s.sign for s in out]) if out else _NONE)

    def _plain_tail(self, tail: str) -> None:
        """Remember that ``tail`` is :attr:`~NormalizedText.plain` with this registry's
        corrector (a bounded memo: a forgotten tail only takes the plain path)."""
        tails = self._plain_tails
        try:
            if self._plain_corrector is not self.corrector:
                tails.clear()
                self._plain_corrector = self.corrector
            elif tail in tails:
                return
            elif len(tails) >= _PLAIN_TAILS:
                # the oldest; an OrderedDict, as deleting a plain dict's first key again and
                # again makes finding the next first key slower and slower until it resizes
                tails.popitem(last=False)
            tails[tail] = None
        except (KeyError, RuntimeError, StopIteration):  # pragma: no cover - another thread
            pass  # evicted the same entry first: an entry missed only costs the plain path

    def _joined_norm(self, prev: str, head: str, norm: NormalizedText) -> NormalizedText:
        """``NormalizedText(prev + " " + head)``, without running the steps when that is
        plain for sure: ``head`` (whole words opening the message, ``norm``) and ``prev``
        (whole words closing the author's previous message) are plain, and once
        lower-cased and without apostrophes (``p``, ``h``) the join is one space between
        two non-space characters, across which no spelled-out letters can run.

        Why that is exact: each step acts on single characters (fold, apostrophes), on
        whitespace runs, on runs of letters or of ``[a-z0-9@$]`` (words), or on
        spelled-out runs. Whole words cut out of a plain text are plain (none of these
        occurs in them; their words are words of the text). Joined by one space between
        two non-space characters, no whitespace run, letter run or word spans the join and
        the words are those of the two parts, so only a spelled-out run (``_SPACED``) could
        form across it, with the join space as its separator: that needs single units on
        both sides (``"m o" + "m"``), which :func:`_spaced_across` rules out otherwise.
        """
        text = prev + " " + head
        if norm.plain and self._plain_corrector is self.corrector and prev in self._plain_tails:
            p = prev.lower()
            h = head.lower()
            if "'" in text or "`" in text:  # the ASCII apostrophes (a plain text is ASCII)
                p = _APOSTROPHES.sub("", p)
                h = _APOSTROPHES.sub("", h)
            if p and h and p[-1] != " " and h[0] != " " and not _spaced_across(p, h):
                return NormalizedText.of_plain(text, p + " " + h, self.corrector)
        return NormalizedText(text, self.corrector)

    def _across(
        self,
        message: Message,
        participant: Participant | None,
        tail: Tail,
        own: list[Signal],
        norm: NormalizedText,
    ) -> list[Signal]:
        head = _HEAD.match(message.text)
        if head is None:
            return own
        prev, prev_signs = tail
        b = len(prev) + 1
        h = head.group()
        joined = Message(message.conversation_id, message.index, message.author, prev + " " + h)
        extra: list[Signal] = []
        # the joined text is normalised here only: no need to go through the shared cache.
        # Signs already found in the tail's message are dropped below: their recognizers
        # need not run (each recognizer's signals depend on the text only)
        jnorm = self._joined_norm(prev, h, norm)
        for s in self._find(joined, participant, jnorm, prev_signs):
            a, e = s.span
            if a >= b or e <= b or s.sign in prev_signs:
                continue  # not across the boundary, or already reported on the tail
            span = (max(a - b, 0), e - b)
            if any(o.sign == s.sign and o.span[0] < span[1] and span[0] < o.span[1] for o in own):
                continue
            extra.append(Signal(s.sign, s.stage, message.index, message.author, span, s.strength))
        if not extra:
            return own
        out = own + extra
        out.sort(key=_sort_key)
        return out

    def _find(
        self,
        message: Message,
        participant: Participant | None,
        norm: NormalizedText,
        skip: frozenset[str] = _NONE,
    ) -> list[Signal]:
        """Every signal in a non-empty message, given its normalised text; the recognizers
        of the signs in ``skip`` are not run."""
        ntext = norm.text
        run: set[int] = set(self._always)
        hits = self._keys.intersection(norm.tokens)
        if hits:
            index = self._index
            for k in hits:
                run.update(index[k])
        for trig, starts, i in self._triggers:
            if (
                i not in run
                and (starts is None or starts.search(ntext) is not None)
                and trig.search(ntext) is not None
            ):
                run.add(i)
        if not run:
            return []
        out: list[Signal] = []
        recs = self._recs
        if self.prefilter:
            kernels = self._kernels
            ids = self._ids
            for i in sorted(run):
                if skip and ids[i] in skip:
                    continue
                kern = kernels[i]
                if kern is None:
                    out.extend(recs[i].find(norm, message, participant))
                    continue
                pkeys, pindex, unkeyed, patterns, needs, strengths = kern
                which = select_patterns(pkeys, pindex, unkeyed, hits)
                if which:
                    r = recs[i]
                    for a, e, strength in match_spans(patterns, needs, strengths, ntext, which):
                        out.append(r.signal(norm, message, a, e, strength))
        else:
            for r in recs:
                if skip and r.id in skip:
                    continue
                out.extend(getattr(r, "find_unfiltered", r.find)(norm, message, participant))
        if len(out) > 1:
            out.sort(key=_sort_key)
        return out

    def find_text(self, text: str, author: str = "", index: int = 0) -> list[Signal]:
        """Convenience: :meth:`find` on a bare string."""
        return self.find(Message(conversation_id="", index=index, author=author, text=text))
