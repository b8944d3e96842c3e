"""Text normalisation and the per-author streaming accumulators of the learned model.

Everything here is cheap per message and never looks back at earlier messages:

* :func:`normalise` lower-cases a message, squashes letter runs (``sooooo`` -> ``so``),
  drops emojis/emoticons/punctuation, maps chat spelling onto standard words (``u`` ->
  ``you``, ``ur`` -> ``your``, ``pix`` -> ``pic``, ``lol``/``haha`` -> ``<laugh>``) so that the
  writing *register* of an era or community does not dominate, and returns unigrams plus
  adjacent bigrams.
* :class:`AuthorAcc` holds what the model keeps for one author of one conversation: the
  running sums of two linear text scores (groomer-likeness and child/target-likeness), the
  token count they are normalised by, message/question counts, sign counts per stage, and
  the ages the author declared (lowest, highest) and how often they asked the partner's age.
* :func:`parse_age` finds a declared age ("im 32", "14/f/ca", "i'm fourteen", "in 8th
  grade", or a bare "13" that answers the partner's "asl?") and age questions in a message.
* :func:`author_features` turns the accumulators of one author (and of the other
  participants) into the fixed feature vector of the risk head.

The exact same code path is used at training and at inference time, so a model trained on
these features sees precisely what it will see when streaming.
"""

from __future__ import annotations

import functools
import math
import random
import re
import sys
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from guardline.core.model import Stage
from guardline.signs import default_registry
from guardline.signs.normalization import (
    _TOKEN_TABLE,
    KEYBOARD_NEIGHBOURS,
    NOT_TYPOS,
    Corrector,
    clear_winner,
    english_counts,
    interior_typos,
    normalized,
)

_STAGES: tuple[Stage, ...] = tuple(Stage)
N_STAGES = len(_STAGES)
STAGE_INDEX: dict[str, int] = {s.value: i for i, s in enumerate(_STAGES)}
SEXUAL_ORDER = Stage.SEXUAL.order
#: stages that come before 'sexual' in the grooming sequence (friendship .. exclusivity)
PRE_SEXUAL = tuple(i for i, s in enumerate(_STAGES) if s.order < SEXUAL_ORDER)

# on normalised text, where "www." has become "w."
_URL = re.compile(r"(?:https?://|\bw{1,3}\.)\S+|\S+@\S+\.\w+|<email/?>")
# a normalised text has no apostrophe (the sign normaliser deletes them and no later step
# writes one), so a token is a run of letters and digits
_TOKEN = re.compile(r"[a-z0-9]+")
_DIGITS = re.compile(r"^\d+$")

_LAUGH = {
    "lol",
    "lool",
    "lmao",
    "lmfao",
    "rofl",
    "haha",
    "hah",
    "hehe",
    "heh",
    "ha",
    "hahah",
    "hahaha",
    "hehehe",
    "lolz",
    "lolol",
    "xd",
    "jaja",
    "kek",
    "hihi",
    "ahah",
    "ahaha",
}

