"""`guardline bench --service` machinery: arrival order, and a tiny real run (no timing asserts)."""

from __future__ import annotations

from pathlib import Path

from svc_fixtures import BENIGN, GROOMING, conversation

from guardline.service.bench import interleave, render_markdown, run


def test_interleave_keeps_each_conversation_in_order() -> None:
    convs = [conversation("a", GROOMING), conversation("b", BENIGN), conversation("c", BENIGN)]
    out = interleave(convs, 2, "x-")
    assert len(out) == len(GROOMING) + 2 * len(BENIGN)
    assert [m["conversation_id"] for m in out[:4]] == ["x-a", "x-b", "x-a", "x-b"]
    for cid in ("a", "b", "c"):
        ids = [m["message_id"] for m in out if m["conversation_id"] == f"x-{cid}"]
        assert ids == [f"x-{cid}:{i}" for i in range(len(ids))]


def test_tiny_service_bench_runs_end_to_end(tmp_path: Path) -> None:
    res = run(None, None, batch_messages=300, single_messages=40, progress=lambda s: None)
    b = res["backends"]["sqlite"]["batch"]
    s = res["backends"]["sqlite"]["single"]
    assert b["messages"] == 300 and b["msgs_per_s"] > 0
    assert s["requests"] == 40 and 0 < s["p50_ms"] <= s["p99_ms"] <= s["max_ms"]
    assert s["client_cpu_ms_per_request"] > 0
    md = render_markdown(res)
    assert "| sqlite |" in md and "batch ingest msgs/s" in md
