"""Pre-sexual grooming moves typed the way offenders type them (short, chat-spelled), and
look-alike everyday lines that must stay quiet. Fixtures are indicator-level, non-explicit
lines written for these tests."""

from __future__ import annotations

import pytest

from guardline.signs import default_registry

REG = default_registry()

# (sign, message, the exact substring of the message that must be the signal's span)
POSITIVE: list[tuple[str, str, str]] = [
    # --- flattery: superlatives, pet names at the end of a greeting, complimenting pics
    ("flattery", "i think ur the prettiest girl ever", "ur the prettiest"),
    ("flattery", "your the sweetest", "your the sweetest"),
    ("flattery", "whats up beautiful??", "up beautiful"),
    ("flattery", "going to sleep now gorgeous?", "now gorgeous"),
    ("flattery", "wassup cutie how was school", "wassup cutie"),
    ("flattery", "i love the pics", "love the pics"),
    ("flattery", "pretty pic", "pretty pic"),
    # --- affection: "boo"/"hun" as pet names, "miss me", "thinking about you"
    ("affection_terms", "ok boo", "ok boo"),
    ("affection_terms", "come on then boo. i got u", "then boo"),
    ("affection_terms", "dont worry hun im not", "hun"),
    ("affection_terms", "good night hun!", "night hun"),
    ("affection_terms", "did you miss me", "did you miss me"),
    ("affection_terms", "u miss me?", "u miss me?"),
    ("affection_terms", "been thinking about youuu all day", "been thinking about youuu"),
    # --- a romance the adult proposes; possessiveness; the child's bedtime (run 20)
    ("affection_terms", "i like u more than friends", "more than friends"),
    ("affection_terms", "wish u were here with me", "wish u were here with me"),
    ("affection_terms", "i want to be with you", "i want to be with you"),
    ("isolation", "r u talking to other guys", "r u talking to other guys"),
    ("isolation", "who else are you talking to", "who else are you talking to"),
    ("supervision_probing", "what time do you go to bed", "what time do you go to bed"),
    ("supervision_probing", "whats ur bedtime", "whats ur bedtime"),
    # --- age probing: restating the child's age back, birthdays
    ("age_probing", "so you just turned 15?", "you just turned 15"),
    ("age_probing", "idk u still 14", "u still 14"),
    ("age_probing", "when is ur bday", "when is ur bday"),
    # --- location probing: "where u at", "what part of X", asking for an address
    ("location_probing", "where u at", "where u at"),
    ("location_probing", "wya", "wya"),
    ("location_probing", "what part of ohio do you live in", "what part of ohio do you live in"),
    ("location_probing", "where in dayton u stay", "where in dayton u stay"),
    (
        "location_probing",
        "so what street in dayton do you live on?",
        "what street in dayton do you live",
    ),
    ("location_probing", "i need ur address", "i need ur address"),
    ("location_probing", "whats the address?", "whats the address"),
    # --- supervision probing: "u home?", "you alone", parents' schedule without "your"
    ("supervision_probing", "u home?", "u home"),
    ("supervision_probing", "cool you alone", "you alone"),
    ("supervision_probing", "what time your mom get home", "what time your mom get"),
    ("supervision_probing", "when will mom go out again", "when will mom go"),
    ("supervision_probing", "when do mommys get home", "when do mommys get"),
    ("supervision_probing", "is ur mom working tonight", "is ur mom working tonight"),
    ("supervision_probing", "what time do you have to be home", "what time do you have to be home"),
    # --- secrecy: not being found out
    ("secrecy_request", "make sure ur mom doesnt see", "make sure ur mom doesnt see"),
    ("secrecy_request", "i dont wanna get caught", "i dont wanna get caught"),
    ("secrecy_request", "it might be suspicious", "might be suspicious"),
    # --- trust building: promising not to tell
    ("trust_building", "u can tell me lol", "u can tell me"),
    ("trust_building", "i wont tell anyone", "i wont tell anyone"),
    ("trust_building", "i won't tell though", "i won't tell"),
    # --- off-platform move
    ("off_platform_move", "so add me", "so add me"),
    # --- phone contact
    ("phone_contact", "you gonna call?", "you gonna call"),
    ("phone_contact", "im gonna call you when im close", "im gonna call you"),
    ("phone_contact", "ill have me call u", "have me call u"),
    ("phone_contact", "let me call you", "let me call you"),
    ("phone_contact", "please call", "please call"),
    ("phone_contact", "wanna talk on the phone", "wanna talk on the phone"),
    # --- meeting arrangement
    ("meeting_arrangement", "can i see u today", "can i see u"),
    ("meeting_arrangement", "can you see me tonight", "can you see me"),
    ("meeting_arrangement", "i wanna c u", "i wanna c u"),
    ("meeting_arrangement", "cant wait to see you", "cant wait to see you"),
    ("meeting_arrangement", "meet me at the gas station", "meet me at"),
    ("meeting_arrangement", "i could come there friday", "i could come there"),
    # --- age reference: the partner's youth, the age gap, the legal risk
    ("age_reference", "that was about your age lol", "about your age"),
    ("age_reference", "a 13 yr old girl like you", "13 yr old girl"),
    ("age_reference", "does the age difference bother you", "does the age difference bother you"),
    ("age_reference", "age doesnt matter to me", "age doesnt matter"),
    # --- trust building: testing boundaries gently
    ("trust_building", "i dont want to upset u", "i dont want to upset u"),
    ("trust_building", "dont take it the wrong way", "dont take it the wrong way"),
    ("trust_building", "u didnt mind me saying that?", "u didnt mind me saying"),
    # --- supervision probing: being alone, whether it is safe to talk
    ("supervision_probing", "is it safe to talk", "is it safe to talk"),
    ("supervision_probing", "are you alone tomorrow night", "are you alone tomorrow"),
    ("supervision_probing", "how long will ur mom be gone", "how long will ur mom be gone"),
    # --- affection: a pet name closing a phrase
    ("affection_terms", "ok then baby?", "then baby"),
    # --- British, Irish and Scottish forms; the parents' controls; self-deleting apps
    ("age_probing", "ur edits are class. how old r ye", "how old r ye"),
    ("supervision_probing", "is yer mum and dad strict about phones", "is yer mum and dad strict"),
    ("supervision_probing", "turn off the parental controls", "turn off the parental controls"),
    ("supervision_probing", "what time does she get back usually?", "what time does she get back"),
    ("secrecy_request", "just download it. dont need to tell anyone", "dont need to tell anyone"),
    ("secrecy_request", "dont worry about telling him ok", "dont worry about telling him"),
    ("chat_deletion", "messages delete themselves so nobody snoops", "messages delete themselves"),
    ("meeting_arrangement", "if ur bored u can always pop round", "pop round"),
    # --- run 24: hyphenated ages, "a" before the age, "the pic", the family finding out
    ("age_reference", "so can we still talk, 13-yr-old girl?", "13-yr-old girl"),
    ("age_reference", "a 13-year-old girl like you", "13-year-old girl"),
    ("age_reference", "ur only a 15-yr-old", "ur only a 15-yr-old"),
    ("age_reference", "you're just a 14 year old", "you're just a 14 year old"),
    ("photo_request", "i want to see the pic before i go to bed", "want to see the pic"),
    ("photo_request", "i would really like to see a pic", "would really like to see a pic"),
    ("affection_terms", "i wish i was there with you", "wish i was there with you"),
    ("secrecy_request", "if ur mom finds out we talk", "if ur mom finds out"),
    ("secrecy_request", "ur mom will ask so many questions", "ur mom will ask so many questions"),
    ("secrecy_request", "ur dad might find out about us", "ur dad might find out about us"),
]


