"""The registry API: catalogue, custom recognizers, ordering, validation."""

from __future__ import annotations

import re

import pytest

from guardline.core import Message, Participant, Signal, Stage
from guardline.signs import (
    NormalizedText,
    Recognizer,
    RegexRecognizer,
    SignInfo,
    SignRegistry,
    default_recognizers,
    default_registry,
)

EXPECTED_IDS = {
    "age_probing",
    "location_probing",
    "minor_age_disclosure",
    "supervision_probing",
    "chat_deletion",
    "secrecy_request",
    "isolation",
    "trust_building",
    "off_platform_move",
    "phone_contact",
    "photo_request",
    "webcam_request",
    "flattery",
    "gift_offer",
    "affection_terms",
    "sexualisation",
    "desensitisation",
    "pressure_threat",
    "meeting_arrangement",
    "age_reference",
}


def test_default_registry_is_a_cached_singleton() -> None:
    assert default_registry() is default_registry()


def test_catalogue_ids_stages_and_descriptions() -> None:
    reg = default_registry()
    infos = reg.signs
    assert {i.id for i in infos} == EXPECTED_IDS
    for i in infos:
        assert isinstance(i, SignInfo)
        assert re.fullmatch(r"[a-z]+(?:_[a-z]+)*", i.id)
        assert isinstance(i.stage, Stage)
        assert 10 < len(i.description) < 200 and "\n" not in i.description
        assert reg.info(i.id) == i
        assert i.id in reg
    assert len(reg) == len(infos)


def test_sign_info_is_frozen() -> None:
    info = default_registry().info("age_probing")
    with pytest.raises(AttributeError):
        info.id = "x"  # type: ignore[misc]


def test_unknown_sign_raises_key_error() -> None:
    with pytest.raises(KeyError):
        default_registry().info("no_such_sign")


def test_signs_returns_a_copy() -> None:
    reg = default_registry()
    reg.signs.clear()
    assert len(reg.signs) == len(EXPECTED_IDS)


def test_results_are_sorted_by_span_start() -> None:
    text = "ur so cute. add me on snap. how old r u? dont tell ur mom"
    sigs = default_registry().find_text(text, author="x", index=2)
    starts = [s.span[0] for s in sigs]
    assert starts == sorted(starts)
    assert [s.sign for s in sigs] == [
        "flattery",
        "off_platform_move",
        "age_probing",
        "secrecy_request",
    ]
    assert all(s.author == "x" and s.message_index == 2 for s in sigs)


def test_empty_and_whitespace_messages() -> None:
    reg = default_registry()
    assert reg.find_text("") == []
    assert reg.find_text("   \n\t ") == []


def test_find_accepts_participant_context() -> None:
    msg = Message("c", 0, "kid", "im 13")
    p = Participant(author="kid")
    assert default_registry().find(msg, p) == default_registry().find(msg)


class ShoutRecognizer(Recognizer):
    """A user-defined recognizer: a message written entirely in capitals."""

    id = "all_caps"
    stage = Stage.FRIENDSHIP
    description = "Shouting."

    def find(
        self, norm: NormalizedText, message: Message, participant: Participant | None = None
    ) -> list[Signal]:
        t = message.text
        if len(t) >= 4 and t.isupper():
            return [self.signal(norm, message, 0, len(norm.text), 0.5)]
        return []


def test_custom_registry_with_user_recognizer_runs_on_every_message() -> None:
    reg = SignRegistry(recognizers=[ShoutRecognizer(), *default_recognizers()])
    sigs = reg.find_text("HOW OLD ARE YOU")
    assert {s.sign for s in sigs} == {"all_caps", "age_probing"}
    shout = next(s for s in sigs if s.sign == "all_caps")
    assert shout.span == (0, 15) and shout.strength == 0.5 and shout.stage == Stage.FRIENDSHIP
    assert reg.info("all_caps").description == "Shouting."
    assert reg.find_text("quiet words") == []


def test_custom_regex_recognizer_with_macros_and_keywords() -> None:
    rec = RegexRecognizer(
        "homework_help",
        Stage.FRIENDSHIP,
        "Offers homework help.",
        [(r"help <you> with (?:ur|your) homework", 0.7)],
        keywords=["homework"],
        macros={"you": r"(?:you|u)"},
    )
    reg = SignRegistry([rec])
    (sig,) = reg.find_text("I can HELP U with ur homework")
    assert sig.sign == "homework_help" and sig.strength == 0.7
    assert "I can HELP U with ur homework"[sig.span[0] : sig.span[1]] == ("HELP U with ur homework")
    assert rec.keywords == frozenset({"homework"})


