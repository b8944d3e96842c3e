"""Bad input: every case names file, line and field; skip_bad keeps the good records."""

from __future__ import annotations

import gzip
import json
import logging
from pathlib import Path

import pytest

from guardline.corpora import CorpusError, LoadReport, load

SECRET = "SENSITIVE-CONTENT-7f3a"  # must never appear in an error message
GOOD = json.dumps({"id": "ok", "messages": [{"author": "a", "text": SECRET}]})


def conv(**fields: object) -> str:
    rec: dict[str, object] = {
        "id": "bad",
        "messages": [{"author": "a", "text": SECRET}, {"author": "b", "text": SECRET}],
    }
    rec.update(fields)
    return json.dumps(rec)


def msgs(*ms: dict[str, object]) -> str:
    return conv(messages=list(ms))


# (bad line as bytes, field, substring of the reason)
CASES = {
    "malformed_json": (b'{"id": "x", "messages": [', None, "malformed JSON"),
    "not_an_object": (b"[1, 2]", None, "expected a JSON object"),
    "latin1": (
        ('{"id": "x", "messages": [{"author": "a", "text": "caf\xe9 ' + SECRET + '"}]}').encode(
            "latin-1"
        ),
        None,
        "latin-1",
    ),
    "missing_id": (json.dumps({"messages": []}).encode(), "id", "missing"),
    "missing_messages": (json.dumps({"id": "x"}).encode(), "messages", "missing"),
    "messages_not_list": (conv(messages={"a": 1}).encode(), "messages", "expected an array"),
    "missing_author": (
        msgs({"author": "a", "text": SECRET}, {"text": SECRET}).encode(),
        "messages[1].author",
        "missing",
    ),
    "empty_author": (msgs({"author": "", "text": SECRET}).encode(), "messages[0].author", "empty"),
    "missing_text": (
        msgs({"author": "a", "text": SECRET}, {"author": "b"}).encode(),
        "messages[1].text",
        "missing",
    ),
    "text_wrong_type": (
        msgs({"author": "a", "text": 12}).encode(),
        "messages[0].text",
        "expected a string, got integer",
    ),
    "author_wrong_type": (
        msgs({"author": ["a"], "text": SECRET}).encode(),
        "messages[0].author",
        "got array",
    ),
    "time_wrong_type": (
        msgs({"author": "a", "text": SECRET, "time": 5}).encode(),
        "messages[0].time",
        "expected a string or null",
    ),
    "huge_message": (
        msgs({"author": "a", "text": SECRET}, {"author": "b", "text": "x" * 101}).encode(),
        "messages[1].text",
        "over the limit of 100",
    ),
    "predators_wrong_type": (conv(predators="a").encode(), "predators", "expected an array"),
    "predator_line_range": (
        conv(predator_lines=[0, 2]).encode(),
        "predator_lines[1]",
        "out of range",
    ),
    "predator_line_type": (
        conv(predator_lines=["0"]).encode(),
        "predator_lines[0]",
        "expected an integer",
    ),
    "bad_age_band": (
        conv(participants=[{"author": "a", "age_band": "toddler"}]).encode(),
        "participants[0].age_band",
        "one of child",
    ),
    "participant_no_author": (
        conv(participants=[{"age_band": "teen"}]).encode(),
        "participants[0].author",
        "missing",
    ),
    "participant_twice": (
        conv(participants=[{"author": "a"}, {"author": "a"}]).encode(),
        "participants[1].author",
        "twice",
    ),
    "negative_age": (
        conv(participants=[{"author": "a", "declared_age": -1}]).encode(),
        "participants[0].declared_age",
        "non-negative",
    ),
    "prior_contact_type": (
        conv(participants=[{"author": "a", "prior_contact": "yes"}]).encode(),
        "participants[0].prior_contact",
        "boolean",
    ),
    "display_name_type": (
        conv(participants=[{"author": "a", "display_name": 7}]).encode(),
        "participants[0].display_name",
        "non-empty string",
    ),
    "display_name_blank": (
        conv(participants=[{"author": "a", "display_name": "  "}]).encode(),
        "participants[0].display_name",
        "non-empty string",
    ),
    "index_mismatch": (
        msgs({"author": "a", "text": SECRET, "index": 3}).encode(),
        "messages[0].index",
        "position",
    ),
}


def make_file(tmp_path: Path, bad: bytes, gz: bool = False) -> Path:
    data = b"\n".join([GOOD.encode(), bad, GOOD.encode()]) + b"\n"
    p = tmp_path / ("f.jsonl.gz" if gz else "f.jsonl")
    p.write_bytes(gzip.compress(data) if gz else data)
    return p


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_record_raises_with_position(tmp_path: Path, case: str) -> None:
    bad, field, reason = CASES[case]
    p = make_file(tmp_path, bad)
    with pytest.raises(CorpusError) as ei:
        list(load(p, max_message_chars=100))
    err = ei.value
    assert isinstance(err, ValueError)
    assert (err.file, err.line, err.field) == (str(p), 2, field)
    assert reason in err.reason
    assert str(p) in str(err) and "line 2" in str(err)
    assert SECRET not in str(err) and "caf" not in str(err)


@pytest.mark.parametrize("case", sorted(CASES))
def test_skip_bad_loads_good_records_and_reports_bad(tmp_path: Path, case: str) -> None:
    bad, field, reason = CASES[case]
    p = make_file(tmp_path, bad, gz=True)
    rep = LoadReport()
    convs = list(load(p, skip_bad=True, report=rep, max_message_chars=100))
    assert [c.id for c in convs] == ["ok", "ok"]
    assert (rep.loaded, rep.skipped_count) == (2, 1)
    (issue,) = rep.skipped
    assert (issue.file, issue.line, issue.field) == (str(p), 2, field)
    assert reason in issue.reason
    assert SECRET not in str(rep)
    assert f"line 2, field {field!r}" in str(rep) if field else "line 2:" in str(rep)


