"""Conversations written for these tests: non-explicit, indicator-level lines only."""

from __future__ import annotations

from guardline.core.model import Conversation, Message

# An adult probes age and home, asks for secrecy, moves to another app, proposes to meet.
GROOMING = [
    ("jay", "hey there, saw your drawing on the art board, really good"),
    ("kit", "thanks!"),
    ("jay", "how old are you?"),
    ("kit", "13"),
    ("jay", "you seem really mature for your age"),
    ("jay", "are your parents around? do they check your phone?"),
    ("kit", "not really"),
    ("jay", "don't tell your mum we talk, she wouldn't understand"),
    ("jay", "add me on another app, it's more private there"),
    ("jay", "i could buy you that game you wanted, our secret"),
    ("kit", "really?"),
    ("jay", "we should meet up, i can pick you up after school"),
    ("jay", "delete our chat after ok? just between us"),
    ("kit", "ok"),
]

# Two classmates planning homework.
BENIGN = [
    ("maya", "did you start the science worksheet?"),
    ("leo", "only the first page, question 4 is confusing"),
    ("maya", "same. want to do it together in the library after lunch?"),
    ("leo", "yes, i'll bring my notes from tuesday"),
    ("maya", "cool, we still need a title for the poster"),
    ("leo", "lets ask priya too, she's good at drawing"),
]

# Gift offers and flattery: risky, yet below the shipped policy's bar without context (with
# "don't mention it to anyone" added, the run-16 model alerts without context too).
GIFT = [
    ("rob", "you're so much more fun than people my age"),
    ("ana", "haha thanks"),
    ("rob", "i can send you some gift cards for the game if you want"),
    ("ana", "why?"),
    ("rob", "because you deserve it"),
]


def conversation(cid: str, lines: list[tuple[str, str]]) -> Conversation:
    return Conversation(id=cid, messages=[Message(cid, i, a, t) for i, (a, t) in enumerate(lines)])


def payloads(cid: str, lines: list[tuple[str, str]], prefix: str = "") -> list[dict[str, str]]:
    """POST /v1/messages items for a conversation (message ids ``<prefix><cid>-<i>``)."""
    return [
        {
            "message_id": f"{prefix}{cid}-{i}",
            "conversation_id": cid,
            "author": a,
            "text": t,
        }
        for i, (a, t) in enumerate(lines)
    ]
