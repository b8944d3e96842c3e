"""Generic pieces shared by the synthetic chat generators: names, slot lists, styles, rendering.

Nothing here carries a label: name lists, the small-talk slot vocabularies, the writing-style
draw (lowercase, chat abbreviations, emoji, typos), the banned-word guard every generated
message is checked against, and the template parser. Used by
:mod:`guardline.corpora.synthetic` and :mod:`guardline.corpora.synthetic_group`.

Template syntax (see :func:`parse_beat`): a beat is a block of lines ``r: text | alternative``
where ``r`` is a role letter; ``r?:`` marks an optional line; a line starting with ``|`` adds
alternatives to the line above.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections.abc import Callable
from dataclasses import dataclass

from guardline.core.model import Conversation, Message

#: One parsed template line: (role, optional, alternatives).
Line = tuple[str, bool, list[str]]

GIRLS = (
    "mia ella lily ava grace zara amara chloe sophie isla maya freya leah jess aisha priya nina"
    " rosie evie holly ruby poppy amelia hana layla keira tilly megan"
).split()

BOYS = (
    "tom jack leo max sam ollie noah ethan kai ryan liam josh adam ben dylan harry omar theo"
    " finn alex zak reece callum jayden arlo yusuf"
).split()

WOMEN = (
    "sarah emma claire rachel helen karen lisa nicola jo anna gemma laura kate vicky sam"
    " natalie amy louise fatima priya"
).split()

MEN = (
    "dan mark chris paul steve gary rob james david mike tony neil ian martin kev lee andy"
    " alex matt jon imran raj"
).split()

SURNAMES = (
    "evans khan smith patel jones brown wilson taylor murphy walker hughes ali clarke wright"
    " green hall wood lewis roberts okafor nowak kelly price shah moore"
).split()

HANDLES = (
    "gamer shadow pixel star wolf blaze frost ninja sky moon storm ghost sunny lucky flash"
    " vibes bee fox cat dino"
).split()

GAMES = (
    "minecraft|roblox|fortnite|among us|rocket league|fifa|valorant|apex|brawl stars"
    "|stardew|adopt me|overwatch|fall guys"
).split("|")

CURRENCY = "robux|vbucks|gems|coins|points".split("|")

ITEMS = (
    "skin|pet|emote|glider|sword|dragon|hat|wrap|bundle|battle pass|unicorn pet|pickaxe"
).split("|")

SPORTS = "football|netball|swimming|hockey|basketball|rugby|gymnastics|cricket".split("|")

SUBJECTS = "maths|science|history|geography|french|art|english|drama|music|computing".split("|")

FOODS = "pizza|pasta|tacos|chips|curry|noodles|burgers|fajitas|roast|pancakes".split("|")

SHOWS = "stranger things|bluey|the traitors|love island|wednesday|one piece|bake off".split("|")

PETS = "dog|cat|hamster|rabbit|guinea pig|puppy".split("|")

EMOJI = "😂|😊|👍|❤️|🙃|😭|😅|🙂|✨|🔥|👀|🥲|😆|🙏|💀".split("|")


def username(rng: random.Random, first: str, surname: str) -> str:
    """A varied username; digits for anyone, never a hint at the role."""
    digits = rng.choice(
        [str(rng.randint(1, 99)), str(rng.randint(100, 999)), str(rng.randint(1978, 2015))]
    )
    handle = lambda: rng.choice(HANDLES)  # noqa: E731  (drawn only by the styles using it)
    styles: tuple[Callable[[], str], ...] = (
        lambda: f"{first}.{surname[0]}",
        lambda: f"{first}_{surname[0]}",
        lambda: f"{first}{digits}",
        lambda: f"{first.capitalize()} {surname.capitalize()}",
        lambda: f"{first[0]}{handle()}{digits}",
        lambda: f"{handle()}_{first}",
        lambda: f"{first}{surname}",
        lambda: f"{first}.{surname}{digits[-2:]}",
        lambda: f"x{first}x{digits[-1]}",
        lambda: f"{handle()}{handle()}{digits}",
    )
    return styles[rng.randrange(len(styles))]()


def seeded_rng(prefix: str, seed: int, family: str, i: int) -> random.Random:
    """The private generator of conversation ``i`` of ``family``: sha256 of the four, no clock."""
    digest = hashlib.sha256(f"{prefix}|{seed}|{family}|{i}".encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


SLOT = re.compile(r"\{(\w+)\}")
# Words that must never appear in any generated text (checked at generation time too).
BANNED = re.compile(
    r"\b(?:sex\w*|naked|nudes?|body|bra|kiss\w*|touch\w*|bed|bedroom|undress\w*|boobs?|porn\w*"
    r"|horny|underwear|bikini|lingerie|strip)\b",
    re.IGNORECASE,
)
CHAT_SUBS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(rf"\b{a}\b", re.IGNORECASE), b)
    for a, b in (
        ("you're", "ur"),
        ("your", "ur"),
        ("you", "u"),
        ("are", "r"),
        ("I don't know", "idk"),
        ("don't", "dont"),
        ("can't", "cant"),
        ("won't", "wont"),
        ("I'm", "im"),
        ("I'll", "ill"),
        ("it's", "its"),
        ("okay", "ok"),
        ("because", "cos"),
        ("please", "pls"),
        ("thanks", "thx"),
        ("really", "rly"),
        ("tomorrow", "tmrw"),
        ("oh my god", "omg"),
        ("to be honest", "tbh"),
    )
)


@dataclass(slots=True)
class Style:
    """How one author writes: the chance of each surface change per message."""

    lower: float
    chat: float
    emoji: float
    typo: float
    strip_punct: float


def style(rng: random.Random, young: bool) -> Style:
    """A random writing style; young writers lean lowercase, abbreviated and unpunctuated."""
    if young:
        return Style(
            rng.uniform(0.5, 1.0),
            rng.uniform(0.2, 0.8),
            rng.uniform(0.0, 0.3),
            rng.uniform(0.0, 0.08),
            rng.uniform(0.3, 0.9),
        )
    return Style(
        rng.uniform(0.0, 0.8),
        rng.uniform(0.0, 0.5),
        rng.uniform(0.0, 0.2),
        rng.uniform(0.0, 0.05),
        rng.uniform(0.0, 0.6),
    )


def typo(rng: random.Random, text: str) -> str:
    """One dropped or swapped letter in a word of 5+ letters (never making a banned word)."""
    words = [(m.start(), m.end()) for m in re.finditer(r"[A-Za-z]{5,}", text)]
    if not words:
        return text
    s, e = rng.choice(words)
    w = text[s:e]
    i = rng.randrange(1, len(w) - 1)
    if rng.random() < 0.5:
        w2 = w[:i] + w[i + 1 :]  # dropped letter
    else:
        w2 = w[: i - 1] + w[i] + w[i - 1] + w[i + 1 :]  # swapped letters
    out = text[:s] + w2 + text[e:]
    return text if BANNED.search(out) else out


def render(rng: random.Random, text: str, st: Style) -> str:
    """``text`` as the author of style ``st`` would type it."""
    if rng.random() < st.chat:
        for pat, rep in CHAT_SUBS:
            if rng.random() < 0.8:
                text = pat.sub(rep, text)
    if rng.random() < st.lower:
        text = text.lower()
    if rng.random() < st.strip_punct:
        text = text.rstrip(".!")
    if rng.random() < st.typo:
        text = typo(rng, text)
    if rng.random() < st.emoji:
        text = f"{text} {rng.choice(EMOJI)}"
    return text.strip() or "ok"


def parse_beat(block: str, roles: str = "ab") -> list[Line]:
    """A beat: (role, optional, alternatives) per line; ``roles`` lists the allowed role letters."""
    out: list[Line] = []
    for line in block.strip().splitlines():
        if line.strip().startswith("|") and out:  # more alternatives for the line above
            out[-1][2].extend(alt.strip() for alt in line.strip()[1:].split(" | ") if alt.strip())
            continue
        head, _, body = line.partition(":")
        head = head.strip()
        role, optional = head[0], head.endswith("?")
        if role not in roles or not body.strip():
            raise ValueError(f"bad template line: {line!r}")
        out.append((role, optional, [alt.strip() for alt in body.split(" | ") if alt.strip()]))
    return out


def beats(variant: str, roles: str = "ab") -> list[list[Line]]:
    """A template block's beats (separated by blank lines)."""
    return [parse_beat(b, roles) for b in re.split(r"\n\s*\n", variant.strip()) if b.strip()]


def conversation(
    id_prefix: str,
    source: str,
    family: str,
    kind: str,
    variant: int,
    turns: list[tuple[str, str]],
    groomer: str,
) -> Conversation:
    """The labelled conversation of ``turns`` ((author, text) pairs): its id is ``id_prefix``
    plus 12 hex digits of the sha256 of (family, variant, turns); ``groomer`` is its predator
    when ``kind`` is "grooming". Raises if a banned word slipped into any text."""
    for _author, text in turns:
        if BANNED.search(text):
            raise AssertionError(f"family {family}: a banned word slipped into a message")
    content = json.dumps([family, variant, turns], ensure_ascii=False)
    cid = id_prefix + hashlib.sha256(content.encode()).hexdigest()[:12]
    messages = [Message(cid, k, author, text, None) for k, (author, text) in enumerate(turns)]
    return Conversation(
        id=cid,
        messages=messages,
        predators=[groomer] if kind == "grooming" else [],
        extra={"source": source, "family": family, "kind": kind, "variant": variant},
    )