#: chat spelling -> standard words (one or more tokens)
_CHAT: dict[str, tuple[str, ...]] = {
    "u": ("you",),
    "ya": ("you",),
    "yu": ("you",),
    "yah": ("yeah",),
    "yea": ("yeah",),
    "ye": ("yeah",),
    "yep": ("yes",),
    "yup": ("yes",),
    "ur": ("your",),
    "yr": ("your",),
    "youre": ("you", "are"),
    "r": ("are",),
    "b": ("be",),
    "c": ("see",),
    "n": ("and",),
    "nd": ("and",),
    "&": ("and",),
    "y": ("why",),
    "im": ("i", "am"),
    "ive": ("i", "have"),
    "ill": ("i", "will"),
    "id": ("i", "would"),
    "dont": ("do", "not"),
    "doesnt": ("does", "not"),
    "didnt": ("did", "not"),
    "cant": ("can", "not"),
    "wont": ("will", "not"),
    "isnt": ("is", "not"),
    "wasnt": ("was", "not"),
    "arent": ("are", "not"),
    "havent": ("have", "not"),
    "wanna": ("want", "to"),
    "gonna": ("going", "to"),
    "gotta": ("got", "to"),
    "kinda": ("kind", "of"),
    "sorta": ("sort", "of"),
    "lemme": ("let", "me"),
    "gimme": ("give", "me"),
    "dunno": ("do", "not", "know"),
    "idk": ("i", "do", "not", "know"),
    "wyd": ("what", "you", "doing"),
    "wbu": ("what", "about", "you"),
    "hbu": ("how", "about", "you"),
    "wby": ("what", "about", "you"),
    "nm": ("nothing",),
    "nmu": ("nothing",),
    "nothin": ("nothing",),
    "nuthin": ("nothing",),
    "sup": ("what", "up"),
    "wassup": ("what", "up"),
    "whats": ("what", "is"),
    "wat": ("what",),
    "wut": ("what",),
    "wht": ("what",),
    "thats": ("that", "is"),
    "its": ("it", "is"),
    "k": ("ok",),
    "kk": ("ok",),
    "okay": ("ok",),
    "okey": ("ok",),
    "okie": ("ok",),
    "ty": ("thanks",),
    "thx": ("thanks",),
    "thanx": ("thanks",),
    "tnx": ("thanks",),
    "thank": ("thanks",),
    "pls": ("please",),
    "plz": ("please",),
    "plse": ("please",),
    "cuz": ("because",),
    "coz": ("because",),
    "cos": ("because",),
    "cause": ("because",),
    "bc": ("because",),
    "becuz": ("because",),
    "luv": ("love",),
    "lov": ("love",),
    "pic": ("pic",),
    "pics": ("pic",),
    "pix": ("pic",),
    "picture": ("pic",),
    "pictures": ("pic",),
    "photo": ("pic",),
    "photos": ("pic",),
    "foto": ("pic",),
    "fotos": ("pic",),
    "selfie": ("pic",),
    "selfies": ("pic",),
    "cam": ("cam",),
    "webcam": ("cam",),
    "camera": ("cam",),
    "vid": ("video",),
    "vids": ("video",),
    "ppl": ("people",),
    "bf": ("boyfriend",),
    "gf": ("girlfriend",),
    "bday": ("birthday",),
    "b4": ("before",),
    "gr8": ("great",),
    "l8r": ("later",),
    "l8": ("late",),
    "2day": ("today",),
    "2nite": ("tonight",),
    "tonite": ("tonight",),
    "2morrow": ("tomorrow",),
    "tmrw": ("tomorrow",),
    "tmr": ("tomorrow",),
    "2moro": ("tomorrow",),
    "msg": ("message",),
    "txt": ("text",),
    "ph": ("phone",),
    "fone": ("phone",),
    "whatcha": ("what", "you"),
    "wassup?": ("what", "up"),
    "omg": ("oh", "my", "god"),
    "btw": ("by", "the", "way"),
    "rly": ("really",),
    "realy": ("really",),
    "srsly": ("seriously",),
    "prob": ("probably",),
    "probly": ("probably",),
    "tho": ("though",),
    "thru": ("through",),
    "abt": ("about",),
    "bout": ("about",),
    "hun": ("hon",),
    "hon": ("hon",),
    "hiya": ("hi",),
    "hii": ("hi",),
    "hey": ("hi",),
    "heya": ("hi",),
    "hay": ("hi",),
    "hello": ("hi",),
    "helo": ("hi",),
    "yo": ("hi",),
    "sry": ("sorry",),
    "soz": ("sorry",),
    "alot": ("a", "lot"),
    "gud": ("good",),
    "gd": ("good",),
    "kewl": ("cool",),
    "kool": ("cool",),
    "cul": ("cool",),
    "mom": ("mom",),
    "mum": ("mom",),
    "mam": ("mom",),
    "mommy": ("mom",),
    "mummy": ("mom",),
    "ma": ("mom",),
    "dad": ("dad",),
    "daddy": ("dad",),
    "pa": ("dad",),
    "parents": ("parents",),
    "rents": ("parents",),
    "sis": ("sister",),
    "bro": ("brother",),
    "yess": ("yes",),
    "noo": ("no",),
    "nope": ("no",),
    "nah": ("no",),
    "naw": ("no",),
    "sooo": ("so",),
    "soo": ("so",),
    "2": ("to",),
    "4": ("for",),
    "wen": ("when",),
    "wher": ("where",),
    "whr": ("where",),
    "someting": ("something",),
    "somethin": ("something",),
    "doin": ("doing",),
    "goin": ("going",),
    "comin": ("coming",),
    "gettin": ("getting",),
    "talkin": ("talking",),
    "lookin": ("looking",),
    "thinkin": ("thinking",),
    "havin": ("having",),
    "feelin": ("feeling",),
    "chillin": ("chilling",),
    "sayin": ("saying",),
    "tryin": ("trying",),
    "playin": ("playing",),
    "workin": ("working",),
    "makin": ("making",),
    "takin": ("taking",),
}


