"""Fixtures for the engine tests: a private local Ray (2 CPUs) and sharded example archives."""

from __future__ import annotations

import gzip
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from guardline.corpora import load

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "conversations.jsonl"
EXAMPLE_CSV = REPO / "examples" / "conversations.csv"


@pytest.fixture(scope="session")
def ray_local() -> Iterator[object]:
    """A local Ray with 2 CPUs, no dashboard, no usage stats, in a private temp dir.

    Reuses a Ray this process already runs; shuts down only a Ray it started itself.
    """
    pytest.importorskip("ray.data")
    from guardline.engines.ray import quiet_ray_env

    quiet_ray_env()
    import ray

    if ray.is_initialized():
        yield ray
        return
    tmp = tempfile.mkdtemp(prefix="glray-test-")
    ray.init(
        address="local",
        num_cpus=2,
        include_dashboard=False,
        log_to_driver=False,
        logging_level="ERROR",
        _temp_dir=tmp,
    )
    try:
        yield ray
    finally:
        ray.shutdown()
        shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture()
def shards(tmp_path: Path) -> Path:
    """A directory of archives in every input format, from the shipped examples:
    JSONL split in three (one gzipped), CSV, and both Parquet layouts."""
    pytest.importorskip("pyarrow")
    from guardline.corpora.parquet import write_parquet

    d = tmp_path / "archive"
    (d / "part").mkdir(parents=True)
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    (d / "a.jsonl").write_text("\n".join(lines[:3]) + "\n", encoding="utf-8")
    with gzip.open(d / "b.jsonl.gz", "wt", encoding="utf-8") as f:
        f.write("\n".join(lines[3:6]) + "\n")
    (d / "part" / "c.jsonl").write_text("\n".join(lines[6:]) + "\n", encoding="utf-8")
    shutil.copy(EXAMPLE_CSV, d / "d.csv")
    convs = list(load(EXAMPLE))
    # renamed copies so the Parquet shards hold conversations of their own
    for c in convs:
        c.id = f"pq-{c.id}"
        c.messages = [
            type(m)(c.id, m.index, m.author, m.text, m.time, m.message_id) for m in c.messages
        ]
    write_parquet(convs[:4], d / "e.parquet", layout="conversations")
    write_parquet(convs[4:], d / "f.parquet", layout="messages")
    return d
