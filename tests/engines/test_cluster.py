"""A two-node Ray cluster on loopback (a head and a worker, 1 CPU each): `guardline scan
--engine ray --ray-address` spreads the scan over both nodes and writes the local rows.

The cluster runs in a helper process (tests/engines/ray_cluster_host.py) that this test
starts and stops; nothing else on the machine is touched (never ``ray stop``).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest

from guardline.corpora.locate import shared_data_dir
from guardline.engines.local import DetectorSpec, expand_inputs, run_local

pytest.importorskip("ray.data")

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
EXAMPLE = REPO / "examples" / "conversations.jsonl"


def _read_line(proc: subprocess.Popen[str], timeout: float) -> str:
    box: list[str] = []
    t = threading.Thread(target=lambda: box.append(proc.stdout.readline()), daemon=True)  # type: ignore[union-attr]
    t.start()
    t.join(timeout)
    return box[0] if box else ""


@pytest.mark.slow
def test_scan_across_two_nodes(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    for i in range(12):
        shutil.copy(EXAMPLE, archive / f"shard{i:02d}.jsonl")
    test = shared_data_dir() / "groombench" / "test.jsonl.gz"
    if test.exists():
        shutil.copy(test, archive / "zz_groombench_test.jsonl.gz")
    # RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER=0 keeps Ray on loopback: without it a driver turns
    # 127.0.0.1 into this machine's address (where a loopback cluster does not listen)
    env = {**os.environ, "RAY_USAGE_STATS_ENABLED": "0", "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER": "0"}
    # short: Ray puts unix sockets under it (path length limit ~107 bytes)
    ray_tmp = Path(tempfile.mkdtemp(prefix="glc-", dir="/tmp"))
    host_log = (tmp_path / "host.log").open("w")
    host = subprocess.Popen(
        [sys.executable, str(HERE / "ray_cluster_host.py"), str(ray_tmp)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=host_log,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    try:
        line = _read_line(host, timeout=90)
        assert line, (tmp_path / "host.log").read_text()[-3000:]
        info = json.loads(line)
        out = tmp_path / "ray.jsonl"
        summary = tmp_path / "summary.json"
        out_mem = tmp_path / "ray_memory.jsonl"
        summary_mem = tmp_path / "summary_memory.json"
        for o, sm, extra in ((out, summary, []), (out_mem, summary_mem, ["--relationship-memory"])):
            res = subprocess.run(
                [
                    str(Path(sys.executable).parent / "guardline"),
                    "scan",
                    str(archive),
                    "--out",
                    str(o),
                    "--engine",
                    "ray",
                    "--ray-address",
                    info["address"],
                    "--workers",
                    "2",
                    "--summary",
                    str(sm),
                    *extra,
                ],
                capture_output=True,
                text=True,
                env=env,
                cwd=tmp_path,
                timeout=150,
            )
            assert res.returncode == 0, res.stderr[-3000:]
    finally:
        host.stdin.close()  # type: ignore[union-attr]
        try:
            host.wait(timeout=60)
        except subprocess.TimeoutExpired:
            host.kill()
            host.wait()
        host_log.close()
        shutil.rmtree(ray_tmp, ignore_errors=True)
    s = json.loads(summary.read_text())
    # both nodes scored conversations, one worker each
    assert set(s["nodes"]) == set(info["nodes"]), s["nodes"]
    assert all(n > 0 for n in s["nodes"].values())
    assert len(s["workers"]) == 2
    local = tmp_path / "local.jsonl"
    loc = run_local(expand_inputs([archive]), local, spec=DetectorSpec())
    assert s["conversations"] == loc.conversations
    assert out.read_bytes() == local.read_bytes()
    # relationship memory: each pair's conversations on one worker, whichever node; the same
    # rows as the local memory scan (the archive repeats its pairs, so flags are carried)
    sm = json.loads(summary_mem.read_text())
    assert set(sm["nodes"]) == set(info["nodes"]) and all(n > 0 for n in sm["nodes"].values())
    local_mem = tmp_path / "local_memory.jsonl"
    loc_mem = run_local(expand_inputs([archive]), local_mem, spec=DetectorSpec(memory=True))
    assert out_mem.read_bytes() == local_mem.read_bytes()
    assert sm["alerts"] == loc_mem.alerts > loc.alerts
