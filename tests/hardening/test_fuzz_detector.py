"""The scorer on arbitrary Unicode: never crashes, streaming equals batch, state round-trips.

Messages mix indicator-level lines with arbitrary text: control characters, bidi overrides,
zero-width joiners, combining marks, astral characters, lone surrogates, very long words.
For the shipped model and the rules model: ``Detector.update`` message by message gives the
same assessment as ``Detector.scan``; every evidence span lies inside its message; saving
the state to JSON half-way and restoring it in a fresh detector changes nothing.
"""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guardline.core.model import Conversation, ConversationAssessment, Message
from guardline.detect import Detector, RulesModel, load_model

INDICATORS = [
    "how old are you",
    "don't tell your mum we talk",
    "add me on another app",
    "are your parents around",
    "you seem really mature for your age",
    "h0w 0ld r u",
    "d o n t  t e l l",
]
NASTY = ["\x00", "\x07", "\u202e", "\u2066", "\u200b", "\u200d", "\ufeff", "\u0301", "\ud800"]
NASTY += ["😀", "\U0010ffff", "İ", "ß", "ﬀ", "Ⅻ", "\r\n", "\t", "  ", "١٢"]

piece = st.one_of(
    st.sampled_from(INDICATORS),
    st.sampled_from(NASTY),
    st.text(max_size=15),
    st.text(alphabet=st.characters(codec=None), max_size=8),
)
message_text = st.lists(piece, max_size=6).map(" ".join)
conv_lines = st.lists(st.tuples(st.sampled_from(["a", "b", "\u202eb"]), message_text), max_size=14)

MODEL = load_model()
RULES = RulesModel()


def _canon(a: ConversationAssessment) -> str:
    return json.dumps(a.to_dict(), sort_keys=True)


def _run(model: object, lines: list[tuple[str, str]], cut: int) -> None:
    cid = "fz"
    conv = Conversation(id=cid, messages=[Message(cid, i, a, t) for i, (a, t) in enumerate(lines)])
    det = Detector(model=model)  # type: ignore[arg-type]
    last = None
    for i, m in enumerate(conv.messages):
        if i == cut:  # persist half-way, resume in a fresh detector
            saved = json.loads(json.dumps(det.state(cid)))
            det = Detector(model=model)  # type: ignore[arg-type]
            det.restore(saved)
        last = det.update(m)
        for s in last.evidence:
            text = conv.messages[s.message_index].text
            assert 0 <= s.span[0] <= s.span[1] <= len(text)
        assert 0.0 <= last.risk <= 1.0
    batch = Detector(model=model).scan(conv)  # type: ignore[arg-type]
    if last is None:
        assert batch.messages_seen == 0 and not batch.alert
    else:
        assert _canon(last) == _canon(batch)


@settings(
    max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(lines=conv_lines, cut=st.integers(1, 14))
def test_shipped_model_update_equals_scan(lines: list[tuple[str, str]], cut: int) -> None:
    _run(MODEL, lines, cut)


@settings(
    max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(lines=conv_lines, cut=st.integers(1, 14))
def test_rules_model_update_equals_scan(lines: list[tuple[str, str]], cut: int) -> None:
    _run(RULES, lines, cut)


def test_huge_and_pathological_messages() -> None:
    """The service accepts up to 100,000 characters: such messages score without error."""
    lines = [
        ("a", "how old are you " * 6000),
        ("a", "\u200b" * 100_000),
        ("b", "a" * 100_000),
        ("a", "d.o.n.t t.e.l.l " * 5000),
        ("b", "\u202e" + "x " * 49_000),
    ]
    _run(MODEL, lines, 2)
