"""Normalisation: what it changes, what it keeps, and that every span maps back exactly."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from guardline.signs import NormalizedText, default_registry, normalize
from guardline.signs.normalization import _build_map, fold


def test_plain_text_is_lowercased_and_maps_one_to_one() -> None:
    text, offsets = normalize("Hey How ARE you")
    assert text == "hey how are you"
    assert offsets == list(range(len(text)))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("don't", "dont"),
        ("I’m here", "im here"),  # typographic apostrophe
        ("s\u200bexy", "sexy"),  # zero-width space used to dodge filters
        ("what  are\tyou\n\ndoing", "what are you doing"),
        ("sooo cuuuute", "so cute"),
        ("SOOOO", "so"),
        ("meet", "meet"),  # real doubles are kept
        ("pretty", "pretty"),
        ("s3xy", "sexy"),
        ("p1c", "pic"),
        ("h0t", "hot"),
        ("n00dz", "noodz"),
        ("13/f", "13/f"),  # ages survive
        ("im 13", "im 13"),
        ("u 14?", "u 14?"),
        ("a111b", "a111b"),  # three digits between letters are not leetspeak
        ("1000 people", "1000 people"),  # digit runs are never collapsed
        ("😍😍😍", "😍😍😍"),
    ],
)
def test_normalize_rules(raw: str, expected: str) -> None:
    assert normalize(raw)[0] == expected


def test_offsets_point_into_original() -> None:
    raw = "Don't  SEND"
    text, offsets = normalize(raw)
    assert text == "dont send"
    assert [raw[o].lower() for o in offsets] == ["d", "o", "n", "t", " ", "s", "e", "n", "d"]
    assert offsets[3] == 4  # 't' comes after the deleted apostrophe


def test_collapsed_run_maps_back_to_whole_run() -> None:
    raw = "ur sooo CUUUTE"
    n = NormalizedText(raw)
    assert n.text == "ur so cute"
    start = n.text.index("so cute")
    a, b = n.original_span(start, start + len("so cute"))
    assert raw[a:b] == "sooo CUUUTE"


def test_span_over_deleted_apostrophe_includes_it() -> None:
    raw = "i'm 13"
    n = NormalizedText(raw)
    assert n.text == "im 13"
    assert n.original_span(0, 5) == (0, 6)


def test_lowercase_that_changes_length_is_kept_aligned() -> None:
    raw = "İstanbul u 14?"  # 'İ'.lower() is two characters
    n = NormalizedText(raw)
    assert len(n.text) == len(raw)
    i = n.text.index("u 14?")
    a, b = n.original_span(i, i + 5)
    assert raw[a:b] == "u 14?"


def test_tokens_are_ascii_words() -> None:
    assert NormalizedText("Hey, u 14?? 😀 café").tokens == [b"hey", b"u", b"14", b"cafe"]


def test_tokens_split_letters_from_digits() -> None:
    assert NormalizedText("im 13yo").tokens == [b"im", b"13yo", b"im", b"13", b"yo"]


def test_runs_are_the_tokens_without_the_parts() -> None:
    cor = default_registry().corrector
    for c in (None, cor):  # tokens made when asked, or already while normalising
        assert NormalizedText("im 13yo", c).runs == [b"im", b"13yo"]
        assert NormalizedText("Hey, u 14?? café", c).runs == [b"hey", b"u", b"14", b"cafe"]
        assert NormalizedText("", c).runs == []
    plain = NormalizedText.of_plain("Hi there", "hi there", cor)
    assert plain.runs == [b"hi", b"there"] and plain.tokens == [b"hi", b"there"]


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_fast_path_and_position_map_agree(raw: str) -> None:
    n = NormalizedText(raw)
    text, starts, ends = _build_map(raw)
    assert text == n.text
    assert len(starts) == len(ends) == len(n.text)
    assert all(0 <= s < e <= len(raw) for s, e in zip(starts, ends, strict=True))
    assert starts == sorted(starts)
    _, offsets = normalize(raw)
    assert offsets == (starts if n._edited else list(range(len(raw))))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(["so", "ooo", "u", " ", "  ", "'", "3", "x", "Y", "\n", "é", "1", "😀"]),
        max_size=30,
    ).map("".join)
)
@example("u u u u")
def test_every_normalised_char_comes_from_its_source(raw: str) -> None:
    n = NormalizedText(raw)
    leet = dict(zip("013457", "oieast", strict=True))
    for i, c in enumerate(n.text):
        a, b = n.original_span(i, i + 1)
        assert 0 <= a < b <= len(raw)
        src = raw[a:b].lower().replace("'", "")  # a run may span a deleted apostrophe
        if c == " ":
            assert src.isspace()
        elif b - a > 1:
            # a collapsed run; spaced-out letters ("u u u") are joined first, so the run may
            # span the spaces between them
            assert set(fold("".join(src.split()))) == {c}
        else:
            assert src == c or leet.get(src) == c or fold(src) == c


# ---------------------------------------------------------------- typo repair (Corrector)


@pytest.fixture(scope="module")
def corrector():  # type: ignore[no-untyped-def]
    from guardline.signs import default_registry

    c = default_registry().corrector
    assert c is not None
    return c


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("csll me later", "call me later"),  # keyboard neighbour in a 4-letter keyword
        ("dont tell yuor mum", "dont tell your mum"),  # swap
        ("whats your phne number", "whats your phone number"),  # dropped letter
        ("you are so seexy", "you are so sexy"),  # two candidates: the far more frequent
        ("i am gooing to school", "i am going to school"),  # common English word
        ("lets meeet up", "lets meet up"),  # a run kept double where that spells a word
        ("calll me", "call me"),
        ("sooo cuuute", "so cute"),  # and cut to one where it does not
    ],
)
def test_typos_of_keywords_and_common_words_are_repaired(corrector, typed: str, meant: str):  # type: ignore[no-untyped-def]
    n = NormalizedText(typed, corrector)
    assert n.text == meant
    assert n.original_span(0, len(n.text)) == (0, len(typed))


@pytest.mark.parametrize(
    "text",
    [
        "we met there",  # a typo that spells a real word cannot be told from it
        "were you home",
        "the tech is down",  # chat words and abbreviations one edit from a word
        "tis the season",
        "that was rad",
        "a bot posted it",
        "ten mins left",
        "i play mmos",
    ],
)
def test_real_words_and_chat_words_are_not_corrected(corrector, text: str):  # type: ignore[no-untyped-def]
    assert NormalizedText(text, corrector).text == text


@pytest.mark.parametrize(
    ("typed", "meant", "kept"),
    [
        ("dont tel anyone", "dont tell anyone", "tis the season"),  # keyword typo vs "tis"
        ("whats your hme town", "whats your home town", "pls reply"),  # "pls" is not "plus"
    ],
)
def test_three_letter_typos_only_of_keywords_and_never_abbreviations(  # type: ignore[no-untyped-def]
    corrector, typed: str, meant: str, kept: str
):
    assert NormalizedText(typed, corrector).text == meant
    assert NormalizedText(kept, corrector).text == kept
