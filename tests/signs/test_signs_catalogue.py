"""The built-in signs: each fires on many spellings, points at the exact trigger text, and
stays quiet on look-alike phrases. Fixtures are indicator-level, non-explicit lines."""

from __future__ import annotations

import pytest

from guardline.core import Message, Stage
from guardline.signs import default_registry

REG = default_registry()

# (sign, message, the exact substring of the message that must be the signal's span)
POSITIVE: list[tuple[str, str, str]] = [
    # --- age probing
    ("age_probing", "how old are you", "how old are you"),
    ("age_probing", "so how old r u??", "how old r u"),
    ("age_probing", "HOW OLD ARE YOU 😊", "HOW OLD ARE YOU"),
    ("age_probing", "how oooold r u", "how oooold r u"),
    ("age_probing", "hw old ru", "hw old ru"),
    ("age_probing", "asl?", "asl"),
    ("age_probing", "hey A/S/L", "A/S/L"),
    ("age_probing", "wats ur age", "wats ur age"),
    ("age_probing", "what's your age?", "what's your age?"),
    ("age_probing", "u 14?", "u 14?"),
    ("age_probing", "r u 13", "r u 13"),
    ("age_probing", "are you over 18?", "are you over 18"),
    ("age_probing", "what grade r u in", "what grade r u"),
    # --- location probing
    ("location_probing", "where do u live", "where do u live"),
    ("location_probing", "so... where do you live?", "where do you live"),
    ("location_probing", "wer u liv", "wer u liv"),
    ("location_probing", "what city are you in", "what city are you"),
    ("location_probing", "what school do you go to", "what school do you"),
    ("location_probing", "whats ur address", "whats ur address"),
    ("location_probing", "asl pls", "asl"),
    ("location_probing", "how far are you from the mall", "how far are you"),
    # --- minor age disclosure
    ("minor_age_disclosure", "im 13", "im 13"),
    ("minor_age_disclosure", "i'm fourteen lol", "i'm fourteen"),
    ("minor_age_disclosure", "I'm 14 years old", "I'm 14 years old"),
    ("minor_age_disclosure", "13/f", "13/f"),
    ("minor_age_disclosure", "14 f cali", "14 f"),
    ("minor_age_disclosure", "f/15 here", "f/15"),
    ("minor_age_disclosure", "in 8th grade", "in 8th grade"),
    ("minor_age_disclosure", "im in 7th grade", "im in 7th grade"),
    ("minor_age_disclosure", "freshman in high school", "freshman in high school"),
    ("minor_age_disclosure", "i just turned 13!", "i just turned 13"),
    ("minor_age_disclosure", "i am only 12", "i am only 12"),
    ("minor_age_disclosure", "im in middle school", "im in middle school"),
    # --- supervision probing
    ("supervision_probing", "are your parents home", "are your parents home"),
    ("supervision_probing", "r u alone", "r u alone"),
    ("supervision_probing", "u alone?", "u alone?"),
    ("supervision_probing", "is ur mom there", "is ur mom there"),
    ("supervision_probing", "when does your dad get back", "when does your dad get back"),
    ("supervision_probing", "are u home alone?? 🙂", "are u home alone?"),
    ("supervision_probing", "parents home?", "parents home?"),
    ("supervision_probing", "do ur parents check ur phone", "do ur parents check ur phone"),
    ("supervision_probing", "is anyone home with you", "is anyone home with you"),
    # --- chat deletion
    ("chat_deletion", "delete this chat", "delete this chat"),
    ("chat_deletion", "clear ur history ok", "clear ur history"),
    ("chat_deletion", "deleeete our messages", "deleeete our messages"),
    ("chat_deletion", "make sure u delete", "make sure u delete"),
    # --- secrecy
    ("secrecy_request", "don't tell your mum", "don't tell your mum"),
    ("secrecy_request", "dont tell ur parents ok", "dont tell ur parents"),
    ("secrecy_request", "DONT TELL ANYONE", "DONT TELL ANYONE"),
    ("secrecy_request", "keep this between us", "keep this between us"),
    ("secrecy_request", "its our secret 🤫", "our secret"),
    ("secrecy_request", "our lil secret", "our lil secret"),
    ("secrecy_request", "no one can know", "no one can know"),
    ("secrecy_request", "nobody needs to know about this", "nobody needs to know"),
    ("secrecy_request", "just between you and me", "just between you and me"),
    # --- isolation
    ("isolation", "your parents don't understand you", "your parents don't understand you"),
    ("isolation", "ur parents dont get u", "ur parents dont get u"),
    ("isolation", "i'm the only one who gets you", "i'm the only one who gets you"),
    ("isolation", "you don't need them", "you don't need them"),
    ("isolation", "no one understands you like i do", "no one understands you like i do"),
    ("isolation", "only i understand u", "only i understand u"),
    # --- trust building
    ("trust_building", "you can tell me anything", "you can tell me anything"),
    ("trust_building", "u can trust me", "u can trust me"),
    ("trust_building", "i'd never hurt you", "i'd never hurt you"),
    # --- off-platform move
    ("off_platform_move", "add me on snap", "add me on snap"),
    ("off_platform_move", "add me on sn4p", "add me on sn4p"),
    ("off_platform_move", "hmu on kik", "hmu on kik"),
    ("off_platform_move", "whats ur snapchat", "whats ur snapchat"),
    ("off_platform_move", "do u have discord?", "do u have discord?"),
    ("off_platform_move", "message me on telegram", "message me on telegram"),
    ("off_platform_move", "lets go private", "go private"),
    ("off_platform_move", "dm me", "dm me"),
    # --- phone contact
    ("phone_contact", "text me", "text me"),
    ("phone_contact", "call me later", "call me"),
    ("phone_contact", "whats ur number", "whats ur number"),
    ("phone_contact", "wats ur #", "wats ur #"),
    ("phone_contact", "can i call you", "can i call you"),
    ("phone_contact", "my number is 555 123 4567", "my number is"),
    ("phone_contact", "my number is 555 123 4567", "555 123 4567"),
    # --- photo request
    ("photo_request", "send a pic", "send a pic"),
    ("photo_request", "got pix?", "got pix?"),
    ("photo_request", "send me a p1c", "send me a p1c"),
    ("photo_request", "can i see a picture", "can i see a picture"),
    ("photo_request", "send a pic of your worksheet", "send a pic"),
    ("photo_request", "pics plz", "pics plz"),
    # --- webcam request
    ("webcam_request", "turn on ur cam", "turn on ur cam"),
    ("webcam_request", "do u have a webcam", "do u have a webcam"),
    ("webcam_request", "wanna video chat?", "wanna video chat"),
    ("webcam_request", "get on cam", "get on cam"),
    # --- flattery
    ("flattery", "ur so pretty", "ur so pretty"),
    ("flattery", "you're so cute", "you're so cute"),
    ("flattery", "ur sooo cuuute 😍", "ur sooo cuuute"),
    ("flattery", "you're very mature for your age", "you're very mature for your age"),
    ("flattery", "u r beautiful", "u r beautiful"),
    ("flattery", "hey cutie", "hey cutie"),
    ("flattery", "you seem so much older", "you seem so much older"),
    # --- gift offer
    ("gift_offer", "i'll buy you one", "buy you"),
    ("gift_offer", "want some robux", "some robux"),
    ("gift_offer", "i can send you money", "i can send you money"),
    ("gift_offer", "got a gift card 4 u", "gift card"),
    ("gift_offer", "ill get u a new phone", "ill get u a new phone"),
    ("gift_offer", "i'll buy you a new game", "i'll buy you a"),
    ("gift_offer", "free vbucks!!", "free vbucks"),
    # --- sexualisation (indicator-level vocabulary only)
    ("sexualisation", "what are you wearing", "what are you wearing"),
    ("sexualisation", "wat r u wearin", "wat r u wearin"),
    ("sexualisation", "have u ever been kissed", "have u ever been kissed"),
    ("sexualisation", "ur sexy", "ur sexy"),
    ("sexualisation", "ur s3xy", "ur s3xy"),
    ("sexualisation", "so sexxxy", "sexxxy"),
    ("sexualisation", "are you a virgin", "are you a virgin"),
    # --- desensitisation
    ("desensitisation", "it's normal at your age", "it's normal at your age"),
    ("desensitisation", "lots of girls your age do", "lots of girls your age"),
    # --- pressure and threats
    ("pressure_threat", "if you don't i'll tell everyone", "if you don't i'll tell everyone"),
    ("pressure_threat", "you promised", "you promised"),
    ("pressure_threat", "i'll tell everyone", "i'll tell everyone"),
    ("pressure_threat", "u owe me", "u owe me"),
    ("pressure_threat", "prove it", "prove it"),
    ("pressure_threat", "if u loved me u would", "if u loved me u would"),
    # --- meeting
    ("meeting_arrangement", "wanna meet up", "wanna meet up"),
    ("meeting_arrangement", "i can pick you up", "pick you up"),
    ("meeting_arrangement", "where can we meet", "where can we meet"),
    ("meeting_arrangement", "come over", "come over"),
    ("meeting_arrangement", "i'll drive to your town", "i'll drive to your town"),
    ("meeting_arrangement", "can u sneak out", "sneak out"),
    # --- affection
    ("affection_terms", "i love you", "i love you"),
    ("affection_terms", "ily", "ily"),
    ("affection_terms", "night babe", "babe"),
    ("affection_terms", "be my gf", "be my gf"),
    ("affection_terms", "u have a bf?", "u have a bf?"),
    ("affection_terms", "my girlfriend", "my girlfriend"),
    # --- age reference (risk assessment)
    ("age_reference", "age is just a number", "age is just a number"),
    ("age_reference", "ur only 13", "ur only 13"),
    ("age_reference", "i could go to jail for this", "i could go to jail"),
    ("age_reference", "lots of girls your age do", "girls your age"),
]


