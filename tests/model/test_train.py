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


def test_training_runs_one_blas_thread_whatever_the_machine(
    tiny_corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A multi-threaded BLAS sums in an order that depends on the core count, which changed
    the shipped file's hash between a 1-core and a 2-core run: every fit inside
    ``build_payload`` must see one thread, even when the caller allows more."""
    from threadpoolctl import threadpool_info, threadpool_limits

    seen: list[int] = []
    fit_head = training.fit_head

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        seen.extend(int(p["num_threads"]) for p in threadpool_info())
        return fit_head(*args, **kwargs)

    monkeypatch.setattr(training, "fit_head", spy)
    ds = training.load_dataset(tiny_corpus, default_registry().find, log=lambda s: None)
    cfg = training.TrainConfig(folds=2, text=training.TextConfig(min_groups=2))
    with threadpool_limits(limits=4):
        training.build_payload(ds, cfg, log=lambda s: None)
    assert seen and set(seen) == {1}


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


def test_dev_balance_counts_groomer_flags_and_benign_alerts() -> None:
    scores: training.DevScores = [
        (frozenset({"g"}), {"g": [0.1, 0.99, 0.99], "c": [0.2, 0.3]}),  # groomer fires 2-of-2
        (frozenset({"g"}), {"g": [0.99, 0.1, 0.99], "c": [0.99, 0.99]}),  # only the child fires
        (frozenset(), {"a": [0.99, 0.99], "b": [0.1]}),  # benign false alert
        (frozenset(), {"a": [0.5, 0.99], "b": [0.99]}),  # quiet under 2-of-2
    ]
    assert training.dev_balance(scores, (0.98, 2, 2)) == 0.5 - 0.5
    # 2 of the last 3 also fires on the second groomer; one spike (1-of-1) fires everywhere
    assert training.dev_balance(scores, (0.98, 2, 3)) == 1.0 - 0.5
    assert training.dev_balance(scores, (0.98, 1, 1)) == 1.0 - 1.0


def test_dev_set_takes_part_in_the_policy_choice_only(tiny_corpus: Path) -> None:
    from guardline.core.model import Conversation, Message

    ds = training.load_dataset(tiny_corpus, default_registry().find, log=lambda s: None)
    cfg = training.TrainConfig(folds=2, text=training.TextConfig(min_groups=2))
    lines = [("a", "hey how old are you"), ("b", "im 13"), ("a", "dont tell your mum ok")]
    dev = [
        Conversation(
            id="dev1",
            messages=[Message("dev1", i, au, t) for i, (au, t) in enumerate(lines)],
            predators=["a"],
        )
    ]
    with_dev, report = training.build_payload(ds, cfg, log=lambda s: None, dev=dev)
    without, _ = training.build_payload(ds, cfg, log=lambda s: None)
    assert "dev_balance" in report
    assert with_dev["meta"]["policy_dev_set"] == 1
    # nothing is fitted on the dev set: same text weights and head
    assert with_dev["vocab"] == without["vocab"]
    assert with_dev["head"] == without["head"]


def test_console_train_pins_one_kernel_family_and_stays_deterministic(
    tiny_corpus: Path, tmp_path: Path
) -> None:
    """``guardline train`` (the console entry point) runs itself again with OpenBLAS's and
    numpy's kernels pinned, so the file's hash does not follow the CPU's kernel choice; two
    pinned runs write the same bytes."""
    import os
    import shutil
    import subprocess
    import sys

    from guardline.cli.train import PINNED_KERNELS, kernels_to_pin

    exe = shutil.which("guardline", path=str(Path(sys.executable).parent))
    if exe is None:
        pytest.skip("the guardline console script is not installed beside this python")
    if not kernels_to_pin({}):
        pytest.skip("not Linux x86-64 with AVX2: the pin does not apply here")
    assert kernels_to_pin({"OPENBLAS_CORETYPE": "Zen"}) == {}  # a user's own choice stands
    # a variable already at its pinned value (set by a machine image) leaves the other to set
    only_blas = {"OPENBLAS_CORETYPE": PINNED_KERNELS["OPENBLAS_CORETYPE"]}
    rest = {k: v for k, v in PINNED_KERNELS.items() if k != "OPENBLAS_CORETYPE"}
    assert kernels_to_pin(only_blas) == rest
    assert kernels_to_pin(dict(PINNED_KERNELS)) == {}
    env = {k: v for k, v in os.environ.items() if k not in PINNED_KERNELS}

    def train(name: str, **extra_env: str) -> str:
        """Run the console's train on the tiny corpus; its stdout (the file goes to ``name``)."""
        args = ["train", "--data", str(tiny_corpus), "--synthetic", "0"]
        res = subprocess.run(
            [exe, *args, "--out", str(tmp_path / name)],
            env={**env, **extra_env},
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert res.returncode == 0, res.stderr[-2000:]
        return res.stdout

    pinned = "float kernels: OpenBLAS Haswell, numpy without AVX-512"
    assert pinned in train("a.json") and pinned in train("b.json")
    outs = [(tmp_path / n).read_bytes() for n in ("a.json", "b.json")]
    assert outs[0] == outs[1]
    assert LearnedModel.load(tmp_path / "a.json").policy is not None
    # the pinned OpenBLAS value set beforehand (as some machine images do): numpy is pinned
    # too, and the file is the same
    assert pinned in train("d.json", OPENBLAS_CORETYPE="Haswell")
    assert (tmp_path / "d.json").read_bytes() == outs[0]
    # a user who sets the variables otherwise keeps them (and is told the hash may follow the
    # CPU)
    assert "this CPU's own" in train("c.json", OPENBLAS_CORETYPE="Zen")


_TRAIN_CHILD = """
import sys
from pathlib import Path
from guardline import _native
from guardline.model import train as training
from guardline.model.format import write
from guardline.signs import default_registry
ds = training.load_dataset(Path(sys.argv[1]), default_registry().find, log=lambda s: None)
cfg = training.TrainConfig(folds=2, text=training.TextConfig(min_groups=2))
payload, _ = training.build_payload(ds, cfg, log=lambda s: None)
print(_native.status()["build"], write(Path(sys.argv[2]), payload))
"""


def test_compiled_and_python_builds_train_the_same_file(tiny_corpus: Path, tmp_path: Path) -> None:
    """The rows the head is fitted on come from the hot path (features, signs): the compiled
    build (setup.py, mypyc) must give the Python build's file, byte for byte."""
    import os
    import subprocess
    import sys

    from guardline import _native

    got = {}
    for pure in ("", "1"):
        out = tmp_path / f"m{pure or 0}.json"
        proc = subprocess.run(
            [sys.executable, "-c", _TRAIN_CHILD, str(tiny_corpus), str(out)],
            env={**os.environ, _native.PURE_ENV: pure},
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert proc.returncode == 0, proc.stderr[-2000:]
        build, digest = proc.stdout.split()[-2:]
        got[pure] = (build, digest, out.read_bytes())
    assert got["1"][0] == "python"
    assert got[""][1] == got["1"][1]
    assert got[""][2] == got["1"][2]
