"""Addressed-pair views of group chats (guardline.model.addressing): whom a message
addresses, streaming equals recomputation from the definition, dyads are untouched, the state
round-trips, and on hand-written set G the views flag more groomers who single out a child
without alerting on more benign group chats."""

from __future__ import annotations

import json
import math
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from model_support import reference_risk

from guardline.core.model import Message, Signal
from guardline.corpora import load
from guardline.detect import Detector
from guardline.model import LearnedModel
from guardline.model.addressing import GROUP_MIN_AUTHORS, address, name_keys
from guardline.model.features import ConvAcc
from guardline.signs import default_registry

MODEL = LearnedModel.load()
FLAT = LearnedModel.load(pair_views=False)
REGISTRY = default_registry()
DEVSETS = Path(__file__).resolve().parents[2] / "devsets"


def _msgs(lines: list[tuple[str, str]]) -> list[Message]:
    return [Message("c", i, a, t) for i, (a, t) in enumerate(lines)]


# ------------------------------------------------------------------ whom a message addresses


def test_name_keys() -> None:
    assert name_keys("amelia_p12") == {"amelia"}
    assert name_keys("hannah.flips") == {"hannah"}
    assert name_keys("DaveVolunteer") == {"dave", "davevolunteer"}  # the id is one word
    assert name_keys("Dave_Volunteer") == {"dave"}
    assert name_keys("priya") == {"priya"}
    assert name_keys("coach_rob") == set()  # a role is not a name
    assert name_keys("Mr_Tan") == set()
    assert name_keys("u06d399034f7c") == set()  # hashed ids never match a word
    assert name_keys("jo_7") == set()  # too short to tell from a word
    assert name_keys("will_22") == set()  # common English words are never names
    assert name_keys("happy_gamer") == set() and name_keys("jack_01") == {"jack"}


def _addressing(lines: list[tuple[str, str]]) -> list[str | None]:
    state = ConvAcc()
    out = []
    for a, t in lines:
        state.authors.setdefault(a, MODEL.new_state().authors.get(a))  # type: ignore[arg-type]
        out.append(address(state, a, t))
    return out


def test_address_names_one_participant_and_continues_while_they_answer() -> None:
    got = _addressing(
        [
            ("amelia_p12", "hi"),
            ("owen_t", "hi"),
            ("dave_v", "well done amelia"),  # names Amelia
            ("amelia_p12", "thanks"),
            ("dave_v", "are you on snapchat?"),  # only Amelia spoke since: still to her
            ("owen_t", "what about me"),
            ("dave_v", "next week"),  # Owen spoke in between: nobody in particular
            ("dave_v", "Amelia and Owen, good work"),  # two names: nobody in particular
            ("dave_v", "owen bring gloves"),
            ("owen_t", "ok dave"),
        ]
    )
    amelia, owen, dave = "amelia_p12", "owen_t", "dave_v"
    assert got == [None, None, amelia, None, amelia, None, None, None, owen, dave]


def test_address_ignores_names_of_people_not_in_the_chat() -> None:
    got = _addressing([("amelia_p12", "hi"), ("owen_t", "hi"), ("dave_v", "where is sophie")])
    assert got == [None, None, None]


# ---------------------------------------------------- streaming equals the definition


def _pair_reference(msgs: list[Message], sigs: list[list[Signal]]) -> list[float]:
    """The risk of each message's author from scratch: the group view, and for every
    addressed pair (from the definition, looking back) the pair's messages rescored whole."""
    seen: list[str] = []
    target: list[str | None] = []  # whom message k addresses
    for k, m in enumerate(msgs):
        if m.author not in seen:
            seen.append(m.author)
        t = None
        if len(seen) >= GROUP_MIN_AUTHORS:
            words = set("".join(c if c.isalpha() else " " for c in m.text.lower()).split())
            named = [p for p in seen if p != m.author and name_keys(p) & words]
            if len(named) == 1:
                t = named[0]
            elif not named:
                prev = max((j for j in range(k) if msgs[j].author == m.author), default=None)
                if prev is not None and target[prev] is not None:
                    between = {msgs[j].author for j in range(prev + 1, k)}
                    if between <= {target[prev]}:
                        t = target[prev]
        target.append(t)
    out = []
    for k, m in enumerate(msgs):
        best = reference_risk(MODEL, msgs[: k + 1], sigs[: k + 1], m.author)
        for p in seen:
            mine = [j for j in range(k + 1) if msgs[j].author == m.author and target[j] == p]
            if not mine:
                continue
            idx = [j for j in range(k + 1) if j in mine or (msgs[j].author == p and j > mine[0])]
            sub = [msgs[j] for j in idx]
            sub_sigs = [
                [s for s in sigs[j] if s.author in (m.author, p)]
                if msgs[j].author == m.author
                else [s for s in sigs[j] if s.author == p]
                for j in idx
            ]
            if {s.author for ss in sub_sigs for s in ss} | {x.author for x in sub} == {
                m.author,
                p,
            }:
                best = max(best, reference_risk(MODEL, sub, sub_sigs, m.author))
        out.append(best)
    return out