@pytest.mark.parametrize(("sign", "text", "trigger"), POSITIVE)
def test_sign_fires_with_exact_span(sign: str, text: str, trigger: str) -> None:
    spans = [text[s.span[0] : s.span[1]] for s in REG.find_text(text) if s.sign == sign]
    assert trigger in spans, f"{sign} on {text!r}: got {spans}"


# (sign, message) pairs where the sign must NOT fire: look-alike phrases.
NEGATIVE: list[tuple[str, str]] = [
    ("age_probing", "as long as you are happy"),
    ("age_probing", "how old is the building"),
    ("age_probing", "im learning asl at school"),
    ("age_probing", "are you 2 coming"),
    ("location_probing", "i dont know where u live lol"),
    ("location_probing", "what time is it where you live"),
    ("minor_age_disclosure", "i am 25"),
    ("minor_age_disclosure", "my mom is 40"),
    ("minor_age_disclosure", "im 15 minutes away"),
    ("minor_age_disclosure", "im 13th in line"),
    ("minor_age_disclosure", "when i was in 8th grade"),
    ("minor_age_disclosure", "the meeting is at 13:30"),
    ("supervision_probing", "ill leave you alone now"),
    ("supervision_probing", "where are your parents from?"),
    ("secrecy_request", "i have a secret recipe"),
    ("secrecy_request", "the distance between us"),
    ("photo_request", "thats the big picture"),
    ("photo_request", "i took some pictures of the sunset"),
    ("webcam_request", "i want to start a video game channel"),
    ("flattery", "you're pretty good at this"),
    ("flattery", "ur cute dog"),
    ("gift_offer", "engineers make more money"),
    ("gift_offer", "what a great gift you have"),
    ("gift_offer", "I will give you an answer tomorrow"),
    ("sexualisation", "it's hot today"),
    ("sexualisation", "what do you wear to school"),
    ("meeting_arrangement", "nice to meet you"),
    ("meeting_arrangement", "see you tomorrow"),
    ("meeting_arrangement", "we met up yesterday"),
    ("pressure_threat", "if you tell me the answer i will check it"),
    ("trust_building", "i'll leave you with this fun fact"),
    ("isolation", "they don't understand the joke"),
    ("phone_contact", "what can i call you"),
    ("off_platform_move", "i need to add 2 more"),
    ("off_platform_move", "add 5 cups of flour"),
    ("affection_terms", "oh dear"),
    ("affection_terms", "the one you love?"),
    ("off_platform_move", "do you have signal here"),
    ("chat_deletion", "delete the extra spaces in the essay"),
]