@pytest.mark.parametrize(("sign", "text", "trigger"), POSITIVE)
def test_presexual_sign_fires_with_exact_span(sign: str, text: str, trigger: str) -> None:
    spans = [text[s.span[0] : s.span[1]] for s in REG.find_text(text) if s.sign == sign]
    assert spans == [trigger], f"{sign} on {text!r}: got {spans}"


# Everyday lines that look like the patterns above: nothing may fire on them.
QUIET = [
    "leave you alone.",
    "you alone can decide",
    "boo!",
    "peek a boo",
    "the ghost said boo",
    "what a beautiful picture of the lake",
    "i love the picture of the sunset",
    "the cute picture of the dog",
    "pretty picture of the mountains",
    "i like yu-gi-oh",
    "hope to see you in the fall",
    "ill be there this fall",
    "i would be there to help",
    "may i see you for a while",
    "i want to see you guys at practice",
    "thats what im going to call you",
    "you are like ten thousand points ahead",
    "when you get back home tonight",
    "where are you at work?",
    "where were you at with the project",
    "where are you at the moment?",
    "attila the hun",
    "is the hun here",
    "she thought of you",
    "i will tell you tomorrow",
    "dont get caught in the rain",
    "what is the address of the museum",
    "i need the address of the venue",
    "can i see your homework",
    "are you home schooled",
    "how is the baby?",
    "she had a baby.",
    "im a 13 yr old girl",
    "is it ok if i bring a friend",
    "the age of the universe",
    "only if it rains",
    # ordinary chat that shares words with the run-20 patterns
    "the nurse is going to be with you shortly",
    "im going to be with you in 5 mins",
    "nice to be with you today",
    "wish you were here, the beach is amazing",
    "put your phone on charge when you go to bed",
    "its way past your bedtime lol",
    "lol who r u talking to? wrong chat",
    "is he the only boy in your class?",
    "gotcha, you're mine!",
    # "ye" for "yeah", everyday "pop", strictness without a parent
    "ye how do u know",
    "ye im home now",
    "pop the kettle on",
    "the teacher is so strict lol",
    "the bins get emptied automatically",
    # run 24 look-alikes: self and family ages, pictures of things, group wishes, surprises
    "im a 13-yr-old girl",
    "my 13-year-old daughter starts school",
    "youre a 13 year old brother and you act like it",
    "id love to see the pic of the dog",
    "wish i was there with you guys",
    "if your mom finds out about the surprise its ruined",
    "your mom will ask you to tidy up",
]


@pytest.mark.parametrize("text", QUIET)
def test_lookalikes_fire_nothing(text: str) -> None:
    assert REG.find_text(text) == []
