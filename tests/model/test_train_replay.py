"""`guardline train --cv-risks` then `guardline replay`: the CV figures, through the Detector."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from typer.testing import CliRunner

from guardline.cli import app


def _train(tiny_corpus: Path, out: Path, *extra: str) -> None:
    args = ["train", "--data", str(tiny_corpus), "--synthetic", "0", "--no-hand-written"]
    res = CliRunner().invoke(app, [*args, "--out", str(out), *extra])
    assert res.exit_code == 0, res.output


def test_replayed_risks_give_the_trainings_cv_figures(tiny_corpus: Path, tmp_path: Path) -> None:
    risks = tmp_path / "risks.json"
    _train(tiny_corpus, tmp_path / "m.json", "--cv-risks", str(risks))
    # the risks are a by-product: the model file is the one trained without them
    _train(tiny_corpus, tmp_path / "plain.json")
    digest = [
        hashlib.sha256((tmp_path / n).read_bytes()).hexdigest() for n in ("m.json", "plain.json")
    ]
    assert digest[0] == digest[1]

    doc = json.loads(risks.read_text(encoding="utf-8"))
    assert doc["format"] == "guardline-cv-risks" and len(doc["records"]) == 48
    assert all(0.0 <= r <= 1.0 for rs in doc["records"].values() for r in rs)

    cv = json.loads((tmp_path / "m.json").read_text(encoding="utf-8"))["payload"]["meta"]["cv"]
    assert doc["policy"] == cv["policy"] | {"min_messages": 0}
    figures = tmp_path / "replay.json"
    res = CliRunner().invoke(
        app,
        ["replay", str(risks), "--data", str(tiny_corpus), "--no-memory", "--json", str(figures)],
    )
    assert res.exit_code == 0, res.output
    got = json.loads(figures.read_text(encoding="utf-8"))
    ses = cv["cv_sessions"]
    assert round(got["authors"]["f0.5"], 4) == ses["author_f05"]
    assert round(got["latency"]["never_alerted"], 4) == ses["never"]
    assert got["memory"] is False and got["missed"]["never_alerted"] >= 0

    # with memory (the default) the replay runs too, on the same risks
    res = CliRunner().invoke(app, ["replay", str(risks), "--data", str(tiny_corpus)])
    assert res.exit_code == 0, res.output
    assert "memory: on (max quiet 2, renew risk 0.5)" in res.output


def test_replay_refuses_risks_of_other_conversations(tiny_corpus: Path, tmp_path: Path) -> None:
    risks = tmp_path / "risks.json"
    risks.write_text(
        json.dumps(
            {
                "format": "guardline-cv-risks",
                "version": 1,
                "policy": {"threshold": 0.5, "k": 1, "n": 1},
                "records": {"gb_0000": [0.1]},
            }
        ),
        encoding="utf-8",
    )
    res = CliRunner().invoke(app, ["replay", str(risks), "--data", str(tiny_corpus)])
    assert res.exit_code == 2
    assert "1 risks for" in res.output or "has no risks" in res.output
