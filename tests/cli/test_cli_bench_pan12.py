"""`guardline bench --pan12 DIR` on the real PAN12 excerpts (skips without ../shared/data)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from guardline.cli import app
from guardline.corpora import load

runner = CliRunner()


def test_bench_pan12_official_metrics_on_excerpts(shared_data: Path, tmp_path: Path) -> None:
    out = tmp_path / "pan12.md"
    js = tmp_path / "pan12.json"
    res = runner.invoke(
        app,
        [
            "bench",
            "--pan12",
            str(shared_data / "pan12"),
            "--models",
            "rules,learned",
            "--out",
            str(out),
            "--json",
            str(js),
        ],
    )
    assert res.exit_code == 0, res.output
    figures = json.loads(js.read_text())
    assert set(figures) == {"rules", "learned"}
    # the test excerpt has 6 predators (problem 1) and 15 predator lines (problem 2)
    truth = list(load(shared_data / "pan12" / "sample_test.jsonl.gz"))
    predators = {a for c in truth for a in (c.predators or [])}
    lines = sum(len(c.predator_lines or []) for c in truth)
    for name, f in figures.items():
        p1, p2 = f["problem1"], f["problem2"]
        assert p1["tp"] + p1["fn"] == len(predators), name
        assert p2 is not None and p2["tp"] + p2["fn"] == lines, name
        assert 0.0 <= p1["f0.5"] <= 1.0 and 0.0 <= p2["f3"] <= 1.0
    text = out.read_text()
    assert "| rules |" in text and "| learned |" in text and "P1 F0.5" in text


def test_bench_pan12_missing_dir_is_clear_error(tmp_path: Path) -> None:
    res = runner.invoke(app, ["bench", "--pan12", str(tmp_path / "nope")])
    assert res.exit_code == 2
    assert "not found" in " ".join(res.output.split())