def _digit_token(tok: str) -> str:
    """Numbers: keep plausible ages (10-99) as-is, collapse the rest."""
    if len(tok) == 2 and tok[0] != "0":
        return tok
    if len(tok) == 1:
        return tok
    return "<num>"


#: token -> its normalised words (:func:`_word` depends on the token alone); bounded, so a
#: stream of made-up tokens cannot grow it without limit (past the bound tokens are simply
#: normalised again each time)
_WORDS: dict[bytes, tuple[str, ...]] = {}
_WORDS_MAX = 200_000


def _word(tok: str) -> tuple[str, ...]:
    """The normalised word(s) of one token of normalised text."""
    if tok in _LAUGH or (len(tok) > 3 and tok.startswith(("haha", "hehe", "lol", "lmao"))):
        return ("<laugh>",)
    m = _CHAT.get(tok)
    if m is None and len(tok) > 2 and tok[-1] == tok[-2]:
        m = _CHAT.get(tok[:-1])
        if m is None and tok[:-1] in _LAUGH:
            m = ("<laugh>",)
    if m is not None:
        return m
    if tok[0].isdigit():
        if _DIGITS.match(tok):
            return (_digit_token(tok),)
        if tok.endswith(("yo", "yrs", "y")) and tok[:-1].rstrip("yrso").isdigit():
            return (_digit_token(re.sub(r"\D", "", tok)),)
        return ("<num>",)
    if tok == "zzurl":
        return ("<url>",)
    return (tok,)


#: a caller's cache for :func:`normalise_words` with one ``fix``: token -> its words, fixed
WordCache = dict[bytes, tuple[str, ...]]


def _tokens(t: str) -> list[bytes]:
    """``_TOKEN.findall(t)`` as ASCII bytes, by one translate and one split (as the sign
    normaliser's :attr:`~guardline.signs.normalization.NormalizedText.runs`)."""
    return t.encode("utf-8", "surrogatepass").translate(_TOKEN_TABLE).split()


def normalise_words(
    text: str, fix: Mapping[str, str] | None = None, cache: WordCache | None = None
) -> list[str]:
    """Normalised word tokens of one message (see the module docstring).

    The characters are first normalised exactly as the sign recognizers see them
    (:mod:`guardline.signs.normalization`: look-alike letters, invisible characters, spaced or
    dotted letters, leetspeak and keyword typos undone), so evasion tricks reach the text
    models already undone. ``fix`` (the learned model's own typo table) then maps misspelt
    words onto the model's words.

    ``cache`` is a dict the caller keeps for this one ``fix`` (the learned model keeps one):
    each token's words are then looked up with ``fix`` already applied, in one lookup.
    Without it the module's cache is used and ``fix`` is applied to the message's words.
    Either way the words are interned (see :class:`~guardline.model.learned.LearnedModel`).
    """
    norm = normalized(text, _corrector())
    t = norm.text
    if "@" in t or "://" in t or "w." in t or "<email" in t:  # every _URL match holds one
        tokens = _tokens(_URL.sub(" zzurl ", t))
    else:  # the sign registry has split this text already (the same normalised text)
        tokens = norm.runs
    out: list[str] = []
    words = _WORDS if cache is None else cache
    for tok in tokens:
        w = words.get(tok)
        if w is None:
            found = _word(tok.decode("ascii"))
            if cache is not None and fix:
                found = tuple([fix.get(x, x) for x in found])
            # interned: the learned model's vocabulary keys are, so its lookups of a cached
            # word find the key by identity (no string compare, no second cache miss)
            w = tuple([sys.intern(x) for x in found])
            if len(words) < _WORDS_MAX:
                words[tok] = w
        out += w
    if cache is None and fix and not fix.keys().isdisjoint(out):
        out = [fix.get(t, t) for t in out]
    return out


#: spelling repair of the text models' words (:func:`spelling_fixes`): misspellings of the
#: most frequent English words of four or more letters, rare as words themselves
SPELL_TARGETS = 1500
_SPELL_RATIO = 1000  # the word is at least this many times more frequent than the misspelling
_SPELL_RARE = 100  # and the misspelling occurs fewer times than this in the English list
#: chat words and real words one edit from a frequent word (seen in the training chats)
_NOT_MISSPELT = frozenset(
    "tech bot pre mens noone fil stat kung los fave wth omw hbu wbu lmk ily hmu ikr idc ngl"
    " bro sis app lol omg brb btw idk imo irl tbh smh wtf nvm thx plz ppl rly yep nah yah hmm"
    " umm uhh ooh aww bae gal guy dat dis dem tho sry msg txt pic vid cam pls tis mos".split()
)


