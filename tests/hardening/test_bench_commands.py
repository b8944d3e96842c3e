"""The hardening bench commands work end to end at a small size (the figures themselves are
in docs/benchmark_load.md and docs/benchmark_memory.md, written by `guardline bench`)."""

from __future__ import annotations

from guardline.engines import membench
from guardline.service import loadtest


def test_load_test_small() -> None:
    r = loadtest.run_load_test(clients=2, single_requests=5, batch_requests=2, batch_size=10)
    assert r["errors"] == 0
    assert r["messages_stored"] == r["messages_sent_ok"] == 2 * 5 + 2 * 2 * 10
    single, batch = r["phases"]
    assert single["requests"] == 10 and batch["messages"] == 40
    assert 0 < single["p50_ms"] <= single["p99_ms"] <= single["max_ms"]
    md = loadtest.render_markdown(r)
    assert "| single message | 2 | 10 | 10 |" in md and "errors in total: **0**" in md


def test_memory_bench_small() -> None:
    r = membench.run_memory_bench(20_000, bound=100, active=500, every=5_000)
    b, u = r["bounded"], r["unbounded"]
    assert [c["messages"] for c in b["checkpoints"]] == [5_000, 10_000, 15_000, 20_000]
    assert all(c["open"] <= 100 for c in b["checkpoints"]) and b["peak_open"] == 100
    assert u["peak_open"] > 500  # the unbounded detector keeps every conversation
    assert b["evictions"] > 1000 and b["restores"] > 1000
    assert b["alerted_sha256"] == u["alerted_sha256"]
    assert "| 20,000 |" in membench.render_markdown(r)
