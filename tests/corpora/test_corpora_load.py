"""load() dispatch, format detection, multi-file iteration, iter_messages, shipped examples."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from guardline.core.model import AgeBand
from guardline.corpora import (
    CorpusError,
    LoadReport,
    detect_format,
    iter_conversations,
    iter_messages,
    load,
)

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
JSONL = '{"id": "j", "messages": [{"author": "a", "text": "x"}, {"author": "b", "text": "y"}]}\n'
XML = (
    '<conversations><conversation id="x"><message line="1"><author>a</author>'
    "<time>1</time><text>t</text></message></conversation></conversations>\n"
)
CSV = "conversation_id,author,text\nc,a,t\n"


@pytest.mark.parametrize(
    ("name", "content", "fmt"),
    [
        ("a.jsonl", JSONL, "jsonl"),
        ("a.ndjson", JSONL, "jsonl"),
        ("a.JSONL.gz", JSONL, "jsonl"),
        ("a.xml", XML, "pan12"),
        ("a.csv", CSV, "csv"),
        ("noext", JSONL, "jsonl"),
        ("noext", "  " + XML, "pan12"),
        ("noext", CSV, "csv"),
    ],
)
def test_detect_format(tmp_path: Path, name: str, content: str, fmt: str) -> None:
    p = tmp_path / name
    p.write_text(content)
    assert detect_format(p) == fmt
    assert len(list(load(p))) == 1


def test_detect_format_by_content_inside_gzip(tmp_path: Path) -> None:
    import gzip

    p = tmp_path / "blob.gz"
    p.write_bytes(gzip.compress(XML.encode()))
    assert detect_format(p) == "pan12"


def test_detect_format_failures(tmp_path: Path) -> None:
    p = tmp_path / "mystery.txt"
    p.write_text("hello\n")
    with pytest.raises(CorpusError, match="cannot tell the format"):
        load(p)
    e = tmp_path / "empty.dat"
    e.write_bytes(b"")
    with pytest.raises(CorpusError, match="empty"):
        load(e)


def test_load_checks_eagerly(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        load(tmp_path / "missing.jsonl")  # raised at the call, not on iteration
    p = tmp_path / "a.jsonl"
    p.write_text(JSONL)
    with pytest.raises(ValueError, match="unknown format"):
        load(p, fmt="yaml")
    with pytest.raises(TypeError, match="PAN12"):
        load(p, predators=["a"])


def test_explicit_format_overrides_extension(tmp_path: Path) -> None:
    p = tmp_path / "data.txt"
    p.write_text(CSV)
    assert [c.id for c in load(p, fmt="csv")] == ["c"]
    x = tmp_path / "x.dat"
    x.write_text(XML)
    assert [c.id for c in load(x, fmt="xml")] == ["x"]


def test_iter_conversations_over_files_one_report(tmp_path: Path) -> None:
    a, b = tmp_path / "a.jsonl", tmp_path / "b.csv"
    a.write_text(JSONL + "{oops\n")
    b.write_text(CSV)
    rep = LoadReport()
    ids = [c.id for c in iter_conversations([a, b], skip_bad=True, report=rep)]
    assert ids == ["j", "c"]
    assert rep.files == [str(a), str(b)] and rep.loaded == 2 and rep.skipped_count == 1
    with pytest.raises(FileNotFoundError):
        next(iter_conversations([a, tmp_path / "nope.jsonl"]))  # checked before reading


def test_iter_messages(tmp_path: Path) -> None:
    p = tmp_path / "a.jsonl"
    p.write_text(JSONL + JSONL.replace('"j"', '"k"'))
    got = [(m.conversation_id, m.index, m.author) for m in iter_messages(p)]
    assert got == [("j", 0, "a"), ("j", 1, "b"), ("k", 0, "a"), ("k", 1, "b")]
    convs = list(load(p))
    assert [m.text for m in iter_messages(convs[:1])] == ["x", "y"]


def test_examples_jsonl() -> None:
    rep = LoadReport()
    convs = list(load(EXAMPLES / "conversations.jsonl", report=rep))
    assert rep.ok and 7 <= len(convs) <= 9
    assert all(c.extra.get("source") == "example" for c in convs)
    positives = [c for c in convs if c.predators]
    negatives = [c for c in convs if c.predators == []]
    assert 3 <= len(positives) <= 4 and 3 <= len(negatives) <= 4
    for c in positives:
        assert set(c.predators) <= set(c.authors)
    with_parts = [c for c in convs if c.participants]
    assert len(with_parts) == 1
    bands = {p.age_band for p in with_parts[0].participants.values()}
    assert AgeBand.ADULT in bands and bands & {AgeBand.CHILD, AgeBand.TEEN}
    # every record is one line of valid canonical JSON
    lines = (EXAMPLES / "conversations.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(convs) and all(json.loads(line)["id"] for line in lines)


def test_examples_csv_matches_jsonl() -> None:
    by_id = {c.id: c for c in load(EXAMPLES / "conversations.jsonl")}
    csv_convs = list(load(EXAMPLES / "conversations.csv"))
    assert len(csv_convs) == 2
    for c in csv_convs:
        assert c.messages == by_id[c.id].messages