@functools.cache
def spelling_fixes() -> dict[str, str]:
    """Misspelling -> word for the :data:`SPELL_TARGETS` most frequent English words of four
    or more letters (pyspellchecker's frequency list): one interior letter dropped (down to
    three letters: ``tht``, ``hve``, ``jst``), doubled, swapped or hit on a keyboard
    neighbour. A misspelling is kept only when it is rare as a word (fewer than
    ``_SPELL_RARE`` occurrences in the list, and ``_SPELL_RATIO`` times rarer than the word),
    is not a chat word, and comes from one word (or one ten times more frequent than the
    others).

    Applied to the text models' words in training *and* when streaming (model files with
    ``"spelling": 1``): a misspelt common word then counts as the word. Without it the text
    models learned the misspellings of one corpus as a style cue ("tht" weighed -2.1 towards
    "not an offender"), so an offender's typos lowered their score.
    """
    real = english_counts()
    ranked = sorted((w for w in real if len(w) >= 4), key=lambda w: (-real[w], w))
    cands: dict[str, set[str]] = {}
    skip = _NOT_MISSPELT | NOT_TYPOS
    for w in ranked[:SPELL_TARGETS]:
        top = real[w]
        for k in interior_typos(w):
            if k == w or k in skip or k in _CHAT or k in _LAUGH:
                continue
            c = real.get(k, 0)
            if c >= _SPELL_RARE or c * _SPELL_RATIO >= top:
                continue
            cands.setdefault(k, set()).add(w)
    out: dict[str, str] = {}
    for k in sorted(cands):
        best = clear_winner(cands[k], real)
        if best is not None:
            out[k] = best
    return out


#: a word a typo trick may rewrite: four or more ASCII letters, not inside a handle, hashtag or
#: path (the evasion bench's words and training's typo copies)
TYPO_WORD = re.compile(r"(?<![\w@#/])[A-Za-z]{4,}(?![\w@#/])")


def misspell(w: str, rng: random.Random) -> str:
    """``w`` (three or more letters) with one interior typo: two neighbouring letters
    swapped, a letter dropped or doubled, or hit on a keyboard neighbour (the evasion bench's
    ``misspell`` trick and training's typo copies)."""
    i = rng.randrange(1, len(w) - 1)
    kind = rng.randrange(4)
    if kind == 0 and i < len(w) - 2:
        return w[:i] + w[i + 1] + w[i] + w[i + 2 :]
    if kind == 1:
        return w[:i] + w[i + 1 :]
    if kind == 2:
        return w[:i] + w[i] + w[i:]
    near = KEYBOARD_NEIGHBOURS.get(w[i].lower(), "")
    return w[:i] + (rng.choice(near) if near else w[i]) + w[i + 1 :]


def _corrector() -> Corrector | None:
    return default_registry().corrector


def ngrams(words: list[str]) -> list[str]:
    """Unigrams plus adjacent bigrams (``"a b"``) of a normalised message."""
    if len(words) < 2:
        return list(words)
    return [*words, *(a + " " + b for a, b in pairwise(words))]


#: one-word reactions and acknowledgements, as :func:`normalise_words` gives them ("k",
#: "okay" -> ``ok``; "lol", "haha", "xd" -> ``<laugh>``; "yep" -> ``yes``). A message made only
#: of these carries no text score in a model file trained with ``"backchannel": 1``: such a
#: message says nothing about grooming, and its weight was the register of the training
#: corpora (decoys' "ok" and "lol"), which grew without bound when a chat repeats it
BACKCHANNEL = frozenset(
    {
        "ok", "okk", "<laugh>", "yeah", "yes", "no", "cool", "nice", "gg", "wow", "ooh",
        "oh", "ah", "aww", "mhm", "hmm", "ikr", "fr", "sure", "alright", "same", "true",
        "np", "thanks", "right", "fine",
    }
)  # fmt: skip


def is_backchannel(words: list[str]) -> bool:
    """True when every word of a non-empty normalised message is in :data:`BACKCHANNEL`."""
    if not words:
        return False
    for w in words:
        if w not in BACKCHANNEL:
            return False
    return True


#: the most distinct messages per author a model file may remember (``"repeats"``)
MAX_REPEATS = 256


def message_key(words: list[str]) -> int | None:
    """A stable key of a normalised message (CRC-32 of its words; None for no words): two
    messages with the same words have the same key, in every process (unlike ``hash``)."""
    if not words:
        return None
    return zlib.crc32("\x1f".join(words).encode())