def test_keyword_prefilter_skips_recognizers_without_their_words() -> None:
    calls: list[str] = []

    class Counting(RegexRecognizer):
        def find(self, norm, message, participant=None):  # type: ignore[no-untyped-def]
            calls.append(message.text)
            return super().find(norm, message, participant)

        def find_unfiltered(self, norm, message, participant=None):  # type: ignore[no-untyped-def]
            calls.append("unfiltered: " + message.text)
            return super().find_unfiltered(norm, message, participant)

    rec = Counting("x_sign", Stage.SEXUAL, "x", [r"zebra crossing"], keywords=["zebra"])
    reg = SignRegistry([rec])
    reg.find_text("nothing here")
    assert calls == []
    assert [s.sign for s in reg.find_text("a zebra crossing")] == ["x_sign"]
    assert calls == ["a zebra crossing"]
    # without the prefilter the recognizer runs on everything
    calls.clear()
    SignRegistry([rec], prefilter=False).find_text("nothing here")
    assert calls == ["unfiltered: nothing here"]


def test_derived_keywords_cover_optional_spaces_and_plurals() -> None:
    rec = RegexRecognizer(
        "cards",
        Stage.RELATIONSHIP,
        "x",
        [r"gift ?cards?"],
        keywords=["gift", "giftcard", "giftcards", "card"],
    )
    assert rec.keywords == frozenset({"gift", "giftcard", "giftcards", "card"})
    reg = SignRegistry([rec])
    for text in ("giftcard", "gift card", "giftcards", "gift cards"):
        assert [s.sign for s in reg.find_text(text)] == ["cards"], text


def test_overlapping_matches_merge_into_one_signal() -> None:
    rec = RegexRecognizer(
        "m",
        Stage.SEXUAL,
        "x",
        [(r"ab cd", 0.4), (r"cd ef", 0.9)],
        keywords=["cd"],
    )
    (sig,) = SignRegistry([rec]).find_text("ab cd ef")
    assert sig.span == (0, 8) and sig.strength == 0.9


def test_duplicate_ids_rejected() -> None:
    recs = default_recognizers()
    with pytest.raises(ValueError, match="duplicate"):
        SignRegistry([recs[0], recs[0]])


@pytest.mark.parametrize("bad_id", ["Age", "age-probing", "1age", "age__x", ""])
def test_bad_ids_rejected(bad_id: str) -> None:
    with pytest.raises(ValueError, match="snake_case"):
        RegexRecognizer(bad_id, Stage.SEXUAL, "x", [r"abc"], keywords=["abc"])


def test_pattern_without_keyword_needs_a_trigger() -> None:
    with pytest.raises(ValueError, match="no keyword"):
        RegexRecognizer("x", Stage.SEXUAL, "x", [r"[0-9]{4}"], keywords=["abc"])
    rec = RegexRecognizer("x", Stage.SEXUAL, "x", [r"[0-9]{4}"], keywords=["abc"], trigger=r"[0-9]")
    assert [s.span for s in SignRegistry([rec]).find_text("pin 1234")] == [(4, 8)]


@pytest.mark.parametrize("strength", [0.0, -0.1, 1.5])
def test_strength_out_of_range_rejected(strength: float) -> None:
    with pytest.raises(ValueError, match="strength"):
        RegexRecognizer("x", Stage.SEXUAL, "x", [(r"abc", strength)], keywords=["abc"])


def test_unknown_macro_and_bad_keyword_rejected() -> None:
    with pytest.raises(ValueError, match="unknown macro"):
        RegexRecognizer("x", Stage.SEXUAL, "x", [r"<nope> abc"], keywords=["abc"])
    with pytest.raises(ValueError, match="lower-case"):
        RegexRecognizer("x", Stage.SEXUAL, "x", [r"abc"], keywords=["Abc"])


def test_stage_must_be_a_stage() -> None:
    class Bad(ShoutRecognizer):
        id = "bad_stage"
        stage = "sexual"  # type: ignore[assignment]

    with pytest.raises(TypeError):
        SignRegistry([Bad()])
