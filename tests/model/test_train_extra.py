"""Spelling repair of the text models' words, and extra labelled conversations in training."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from guardline.core.model import Conversation, Message
from guardline.model import LearnedModel
from guardline.model import train as training
from guardline.model.features import normalise_words, spelling_fixes
from guardline.model.format import ModelFileError
from guardline.signs import default_registry
from guardline.signs.normalization import english_counts


def test_spelling_repairs_misspelt_common_words() -> None:
    fix = spelling_fixes()
    for typo, word in (("tht", "that"), ("hve", "have"), ("jst", "just"), ("knw", "know")):
        assert fix[typo] == word
        assert normalise_words(f"i {typo} it", fix) == ["i", word, "it"]
    # dropped, doubled, swapped and neighbouring letters of a frequent word
    assert {fix.get(k) for k in ("becuse", "beccause", "becasue", "becsuse")} == {"because"}


def test_spelling_never_rewrites_a_real_word_or_a_chat_word() -> None:
    fix = spelling_fixes()
    real = english_counts()
    # a misspelling that is also a word of any frequency is rare as a word
    assert all(real.get(k, 0) < 100 for k in fix)
    for word in ("god", "tech", "bot", "luke", "fave", "noone", "wth", "pls", "bro", "stat"):
        assert word not in fix
    # keys are never the first or last letter changed (plurals and prefixes stay)
    assert "thats" not in fix and "fiends" not in fix


def test_a_model_file_records_its_spelling_table() -> None:
    payload = {k: v for k, v in LearnedModel.load().payload.items() if k != "spelling"}
    spelled = LearnedModel({**payload, "spelling": 1})
    assert spelled.fix["tht"] == "that"
    # a file trained without the table (older files) streams without it, as it was trained
    assert "tht" not in LearnedModel(payload).fix
    with pytest.raises(ModelFileError, match="spelling table version 2"):
        LearnedModel({**payload, "spelling": 2})


def _conv(cid: str, family: str, variant: int, groomer: bool) -> Conversation:
    texts = (
        ["hi", "how old are you", "12", "dont tell your mum we talk", "ok"]
        if groomer
        else ["hi", "pick you up at 6", "ok mum", "love you", "xx"]
    )
    msgs = [Message(cid, i, "a" if i % 2 == 0 else "b", t) for i, t in enumerate(texts)]
    extra = {"source": "synthetic", "family": family, "variant": variant}
    return Conversation(cid, msgs, predators=["a"] if groomer else [], extra=extra)


def test_extra_conversations_join_text_and_head_but_not_the_cv_figures(
    tiny_corpus: Path,
) -> None:
    extra = [_conv(f"x{i}", "fam_g" if i % 2 else "fam_b", i % 3, bool(i % 2)) for i in range(12)]
    find = default_registry().find
    plain = training.load_dataset(tiny_corpus, find, log=lambda s: None)
    ds = training.load_dataset(tiny_corpus, find, log=lambda s: None, extra=extra)
    assert len(ds.extra) == 12 and len(ds.recs) == len(plain.recs) + 12
    assert set(ds.extra) <= set(ds.windows) and set(ds.extra) <= set(ds.head_ids)
    assert not set(ds.extra) & (set(ds.matched) | set(ds.sessions))
    groups = {ds.recs[i].group for i in ds.extra}
    assert groups == {f"synthetic:fam_{k}:{v}" for k in "gb" for v in range(3)}
    # groombench folds are those without the extra records; a group sits in one fold
    folds = training.assign_folds(ds, 2)
    assert folds[: len(plain.recs)].tolist() == training.assign_folds(plain, 2).tolist()
    for g in groups:
        assert len({folds[i] for i in ds.extra if ds.recs[i].group == g}) == 1
    cfg = training.TrainConfig(folds=2, text=training.TextConfig(min_groups=2))
    cv = training.cross_validate(ds, cfg, log=lambda s: None)
    assert set(np.unique(cv.oof.rec).tolist()) >= set(ds.extra)
    fx = training.evaluate_extra(ds, cv, (0.5, 2, 2))
    assert fx is not None and set(fx.fa_by_source) == {"synthetic"}
    assert training.evaluate_extra(plain, cv, (0.5, 2, 2)) is None


def test_record_weight_zero_is_the_same_as_leaving_the_record_out(tiny_corpus: Path) -> None:
    ds = training.load_dataset(tiny_corpus, default_registry().find, log=lambda s: None)
    cfg = training.TrainConfig(folds=2, text=training.TextConfig(min_groups=2))
    cv = training.cross_validate(ds, cfg, log=lambda s: None)
    rows = cv.oof
    drop = int(np.unique(rows.rec)[0])
    w = np.ones(len(ds.recs))
    w[drop] = 0.0
    kept = rows.rec != drop
    c1, b1 = training.fit_head(rows, cfg.head, None, w)
    c2, b2 = training.fit_head(training.take_rows(rows, kept), cfg.head, None)
    # the standardisation still sees the zero-weight rows: compare risks, not raw weights
    x = rows.x[kept]
    r1 = 1 / (1 + np.exp(-(x @ c1 + b1)))
    r2 = 1 / (1 + np.exp(-(x @ c2 + b2)))
    assert np.allclose(r1, r2, atol=2e-3)
    c3, _ = training.fit_head(rows, cfg.head, None)
    assert not np.allclose(c1, c3)


def test_guardline_train_mixes_in_the_synthetic_set_and_records_it(
    tiny_corpus: Path, tmp_path: Path
) -> None:
    from typer.testing import CliRunner

    from guardline.cli import app
    from guardline.corpora.synthetic import FAMILIES
    from guardline.model.format import read

    runner = CliRunner()
    args = ["train", "--data", str(tiny_corpus)]
    out = tmp_path / "with.json"
    res = runner.invoke(app, [*args, "--out", str(out), "--synthetic", "2"])
    assert res.exit_code == 0, res.output
    assert f"{2 * len(FAMILIES)} extra" in res.output
    payload = read(out)
    assert payload["spelling"] == 1
    assert payload["meta"]["synthetic"]["conversations"] == 2 * len(FAMILIES)
    assert "guardline.corpora.synthetic" in payload["meta"]["trained_on"]
    assert LearnedModel.load(out).fix["tht"] == "that"
    again = tmp_path / "again.json"
    assert runner.invoke(app, [*args, "--out", str(again), "--synthetic", "2"]).exit_code == 0
    assert again.read_bytes() == out.read_bytes()
    plain = tmp_path / "plain.json"
    res = runner.invoke(app, [*args, "--out", str(plain), "--synthetic", "0"])
    assert res.exit_code == 0, res.output
    assert "synthetic" not in read(plain)["meta"]


def test_typo_copies_train_the_text_models_in_their_originals_fold(tiny_corpus: Path) -> None:
    find = default_registry().find
    plain = training.load_dataset(tiny_corpus, find, log=lambda s: None)
    ds = training.load_dataset(tiny_corpus, find, log=lambda s: None, typo_rate=0.5)
    n_windows = len(plain.windows)
    assert len(ds.copies) == n_windows and set(ds.copies) <= set(ds.windows)
    assert not set(ds.copies) & (set(ds.head_ids) | set(ds.matched) | set(ds.sessions))
    folds = training.assign_folds(ds, 2)
    assert folds[: len(plain.recs)].tolist() == training.assign_folds(plain, 2).tolist()
    by_rid = {r.rid: i for i, r in enumerate(ds.recs)}
    changed = words = 0
    for i in ds.copies:
        copy = ds.recs[i]
        orig = ds.recs[by_rid[copy.rid.removesuffix("~typo")]]
        assert folds[i] == folds[by_rid[orig.rid]] and copy.group == orig.group
        assert copy.authors == orig.authors and copy.predators == orig.predators
        for a, b in zip(orig.texts, copy.texts, strict=True):
            for u, v in zip(a.split(), b.split(), strict=True):
                if len(u) >= 4 and u.isalpha():
                    words += 1
                    changed += u != v
    assert words and 0.3 < changed / words < 0.7
    again = training.load_dataset(tiny_corpus, find, log=lambda s: None, typo_rate=0.5)
    assert [ds.recs[i].texts for i in ds.copies] == [again.recs[i].texts for i in again.copies]


def test_misspell_makes_one_interior_edit() -> None:
    import random

    from guardline.model.features import misspell

    rng = random.Random(0)
    for _ in range(200):
        w = "secret"
        t = misspell(w, rng)
        assert t[0] == "s" and t[-1] == "t" and abs(len(t) - len(w)) <= 1
