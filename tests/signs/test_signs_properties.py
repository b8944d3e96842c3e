"""Property tests: arbitrary text never breaks the registry, and the keyword prefilter never
changes what is found (checked on text generated from every pattern of the catalogue)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guardline.signs import SignRegistry, default_recognizers, default_registry

REG = default_registry()
BRUTE = SignRegistry(default_recognizers(), prefilter=False)

_CHAT = st.sampled_from(
    [
        "u",
        "ur",
        "r",
        "how",
        "old",
        "asl",
        "im",
        "13",
        "/f",
        "pic",
        "s3xy",
        "sooo",
        "cuuute",
        "don't",
        "tell",
        "mum",
        "add",
        "me",
        "on",
        "snap",
        "?",
        "!!",
        "😍",
        " ",
        "  ",
        "\n",
        "'",
        "İ",
        "\u200b",
        "meet",
        "up",
        "your",
        "parents",
        "home",
        "alone",
        "delete",
        "chat",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.text())
def test_random_unicode_never_raises_and_spans_are_in_bounds(text: str) -> None:
    sigs = REG.find_text(text)
    starts = [s.span[0] for s in sigs]
    assert starts == sorted(starts)
    for s in sigs:
        assert 0 <= s.span[0] < s.span[1] <= len(text)
        assert 0.0 < s.strength <= 1.0


@settings(max_examples=400, deadline=None)
@given(st.lists(_CHAT, max_size=25).map(" ".join))
def test_chat_like_text_spans_in_bounds_and_prefilter_is_exact(text: str) -> None:
    sigs = REG.find_text(text)
    assert sigs == BRUTE.find_text(text)
    for s in sigs:
        assert 0 <= s.span[0] < s.span[1] <= len(text)
        assert text[s.span[0] : s.span[1]].strip() != ""


PATTERNS = [(r.id, i, p) for r in REG for i, p in enumerate(r.patterns)]


@pytest.mark.parametrize(
    ("sign", "i", "pattern"), PATTERNS, ids=[f"{s}[{i}]" for s, i, _ in PATTERNS]
)
def test_prefilter_keeps_every_pattern_match(sign: str, i: int, pattern: object) -> None:
    """Text that a pattern matches is found with the prefilter exactly as without it."""

    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.from_regex(pattern, fullmatch=True), st.sampled_from(["", "ok ", "lol, "]))
    def check(text: str, prefix: str) -> None:
        text = prefix + text
        assert REG.find_text(text) == BRUTE.find_text(text)

    check()
