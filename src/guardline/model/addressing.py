"""Whom an author addresses in a group chat, and the two-person views that follows from it.

Every grooming chat the model learned from has two people in it. In a group chat an adult who
singles out one child ("Amelia you're so grown up", "Amelia, check your snap") is talking to
that child, but the model sees the whole group and scores the adult low. So, once a chat has
three or more authors, the learned model also keeps one *addressed pair* per (addresser,
addressee): the addresser's messages to that participant and the participant's own messages
from then on, folded into an accumulator of their own. An author's risk is the larger of the
group view and their pair views (:meth:`guardline.model.learned.LearnedModel.update`).

Whom a message addresses (:func:`address`):

* it names exactly one other participant: the first word of their id, three letters or more
  (``amelia_p12`` -> ``amelia``, ``DaveVolunteer`` -> ``dave``; never a common English
  word such as ``will`` in ``will_22``) or the whole id, or the
  first word of the display name the platform gave for them (``Participant.display_name``:
  ``"Amelia P"`` -> ``amelia``, for ids that are numbers or hashes);
* or it names nobody and the author's previous message addressed someone who is the only one
  to have written since (the adult goes on talking to the child who answers them).

Everything is O(authors + pairs) per message and never looks back at earlier messages; the
pairs of a conversation are bounded (``MAX_PAIRS_PER_AUTHOR``, ``MAX_PAIRS``). Chats with two
authors never reach this module, so dyads score exactly as before; ids that are not names
(hashes, numbers) never match any word.
"""

from __future__ import annotations

import functools
import re

from guardline.model.features import ConvAcc

__all__ = [
    "COMMON_WORDS",
    "FOCUS_MIN",
    "GROUP_MIN_AUTHORS",
    "MAX_PAIRS",
    "MAX_PAIRS_PER_AUTHOR",
    "address",
    "display_name_keys",
    "name_keys",
    "pair_state",
]

#: a chat is a group (and pair views are kept) from this many authors on
GROUP_MIN_AUTHORS = 3
#: bounds on the pair views of one conversation (a busy channel must not grow without limit):
#: an author keeps their most recent ``MAX_PAIRS_PER_AUTHOR`` pairs, and no pair is opened
#: once the conversation holds ``MAX_PAIRS``
MAX_PAIRS_PER_AUTHOR = 8
MAX_PAIRS = 256
#: an author singles out the participant of their highest-scoring pair when that pair alone
#: gives them at least this risk (reported as the author's ``addressee``)
FOCUS_MIN = 0.5

#: first words of ids that are roles or filler, not a name one would address someone by
_NOT_NAMES = frozenset(
    "the mr mrs miss ms dr coach user guest admin mod and not you your lol omg its hey team"
    " club official real xx xxx bro".split()
)
#: a word among this many of the most frequent English words is never taken for a name
#: ("will_22" is not addressed by "i will send it"); names such as "jack" or "grace" are rarer
COMMON_WORDS = 1000
_WORD = re.compile(r"[a-z]+")
_CAMEL = re.compile(r"([a-z])([A-Z])")


@functools.cache
def _common_words() -> frozenset[str]:
    from guardline.signs.normalization import english_counts

    counts = english_counts()
    return frozenset(sorted(counts, key=counts.__getitem__, reverse=True)[:COMMON_WORDS])


def _is_name(word: str) -> bool:
    return len(word) >= 3 and word not in _NOT_NAMES and word not in _common_words()


@functools.lru_cache(maxsize=65536)
def name_keys(author: str) -> frozenset[str]:
    """The words that name ``author`` in a message: the id itself (lower case, if it is one
    word) and its first word of three letters or more, unless that is a role, filler or one of
    the ``COMMON_WORDS`` most frequent English words."""
    low = author.lower()
    keys: set[str] = set()
    if _WORD.fullmatch(low) and _is_name(low):
        keys.add(low)
    words = _WORD.findall(_CAMEL.sub(r"\1 \2", author).lower())
    if words and _is_name(words[0]):
        keys.add(words[0])
    return frozenset(keys)


@functools.lru_cache(maxsize=65536)
def display_name_keys(name: str) -> tuple[str, ...]:
    """The words that name someone whose display name is ``name``: its first word of three
    letters or more (lower case), unless that is a role or filler (cached: the platform sends
    the same display names with every message)."""
    words = _WORD.findall(_CAMEL.sub(r"\1 \2", name).lower())
    return (words[0],) if words and _is_name(words[0]) else ()


def address(state: ConvAcc, author: str, text: str) -> str | None:
    """The participant ``author``'s message addresses (see the module docstring), or None.

    Updates ``state.targets``: the author's current addressee is set (or cleared), and every
    other author's addressee is dropped unless this message is by that addressee."""
    targets = state.targets
    if targets is None:
        targets = state.targets = {}
    for a in [a for a, t in targets.items() if a != author and t != author]:
        del targets[a]
    words = set(_WORD.findall(text.lower()))
    names = state.names or {}
    named = [
        p
        for p in state.authors
        if p != author
        and (not name_keys(p).isdisjoint(words) or (p in names and not words.isdisjoint(names[p])))
    ]
    if len(named) == 1:
        target: str | None = named[0]
    elif not named:
        target = targets.get(author)
    else:
        target = None
    if target is None:
        targets.pop(author, None)
    else:
        targets[author] = target
    return target


def pair_state(state: ConvAcc, author: str, target: str) -> ConvAcc | None:
    """The accumulator of ``author``'s messages to ``target``, created on first use (the
    author's oldest pair makes way beyond ``MAX_PAIRS_PER_AUTHOR``); None when a new pair
    would pass ``MAX_PAIRS``."""
    pairs = state.pairs
    if pairs is None:
        pairs = state.pairs = {}
    mine = pairs.get(author)
    ps = None if mine is None else mine.get(target)
    if ps is not None:
        return ps
    if sum(len(m) for m in pairs.values()) >= MAX_PAIRS:
        return None
    if mine is None:
        mine = pairs[author] = {}
    elif len(mine) >= MAX_PAIRS_PER_AUTHOR:
        del mine[next(iter(mine))]  # the oldest
    ps = mine[target] = ConvAcc()
    return ps
