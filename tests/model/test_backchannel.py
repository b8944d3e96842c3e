"""Reaction-only messages ("ok", "lol") and the ``"backchannel": 1`` model-file option.

The shipped model reads every message's words; a file trained with ``guardline train
--backchannel`` gives a message made only of reactions no text score, in training and when
streaming alike (docs/model_dev.md, "Reaction-only chats").
"""

from __future__ import annotations

import pytest
from model_support import training_record

from guardline.core.model import Message
from guardline.model import LearnedModel
from guardline.model import train as training
from guardline.model.features import is_backchannel, normalise_words
from guardline.model.format import ModelFileError


def _words(text: str) -> list[str]:
    return normalise_words(text)


def test_reaction_only_messages_are_recognised_after_normalisation() -> None:
    for text in ("ok", "k", "okay!!", "lol", "hahaha", "LOL ok", "cool cool", "yeah", "yep"):
        assert is_backchannel(_words(text)), text
    for text in ("", "how old are you", "ok add me on another app", "dont tell your mum", "hi"):
        assert not is_backchannel(_words(text)), text


def _sums(model: LearnedModel, texts: list[str]) -> tuple[float, float, float, int]:
    state = model.new_state()
    for i, t in enumerate(texts):
        model.update(state, Message("c", i, "a", t), [])
    acc = state.authors["a"]
    return acc.s_g, acc.s_v, acc.s_r, acc.n_terms


def test_a_backchannel_file_gives_reactions_no_text_score() -> None:
    shipped = LearnedModel.load()
    assert "backchannel" not in shipped.payload and not shipped.backchannel
    reactions = ["ok", "lol", "cool", "yeah"]
    # the shipped file scores reactions like any words (its training did)
    assert _sums(shipped, reactions)[3] == 4
    assert any(x != 0.0 for x in _sums(shipped, reactions)[:3])
    bc = LearnedModel({**shipped.payload, "backchannel": 1})
    assert _sums(bc, reactions) == (0.0, 0.0, 0.0, 0)
    # a message with content keeps its whole score, reactions in it included
    content = ["ok where do you live"]
    assert _sums(bc, content) == _sums(shipped, content)
    # reactions between content messages change nothing of the text sums
    assert _sums(bc, ["ok", *content, "lol"]) == _sums(shipped, content)
    with pytest.raises(ModelFileError, match="backchannel version 2"):
        LearnedModel({**shipped.payload, "backchannel": 2})


def test_training_drops_reaction_only_messages_from_the_text_only_when_asked() -> None:
    texts = ["hi", "ok", "how old are you", "lol"]

    lines = [("ab"[i % 2], t) for i, t in enumerate(texts)]
    plain, dropped = training_record(lines), training_record(lines)
    training.prepare([plain], None)
    training.prepare([dropped], None, backchannel=True)
    assert [len(t) for t in plain.terms] == [1, 1, 7, 1]
    assert [len(t) for t in dropped.terms] == [1, 0, 7, 0]
    # behaviour features still see every message and its words
    assert dropped.n_words == plain.n_words
    assert training.TrainConfig().backchannel is False  # the shipped model's procedure
