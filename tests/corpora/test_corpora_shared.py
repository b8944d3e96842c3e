"""Real data in ../shared/data: PAN12 excerpts against their canonical JSONL, groombench."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from guardline.corpora import (
    LoadReport,
    conversation_to_record,
    dumps_record,
    find_pan12,
    iter_pan12,
    load,
)
from guardline.corpora.pan12 import TEST_PREDATORS, TRAIN_PREDATORS

# split -> (conversations, with a predator, predator lines)
EXPECTED = {"train": (17, 4, 0), "test": (9, 6, 15)}


def sample_records(shared: Path, split: str) -> list[dict]:
    with gzip.open(shared / "pan12" / f"sample_{split}.jsonl.gz", "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


@pytest.mark.parametrize("split", ["train", "test"])
def test_xml_excerpt_reproduces_sample_jsonl(shared_data: Path, split: str) -> None:
    files = find_pan12(shared_data / "pan12", split)
    assert files.xml.parent == shared_data / "pan12" / "xml-excerpts" / split
    assert files.predators is not None
    assert files.predators.name == (TRAIN_PREDATORS if split == "train" else TEST_PREDATORS)
    assert (files.predator_lines is not None) == (split == "test")

    rep = LoadReport()
    convs = list(files.conversations(report=rep))
    expected = sample_records(shared_data, split)
    n, n_pos, n_lines = EXPECTED[split]
    assert len(convs) == len(expected) == n
    assert sum(bool(c.predators) for c in convs) == n_pos
    assert sum(len(c.predator_lines or []) for c in convs) == n_lines
    assert rep.loaded == n and rep.ok and rep.notes == []
    for conv, exp in zip(convs, expected, strict=True):
        assert conv.id == exp["id"]
        assert [(m.author, m.time, m.text) for m in conv.messages] == [
            (m["author"], m["time"], m["text"]) for m in exp["messages"]
        ]
        assert conv.predators == exp["predators"]
        assert conv.predator_lines == exp.get("predator_lines")
        assert conversation_to_record(conv) == exp
    # no documented differences remain: the canonical lines are byte-identical
    raw = gzip.decompress((shared_data / "pan12" / f"sample_{split}.jsonl.gz").read_bytes())
    assert "".join(dumps_record(c) + "\n" for c in convs).encode() == raw


def test_unescape_changes_only_entity_texts(shared_data: Path) -> None:
    files = find_pan12(shared_data / "pan12", "test")
    plain = [m.text for c in files.conversations() for m in c.messages]
    unesc = [m.text for c in files.conversations(unescape=True) for m in c.messages]
    changed = [(a, b) for a, b in zip(plain, unesc, strict=True) if a != b]
    assert changed and all("&" in a for a, _ in changed)
    assert any("&apos;" in a and "'" in b for a, b in changed)


def test_sample_jsonl_loads_identically(shared_data: Path) -> None:
    xml_convs = list(find_pan12(shared_data / "pan12", "test"))
    jsonl_convs = list(load(shared_data / "pan12" / "sample_test.jsonl.gz"))
    assert xml_convs == jsonl_convs


def test_groombench_train_streams(shared_data: Path) -> None:
    path = shared_data / "groombench" / "train.jsonl.gz"
    rep = LoadReport()
    count = 0
    for conv in load(path, report=rep):  # never held as a list
        count += 1
        assert conv.predators is not None
    assert count == 1420
    assert rep.loaded == 1420 and rep.ok


def test_groombench_round_trip_is_byte_identical(shared_data: Path, tmp_path: Path) -> None:
    from guardline.corpora import write_jsonl

    src = shared_data / "groombench" / "train.jsonl.gz"
    out = tmp_path / "train.jsonl.gz"
    assert write_jsonl(load(src), out) == 1420
    assert gzip.decompress(out.read_bytes()) == gzip.decompress(src.read_bytes())


def test_problem2_lines_outside_excerpt_are_not_noted(shared_data: Path) -> None:
    # the problem-2 file covers the whole test corpus; only lines of loaded conversations count
    files = find_pan12(shared_data / "pan12", "test")
    rep = LoadReport()
    convs = list(iter_pan12(files.xml, predator_lines=files.predator_lines, report=rep))
    assert all(c.predators is None for c in convs)
    assert sum(len(c.predator_lines or []) for c in convs) == 15
    assert rep.notes == []
