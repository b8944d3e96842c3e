"""Perturbations: style neutralisation and label-preserving invariance variants.

Two uses:

- :func:`neutralise_style` / :func:`neutralise_conversation` flatten chat register: lower
  case, no apostrophes, repeated letters squashed, chat abbreviations expanded ("u" ->
  "you", "idk" -> "i do not know", "yeah" -> "yes"), laughter ("lol", "haha", "lmao")
  removed. groombench's positives are 2005-2016 IM chats and its negatives mostly 2018
  student chat, so a model can win on era and register. Figures "with style cues
  neutralised" show how much of a score survives without those cues.
- :func:`rename_authors`, :func:`swap_emojis`, :func:`change_case` and
  :func:`inject_typos` make variants of a (hard-case) conversation that should not change a
  detector's decision. Each returns a new :class:`~guardline.core.model.Conversation` with
  the same labels (``predators`` mapped through renames), never mutates its input, and is
  deterministic for a given ``seed``.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Callable, Iterator

from guardline.core.model import Conversation, Message, Participant
from guardline.model.addressing import display_name_keys, name_keys

__all__ = [
    "CHAT_EXPANSIONS",
    "change_case",
    "inject_typos",
    "neutralise_conversation",
    "neutralise_style",
    "rename_authors",
    "swap_emojis",
    "variants",
]

# ============================================================================ neutralise

#: Chat tokens and contractions (apostrophes already removed) -> plain words. No output
#: word is itself a key, so neutralising twice changes nothing.
CHAT_EXPANSIONS: dict[str, str] = {
    # pronouns, verbs
    "u": "you",
    "ya": "you",
    "yu": "you",
    "ur": "your",
    "yr": "your",
    "r": "are",
    "im": "i am",
    "ive": "i have",
    "youre": "you are",
    "youve": "you have",
    "theyre": "they are",
    "dont": "do not",
    "doesnt": "does not",
    "didnt": "did not",
    "cant": "cannot",
    "wont": "will not",
    "isnt": "is not",
    "arent": "are not",
    "wasnt": "was not",
    "havent": "have not",
    "hasnt": "has not",
    "couldnt": "could not",
    "shouldnt": "should not",
    "wouldnt": "would not",
    "thats": "that is",
    "whats": "what is",
    "wheres": "where is",
    "hows": "how is",
    "theres": "there is",
    "lets": "let us",
    "wanna": "want to",
    "gonna": "going to",
    "gotta": "got to",
    "kinda": "kind of",
    "dunno": "do not know",
    "idk": "i do not know",
    "ikr": "i know right",
    # yes / no / ok
    "yeah": "yes",
    "yea": "yes",
    "yep": "yes",
    "yup": "yes",
    "ye": "yes",
    "yh": "yes",
    "yess": "yes",
    "nah": "no",
    "nope": "no",
    "k": "ok",
    "kk": "ok",
    "okay": "ok",
    "okey": "ok",
    "oki": "ok",
    # common chat abbreviations
    "pls": "please",
    "plz": "please",
    "thx": "thanks",
    "thanx": "thanks",
    "ty": "thanks",
    "tnx": "thanks",
    "np": "no problem",
    "b4": "before",
    "2day": "today",
    "2nite": "tonight",
    "tonite": "tonight",
    "2moro": "tomorrow",
    "tmrw": "tomorrow",
    "tmr": "tomorrow",
    "tomoz": "tomorrow",
    "gr8": "great",
    "l8r": "later",
    "cya": "see you",
    "c": "see",
    "bf": "boyfriend",
    "gf": "girlfriend",
    "bc": "because",
    "cuz": "because",
    "coz": "because",
    "cos": "because",
    "bcuz": "because",
    "tbh": "to be honest",
    "omg": "oh my god",
    "btw": "by the way",
    "nvm": "never mind",
    "ppl": "people",
    "msg": "message",
    "wat": "what",
    "wut": "what",
    "wot": "what",
    "dat": "that",
    "da": "the",
    "n": "and",
    "rly": "really",
    "rlly": "really",
    "sry": "sorry",
    "soz": "sorry",
    "ne1": "anyone",
    "some1": "someone",
    "luv": "love",
    "bday": "birthday",
    "hru": "how are you",
    "wbu": "what about you",
    "hbu": "how about you",
    "wyd": "what are you doing",
    "nm": "not much",
    "brb": "be right back",
    "ttyl": "talk to you later",
    "gtg": "got to go",
    "g2g": "got to go",
    "kool": "cool",
    "cul8r": "see you later",
    "prob": "probably",
    "probs": "probably",
    "obvs": "obviously",
    "def": "definitely",
    "b": "be",
    "xx": "",
    "x": "",
}

_LAUGH = re.compile(
    r"^(?:l+o+l+z?|lo+l+o+l+|lm+f?a+o+|rofl+|xd+|(?:a?h+[aeiou]+){2,}h*|(?:ja){2,}j?|"
    r"(?:j[ae]){2,}|he(?:he)+|hi(?:hi)+)$"
)
_REPEAT = re.compile(r"(.)\1{2,}", re.S)
_WORD = re.compile(r"[a-z0-9]+")
_APOSTROPHES = re.compile(r"['’‘`´]")
_SPACE_BEFORE_PUNCT = re.compile(r" ([,.!?;:])")


def _expand(match: re.Match[str]) -> str:
    w = match.group(0)
    if _LAUGH.match(w):
        return ""
    return CHAT_EXPANSIONS.get(w, w)


def neutralise_style(text: str) -> str:
    """Flatten chat register in one message text (idempotent).

    Lower-cases, removes apostrophes, squashes runs of three or more identical characters to
    one ("soooo" -> "so", "!!!" -> "!"), expands :data:`CHAT_EXPANSIONS`, removes laughter
    tokens (lol, lmao, haha, hehe, xd, ...), collapses whitespace and drops spaces before
    punctuation. Emojis and other
    punctuation stay.
    """
    t = text
    for _ in range(8):  # removing a token can join two runs ("!!lol!"): repeat to a fixed point
        new = _neutralise_once(t)
        if new == t:
            break
        t = new
    return t


def _neutralise_once(text: str) -> str:
    t = _APOSTROPHES.sub("", text.lower())
    t = _REPEAT.sub(r"\1", t)
    t = _WORD.sub(_expand, t)
    return _SPACE_BEFORE_PUNCT.sub(r"\1", " ".join(t.split())).strip()


def neutralise_conversation(conv: Conversation) -> Conversation:
    """A copy of ``conv`` with every message passed through :func:`neutralise_style`."""
    return _with_texts(conv, [neutralise_style(m.text) for m in conv.messages], "neutralised")


# ============================================================================ helpers


def _rng(seed: int, conv: Conversation, what: str) -> random.Random:
    digest = hashlib.sha256(f"{what}|{seed}|{conv.id}".encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def _with_texts(
    conv: Conversation,
    texts: list[str],
    tag: str,
    author_map: dict[str, str] | None = None,
) -> Conversation:
    amap = author_map or {}
    msgs = [
        Message(m.conversation_id, m.index, amap.get(m.author, m.author), t, m.time, m.message_id)
        for m, t in zip(conv.messages, texts, strict=True)
    ]
    parts = {
        amap.get(a, a): Participant(
            amap.get(p.author, p.author),
            p.age_band,
            p.declared_age,
            p.account_age_days,
            p.prior_contact,
            # a renamed account is shown under its new first name
            p.display_name
            if p.display_name is None or p.author not in amap
            else amap[p.author].split("_")[0].capitalize(),
        )
        for a, p in conv.participants.items()
    }
    extra = dict(conv.extra)
    extra["variant"] = [*list(extra.get("variant") or []), tag]
    return Conversation(
        id=conv.id,
        messages=msgs,
        participants=parts,
        predators=None if conv.predators is None else [amap.get(a, a) for a in conv.predators],
        predator_lines=None if conv.predator_lines is None else list(conv.predator_lines),
        extra=extra,
    )


def _match_case(src: str, new: str) -> str:
    if src.isupper() and len(src) > 1:
        return new.upper()
    if src[:1].isupper():
        return new[:1].upper() + new[1:]
    return new.lower()


# ============================================================================ rename

#: First names used both to build new author ids and to swap names mentioned in the text.
FIRST_NAMES: tuple[str, ...] = (
    "aaron",
    "abby",
    "adam",
    "aisha",
    "alex",
    "ali",
    "amber",
    "amy",
    "ana",
    "anna",
    "ava",
    "ben",
    "bella",
    "beth",
    "cal",
    "callum",
    "charlie",
    "chloe",
    "chris",
    "dan",
    "dana",
    "dev",
    "dylan",
    "eli",
    "ella",
    "ellie",
    "emma",
    "eric",
    "erin",
    "ethan",
    "eva",
    "evie",
    "finn",
    "freya",
    "gabe",
    "grace",
    "hana",
    "hannah",
    "harry",
    "holly",
    "isla",
    "ivy",
    "jack",
    "jade",
    "jake",
    "james",
    "jamie",
    "jay",
    "jayden",
    "jess",
    "joe",
    "josh",
    "jude",
    "kai",
    "kate",
    "katie",
    "kim",
    "kyle",
    "lara",
    "leah",
    "leo",
    "lexi",
    "liam",
    "lily",
    "liv",
    "lola",
    "lucy",
    "luke",
    "max",
    "maya",
    "mia",
    "mila",
    "milo",
    "mo",
    "nat",
    "nia",
    "noah",
    "noor",
    "ollie",
    "omar",
    "oscar",
    "owen",
    "pip",
    "poppy",
    "priya",
    "reece",
    "riley",
    "robin",
    "rosie",
    "ruby",
    "ryan",
    "sam",
    "sara",
    "sasha",
    "sky",
    "sofia",
    "sophie",
    "tia",
    "theo",
    "toby",
    "tom",
    "tyler",
    "zac",
    "zara",
    "zoe",
)
_NAME_SET = frozenset(FIRST_NAMES)


def rename_authors(conv: Conversation, seed: int = 0) -> Conversation:
    """New author ids, and first names mentioned in the text swapped for others.

    Every author gets a fresh id (``<name>_<nn>``, injective, seeded; no two authors share a
    first name while :data:`FIRST_NAMES` lasts, about a hundred authors). Occurrences of an
    old author id in any message text become the new id, and the name an author is called by
    (:func:`guardline.model.addressing.name_keys` or their display name, as "Amelia" for
    ``amelia_p12``; never a common English word, nor a word the text also uses after an
    article or a possessive, as "the scholarship") becomes their new first name: a renamed
    person is addressed by their new name. Other first names from :data:`FIRST_NAMES`
    mentioned in the text are replaced consistently (same name -> same replacement, case
    kept) by names that do not occur in the conversation. ``predators`` and
    ``participants`` follow the renaming.
    """
    rng = _rng(seed, conv, "rename")
    authors = conv.authors
    text_all = " ".join(m.text.lower() for m in conv.messages)
    words = set(re.findall(r"[a-z]+", text_all))
    # an id's first word is a name unless the text uses it as a common noun ("the scholarship")
    nouns = set(
        re.findall(r"\b(?:the|a|an|my|your|ur|our|his|her|their|this|that) ([a-z]+)", text_all)
    )
    shown = {
        a: set(display_name_keys(p.display_name))
        for a, p in conv.participants.items()
        if p.display_name
    }
    called = {a: sorted(((name_keys(a) | shown.get(a, set())) & words) - nouns) for a in authors}
    mentioned = sorted(
        {w for w in words if w in _NAME_SET} | {k for ks in called.values() for k in ks}
    )
    taken = {a.lower() for a in authors} | set(mentioned) | set(text_all.split())
    free = [n for n in FIRST_NAMES if n not in taken]
    rng.shuffle(free)
    used = {a.lower() for a in authors}
    amap: dict[str, str] = {}
    nmap: dict[str, str] = {}
    for a in authors:
        first = free.pop() if free else rng.choice(FIRST_NAMES)
        while True:
            new = f"{first}_{rng.randrange(10, 100)}"
            if new not in used:
                break
        used.add(new)
        amap[a] = new
        for k in called[a]:
            nmap.setdefault(k, first)
    for w in mentioned:
        if w not in nmap:
            nmap[w] = free.pop() if free else w

    lookup: dict[str, str] = {a.lower(): amap[a] for a in authors}
    keys = sorted(lookup, key=len, reverse=True) + sorted(nmap, key=len, reverse=True)
    if not keys:
        return _with_texts(conv, [m.text for m in conv.messages], f"rename:{seed}", amap)
    pattern = re.compile(
        r"(?<![\w])(" + "|".join(re.escape(k) for k in keys) + r")(?![\w])", re.IGNORECASE
    )

    def sub(match: re.Match[str]) -> str:
        word = match.group(0)
        low = word.lower()
        if low in lookup:
            return lookup[low]
        return _match_case(word, nmap[low])

    texts = [pattern.sub(sub, m.text) for m in conv.messages]
    return _with_texts(conv, texts, f"rename:{seed}", amap)


# ============================================================================ emojis

_EMOJI = re.compile(
    "(?:[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\u2190-\u21ff\u2300-\u23ff]"
    "[\ufe0f\U0001f3fb-\U0001f3ff]*)"
    r"|(?<![\w:])(?:[:;]-?[)(DPp]|<3)(?![\w])"
)
#: Replacement pool: common, mostly neutral emojis and emoticons.
EMOJI_POOL: tuple[str, ...] = (
    "😀",
    "😂",
    "😊",
    "🙂",
    "😅",
    "😎",
    "👍",
    "🙌",
    "✨",
    "🔥",
    "💯",
    "🎉",
    "😮",
    "🤔",
    "😬",
    "🙃",
    "👀",
    "😄",
    "🤷",
    "👋",
    ":)",
    ":D",
    ";)",
)


def swap_emojis(conv: Conversation, seed: int = 0) -> Conversation:
    """Each distinct emoji / emoticon replaced by another from :data:`EMOJI_POOL` (seeded)."""
    rng = _rng(seed, conv, "emoji")
    mapping: dict[str, str] = {}

    def sub(match: re.Match[str]) -> str:
        e = match.group(0)
        if e not in mapping:
            choices = [p for p in EMOJI_POOL if p != e]
            mapping[e] = rng.choice(choices)
        return mapping[e]

    texts = [_EMOJI.sub(sub, m.text) for m in conv.messages]
    return _with_texts(conv, texts, f"emojis:{seed}")


# ============================================================================ case

_CASES: tuple[Callable[[str], str], ...] = (
    str.lower,
    str.upper,
    lambda s: s[:1].upper() + s[1:].lower(),
    str.swapcase,
)


def change_case(conv: Conversation, seed: int = 0) -> Conversation:
    """Each message re-cased by a seeded choice of lower / UPPER / Sentence / sWAP case."""
    rng = _rng(seed, conv, "case")
    texts = [_CASES[rng.randrange(len(_CASES))](m.text) for m in conv.messages]
    return _with_texts(conv, texts, f"case:{seed}")


# ============================================================================ typos

_KEYS = "qwertyuiop asdfghjkl zxcvbnm"
_NEIGHBOURS: dict[str, str] = {}
for _row in _KEYS.split():
    for _i, _ch in enumerate(_row):
        _NEIGHBOURS[_ch] = _row[max(0, _i - 1) : _i] + _row[_i + 1 : _i + 2]
_TYPO_WORD = re.compile(r"(?<![\w@#/\[.])[A-Za-z]{4,}(?![\w@#/\]])")


def _typo(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 1)  # keep first and last letters
    kind = rng.randrange(4)
    if kind == 0:  # swap with next
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind == 1:  # drop
        return word[:i] + word[i + 1 :]
    if kind == 2:  # double
        return word[:i] + word[i] + word[i:]
    near = _NEIGHBOURS.get(word[i].lower(), "")
    if not near:
        return word[:i] + word[i + 1 :]
    rep = rng.choice(near)
    return word[:i] + (rep.upper() if word[i].isupper() else rep) + word[i + 1 :]


def inject_typos(conv: Conversation, seed: int = 0, rate: float = 0.08) -> Conversation:
    """Small, deterministic typos: about ``rate`` of the words of 4+ letters get one edit.

    The edit (swap two letters, drop one, double one, or hit a keyboard neighbour) never
    touches a word's first or last letter, and words in handles, tags or links (next to
    ``@``, ``#``, ``/`` or digits) are left alone. Author ids are unchanged.
    """
    rng = _rng(seed, conv, "typos")

    def sub(match: re.Match[str]) -> str:
        w = match.group(0)
        return _typo(w, rng) if rng.random() < rate else w

    texts = [_TYPO_WORD.sub(sub, m.text) for m in conv.messages]
    return _with_texts(conv, texts, f"typos:{seed}")


def variants(conv: Conversation, seed: int = 0) -> Iterator[Conversation]:
    """The four invariance variants of ``conv`` (rename, emojis, case, typos)."""
    yield rename_authors(conv, seed)
    yield swap_emojis(conv, seed + 1)
    yield change_case(conv, seed + 2)
    yield inject_typos(conv, seed + 3)