def seen_recently(recent: list[int], key: int, keep: int) -> bool:
    """Whether ``key`` is among an author's last ``keep`` distinct message keys (``recent``,
    oldest first); either way ``key`` becomes the newest and the list keeps ``keep`` keys.

    A model file trained with ``"repeats": keep`` gives a message seen recently no text
    score: a chat that repeats one line ("ok", "ok cool see you tomorrow", a copied spam
    line) would otherwise grow its author's text score like the square root of the count."""
    try:
        recent.remove(key)
        seen = True
    except ValueError:
        seen = False
        if len(recent) >= keep:
            del recent[0]
    recent.append(key)
    return seen


def ngram_count(n_words: int) -> int:
    """``len(ngrams(words))`` for ``n_words`` words."""
    return 2 * n_words - 1 if n_words else 0


def message_terms(text: str) -> list[str]:
    """The terms a message contributes to its author's text score."""
    return ngrams(normalise_words(text))


_QWORDS = frozenset(
    {
        "what",
        "where",
        "when",
        "who",
        "why",
        "how",
        "which",
        "do",
        "does",
        "did",
        "are",
        "is",
        "can",
        "could",
        "would",
        "will",
        "have",
        "has",
        "wanna",
    }
)


def is_question(text: str, words: list[str]) -> bool:
    """A message that asks something (question mark, or opens with a question word)."""
    return "?" in text or (bool(words) and words[0] in _QWORDS and len(words) > 1)


@dataclass(slots=True)
class AuthorAcc:
    """Running totals for one author of one conversation (JSON-able through ``to_list``)."""

    s_g: float = 0.0  # sum of groomer-text weights of this author's terms
    s_v: float = 0.0  # sum of target/child-text weights
    s_r: float = 0.0  # sum of role weights (offender vs decoy, within grooming chats)
    n_terms: int = 0  # number of terms seen (normalises the scores)
    n_msgs: int = 0
    n_q: int = 0  # messages that ask a question
    n_words: int = 0
    first_index: int = 0  # index of this author's first message
    stages: list[int] = field(default_factory=lambda: [0] * N_STAGES)
    signs: dict[str, int] = field(default_factory=dict)  # sign id -> count (own signs)
    age_lo: int = 0  # lowest age this author declared (0 = none yet)
    age_hi: int = 0  # highest age this author declared (0 = none yet)
    n_age_q: int = 0  # messages asking the partner's age ("asl", "how old are you")
    #: sums of the static-embedding scores of this author's messages (offender, role); only
    #: a model file with ``static_embedding`` moves them (:mod:`guardline.model.wordpiece`)
    s_eg: float = 0.0
    s_er: float = 0.0
    #: keys of this author's last distinct messages (:func:`seen_recently`), oldest first;
    #: only a model file with ``"repeats"`` keeps them (None otherwise)
    recent: list[int] | None = None

    def text_g(self) -> float:
        return self.s_g / math.sqrt(self.n_terms + 1.0)

    def text_v(self) -> float:
        return self.s_v / math.sqrt(self.n_terms + 1.0)

    def to_list(self) -> list[Any]:
        return [
            self.s_g,
            self.s_v,
            self.s_r,
            self.n_terms,
            self.n_msgs,
            self.n_q,
            self.n_words,
            self.first_index,
            list(self.stages),
            dict(self.signs),
            self.age_lo,
            self.age_hi,
            self.n_age_q,
            *(
                (self.s_eg, self.s_er, list(self.recent))
                if self.recent is not None
                else (self.s_eg, self.s_er)
                if self.s_eg or self.s_er
                else ()
            ),
        ]

    @classmethod
    def from_list(cls, d: list[Any]) -> AuthorAcc:
        # a state written without embedding sums (13 items) reads them as 0, one without
        # message keys (15 items at most) reads None
        return cls(
            float(d[0]),
            float(d[1]),
            float(d[2]),
            int(d[3]),
            int(d[4]),
            int(d[5]),
            int(d[6]),
            int(d[7]),
            [int(x) for x in d[8]],
            {str(k): int(v) for k, v in d[9].items()},
            int(d[10]),
            int(d[11]),
            int(d[12]),
            float(d[13]) if len(d) > 13 else 0.0,
            float(d[14]) if len(d) > 14 else 0.0,
            [int(x) for x in d[15]] if len(d) > 15 else None,
        )


