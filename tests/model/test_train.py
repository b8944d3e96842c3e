"""Training is deterministic and produces a loadable model (tiny corpus; real data if present)."""

from __future__ import annotations

import gzip
import hashlib
from pathlib import Path

import pytest

from guardline.model import LearnedModel
from guardline.model import train as training
from guardline.model.format import write
from guardline.signs import default_registry


def _train(data: Path, out: Path, folds: int = 2) -> str:
    ds = training.load_dataset(data, default_registry().find, log=lambda s: None)
    cfg = training.TrainConfig(folds=folds, text=training.TextConfig(min_groups=2))
    payload, _ = training.build_payload(ds, cfg, log=lambda s: None)
    return write(out, payload)


def test_training_is_deterministic(tiny_corpus: Path, tmp_path: Path) -> None:
    h1 = _train(tiny_corpus, tmp_path / "a.json")
    h2 = _train(tiny_corpus, tmp_path / "b.json")
    assert h1 == h2
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()
    assert hashlib.sha256((tmp_path / "a.json").read_bytes()).hexdigest() == h1
    m = LearnedModel.load(tmp_path / "a.json")
    assert m.policy is not None


def test_training_on_a_slice_of_real_data(shared_data: Path, tmp_path: Path) -> None:
    src = shared_data / "groombench"
    if not (src / "train_sessions.jsonl.gz").is_file():
        pytest.skip("groombench not present")
    dst = tmp_path / "gb"
    dst.mkdir()
    for name in ("train.jsonl.gz", "train_unmatched.jsonl.gz", "train_sessions.jsonl.gz"):
        with gzip.open(src / name, "rt") as fin, gzip.open(dst / name, "wt") as fout:
            for i, line in enumerate(fin):
                if i % 25 == 0:  # a small, fixed slice (this copy stays in tmp_path)
                    fout.write(line)
    _train(dst, tmp_path / "m.json")
    assert LearnedModel.load(tmp_path / "m.json").vocab
