"""Canonical JSONL loading, gzip detection, writing and round trips."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from guardline.core.model import AgeBand
from guardline.corpora import (
    LoadReport,
    conversation_from_record,
    iter_jsonl,
    load,
    write_jsonl,
)

RECORD = {
    "id": "c1",
    "source": "unit",
    "split": "train",
    "messages": [
        {"author": "a", "time": "10:00", "text": "hi"},
        {"author": "b", "text": "", "message_id": "m2"},
        {"author": 7, "time": None, "text": "x", "message_id": 42, "label": "keep me"},
    ],
    "participants": [
        {
            "author": "a",
            "age_band": "adult",
            "declared_age": 30,
            "account_age_days": 2,
            "prior_contact": False,
            "display_name": "Alex",
            "badge": "kept too",
        },
        {"author": "b", "age_band": "teen"},
    ],
    "predators": ["a"],
    "predator_lines": [0],
    "group": "g1",
    "nested": {"k": [1, 2]},
}


def write_lines(path: Path, lines: list[str], gz: bool = False) -> Path:
    data = "".join(line + "\n" for line in lines).encode()
    path.write_bytes(gzip.compress(data) if gz else data)
    return path


def test_loads_fields_types_and_extra(tmp_path: Path) -> None:
    p = write_lines(tmp_path / "c.jsonl", [json.dumps(RECORD)])
    (conv,) = list(iter_jsonl(p))
    assert conv.id == "c1"
    assert [m.author for m in conv.messages] == ["a", "b", "7"]
    assert [m.text for m in conv.messages] == ["hi", "", "x"]
    assert [m.time for m in conv.messages] == ["10:00", None, None]
    assert [m.message_id for m in conv.messages] == [None, "m2", "42"]
    assert [m.index for m in conv.messages] == [0, 1, 2]
    assert all(m.conversation_id == "c1" for m in conv.messages)
    assert conv.predators == ["a"] and conv.predator_lines == [0]
    assert conv.participants["a"].age_band is AgeBand.ADULT
    assert conv.participants["a"].account_age_days == 2
    assert conv.participants["b"].declared_age is None
    assert conv.extra["source"] == "unit"
    assert conv.extra["group"] == "g1" and conv.extra["nested"] == {"k": [1, 2]}
    assert conv.extra["message_extra"] == {"2": {"label": "keep me"}}
    assert conv.participants["a"].display_name == "Alex"
    assert conv.participants["b"].display_name is None
    assert conv.extra["participant_extra"] == {"a": {"badge": "kept too"}}


def test_minimal_record_is_unlabelled(tmp_path: Path) -> None:
    p = write_lines(tmp_path / "m.jsonl", ['{"id": 5, "messages": [{"author": "a", "text": "t"}]}'])
    (conv,) = list(load(p))
    assert conv.id == "5"
    assert conv.predators is None and conv.predator_lines is None
    assert conv.participants == {} and conv.extra == {}


def test_gzip_is_detected_by_magic_not_extension(tmp_path: Path) -> None:
    line = json.dumps(RECORD)
    hidden = write_lines(tmp_path / "looks_plain.jsonl", [line], gz=True)
    fake = write_lines(tmp_path / "not_really.jsonl.gz", [line], gz=False)
    assert [c.id for c in load(hidden)] == ["c1"]
    assert [c.id for c in load(fake)] == ["c1"]


def test_blank_lines_are_ignored_and_line_numbers_count_them(tmp_path: Path) -> None:
    p = write_lines(tmp_path / "b.jsonl", ["", json.dumps(RECORD), "   ", "{bad"])
    with pytest.raises(ValueError) as ei:
        list(load(p))
    assert ei.value.line == 4  # type: ignore[attr-defined]


def test_loader_streams_before_reaching_a_bad_line(tmp_path: Path) -> None:
    p = write_lines(tmp_path / "s.jsonl", [json.dumps(RECORD), "{not json"])
    it = load(p)
    assert next(it).id == "c1"  # first conversation arrives before the bad line is read
    with pytest.raises(ValueError):
        next(it)


def test_round_trip_preserves_everything(tmp_path: Path) -> None:
    first = conversation_from_record(RECORD)
    for name in ("rt.jsonl", "rt.jsonl.gz"):
        out = tmp_path / name
        assert write_jsonl([first, first], out) == 2
        again = list(load(out))
        assert again == [first, first]
    line = (tmp_path / "rt.jsonl").read_text().splitlines()[0]
    written = json.loads(line)
    assert list(written)[:4] == ["id", "source", "split", "messages"]
    assert written["messages"][2]["label"] == "keep me"
    assert written["messages"][2]["message_id"] == "42"
    assert written["participants"][0]["badge"] == "kept too"
    assert written["participants"][0]["display_name"] == "Alex"
    assert "display_name" not in written["participants"][1]
    assert "message_extra" not in written and "participant_extra" not in written
    assert written["group"] == "g1" and written["nested"] == {"k": [1, 2]}


def test_gzip_output_is_deterministic(tmp_path: Path) -> None:
    conv = conversation_from_record(RECORD)
    a, b = tmp_path / "a.jsonl.gz", tmp_path / "other_name.jsonl.gz"
    write_jsonl([conv], a)
    write_jsonl(iter([conv]), b)
    data = a.read_bytes()
    assert data[:2] == b"\x1f\x8b"
    assert data[4:8] == b"\x00\x00\x00\x00"  # mtime 0
    assert data == b.read_bytes()  # no file name in the header either


def test_plain_output_is_utf8_jsonl(tmp_path: Path) -> None:
    rec = {"id": "u", "messages": [{"author": "a", "text": "héllo ✓"}]}
    out = tmp_path / "u.jsonl"
    write_jsonl([conversation_from_record(rec)], out)
    assert (
        out.read_bytes()
        == (
            '{"id": "u", "messages": [{"author": "a", "time": null, "text": "héllo ✓"}]}\n'
        ).encode()
    )


def test_failed_write_leaves_no_file(tmp_path: Path) -> None:
    def boom():
        yield conversation_from_record(RECORD)
        raise RuntimeError("producer failed")

    out = tmp_path / "x.jsonl.gz"
    with pytest.raises(RuntimeError):
        write_jsonl(boom(), out)
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_report_counts(tmp_path: Path) -> None:
    p = write_lines(tmp_path / "r.jsonl", [json.dumps(RECORD)] * 3)
    rep = LoadReport()
    assert len(list(load(p, report=rep))) == 3
    assert (rep.loaded, rep.messages, rep.skipped) == (3, 9, [])
    assert rep.files == [str(p)] and rep.ok
