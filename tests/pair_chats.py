"""Two conversations of one pair of accounts, indicator-level lines only (the relationship
memory tests: detect, engines). The second opens mid-story: nothing in it says what came
before, so alone it stays quiet and carried by the memory it alerts on sam."""

from __future__ import annotations

GROOMING = [
    ("sam", "hey whats up"),
    ("kid", "nm"),
    ("sam", "how old are you"),
    ("kid", "im 13"),
    ("sam", "are your parents home right now?"),
    ("kid", "no"),
    ("sam", "dont tell your mum we talk ok"),
    ("sam", "add me on snap its easier"),
    ("sam", "we should meet up sometime"),
]
#: a later conversation that opens mid-story: nothing in it says what came before
LATER = [
    ("sam", "hey you"),
    ("kid", "hi"),
    ("sam", "how was your day"),
    ("kid", "ok"),
    ("sam", "what did you do"),
    ("kid", "school"),
    ("sam", "cool"),
]