def test_error_names_conversation_id_when_known(tmp_path: Path) -> None:
    p = make_file(tmp_path, CASES["missing_author"][0])
    with pytest.raises(CorpusError) as ei:
        list(load(p))
    assert ei.value.conversation_id == "bad"


def test_default_limit_is_100000(tmp_path: Path) -> None:
    ok = json.dumps({"id": "a", "messages": [{"author": "a", "text": "x" * 100_000}]})
    big = json.dumps({"id": "b", "messages": [{"author": "a", "text": "x" * 100_001}]})
    p = tmp_path / "big.jsonl"
    p.write_text(ok + "\n" + big + "\n")
    rep = LoadReport()
    convs = list(load(p, skip_bad=True, report=rep))
    assert [len(c.messages[0].text) for c in convs] == [100_000]  # not truncated
    assert rep.skipped[0].field == "messages[0].text"


def test_empty_file(tmp_path: Path) -> None:
    p = tmp_path / "empty.jsonl"
    p.write_bytes(b"")
    with pytest.raises(CorpusError, match="empty") as ei:
        list(load(p, skip_bad=True, report=LoadReport()))
    assert ei.value.file == str(p) and ei.value.line is None


def test_empty_gzip_file(tmp_path: Path) -> None:
    p = tmp_path / "empty.jsonl.gz"
    p.write_bytes(gzip.compress(b""))
    with pytest.raises(CorpusError, match="empty"):
        list(load(p))


def test_only_blank_lines(tmp_path: Path) -> None:
    p = tmp_path / "blank.jsonl"
    p.write_text("\n  \n\n")
    with pytest.raises(CorpusError, match="no records"):
        list(load(p))


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_utf16_file_says_so(tmp_path: Path, encoding: str) -> None:
    p = tmp_path / "u16.jsonl"
    bom = b"\xfe\xff" if encoding == "utf-16-be" else b""  # the -be codec writes no BOM
    p.write_bytes(bom + (GOOD + "\n").encode(encoding))
    with pytest.raises(CorpusError) as ei:
        list(load(p, fmt="jsonl", skip_bad=True, report=LoadReport()))
    assert ei.value.line == 1
    assert "UTF-16" in ei.value.reason or "UTF-32" in ei.value.reason
    assert "convert it to UTF-8" in ei.value.reason


def test_utf16_without_bom_hints_at_nul_bytes(tmp_path: Path) -> None:
    p = tmp_path / "u16.jsonl"
    p.write_bytes((GOOD + "\n").encode("utf-16-le"))
    with pytest.raises(CorpusError, match="UTF-16") as ei:
        list(load(p, fmt="jsonl", skip_bad=True, report=LoadReport()))
    assert ei.value.line == 1


def test_nul_byte_in_a_later_line_is_a_record_error(tmp_path: Path) -> None:
    p = tmp_path / "nul.jsonl"
    p.write_bytes(GOOD.encode() + b"\n" + b'{"id": "x\x00"}\n' + GOOD.encode() + b"\n")
    rep = LoadReport()
    assert len(list(load(p, skip_bad=True, report=rep))) == 2
    assert rep.skipped[0].line == 2 and "NUL" in rep.skipped[0].reason


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    p = tmp_path / "bom.jsonl"
    p.write_bytes(b"\xef\xbb\xbf" + GOOD.encode() + b"\n")
    assert [c.id for c in load(p)] == ["ok"]


def test_truncated_gzip(tmp_path: Path) -> None:
    p = tmp_path / "t.jsonl.gz"
    p.write_bytes(gzip.compress((GOOD + "\n").encode() * 500)[:-30])
    with pytest.raises(CorpusError, match="gzip"):
        list(load(p))


def test_unknown_fields_are_not_errors(tmp_path: Path) -> None:
    p = tmp_path / "u.jsonl"
    p.write_text(
        json.dumps(
            {
                "id": "x",
                "whatever": [1],
                "messages": [{"author": "a", "text": "t", "reaction": "+1"}],
            }
        )
        + "\n"
    )
    rep = LoadReport()
    (c,) = list(load(p, report=rep))
    assert c.extra["whatever"] == [1] and rep.ok


def test_skip_bad_without_report_logs_instead_of_dropping(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    p = make_file(tmp_path, CASES["missing_text"][0])
    with caplog.at_level(logging.WARNING, logger="guardline.corpora"):
        convs = list(load(p, skip_bad=True))
    assert len(convs) == 2
    assert any(
        "line 2" in r.getMessage() and "messages[1].text" in r.getMessage() for r in caplog.records
    )


def test_several_bad_lines_all_reported(tmp_path: Path) -> None:
    p = tmp_path / "many.jsonl"
    p.write_bytes(
        b"\n".join(
            [
                b"{",
                GOOD.encode(),
                CASES["missing_author"][0],
                b"",
                CASES["latin1"][0],
                GOOD.encode(),
            ]
        )
        + b"\n"
    )
    rep = LoadReport()
    assert len(list(load(p, skip_bad=True, report=rep))) == 2
    assert [(i.line, i.field) for i in rep.skipped] == [
        (1, None),
        (3, "messages[1].author"),
        (5, None),
    ]
    assert rep.to_dict()["skipped_count"] == 3 and len(rep.to_dict()["skipped"]) == 3