@dataclass(slots=True)
class ConvAcc:
    """Per-conversation state: the accumulators of every author seen so far.

    In a group chat it also holds whom each author is addressing now (``targets``), the
    addressed pairs, addresser -> addressee -> pair accumulator (``pairs``; see
    :mod:`guardline.model.addressing`), for an author whose best pair alone gives them a risk
    of at least one half that pair's addressee (``focus``), and the
    name words of authors whose display name the platform gave (``names``). Each is None until
    first needed: all but ``names`` stay None in a two-person chat, which keeps an open
    conversation's state small."""

    n_msgs: int = 0
    first_author: str | None = None
    authors: dict[str, AuthorAcc] = field(default_factory=dict)
    age_q_by: str | None = None  # author whose age question is still unanswered
    targets: dict[str, str] | None = None
    pairs: dict[str, dict[str, ConvAcc]] | None = None
    focus: dict[str, str] | None = None
    #: the names of authors whose platform display name is known (participant context)
    names: dict[str, list[str]] | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "n_msgs": self.n_msgs,
            "first_author": self.first_author,
            "authors": {a: acc.to_list() for a, acc in self.authors.items()},
            "age_q_by": self.age_q_by,
        }
        if self.targets:
            d["targets"] = dict(self.targets)
        if self.pairs:
            d["pairs"] = {
                a: {p: ps.to_dict() for p, ps in mine.items()} for a, mine in self.pairs.items()
            }
        if self.focus:
            d["focus"] = dict(self.focus)
        if self.names:
            d["names"] = {a: list(k) for a, k in self.names.items()}
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ConvAcc:
        targets, pairs, focus, names = (d.get(k) for k in ("targets", "pairs", "focus", "names"))
        return cls(
            int(d["n_msgs"]),
            d.get("first_author"),
            {str(a): AuthorAcc.from_list(v) for a, v in d["authors"].items()},
            d.get("age_q_by"),
            {str(a): str(t) for a, t in targets.items()} if targets else None,
            {
                str(a): {str(p): ConvAcc.from_dict(ps) for p, ps in mine.items()}
                for a, mine in pairs.items()
            }
            if pairs
            else None,
            {str(a): str(t) for a, t in focus.items()} if focus else None,
            {str(a): [str(x) for x in k] for a, k in names.items()} if names else None,
        )


#: names of the head's features, in order (the model file stores them to check agreement)
BASE_FEATURES: tuple[str, ...] = (
    "text_g",
    "text_v",
    "text_r",
    "other_text_g",
    "other_text_v",
    "other_text_r",
    "role_g",
    "role_v",
    "role_r",
    "dyadic",
    "dyadic_x_role_r",
    "text_g_x_other_v",
    "text_g_sq",
    "role_r_x_log_msgs",
    "log_msgs",
    "share",
    "log_authors",
    "q_ratio",
    "other_q_ratio",
    "words_per_msg",
    "initiated",
    "log_conv_msgs",
    "self_pre_sexual_stages",
    "other_pre_sexual_stages",
    "self_any_pre_sexual",
    "self_minor",
    "self_adult",
    "other_minor",
    "other_adult",
    "age_gap",
    "gap_years",
    "self_age_q",
    "other_age_q",
    "asked_x_other_minor",
    "log_terms",
    "text_g_x_nosign",
    "role_g_x_nosign",
    "role_r_x_nosign",
    "text_g_x_log_terms",
)
#: age features that may only raise an author's risk (monotone in the head)
AGE_MONOTONE = frozenset({"other_minor", "age_gap", "gap_years", "asked_x_other_minor"})


#: the static-embedding features, after the sign columns (a file with ``static_embedding``)
EMBED_FEATURES: tuple[str, ...] = ("emb_g", "emb_g_other", "emb_g_diff", "emb_r_diff")


def embed_features(conv: ConvAcc, author: str, bias: tuple[float, float]) -> list[float]:
    """:data:`EMBED_FEATURES` of one author: their offender score (sum of message scores over
    sqrt(messages + 1), plus the model's bias), the highest of the other authors', the
    difference, and the difference of the role scores (0 without another author)."""
    bg, br = bias
    sqrt = math.sqrt
    me = conv.authors[author]
    sq = sqrt(me.n_msgs + 1.0)
    g = me.s_eg / sq + bg
    r = me.s_er / sq + br
    og: float | None = None
    orr: float | None = None
    for a, acc in conv.authors.items():
        if a == author:
            continue
        sqo = sqrt(acc.n_msgs + 1.0)
        x = acc.s_eg / sqo + bg
        y = acc.s_er / sqo + br
        if og is None or x > og:
            og = x
        if orr is None or y > orr:
            orr = y
    if og is None or orr is None:
        return [g, 0.0, 0.0, 0.0]
    return [g, og, g - og, r - orr]