@pytest.mark.parametrize(("sign", "text"), NEGATIVE)
def test_sign_does_not_fire_on_lookalike(sign: str, text: str) -> None:
    assert sign not in {s.sign for s in REG.find_text(text)}


@pytest.mark.parametrize(
    "text",
    [
        "did you finish the homework",
        "brb dinner",
        "the big picture is that it works",
        "as long as it compiles",
        "lol ok",
        "what do you think about the game last night",
        "my mom is 40 and my dad is 42",
        "i am 25 and work in a bank",
        "how old is the building",
    ],
)
def test_everyday_chat_fires_nothing(text: str) -> None:
    assert REG.find_text(text) == []


def test_signal_fields_come_from_the_message() -> None:
    msg = Message("conv-1", 7, "sam", "hey how old r u? add me on snap")
    sigs = REG.find(msg)
    assert [s.sign for s in sigs] == ["age_probing", "off_platform_move"]
    for s in sigs:
        assert s.message_index == 7 and s.author == "sam"
        assert s.stage == REG.info(s.sign).stage
        assert 0.0 < s.strength <= 1.0


def test_disclosure_is_attributed_to_the_discloser_and_implicates_others() -> None:
    sigs = REG.find(Message("c", 3, "kid", "im 13"))
    assert [(s.sign, s.author) for s in sigs] == [("minor_age_disclosure", "kid")]
    assert REG.info("minor_age_disclosure").implicates == "others"
    assert {i.implicates for i in REG.signs if i.id != "minor_age_disclosure"} == {"author"}


def test_asl_is_both_age_and_location_probing() -> None:
    assert {s.sign for s in REG.find_text("asl")} == {"age_probing", "location_probing"}


def test_every_stage_except_friendship_has_a_sign() -> None:
    stages = {i.stage for i in REG.signs}
    assert stages == set(Stage) - {Stage.FRIENDSHIP}


def test_every_sign_has_a_positive_fixture() -> None:
    assert {s for s, _, _ in POSITIVE} == {i.id for i in REG.signs}


def test_stronger_phrasing_scores_higher() -> None:
    strong = max(s.strength for s in REG.find_text("where do you live"))
    weak = max(s.strength for s in REG.find_text("where are you from"))
    assert strong > weak
