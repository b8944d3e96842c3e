"""Repeated messages and the ``"repeats": k`` model-file option.

A model that adds every message's words to its author's text score lets a chat that repeats
one line grow the score like the square root of the count. A file trained with ``guardline
train --repeats k`` (the shipped one: k = 16, since run 24) gives a message with the same
words as one of its author's last k distinct messages no text score, in training and when
streaming alike (docs/model_dev.md, "Repeated messages").
"""

from __future__ import annotations

import inspect
import json
import zlib

import pytest
from model_support import training_record

from guardline.core.model import Message
from guardline.model import LearnedModel
from guardline.model import train as training
from guardline.model.features import (
    MAX_REPEATS,
    ConvAcc,
    message_key,
    normalise_words,
    seen_recently,
)
from guardline.model.format import ModelFileError


def test_seen_recently_keeps_the_last_k_distinct_keys() -> None:
    recent: list[int] = []
    assert [seen_recently(recent, k, 3) for k in (1, 2, 1, 3, 4)] == [
        False,
        False,
        True,
        False,
        False,
    ]
    # 1 was seen again after 2, so 2 is the oldest and went when 4 came
    assert recent == [1, 3, 4]
    assert seen_recently(recent, 2, 3) is False
    assert recent == [3, 4, 2]


def test_message_keys_follow_the_normalised_words() -> None:
    def key(text: str) -> int | None:
        return message_key(normalise_words(text))

    assert key("OK cool, see you tomorrow!!") == key("ok cool see u tomorrow")
    assert key("how old are you") != key("how old r you now")
    assert key("") is None and key("!!!") is None
    # stable across processes: a CRC, not Python's salted hash
    assert key("ok") == zlib.crc32(b"ok")


def _run(model: LearnedModel, msgs: list[tuple[str, str]]) -> ConvAcc:
    state = model.new_state()
    for i, (a, t) in enumerate(msgs):
        model.update(state, Message("c", i, a, t), [])
    return state


def _text(state: ConvAcc, author: str) -> tuple[float, float, float, int]:
    acc = state.authors[author]
    return acc.s_g, acc.s_v, acc.s_r, acc.n_terms


LINE = "ok cool see you tomorrow"


def test_a_repeats_file_scores_a_repeated_line_once() -> None:
    shipped = LearnedModel.load()
    assert shipped.payload["repeats"] == shipped.repeats == 16
    plain = LearnedModel({**shipped.payload, "repeats": 0})
    rp = LearnedModel({**shipped.payload, "repeats": 4})
    once = _text(_run(rp, [("a", LINE)]), "a")
    # without repeats every copy counts; with them the first only
    twenty = [("a", LINE)] * 20
    assert _text(_run(plain, twenty), "a")[3] == 20 * once[3]
    assert _text(_run(shipped, twenty), "a") == once
    assert _text(_run(rp, twenty), "a") == once
    # behaviour features still see every message
    assert _run(rp, twenty).authors["a"].n_msgs == 20
    # each author remembers their own lines: b's first copy of a's line counts
    both = _run(rp, [("a", LINE), ("b", LINE), ("a", LINE), ("b", LINE)])
    assert _text(both, "a") == _text(both, "b") == once
    # after k other distinct lines the first is forgotten and counts again
    others = [("a", f"{w} is at the park") for w in ("anna", "ben", "cara", "dan")]
    s = _run(rp, [("a", LINE), *others, ("a", LINE)])
    assert s.authors["a"].n_terms == 2 * once[3] + sum(_text(_run(rp, [m]), "a")[3] for m in others)


def test_the_remembered_lines_survive_the_state_being_stored() -> None:
    rp = LearnedModel({**LearnedModel.load().payload, "repeats": 4})
    state = _run(rp, [("a", LINE), ("b", "where do you live")])
    stored = ConvAcc.from_dict(json.loads(json.dumps(state.to_dict())))
    assert stored.authors["a"].recent == state.authors["a"].recent
    n = stored.authors["a"].n_terms
    rp.update(stored, Message("c", 2, "a", LINE), [])
    assert stored.authors["a"].n_terms == n
    # a state stored by a file without repeats (no keys) reads as "nothing remembered"
    plain = LearnedModel({**LearnedModel.load().payload, "repeats": 0})
    old = _run(plain, [("a", LINE)]).to_dict()
    assert len(old["authors"]["a"]) <= 15
    assert ConvAcc.from_dict(old).authors["a"].recent is None


@pytest.mark.parametrize("bad", [-1, 257, "4", 2.0, True])
def test_a_model_file_with_a_bad_repeats_value_is_refused(bad: object) -> None:
    with pytest.raises(ModelFileError, match="repeats"):
        LearnedModel({**LearnedModel.load().payload, "repeats": bad})


def test_training_drops_the_same_messages_as_streaming() -> None:
    msgs = [
        ("a", "hi"),
        ("b", "hi"),
        ("a", "how old are you"),
        ("a", "HI!!"),
        ("b", "ok"),
        ("a", "how old are you"),
        ("b", "ok"),
        ("a", "hi there"),
        ("a", "where do you live"),
        ("a", "hi"),
    ]
    rec = training_record(msgs)
    training.prepare([rec], None, repeats=2)
    # "hi" comes back after two other distinct lines of a, so it counts again
    assert [len(t) for t in rec.terms] == [1, 1, 7, 0, 1, 0, 0, 3, 7, 1]
    rp = LearnedModel({**LearnedModel.load().payload, "repeats": 2})
    state = rp.new_state()
    added = []
    for i, (a, t) in enumerate(msgs):
        before = state.authors[a].n_terms if a in state.authors else 0
        rp.update(state, Message("c", i, a, t), [])
        added.append(state.authors[a].n_terms - before)
    assert added == [len(t) for t in rec.terms]
    # the shipped model's procedure, also the command's default
    assert training.TrainConfig().repeats == 16
    from guardline.cli.train import train

    option = inspect.signature(train).parameters["repeats"].default
    assert option.default == training.TrainConfig().repeats
    assert option.max == MAX_REPEATS


@pytest.mark.parametrize("line", ["ok", "lol", "cool", LINE])
def test_the_shipped_detector_does_not_alert_on_a_chat_repeating_one_line(line: str) -> None:
    from guardline.detect import Detector
    from guardline.detect.policy import AlertPolicy

    model = LearnedModel.load()
    # without the rule the same weights alert on each (run 22 did, at messages 5, 9, 7, 13)
    plain = LearnedModel({**model.payload, "repeats": 0})
    for m, alerts in ((model, False), (plain, True)):
        det = Detector(model=m, policy=AlertPolicy.from_dict(model.policy or {}))
        hits = [det.update(Message("r", i, "ab"[i % 2], line)).alert for i in range(20)]
        assert any(hits) is alerts