_AUTHORS = ["amelia_p12", "owen_t", "dave_v", "hannah.k"]
_TEXTS = [
    "amelia you are so mature for your age",
    "owen bring the gloves",
    "dave can we go",
    "hannah are your parents home?",
    "are you on snapchat? add me there",
    "keep it between us ok",
    "how old are you",
    "im 12",
    "ok",
    "lol same",
    "amelia and owen well done",
    "did you finish the history reading",
    "my mum works late",
]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(_AUTHORS), st.sampled_from(_TEXTS)), min_size=1, max_size=16)
)
def test_streaming_equals_the_definition(lines: list[tuple[str, str]]) -> None:
    msgs = _msgs(lines)
    sigs = [REGISTRY.find(m) for m in msgs]
    state = MODEL.new_state()
    got = [MODEL.update(state, m, s)[m.author] for m, s in zip(msgs, sigs, strict=True)]
    want = _pair_reference(msgs, sigs)
    for g, w in zip(got, want, strict=True):
        assert math.isclose(g, w, rel_tol=1e-9, abs_tol=1e-12)


def test_two_person_chats_score_exactly_as_without_pair_views() -> None:
    lines = [(a, t) for a, t in zip(["dave_v", "amelia_p12"] * 7, _TEXTS, strict=False)]
    msgs = _msgs(lines)
    sigs = [REGISTRY.find(m) for m in msgs]
    s1, s2 = MODEL.new_state(), FLAT.new_state()
    for m, s in zip(msgs, sigs, strict=True):
        assert MODEL.update(s1, m, s) == FLAT.update(s2, m, s)
    assert not s1.pairs and not s1.targets


def test_group_state_round_trips_mid_conversation() -> None:
    lines = [(_AUTHORS[i % 3], _TEXTS[(5 * i) % len(_TEXTS)]) for i in range(24)]
    msgs = _msgs(lines)
    sigs = [REGISTRY.find(m) for m in msgs]
    state = MODEL.new_state()
    full = [MODEL.update(state, m, s)[m.author] for m, s in zip(msgs, sigs, strict=True)]
    assert state.pairs  # the chat did form addressed pairs
    for cut in (5, 12, 19):
        state = MODEL.new_state()
        for m, s in zip(msgs[:cut], sigs[:cut], strict=True):
            MODEL.update(state, m, s)
        resumed = MODEL.load_state(json.loads(json.dumps(MODEL.dump_state(state))))
        tail = zip(msgs[cut:], sigs[cut:], strict=True)
        rest = [MODEL.update(resumed, m, s)[m.author] for m, s in tail]
        assert rest == full[cut:]


# ------------------------------------------------------------ on hand-written group chats


def test_pair_views_flag_more_groomers_singling_out_a_child_on_set_g() -> None:
    """Set G (hand-written, not training data of the shipped model): an adult who singles
    out one child in a group chat is flagged more often with pair views, and no more benign
    group chats alert."""
    convs = [c for c in load(DEVSETS / "hard_cases_g.jsonl") if len(c.authors) >= 3]
    with_pairs, flat = Detector(model=MODEL), Detector(model=FLAT)
    hits = {True: 0, False: 0}
    benign_alerts = {True: 0, False: 0}
    for c in convs:
        for on, det in ((True, with_pairs), (False, flat)):
            a = det.scan(c)
            if c.predators:
                hits[on] += any(x.flagged and x.author in c.predators for x in a.authors)
            else:
                benign_alerts[on] += a.alert
    assert sum(1 for c in convs if c.predators) >= 10
    assert hits[True] > hits[False]
    assert benign_alerts[True] <= benign_alerts[False]


def test_detector_names_the_child_an_adult_singles_out_and_restores_it() -> None:
    """On set G's group chats the Detector reports, for flagged adults whose risk comes from
    an addressed pair, the child they single out (a participant, never themselves); the
    addressee survives the detector state's JSON round trip; two-person chats have none."""
    convs = list(load(DEVSETS / "hard_cases_g.jsonl"))
    det = Detector(model=MODEL)
    named = 0
    for c in convs:
        a = det.scan(c)
        for au in a.authors:
            if len(c.authors) < GROUP_MIN_AUTHORS:
                assert au.addressee is None
            elif au.addressee is not None:
                assert au.addressee in c.authors and au.addressee != au.author
                named += au.flagged and au.author in c.predators
    assert named >= 3
    # mid-conversation round trip of a group chat that names an addressee
    c = next(
        c
        for c in convs
        if c.predators and any(x.addressee for x in det.scan(c).authors if x.flagged)
    )
    cut = len(c.messages) // 2
    d1 = Detector(model=MODEL)
    for m in c.messages[:cut]:
        d1.update(m)
    d2 = Detector(model=MODEL)
    d2.restore(json.loads(json.dumps(d1.state(c.id))))
    for m in c.messages[cut:]:
        x, y = d1.update(m), d2.update(m)
        assert [au.to_dict() for au in x.authors] == [au.to_dict() for au in y.authors]
    assert any(au.addressee for au in y.authors)
    assert FLAT.name == MODEL.name and all(
        au.addressee is None for au in Detector(model=FLAT).scan(c).authors
    )


