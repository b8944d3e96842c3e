"""`guardline bench --scale` end to end on a tiny input (figures are not asserted: speed
belongs in the benchmark report, not in tests)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from guardline.corpora import load
from guardline.engines.bench import make_shards, run_scale_bench, write_reports

pytest.importorskip("ray.data")


def test_make_shards_unique_ids(tmp_path: Path) -> None:
    name, n_conv, n_msg = make_shards(None, 1, tmp_path, example_copies=3)
    assert "examples" in name and n_conv == 24
    convs = [c for p in sorted(tmp_path.iterdir()) for c in load(p)]
    assert len(convs) == n_conv and sum(len(c.messages) for c in convs) == n_msg
    assert len({c.id for c in convs}) == n_conv  # repeats are renamed, never merged


def test_scale_bench_runs_and_reports(ray_local: object, tmp_path: Path) -> None:
    rep = run_scale_bench(None, repeat=1, example_copies=20, service=False)
    runs = {(r.engine, r.workers): r for r in rep.runs}
    assert set(runs) == {
        ("local", 1),
        ("ray", 1),
        ("ray", 2),
        ("local+memory", 1),
        ("ray+memory", 2),
    }
    assert runs[("ray", 1)].identical and runs[("ray", 2)].identical
    # relationship memory: Ray (pairs routed to one worker each) equals the local memory scan
    assert runs[("ray+memory", 2)].identical
    # a tiny input can be drained by the first actor before the second is up: at most two
    # workers scored, and each loaded the model exactly once (two workers doing work on a
    # real cluster is tested in test_cluster.py)
    two = runs[("ray", 2)].summary
    assert 1 <= len(two.workers) <= 2
    assert set(two.model_loads.values()) == {1}
    for r in rep.runs:
        assert r.summary.messages == rep.messages == 20 * 50
        assert r.steady_msgs_per_s > 0
    eff = rep.efficiency
    assert eff is not None
    assert eff == pytest.approx(
        runs[("ray", 2)].steady_msgs_per_s / (2 * runs[("ray", 1)].steady_msgs_per_s)
    )
    md, js = tmp_path / "scale.md", tmp_path / "scale.json"
    write_reports(rep, md, js)
    d = json.loads(js.read_text())
    assert d["ray_scaling_efficiency"] == round(eff, 3)
    assert d["load_before"] and d["load_after"]
    text = md.read_text()
    assert "Ray scaling efficiency" in text and "Load average" in text
    assert "not measured (not asked for)" in text
    assert "Ray, 2 worker(s), relationship memory" in text