def author_features(
    conv: ConvAcc,
    author: str,
    sign_ids: tuple[str, ...],
    embed: tuple[float, float] | None = None,
) -> list[float]:
    """The head's feature vector for ``author`` given the conversation so far.

    Order: :data:`BASE_FEATURES`, then for each id in ``sign_ids`` the author's own count
    (log1p) and the other participants' count (log1p).
    """
    me = conv.authors[author]
    n_terms = me.n_terms
    tg = me.s_g / math.sqrt(n_terms + 1.0)
    sq = math.sqrt(n_terms + 1.0)
    tv = me.s_v / sq
    tr = me.s_r / sq
    og = -3.0
    ov = -3.0
    orr = -3.0
    o_q = 0
    o_m = 0
    o_st = [0] * N_STAGES
    o_signs: dict[str, int] = {}
    o_lo = 0  # youngest age a partner declared
    o_hi = 0
    o_aq = 0
    for a, acc in conv.authors.items():
        if a == author:
            continue
        sqo = math.sqrt(acc.n_terms + 1.0)
        g = acc.s_g / sqo
        v = acc.s_v / sqo
        r = acc.s_r / sqo
        if g > og:
            og = g
        if v > ov:
            ov = v
        if r > orr:
            orr = r
        o_q += acc.n_q
        o_m += acc.n_msgs
        st = acc.stages
        for i in range(N_STAGES):
            if st[i]:
                o_st[i] += st[i]
        if acc.signs:
            for k, c in acc.signs.items():
                o_signs[k] = o_signs.get(k, 0) + c
        if acc.age_lo and (not o_lo or acc.age_lo < o_lo):
            o_lo = acc.age_lo
        if acc.age_hi > o_hi:
            o_hi = acc.age_hi
        o_aq += acc.n_age_q
    n_auth = len(conv.authors)
    if n_auth == 1:
        og = 0.0
        ov = 0.0
        orr = 0.0
    log1p = math.log1p
    nm = me.n_msgs
    st = me.stages
    self_pre = 0
    other_pre = 0
    for i in PRE_SEXUAL:
        if st[i]:
            self_pre += 1
        if o_st[i]:
            other_pre += 1
    dy = 1.0 if n_auth == 2 else 0.0
    rr = tr - orr
    feats = [
        tg,
        tv,
        tr,
        og,
        ov,
        orr,
        tg - og,
        ov - tv,
        rr,
        dy,
        dy * rr,
        tg * ov,
        tg * abs(tg),
        rr * log1p(nm),
        log1p(nm),
        nm / conv.n_msgs if conv.n_msgs else 0.0,
        math.log(n_auth),
        me.n_q / nm if nm else 0.0,
        o_q / o_m if o_m else 0.0,
        log1p(me.n_words / nm if nm else 0.0),
        1.0 if conv.first_author == author else 0.0,
        log1p(conv.n_msgs),
        float(self_pre),
        float(other_pre),
        1.0 if self_pre else 0.0,
    ]
    s_minor = 1.0 if 0 < me.age_lo < 18 else 0.0
    s_adult = 1.0 if me.age_hi >= 18 else 0.0
    o_minor = 1.0 if 0 < o_lo < 18 else 0.0
    gap = min(max((me.age_hi - o_lo) / 10.0, 0.0), 5.0) if me.age_hi and o_lo else 0.0
    feats += [
        s_minor,
        s_adult,
        o_minor,
        1.0 if o_hi >= 18 else 0.0,
        s_adult * o_minor,
        gap,
        log1p(me.n_age_q),
        log1p(o_aq),
        o_minor if me.n_age_q else 0.0,
    ]
    # text evidence without any own grooming sign, and on few terms, is weaker evidence
    nosign = 0.0 if self_pre else 1.0
    lt = log1p(n_terms)
    feats += [lt, tg * nosign, (tg - og) * nosign, rr * nosign, tg * lt]
    if sign_ids:
        own = me.signs
        for k in sign_ids:
            feats.append(log1p(own.get(k, 0)))
            feats.append(log1p(o_signs.get(k, 0)))
    if embed is not None:
        feats += embed_features(conv, author, embed)
    return feats


def feature_names(sign_ids: tuple[str, ...], embed: bool = False) -> list[str]:
    names = list(BASE_FEATURES)
    for k in sign_ids:
        names.append(f"self_sign:{k}")
        names.append(f"other_sign:{k}")
    if embed:
        names += EMBED_FEATURES
    return names


# --------------------------------------------------------------------------- declared ages

