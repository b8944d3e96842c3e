"""Evasion tricks: each one is undone by normalisation, and signs still fire with valid spans.

Fixtures are indicator-level lines only (issue 8: misspellings, leetspeak, spaces or dots
inside words, homoglyphs, zero-width characters, a sentence split across messages).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from guardline.core.model import Conversation, Message
from guardline.detect import Detector, RulesModel
from guardline.signs import NormalizedText, default_registry, fold, message_tail
from guardline.signs.normalization import Corrector, _build_map

CLEAN = [
    ("dont tell your mum", "secrecy_request"),
    ("how old are you", "age_probing"),
    ("add me on snapchat", "off_platform_move"),
    ("its our secret", "secrecy_request"),
    ("send me a pic", "photo_request"),
]


def _signs(text: str) -> set[str]:
    return {s.sign for s in default_registry().find_text(text)}


def _check_spans(text: str) -> None:
    for s in default_registry().find_text(text):
        a, b = s.span
        assert 0 <= a < b <= len(text)


@pytest.mark.parametrize(("line", "sign"), CLEAN)
def test_clean_lines_fire(line: str, sign: str) -> None:
    assert sign in _signs(line)


@pytest.mark.parametrize(
    ("line", "sign"),
    [
        ("d0nt t3ll y0ur mum", "secrecy_request"),
        ("h0w 0ld r u", "age_probing"),
        ("its 0ur 53cr37", "secrecy_request"),
        ("its our $ecret", "secrecy_request"),
        ("add me on $n@pchat", "off_platform_move"),
    ],
)
def test_leetspeak(line: str, sign: str) -> None:
    assert sign in _signs(line)
    _check_spans(line)


@pytest.mark.parametrize(
    ("line", "sign"),
    [
        ("its our s.e.c.r.e.t", "secrecy_request"),
        ("its our s e c r e t", "secrecy_request"),
        ("its our s-e-c-r-e-t", "secrecy_request"),
        ("add me on s n a p c h a t", "off_platform_move"),
        ("send me a p i c", "photo_request"),
        ("a/s/l", "age_probing"),
    ],
)
def test_spaced_or_dotted_letters(line: str, sign: str) -> None:
    assert sign in _signs(line)
    _check_spans(line)


def test_spaced_letters_keep_short_words_apart() -> None:
    # spaced one-letter words are cut into known words, never glued into one
    c = default_registry().corrector
    assert NormalizedText("i m a bit tired", c).text == "im a bit tired"
    assert NormalizedText("u r a star", c).text == "ur a star"
    assert NormalizedText("d o n t t e l l y o u r m o m", c).text == "dont tell your mom"
    assert NormalizedText("x y z", c).text == "x y z"
    assert NormalizedText("i.e. later").text == "i.e. later"
    assert NormalizedText("version 1.2.3").text == "version 1.2.3"


@pytest.mark.parametrize(
    ("line", "sign"),
    [
        ("dоnt tеll уоur mum", "secrecy_request"),  # Cyrillic о е у
        ("how οld are yοu", "age_probing"),  # Greek omicron
        ("ｉｔｓ ｏｕｒ ｓｅｃｒｅｔ", "secrecy_request"),  # fullwidth
        ("its our 𝐬𝐞𝐜𝐫𝐞𝐭", "secrecy_request"),  # mathematical bold
        ("its our sécrét", "secrecy_request"),  # accents
    ],
)
def test_homoglyphs_and_compatibility_forms(line: str, sign: str) -> None:
    assert sign in _signs(line)
    _check_spans(line)


@pytest.mark.parametrize(
    ("line", "sign"),
    [
        ("dont te\u200bll your mum", "secrecy_request"),
        ("its our se\u200dcr\u2060et", "secrecy_request"),
        ("add me on snap\ufeffchat", "off_platform_move"),
        ("how o\u00adld are you", "age_probing"),
        ("its our \u202esecret", "secrecy_request"),
    ],
)
def test_invisible_characters(line: str, sign: str) -> None:
    assert sign in _signs(line)
    _check_spans(line)


@pytest.mark.parametrize(
    ("line", "sign"),
    [
        ("its our secert", "secrecy_request"),  # swapped
        ("its our seccret", "secrecy_request"),  # doubled
        ("add me on snpachat", "off_platform_move"),
        ("keep it a scret", "secrecy_request"),  # dropped
    ],
)
def test_misspellings_of_keywords(line: str, sign: str) -> None:
    assert sign in _signs(line)
    _check_spans(line)


def test_corrector_leaves_real_words_alone() -> None:
    c = default_registry().corrector
    assert c is not None
    for word in ("friend", "others", "though", "message", "point", "bring", "quite"):
        assert c.get(word) is None, word
    assert c.get("secert") == "secret"
    assert Corrector(["secret", "sector"]).get("secret") is None  # known words stay


def test_evidence_span_covers_the_disguised_word() -> None:
    raw = "its our s.e.c.r.e.t ok"
    sig = next(s for s in default_registry().find_text(raw) if s.sign == "secrecy_request")
    assert "s.e.c.r.e.t" in raw[sig.span[0] : sig.span[1]]


def test_sign_split_across_two_messages_of_one_author() -> None:
    reg = default_registry()
    m1 = Message("c", 0, "a", "ok but dont tell")
    m2 = Message("c", 1, "a", "your mum ok")
    assert "secrecy_request" not in {s.sign for s in reg.find(m1)}
    assert "secrecy_request" not in {s.sign for s in reg.find(m2)}
    _, tail = reg.find_stream(m1)
    s2, _ = reg.find_stream(m2, None, tail)
    hit = [s for s in s2 if s.sign == "secrecy_request"]
    assert hit and hit[0].message_index == 1 and hit[0].author == "a"
    a, b = hit[0].span
    assert 0 <= a < b <= len(m2.text) and m2.text[a:b].startswith("your mum")


def test_split_sign_is_not_reported_twice() -> None:
    reg = default_registry()
    s1, tail = reg.find_stream(Message("c", 0, "a", "dont tell your mum"))
    s2, _ = reg.find_stream(Message("c", 1, "a", "about it"), None, tail)
    assert "secrecy_request" in {s.sign for s in s1}
    assert "secrecy_request" not in {s.sign for s in s2}


def test_detector_carries_the_tail_per_author_and_through_state() -> None:
    msgs = [("a", "hey so dont tell"), ("b", "what"), ("a", "your mum about me")]
    conv = Conversation("c", [Message("c", i, a, t) for i, (a, t) in enumerate(msgs)])
    det = Detector(model=RulesModel())
    whole = det.scan(conv)
    signs = {(s.message_index, s.sign) for s in whole.evidence}
    assert (2, "secrecy_request") in signs
    # the same through update(), with a state round-trip in the middle
    det2 = Detector(model=RulesModel())
    det2.update(conv.messages[0])
    det2.update(conv.messages[1])
    state = det2.state("c")
    det3 = Detector(model=RulesModel())
    det3.restore(state)
    last = det3.update(conv.messages[2])
    assert list(last.evidence) == list(whole.evidence)


def test_message_tail_is_short() -> None:
    assert message_tail("one two three four five six") == "three four five six"
    assert len(message_tail("x" * 500)) <= 60
    assert message_tail("") == ""


def test_fold_is_the_character_step_only() -> None:
    assert fold("ｓеcret\u200b") == "secret"
    assert fold("Don't") == "don't"


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "s",
                "e",
                ".",
                " ",
                "3",
                "$",
                "@",
                "!",
                "е",
                "ｓ",
                "\u200b",
                "é",
                "secert",
                "13",
                "a",
                "'",
                "ooo",
                "x",
            ]
        ),
        max_size=25,
    ).map("".join)
)
def test_map_agrees_with_fast_path_on_evasion_alphabet(raw: str) -> None:
    c = default_registry().corrector
    n = NormalizedText(raw, c)
    text, starts, ends = _build_map(raw, c)
    assert text == n.text
    assert all(0 <= a < b <= len(raw) for a, b in zip(starts, ends, strict=True))
