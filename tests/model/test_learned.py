"""LearnedModel: streaming equals recomputation, state round trip, loads without shared data,
and on hand-written non-explicit conversations the groomer outranks everyone else."""

from __future__ import annotations

import json
import math
import random

from hypothesis import given, settings
from hypothesis import strategies as st
from model_support import reference_risk

from guardline.core.model import AgeBand, Message, Participant, Signal
from guardline.model import LearnedModel
from guardline.model.features import (
    feature_names,
    parse_age,
)
from guardline.signs import default_registry

MODEL = LearnedModel.load()
REGISTRY = default_registry()


def _signals(msgs: list[Message]) -> list[list[Signal]]:
    return [REGISTRY.find(m) for m in msgs]


def _msgs(lines: list[tuple[str, str]], cid: str = "c") -> list[Message]:
    return [Message(cid, i, a, t) for i, (a, t) in enumerate(lines)]


GROOMING = [
    ("kai", "hey, saw your drawings on the art server, they are really good"),
    ("mia", "omg thanks!! 😊"),
    ("kai", "how old are you? you draw better than adults i know"),
    ("mia", "im 12, almost 13"),
    ("kai", "wow so mature for your age. are your parents strict?"),
    ("mia", "kinda, my mom checks my phone sometimes"),
    ("kai", "lets keep our chats just between us ok, they wouldnt understand"),
    ("mia", "ok"),
    ("kai", "add me on snap, its more private there. nobody gets you like i do"),
    ("mia", "what if my mom sees"),
    ("kai", "delete the chat after. i can send you a gift card for your game too"),
    ("mia", "really?"),
    ("kai", "yeah, are you home alone after school tomorrow?"),
]
BENIGN = [
    ("sam", "did you finish the history reading"),
    ("lee", "almost, the chapter on trade routes is long"),
    ("sam", "same. want to study at the library thursday?"),
    ("lee", "sure, after practice works"),
    ("sam", "cool, ill bring snacks"),
    ("lee", "perfect, see you then"),
    ("sam", "oh and how was the match on saturday?"),
    ("lee", "we won 2-1, coach was happy"),
]


_TEXTS = [t for _, t in GROOMING + BENIGN] + ["", "?", "u r 2 kool lol"]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["a", "b", "c"]), st.sampled_from(_TEXTS)),
        min_size=1,
        max_size=14,
    )
)
def test_streaming_equals_recompute(lines: list[tuple[str, str]]) -> None:
    msgs = _msgs(lines)
    sigs = _signals(msgs)
    state = MODEL.new_state()
    for k, m in enumerate(msgs):
        got = MODEL.update(state, m, sigs[k])
        assert set(got) == {m.author}
        ref = reference_risk(MODEL, msgs[: k + 1], sigs[: k + 1], m.author)
        assert math.isclose(got[m.author], ref, rel_tol=1e-9, abs_tol=1e-12)


def test_dump_load_state_mid_conversation() -> None:
    msgs = _msgs(GROOMING)
    sigs = _signals(msgs)
    full = MODEL.scores(msgs, sigs)
    for cut in (1, 5, 9):
        state = MODEL.new_state()
        for m, s in zip(msgs[:cut], sigs[:cut], strict=True):
            MODEL.update(state, m, s)
        data = json.loads(json.dumps(MODEL.dump_state(state)))
        resumed = MODEL.load_state(data)
        rest = [
            MODEL.update(resumed, m, s)[m.author]
            for m, s in zip(msgs[cut:], sigs[cut:], strict=True)
        ]
        assert rest == full[cut:]