_NUMW = {
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
}
_NUM = (
    r"(\d{1,2}|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
    r"|twenty|thirty|forty|fifty|sixty)"
)
# what may not follow a number for it to be an age ("im 15 mins away", "im 13th")
_NOT_AGE = (
    r"(?! ?(?:min|mins|minute|minutes|sec|secs|hour|hours|hrs|hr|day|days|week|weeks"
    r"|month|months|ft|feet|foot|inch|inches|cm|kg|lb|lbs|pound|pounds|mile|miles|mi|km"
    r"|k|mil|dollars|dollar|bucks|usd|euros|quid|cents|percent|times|more|pages|points"
    r"|down|up|behind|ahead|away|out|left|of|am|pm|o ?clock|%|\$|:|\.\d|,\d|x|th|st|nd"
    r"|rd|games|people|players|and|or|to|-)\b)"
)
_AGE_RES = (
    # "im 32", "i'm only 14", "i am fourteen", "im 13 yrs"
    re.compile(
        r"\b(?:i ?'?m|i am|iam)\s+(?:only |just |almost |nearly |turning |still "
        r"|actually |really )?" + _NUM + r"\b" + _NOT_AGE
    ),
    # "32 m", "14/f/ca", "13 f", "25 male", "15 yo", "15 years old"
    re.compile(
        r"(?:^|[\s(])" + _NUM + r"\s*(?:/|,|\s|-)?\s*(?:m|f|male|female|boy|girl|yo|y/o"
        r"|yrs|yr|years? old|yrs old|year old)(?:\b|/|$)"
    ),
    # "my age is 14", "age 14", "age: 14"
    re.compile(r"\bage\s*(?:is|:|=)?\s*" + _NUM + r"\b" + _NOT_AGE),
)
_GRADE = re.compile(
    r"\b(?:in|finish(?:ed|ing)?|starting|start) (?:the )?([4-9]|1[0-2])"
    r"(?:th|st|nd|rd) grade\b|\b(?:in|at) middle school\b"
    r"|\bi'?m (?:a )?(?:freshman|sophomore) in high ?school\b"
)
_ASKS = re.compile(
    r"\b(?:asl|a/s/l|how old|ur age|your age|ya age|age\s*\?|wat age|what age"
    r"|how young)\b"
)
_BARE = re.compile(
    r"^\s*" + _NUM + r"\s*(?:/|,|\s)?\s*(?:m|f|male|female|boy|girl|yo|y/o|yrs"
    r"|years|years old|u\??|you\??|wbu\??|hbu\??|and you\??|n u\??)?\s*[.!?]*\s*$"
)


#: parse_age's fast path: a message with none of these strings and no digit states no age
#: and asks none (every age pattern needs one of them); ``in`` tests, cheaper here than
#: one regular expression that tries every alternative at every position
_GATE_WORDS = (
    "age",
    "old",
    "ten",
    "teen",
    "asl",
    "a/s/l",
    "grade",
    "school",
    "eleven",
    "twelve",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "young",
)
_DIGIT = re.compile(r"\d")


def _may_state_age(t: str) -> bool:
    for w in _GATE_WORDS:
        if w in t:
            return True
    return _DIGIT.search(t) is not None


def _num(s: str) -> int:
    return int(s) if s.isdigit() else _NUMW[s]


def parse_age(text: str) -> tuple[int, int, bool]:
    """Declared age in one message: ``(age, bare_age, asks_age)``.

    ``age`` is an age the writer states about themself (8-70, else 0); ``bare_age`` is a
    number that is the whole message ("13", "13 f", "14 u?"), which counts as an age only as
    the answer to a partner's age question; ``asks_age`` marks "asl" / "how old are you".
    """
    t = text.lower()
    if not _may_state_age(t):  # fast path: most messages mention no number or age at all
        return 0, 0, False
    return _age_fields(t)


def _age_fields(t: str) -> tuple[int, int, bool]:
    """:func:`parse_age` of the lower-cased ``t`` without its fast path."""
    asks = _ASKS.search(t) is not None
    age = 0
    for rx in _AGE_RES:
        m = rx.search(t)
        if m is not None:
            a = _num(m.group(1))
            if 8 <= a <= 70:
                age = a
                break
    if not age:
        m = _GRADE.search(t)
        if m is not None:
            age = int(m.group(1)) + 5 if m.group(1) else 13
    bare = 0
    if not age:
        m = _BARE.match(t)
        if m is not None:
            b = _num(m.group(1))
            if 8 <= b <= 70:
                bare = b
    return age, bare, asks