def test_display_names_let_opaque_ids_be_addressed() -> None:
    """With numeric author ids nobody is named, so there are no pair views; with the
    platform's display names as participant context the same chat forms the adult's pair with
    the child they name, and the Detector reports that child (by id)."""
    from guardline.core.model import Conversation, Participant

    ids = {"dave_v": "90411", "amelia_p12": "77120", "owen_t": "55083", "hannah.k": "61230"}
    shown = {"90411": "Dave V", "77120": "Amelia", "55083": "Owen T", "61230": "hannah k"}
    lines = [(ids[a], t) for a, t in _msgs_of_a_singling_out()]
    msgs = _msgs(lines)
    plain = Conversation("c", msgs)
    named = Conversation(
        "c", msgs, participants={i: Participant(i, display_name=n) for i, n in shown.items()}
    )
    st_plain, st_named = MODEL.new_state(), MODEL.new_state()
    for m in msgs:
        MODEL.update(st_plain, m, REGISTRY.find(m))
        MODEL.update(st_named, m, REGISTRY.find(m), named.participants[m.author])
    assert not st_plain.pairs
    assert set(st_named.pairs.get("90411", {})) == {"77120", "55083"}  # "about 1, owen" too
    assert st_named.names["77120"] == ["amelia"]
    a = Detector(model=MODEL).scan(named)
    dave = next(x for x in a.authors if x.author == "90411")
    assert dave.flagged and dave.addressee == "77120"
    assert all(x.addressee is None for x in Detector(model=MODEL).scan(plain).authors)


def _msgs_of_a_singling_out() -> list[tuple[str, str]]:
    return [
        ("dave_v", "Morning all, litter pick on saturday at the park"),
        ("amelia_p12", "ill come"),
        ("owen_t", "me too"),
        ("hannah.k", "can my brother come"),
        ("dave_v", "Amelia you are so mature for your age, ready for the next badge"),
        ("amelia_p12", "thanks"),
        ("dave_v", "are you on snapchat? add me there, keep it between us ok"),
        ("owen_t", "what time does it finish"),
        ("dave_v", "about 1, owen"),
        ("dave_v", "Amelia are your parents home after school? I can drop the badge round"),
        ("amelia_p12", "my mum works late"),
        ("dave_v", "perfect, dont tell your mum, its our secret amelia"),
    ]


def test_pairs_are_bounded_per_author_and_per_conversation() -> None:
    from guardline.model.addressing import MAX_PAIRS_PER_AUTHOR

    kids = ["amelia", "hannah", "priya", "sophie", "chloe", "freya", "zara", "nina", "tara"]
    kids += ["leah", "erin", "kira", "jade", "ruby", "orla", "isla", "maisie", "esme"]
    lines = [(f"{k}_x", "hi") for k in kids] + [("dave_v", "hi all")]
    for k in kids:
        lines += [("dave_v", f"{k.capitalize()} well done today"), (f"{k}_x", "thanks")]
    state = MODEL.new_state()
    for m in _msgs(lines):
        MODEL.update(state, m, REGISTRY.find(m))
    mine = state.pairs["dave_v"]
    assert len(mine) == MAX_PAIRS_PER_AUTHOR  # the oldest made way
    assert list(mine) == [f"{k}_x" for k in kids[-MAX_PAIRS_PER_AUTHOR:]]


def test_detector_state_version_5_and_versions_1_to_4_still_restore() -> None:
    from guardline.detect.detector import STATE_VERSION

    msgs = _msgs(_msgs_of_a_singling_out())
    det = Detector(model=MODEL)
    for m in msgs[:6]:
        det.update(m)
    data = json.loads(json.dumps(det.state("c")))
    assert data["version"] == STATE_VERSION == 5
    for version in (1, 2, 3, 4):
        other = Detector(model=MODEL)
        other.restore({**data, "version": version})
        assert other.assessment("c").to_dict() == det.assessment("c").to_dict()
    try:
        Detector(model=MODEL).restore({**data, "version": 6})
    except ValueError as exc:
        assert "version" in str(exc)
    else:
        raise AssertionError("an unknown state version was accepted")