def test_shipped_model_loads_without_shared_data(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("GUARDLINE_SHARED_DATA", str(tmp_path / "nowhere"))
    monkeypatch.chdir(tmp_path)
    m = LearnedModel.load()
    assert m.name == "learned"
    assert m.policy is not None and 0.0 < m.policy["threshold"] <= 1.0
    assert len(m.vocab) > 1000


def _final_risks(lines: list[tuple[str, str]]) -> dict[str, float]:
    msgs = _msgs(lines)
    state = MODEL.new_state()
    out: dict[str, float] = {}
    for m, s in zip(msgs, _signals(msgs), strict=True):
        out.update(MODEL.update(state, m, s))
    return out


def test_groomer_outranks_child_and_benign_authors() -> None:
    g = _final_risks(GROOMING)
    b = _final_risks(BENIGN)
    assert g["kai"] > g["mia"]
    assert g["kai"] > max(b.values())


def test_more_handwritten_cases() -> None:
    fast_move = [
        ("zed", "hey cutie, how old r u"),
        ("ava", "14 why"),
        ("zed", "just asking, ur pretty"),
        ("ava", "thanks i guess"),
        ("zed", "u got whatsapp? this app is dead"),
        ("ava", "maybe"),
        ("zed", "give me ur number, dont tell ur parents we talk"),
        ("ava", "why not"),
        ("zed", "they would freak out. our secret ok"),
    ]
    gamers = [
        ("nova", "gg that raid was insane"),
        ("rook", "ya we carried hard"),
        ("nova", "wanna trade the dragon skin for my two rares?"),
        ("rook", "deal"),
        ("nova", "add me on discord so we can squad up tomorrow"),
        ("rook", "sure whats ur tag"),
        ("nova", "nova#1234"),
        ("rook", "added, see u at 7"),
    ]
    f = _final_risks(fast_move)
    gm = _final_risks(gamers)
    assert f["zed"] > f["ava"]
    assert f["zed"] > max(gm.values())


def test_risks_are_probabilities() -> None:
    rng = random.Random(0)
    words = [t for _, t in GROOMING + BENIGN]
    msgs = _msgs([(rng.choice("xyz"), rng.choice(words)) for _ in range(60)])
    for r in MODEL.scores(msgs, _signals(msgs)):
        assert 0.0 <= r <= 1.0


def test_parse_age_declared_bare_and_questions() -> None:
    assert parse_age("im 32")[0] == 32
    assert parse_age("14/f/ca")[0] == 14
    assert parse_age("i'm fourteen")[0] == 14
    assert parse_age("I am in 8th grade")[0] == 13
    assert parse_age("im 15 mins away") == (0, 0, False)
    assert parse_age("i have 13 cats") == (0, 0, False)
    assert parse_age("13") == (0, 13, False)  # an age only as the answer to "asl?"
    assert parse_age("asl?")[2] and parse_age("how old r u")[2]


def test_bare_number_counts_only_after_an_age_question() -> None:
    for lines, want in (([("a", "asl?"), ("b", "13")], 13), ([("a", "what time"), ("b", "13")], 0)):
        state = MODEL.new_state()
        msgs = _msgs(lines)
        for m, s in zip(msgs, _signals(msgs), strict=True):
            MODEL.update(state, m, s)
        assert state.authors["b"].age_lo == want


def test_partner_minor_age_never_lowers_risk() -> None:
    msgs = _msgs(GROOMING[:5])
    state = MODEL.new_state()
    for m, s in zip(msgs, _signals(msgs), strict=True):
        MODEL.update(state, m, s)
    state.authors["mia"].age_lo = state.authors["mia"].age_hi = 0
    state.authors["kai"].age_lo = state.authors["kai"].age_hi = 35
    before = MODEL.author_risk(state, "kai")
    state.authors["mia"].age_lo = state.authors["mia"].age_hi = 12
    assert MODEL.author_risk(state, "kai") >= before


def test_participant_context_sets_declared_age() -> None:
    state = MODEL.new_state()
    m = Message("c", 0, "t", "hi")
    MODEL.update(state, m, [], Participant("t", AgeBand.TEEN))
    assert state.authors["t"].age_lo == 15
    MODEL.update(state, Message("c", 1, "u", "hello"), [], Participant("u", declared_age=41))
    assert state.authors["u"].age_hi == 41


def test_a_misspelt_model_word_counts_as_the_word_when_streaming() -> None:
    model = LearnedModel.load()
    # a model word of 5+ letters, misspelt by one swap, which is neither a model word nor a
    # word the model's typo table would leave alone
    word, typo = next(
        (w, w[0] + w[2] + w[1] + w[3:])
        for w in sorted(model.vocab, key=lambda t: -abs(model.vocab[t][0]))
        if " " not in w
        and w.isalpha()
        and len(w) >= 5
        and model.fix.get(w[0] + w[2] + w[1] + w[3:]) == w
    )
    assert typo not in model.vocab
    clean = model.scores([Message("c", 0, "a", f"well {word} then")])
    typed = model.scores([Message("c", 0, "a", f"well {typo} then")])
    assert typed == clean
    # the table never rewrites a word the model knows
    assert not set(model.fix) & set(model.vocab)


def test_claiming_to_be_a_child_never_lowers_an_authors_risk() -> None:
    """An adult posing as a teen declares a minor age too: the author's own disclosure and
    declared minor age may only raise (never lower) their risk, for every model trained with
    the head's monotone constraints."""
    from guardline.model.train import monotone_features

    names = feature_names(MODEL.sign_ids)
    mono = dict(zip(names, monotone_features(names), strict=True))
    assert mono["self_sign:minor_age_disclosure"] and mono["self_minor"]
    msgs = _msgs(GROOMING[:7])
    state = MODEL.new_state()
    for m, s in zip(msgs, _signals(msgs), strict=True):
        MODEL.update(state, m, s)
    before = MODEL.author_risk(state, "kai")
    kai = state.authors["kai"]
    kai.signs["minor_age_disclosure"] = kai.signs.get("minor_age_disclosure", 0) + 1
    kai.age_lo = 12
    assert MODEL.author_risk(state, "kai") >= before
