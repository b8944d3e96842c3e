"""The model file format: round trip, checksum, version."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from guardline.model import format as mf


def test_round_trip(tmp_path: Path) -> None:
    payload = {"a": [1, 2.5, -3], "b": {"z": "é", "y": None}}
    digest = mf.write(tmp_path / "m.json", payload)
    assert len(digest) == 64
    assert mf.read(tmp_path / "m.json") == payload
    assert mf.dumps(payload) == (tmp_path / "m.json").read_bytes()  # deterministic bytes


def test_tampered_payload_is_refused(tmp_path: Path) -> None:
    p = tmp_path / "m.json"
    mf.write(p, {"w": [0.5, 1.5]})
    env = json.loads(p.read_text())
    env["payload"]["w"][0] = 0.6
    p.write_text(json.dumps(env))
    with pytest.raises(mf.ModelFileError, match="checksum mismatch"):
        mf.read(p)


def test_unknown_version_is_refused(tmp_path: Path) -> None:
    p = tmp_path / "m.json"
    mf.write(p, {"w": 1})
    env = json.loads(p.read_text())
    env["format_version"] = 999
    p.write_text(json.dumps(env))
    with pytest.raises(mf.ModelFileError, match="format_version 999"):
        mf.read(p)


def test_garbage_is_refused() -> None:
    with pytest.raises(mf.ModelFileError, match="not a guardline model file"):
        mf.loads(b"\x80not json")
    with pytest.raises(mf.ModelFileError, match="not a guardline model file"):
        mf.loads(b'{"kind": "other"}')


def test_shipped_file_is_valid_and_small() -> None:
    from importlib import resources

    ref = resources.files("guardline.model").joinpath("default_model.json")
    data = ref.read_bytes()
    assert len(data) < 2_000_000
    payload = mf.loads(data)
    assert payload["name"] == "learned"
    assert b"pickle" not in data[:100]
