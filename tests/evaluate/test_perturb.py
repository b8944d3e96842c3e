"""Perturbations: style neutralisation and label-preserving invariance variants."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from guardline.core.model import AgeBand, Conversation, Message, Participant
from guardline.evaluate.perturb import (
    CHAT_EXPANSIONS,
    change_case,
    inject_typos,
    neutralise_conversation,
    neutralise_style,
    rename_authors,
    swap_emojis,
    variants,
)
from guardline.model.addressing import name_keys

DEVSET = Path(__file__).resolve().parents[2] / "devsets" / "hard_cases.jsonl"


def _conv() -> Conversation:
    lines = [
        ("coach_dan", "Hi Mia, did u get the permission slip? 😊"),
        ("mia_12", "hiii yes lol, mum signed it!! 👍"),
        ("coach_dan", "great. tell Theo and coach_dan's helper too :)"),
        ("mia_12", "ok coach_dan, see u at training tomorrow"),
        ("theo.b", "I'M COMING TOO haha"),
        ("coach_dan", "Remember your water bottle and boots please"),
    ]
    return Conversation(
        id="c1",
        messages=[Message("c1", i, a, t) for i, (a, t) in enumerate(lines)],
        participants={"mia_12": Participant("mia_12", AgeBand.CHILD, 12)},
        predators=["coach_dan"],
        predator_lines=[0, 2],
        extra={"family": "test", "kind": "grooming"},
    )


# ---------------------------------------------------------------- neutralise


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("OMG u r sooooo kool lol!!!", "oh my god you are so cool!"),
        ("idk wat ur doing hahaha", "i do not know what your doing"),
        ("Don't tell ur mum", "do not tell your mum"),
        ("I'm gonna b there 2nite", "i am going to be there tonight"),
        ("yeah ok LMAO", "yes ok"),
        ("heyyyy   there", "hey there"),
    ],
)
def test_neutralise_examples(text: str, expected: str) -> None:
    assert neutralise_style(text) == expected


def test_expansions_are_fixed_points() -> None:
    for out in CHAT_EXPANSIONS.values():
        for w in out.split():
            assert w not in CHAT_EXPANSIONS, w


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aehlouryidkmnt'!? .😂XLOH")), max_size=60))
def test_neutralise_idempotent(text: str) -> None:
    once = neutralise_style(text)
    assert neutralise_style(once) == once


def test_neutralise_idempotent_on_devset() -> None:
    for line in DEVSET.read_text(encoding="utf-8").splitlines():
        for m in json.loads(line)["messages"]:
            once = neutralise_style(m["text"])
            assert neutralise_style(once) == once


def test_neutralise_conversation_keeps_labels_and_input() -> None:
    c = _conv()
    n = neutralise_conversation(c)
    assert n is not c
    assert n.predators == c.predators and n.predator_lines == c.predator_lines
    assert [m.author for m in n.messages] == [m.author for m in c.messages]
    assert n.messages[1].text == "hi yes, mum signed it!! 👍"
    assert c.messages[1].text == "hiii yes lol, mum signed it!! 👍"  # input untouched


# ---------------------------------------------------------------- rename


def test_rename_maps_labels_and_mentions() -> None:
    c = _conv()
    r = rename_authors(c, seed=7)
    amap = {
        old: new.author for old, new in zip([m.author for m in c.messages], r.messages, strict=True)
    }
    assert set(amap.values()).isdisjoint(c.authors)
    assert len(set(amap.values())) == len(c.authors)  # injective
    assert r.predators == [amap["coach_dan"]]
    assert r.predator_lines == c.predator_lines
    assert set(r.participants) == {amap["mia_12"]}
    assert r.participants[amap["mia_12"]].author == amap["mia_12"]
    assert r.participants[amap["mia_12"]].declared_age == 12
    text = " ".join(m.text for m in r.messages)
    assert "coach_dan" not in text and amap["coach_dan"] in text
    assert "Mia" not in text and "Theo" not in text  # mentioned names swapped
    assert r.messages[0].text.startswith("Hi ") and r.messages[0].text[3].isupper()
    assert r.extra["family"] == "test"


def test_rename_keeps_who_is_addressed_by_name() -> None:
    """A renamed participant is called by their new first name (as the learned model's pair
    views read it); a word used as a common noun ("the scholarship") is left alone."""
    msgs = [
        ("amelia_p12", "can i do the next badge"),
        ("Dave_Volunteer", "Amelia you're ready for it before the others"),
        ("owen_t", "what about me dave"),
        ("Scholarship_Desk", "the scholarship form is due friday, amelia"),
    ]
    lines = [Message("r1", i, a, t) for i, (a, t) in enumerate(msgs)]
    c = Conversation("r1", lines, predators=["Dave_Volunteer"])
    r = rename_authors(c, seed=5)
    new = {old: m.author for old, m in zip([a for a, _ in msgs], r.messages, strict=True)}
    firsts = [new[a].split("_")[0] for a in ("amelia_p12", "Dave_Volunteer", "owen_t")]
    assert len(set(firsts)) == 3  # no two authors share a first name
    assert r.messages[1].text.startswith(firsts[0].capitalize() + " you're")
    assert r.messages[2].text == f"what about me {firsts[1]}"
    assert r.messages[3].text == f"the scholarship form is due friday, {firsts[0]}"
    assert name_keys(new["amelia_p12"]) == {firsts[0]}
    assert name_keys(new["owen_t"]) == {firsts[2]}


def test_rename_keeps_display_names_and_mentions_together() -> None:
    """Numeric ids with display names: the renamed account's display name and the mentions
    of it in the text become the same new first name."""
    msgs = [("3001", "well done Maya"), ("3002", "thanks"), ("3003", "and me?")]
    lines = [Message("r2", i, a, t) for i, (a, t) in enumerate(msgs)]
    parts = {"3002": Participant("3002", display_name="Maya"), "3001": Participant("3001")}
    r = rename_authors(Conversation("r2", lines, participants=parts), seed=2)
    maya = r.messages[1].author
    shown = r.participants[maya].display_name
    assert shown is not None and shown != "Maya"
    assert r.messages[0].text == f"well done {shown}"
    assert r.participants[r.messages[0].author].display_name is None


def test_rename_deterministic_per_seed() -> None:
    c = _conv()
    a, b, d = rename_authors(c, seed=3), rename_authors(c, seed=3), rename_authors(c, seed=4)
    assert a.to_dict() == b.to_dict()
    assert a.authors != d.authors


# ---------------------------------------------------------------- emojis, case, typos


def test_swap_emojis() -> None:
    c = _conv()
    s = swap_emojis(c, seed=1)
    assert "😊" not in s.messages[0].text and "👍" not in s.messages[1].text
    assert s.messages[0].text.startswith("Hi Mia, did u get the permission slip? ")
    assert s.messages[3].text == c.messages[3].text  # no emoji, unchanged
    assert s.predators == c.predators
    assert swap_emojis(c, seed=1).to_dict() == s.to_dict()


def test_change_case() -> None:
    c = _conv()
    v = change_case(c, seed=2)
    assert [m.text.lower() for m in v.messages] == [m.text.lower() for m in c.messages]
    assert [m.text for m in v.messages] != [m.text for m in c.messages]
    assert change_case(c, seed=2).to_dict() == v.to_dict()
    assert v.predators == c.predators


def test_inject_typos_small_and_deterministic() -> None:
    c = _conv()
    t1 = inject_typos(c, seed=5, rate=0.5)
    t2 = inject_typos(c, seed=5, rate=0.5)
    t3 = inject_typos(c, seed=6, rate=0.5)
    assert t1.to_dict() == t2.to_dict()
    assert [m.text for m in t1.messages] != [m.text for m in t3.messages]
    changed = 0
    for a, b in zip(c.messages, t1.messages, strict=True):
        wa, wb = a.text.split(), b.text.split()
        assert len(wa) == len(wb)
        for x, y in zip(wa, wb, strict=True):
            if x != y:
                changed += 1
                assert x[0] == y[0] and x[-1] == y[-1]
                assert abs(len(x) - len(y)) <= 1
    assert changed > 0
    assert "coach_dan" in t1.messages[2].text  # handles untouched
    assert inject_typos(c, seed=5, rate=0.0).to_dict()["messages"] == c.to_dict()["messages"]


def test_variants_keep_labels_on_devset() -> None:
    for line in DEVSET.read_text(encoding="utf-8").splitlines()[:40]:
        c = Conversation.from_dict(json.loads(line))
        for v in variants(c, seed=1):
            assert len(v.messages) == len(c.messages)
            assert len(v.predators or []) == len(c.predators or [])
            assert set(v.predators or []) <= set(v.authors)
            assert v.extra["kind"] == c.extra["kind"]
