"""Fixtures for the learned-model tests: a tiny hand-written training corpus."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

# Non-explicit, hand-written lines. Offender side: grooming-like tempo (age/parents probing,
# secrecy, moving to another app); decoy side: a child persona; benign: ordinary chat.
OFFENDER = [
    "hey there how old are you",
    "are your parents home right now",
    "you seem really mature",
    "dont tell anyone we talk ok",
    "add me on snap its more private",
    "i can buy you a gift card",
    "you are so special to me",
    "is your mom at work tonight",
    "delete our chat after ok",
    "wanna meet up this weekend",
    "nobody understands you like i do",
    "send me a pic of you",
]
CHILD = [
    "hi",
    "im 13",
    "no my mom is at work",
    "ok i wont tell",
    "cool thanks",
    "idk maybe",
    "i have school tomorrow",
    "my dad is strict",
    "lol ok",
    "what app",
    "sure",
    "really?",
]
BENIGN_A = [
    "did you finish the reading for class",
    "the lecture was so long today",
    "are you going to the game on friday",
    "i need coffee",
    "my roommate made pasta",
    "what did you think of the movie",
    "the exam is next week",
    "want to study together",
    "the library closes at ten",
    "i love that band",
    "how was your weekend",
    "see you monday",
]
BENIGN_B = [
    "yeah i finished it last night",
    "so long, i almost fell asleep",
    "maybe, who is playing",
    "same, always",
    "nice that sounds good",
    "it was fine, a bit slow",
    "ugh dont remind me",
    "sure, tuesday works",
    "ok good to know",
    "me too they are great",
    "pretty relaxing",
    "see you then",
]


def _conv(i: int, group: str, pos: bool, n: int, shift: int) -> dict:
    msgs = []
    for j in range(n):
        if pos:
            a, t = (
                (f"o{i}", OFFENDER[(j + shift) % 12])
                if j % 2 == 0
                else (f"d{i}", CHILD[(j + shift) % 12])
            )
        else:
            a, t = (
                (f"a{i}", BENIGN_A[(j + shift) % 12])
                if j % 2 == 0
                else (f"b{i}", BENIGN_B[(j + shift) % 12])
            )
        msgs.append({"author": a, "time": None, "text": t})
    return {
        "id": f"gb_{i:04d}",
        "source": "pj_x" if pos else "neg_x",
        "split": "train",
        "messages": msgs,
        "predators": [f"o{i}"] if pos else [],
        "group": group,
        "session": f"s_{i:04d}",
        "offset": 0,
    }


def write_tiny_corpus(root: Path) -> Path:
    """train / train_unmatched / train_sessions files of a tiny two-class corpus."""
    root.mkdir(parents=True, exist_ok=True)
    recs = [_conv(i, f"g{(i // 2) % 8}", i % 2 == 0, 8 + i % 7, i) for i in range(48)]
    files = {
        "train.jsonl.gz": recs[:24],
        "train_unmatched.jsonl.gz": recs[24:],
        "train_sessions.jsonl.gz": recs,
    }
    for name, rs in files.items():
        with gzip.GzipFile(root / name, "wb", mtime=0) as fh:
            for r in rs:
                fh.write((json.dumps(r) + "\n").encode())
    return root


@pytest.fixture()
def tiny_corpus(tmp_path: Path) -> Path:
    return write_tiny_corpus(tmp_path / "tiny")
