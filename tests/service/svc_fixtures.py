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


# a club group chat with numeric account ids: the volunteer singles out one member ("Maya");
# display names: 3001 "Gary (volunteer)", 3002 "Maya", 3003 "Leo", 3004 "Priya"
CLUB_GROUP = [
    ("3001", "Hi all, the hiking trip is on Sunday, meet at the car park at 9"),
    ("3002", "yay"),
    ("3003", "do we need packed lunch"),
    ("3004", "i cant come sorry"),
    (
        "3001",
        "Yes Leo bring lunch. Maya you were brilliant on the last hike, so grown up for your age",
    ),
    ("3002", "thank you!!"),
    ("3001", "How old are you now Maya, 12? You act older"),
    ("3002", "12 yeah"),
    ("3001", "Maya add me on snap, I'll send you the route, just for you not the others"),
    ("3003", "can i have the route too"),
    ("3001", "Later Leo"),
    ("3001", "Maya are your parents home on saturday? I could drop your boots round"),
    ("3002", "my mum works saturdays"),
    ("3001", "Great, don't tell her I'm coming, it's our secret Maya"),
    ("3002", "ok"),
]
CLUB_NAMES = {"3001": "Gary (volunteer)", "3002": "Maya", "3003": "Leo", "3004": "Priya"}


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


# The same two accounts as GROOMING, a later conversation that opens mid-story: alone it stays
# below the shipped policy's bar; carried by the relationship memory (jay was flagged with kit
# in a GROOMING conversation) it alerts on jay's third message (index 4).
LATER = [
    ("jay", "hey you, back again?"),
    ("kit", "yeah"),
    ("jay", "how was school today"),
    ("kit", "boring"),
    ("jay", "did you finish that game"),
    ("kit", "not yet"),
    ("jay", "you can tell me anything you know"),
    ("kit", "ok"),
]


# The same two accounts, an ordinary later chat (practice times): the author's own risk stays
# under the relationship memory's renew level (0.5), so a flag carried into it counts it as
# one more quiet conversation (guardline.detect.memory). jay's highest own risk here is 0.37
# (runs 23 and 24; a bare "morning" alone reached 0.525, too close to the level to test with).
QUIET = [
    ("kit", "morning"),
    ("jay", "morning, practice is still at four"),
    ("kit", "ok bring the cones?"),
    ("jay", "yes bring the cones and your boots"),
    ("kit", "ok see you there"),
    ("jay", "see you"),
]


def renamed(lines: list[tuple[str, str]], names: dict[str, str]) -> list[tuple[str, str]]:
    """``lines`` with authors renamed (authors not in ``names`` keep theirs)."""
    return [(names.get(a, a), t) for a, t in lines]
