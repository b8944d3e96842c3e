"""Hand-written labelled conversations (set B) as training data: cross-validated by family,
weighted, recorded in the model file, and never the same file as the development set."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from guardline.cli import app
from guardline.core.model import Conversation, Message
from guardline.model import train as training
from guardline.model.format import read
from guardline.signs import default_registry

REPO = Path(__file__).resolve().parents[2]


def _hand(cid: str, family: str, groomer: bool) -> Conversation:
    texts = (
        ["hey", "how old r u", "11", "are your parents around", "no", "keep this between us"]
        if groomer
        else ["hey coach", "is practice on", "yes at 5", "bring your permission slip", "ok"]
    )
    msgs = [Message(cid, i, "a" if i % 2 == 0 else "b", t) for i, t in enumerate(texts)]
    extra = {"source": "hardcase_x", "family": family, "kind": "grooming" if groomer else "benign"}
    return Conversation(cid, msgs, predators=["a"] if groomer else [], extra=extra)


def _hand_set() -> list[Conversation]:
    fams = ("fast_move", "coach", "gifts", "family")
    return [
        _hand(f"h{i:02d}", fams[i % 4], fams[i % 4] in ("fast_move", "gifts")) for i in range(16)
    ]


def test_hand_written_records_are_grouped_by_family_and_weighted(tiny_corpus: Path) -> None:
    find = default_registry().find
    plain = training.load_dataset(tiny_corpus, find, log=lambda s: None)
    ds = training.load_dataset(
        tiny_corpus, find, log=lambda s: None, handwritten=_hand_set(), handwritten_weight=3.0
    )
    assert len(ds.handwritten) == 16 and set(ds.handwritten) <= set(ds.extra)
    assert set(ds.handwritten) <= set(ds.windows) and set(ds.handwritten) <= set(ds.head_ids)
    assert not set(ds.handwritten) & (set(ds.matched) | set(ds.sessions))
    assert {ds.recs[i].group for i in ds.handwritten} == {
        f"hardcase_x:{f}" for f in ("fast_move", "coach", "gifts", "family")
    }
    assert {ds.recs[i].weight for i in ds.handwritten} == {3.0}
    folds = training.assign_folds(ds, 2)
    # groombench's folds do not move, and a family never straddles two folds
    assert folds[: len(plain.recs)].tolist() == training.assign_folds(plain, 2).tolist()
    for fam in ("fast_move", "coach", "gifts", "family"):
        assert len({folds[i] for i in ds.handwritten if ds.recs[i].group.endswith(fam)}) == 1
    cfg = training.TrainConfig(folds=2, text=training.TextConfig(min_groups=2))
    cv = training.cross_validate(ds, cfg, log=lambda s: None)
    fh = training.evaluate_extra(ds, cv, (0.5, 2, 2), ds.handwritten)
    assert fh is not None and set(fh.fa_by_source) == {"hardcase_x"}
    # per held-out family: benign hits are the false alerts the aggregate reports
    fams = training.family_figures(ds, cv, (0.5, 2, 2), ds.handwritten)
    assert set(fams) == {f"hardcase_x:{f}" for f in ("fast_move", "coach", "gifts", "family")}
    assert all(v["n"] == 4 for v in fams.values())
    assert {g for g, v in fams.items() if v["kind"] == "grooming"} == {
        "hardcase_x:fast_move",
        "hardcase_x:gifts",
    }
    benign = [v for v in fams.values() if v["kind"] == "benign"]
    assert sum(int(v["hits"]) for v in benign) / 8 == pytest.approx(fh.fa_by_source["hardcase_x"])
    never = training.family_figures(ds, cv, (1.01, 2, 2), ds.handwritten)
    assert all(v["hits"] == 0 for v in never.values())
    always = training.family_figures(ds, cv, (0.0, 2, 2), ds.handwritten)
    assert all(v["hits"] == v["n"] for v in always.values())
    # their weight reaches the head: the same rows with weight 1 give another head
    rw = training.record_weights(ds)
    ones = rw.copy()
    ones[ds.handwritten] = 1.0
    c3, _ = training.fit_head(cv.oof, cfg.head, None, rw)
    c1, _ = training.fit_head(cv.oof, cfg.head, None, ones)
    assert not np.allclose(c3, c1)


def _write(path: Path, convs: list[Conversation]) -> Path:
    path.write_text("".join(json.dumps(c.to_dict()) + "\n" for c in convs), encoding="utf-8")
    return path


def test_guardline_train_records_the_hand_written_files(tiny_corpus: Path, tmp_path: Path) -> None:
    hand = _write(tmp_path / "hand.jsonl", _hand_set())
    runner = CliRunner()
    args = ["train", "--data", str(tiny_corpus), "--synthetic", "0"]
    out = tmp_path / "m.json"
    res = runner.invoke(
        app, [*args, "--out", str(out), "--hand-written", str(hand), "--hand-written-weight", "2"]
    )
    assert res.exit_code == 0, res.output
    assert "0 extra, 16 hand-written" in res.output
    assert "CV hand-written" in res.output
    meta = read(out)["meta"]
    sha = hashlib.sha256(hand.read_bytes()).hexdigest()
    assert meta["handwritten"] == {
        "files": [{"name": "hand.jsonl", "sha256": sha}],
        "conversations": 16,
        "weight": 2.0,
        "cv_groups": "source:family",
    }
    assert "hand.jsonl" in meta["trained_on"] and "synthetic" not in meta
    again = tmp_path / "again.json"
    res = runner.invoke(
        app, [*args, "--out", str(again), "--hand-written", str(hand), "--hand-written-weight", "2"]
    )
    assert res.exit_code == 0 and again.read_bytes() == out.read_bytes()
    none = tmp_path / "none.json"
    res = runner.invoke(app, [*args, "--out", str(none), "--no-hand-written"])
    assert res.exit_code == 0, res.output
    assert "handwritten" not in read(none)["meta"]


@pytest.mark.skipif(
    not all((REPO / "devsets" / f"hard_cases_{x}.jsonl").is_file() for x in "bef"),
    reason="no sets B, E, F",
)
def test_by_default_guardline_train_learns_from_sets_b_e_f(
    tiny_corpus: Path, tmp_path: Path
) -> None:
    out = tmp_path / "m.json"
    res = CliRunner().invoke(
        app, ["train", "--data", str(tiny_corpus), "--synthetic", "0", "--out", str(out)]
    )
    assert res.exit_code == 0, res.output
    meta = read(out)["meta"]
    assert [f["name"] for f in meta["handwritten"]["files"]] == [
        "hard_cases_b.jsonl",
        "hard_cases_e.jsonl",
        "hard_cases_f.jsonl",
    ]
    assert meta["handwritten"]["weight"] == 5.0
    assert meta["handwritten"]["conversations"] == sum(
        len((REPO / "devsets" / f"hard_cases_{x}.jsonl").read_text("utf-8").splitlines())
        for x in "bef"
    )


def test_bad_hand_written_input_is_refused(tiny_corpus: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    args = ["train", "--data", str(tiny_corpus), "--synthetic", "0", "--out", str(tmp_path / "m")]
    dev = _write(tmp_path / "dev.jsonl", _hand_set())
    res = runner.invoke(app, [*args, "--hard-cases", str(dev), "--hand-written", str(dev)])
    assert res.exit_code == 2 and "cannot also be training data" in res.output
    nofam = [Conversation(c.id, c.messages, predators=c.predators) for c in _hand_set()]
    bad = _write(tmp_path / "nofam.jsonl", nofam)
    res = runner.invoke(app, [*args, "--hand-written", str(bad)])
    assert res.exit_code == 2 and "without a `family`" in res.output
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"id": "x", "messages": [\n', encoding="utf-8")
    res = runner.invoke(app, [*args, "--hand-written", str(broken)])
    assert res.exit_code == 2 and "--hand-written" in res.output
    held = [
        Conversation(c.id, c.messages, predators=c.predators, extra={**c.extra, "source": src})
        for c, src in zip(_hand_set(), ["hardcase_d"] + ["hardcase_x"] * 15, strict=True)
    ]
    spent = _write(tmp_path / "held.jsonl", held)
    res = runner.invoke(app, [*args, "--hand-written", str(spent)])
    assert res.exit_code == 2 and "held-out set(s) hardcase_d" in res.output
    assert not (tmp_path / "m").exists()
    res = runner.invoke(app, [*args, "--hand-written", str(spent), "--allow-held-out"])
    assert res.exit_code == 0, res.output


@pytest.mark.parametrize("name", [f"hard_cases_{x}.jsonl" for x in "cdijkl"])
def test_the_held_out_sets_are_refused_as_training_data(
    name: str, tiny_corpus: Path, tmp_path: Path
) -> None:
    path = REPO / "devsets" / name
    if not path.is_file():
        pytest.skip(f"no {name}")
    out = tmp_path / "m.json"
    res = CliRunner().invoke(
        app, ["train", "--data", str(tiny_corpus), "--hand-written", str(path), "--out", str(out)]
    )
    assert res.exit_code == 2 and "--allow-held-out" in res.output
    assert not out.exists()
