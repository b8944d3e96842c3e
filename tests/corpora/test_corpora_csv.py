"""CSV loading: grouping by contiguous conversation id, optional columns, bad rows."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from guardline.corpora import CorpusError, LoadReport, load

SECRET = "SENSITIVE-CONTENT-7f3a"
HEADER = "conversation_id,author,time,text,message_id\n"


def csv_file(
    tmp_path: Path, body: str, header: str = HEADER, name: str = "c.csv", encoding: str = "utf-8"
) -> Path:
    p = tmp_path / name
    p.write_bytes((header + body).encode(encoding))
    return p


def test_rows_grouped_into_conversations(tmp_path: Path) -> None:
    p = csv_file(
        tmp_path,
        ('c1,a,10:00,hello,m1\nc1,b,,"hi, there\nsecond line",\nc1,a,10:02,,m3\nc2,x,09:00,yo,\n'),
    )
    rep = LoadReport()
    convs = list(load(p, report=rep))
    assert [c.id for c in convs] == ["c1", "c2"]
    c1 = convs[0]
    assert [m.author for m in c1.messages] == ["a", "b", "a"]
    assert [m.text for m in c1.messages] == ["hello", "hi, there\nsecond line", ""]
    assert [m.time for m in c1.messages] == ["10:00", None, "10:02"]
    assert [m.message_id for m in c1.messages] == ["m1", None, "m3"]
    assert [m.index for m in c1.messages] == [0, 1, 2]
    assert c1.predators is None and c1.extra == {}
    assert (rep.loaded, rep.messages, rep.notes) == (2, 4, [])


def test_optional_columns_and_column_order(tmp_path: Path) -> None:
    p = csv_file(tmp_path, "hi,a,c1\n", header="text,author,conversation_id\n")
    (c,) = list(load(p))
    assert (c.id, c.messages[0].author, c.messages[0].text, c.messages[0].time) == (
        "c1",
        "a",
        "hi",
        None,
    )


def test_unknown_column_is_noted_not_silent(tmp_path: Path) -> None:
    p = csv_file(tmp_path, "c1,a,hi,5\n", header="conversation_id,author,text,likes\n")
    rep = LoadReport()
    assert len(list(load(p, report=rep))) == 1
    (note,) = rep.notes
    assert (note.line, note.field) == (1, "likes") and "ignored" in note.reason


def test_excel_bom_and_crlf(tmp_path: Path) -> None:
    p = tmp_path / "x.csv"
    p.write_bytes(b"\xef\xbb\xbf" + HEADER.replace("\n", "\r\n").encode() + b"c1,a,10:00,hi,\r\n")
    (c,) = list(load(p))
    assert c.messages[0].text == "hi" and c.messages[0].message_id is None


def test_gzip_csv(tmp_path: Path) -> None:
    p = tmp_path / "x.csv.gz"
    p.write_bytes(gzip.compress((HEADER + "c1,a,,hi,\n").encode()))
    assert [c.id for c in load(p)] == ["c1"]


def test_reappearing_conversation_id_is_an_error(tmp_path: Path) -> None:
    p = csv_file(tmp_path, "c1,a,,x,\nc2,b,,y,\nc1,a,,z,\n")
    it = load(p)
    assert [next(it).id, next(it).id] == ["c1", "c2"]
    with pytest.raises(CorpusError, match="contiguous") as ei:
        next(it)
    assert (ei.value.line, ei.value.field) == (4, "conversation_id")
    assert "line 2" in ei.value.reason  # where the first block started


def test_reappearing_id_skipped_and_reported(tmp_path: Path) -> None:
    p = csv_file(tmp_path, "c1,a,,x,\nc2,b,,y,\nc1,a,,z,\nc1,b,,w,\nc3,a,,v,\n")
    rep = LoadReport()
    convs = list(load(p, skip_bad=True, report=rep))
    assert [(c.id, len(c.messages)) for c in convs] == [("c1", 1), ("c2", 1), ("c3", 1)]
    assert [(i.line, i.field, i.conversation_id) for i in rep.skipped] == [
        (4, "conversation_id", "c1")
    ]


BAD_ROWS = {
    "empty_author": (f"c1,,,{SECRET},\n", "author", "empty"),
    "empty_conversation_id": (f",a,,{SECRET},\n", "conversation_id", "empty"),
    "too_few_cells": (f"c1,a,{SECRET}\n", None, "expected 5 cells, got 3"),
    "huge_text": ("c1,a,," + "y" * 51 + ",\n", "text", "over the limit of 50"),
    "latin1_cell": ("c1,a,,caf\xe9,\n", "text", "latin-1"),
}


@pytest.mark.parametrize("case", sorted(BAD_ROWS))
def test_bad_row(tmp_path: Path, case: str) -> None:
    row, field, reason = BAD_ROWS[case]
    body = f"c0,a,,{SECRET},\n" + f"c1,a,,{SECRET},\n" + row + "c2,a,,ok,\n"
    p = tmp_path / "bad.csv"
    p.write_bytes((HEADER + body).encode("latin-1" if case == "latin1_cell" else "utf-8"))
    with pytest.raises(CorpusError) as ei:
        list(load(p, max_message_chars=50))
    assert (ei.value.file, ei.value.line, ei.value.field) == (str(p), 4, field)
    assert reason in ei.value.reason and SECRET not in str(ei.value)

    rep = LoadReport()
    convs = list(load(p, skip_bad=True, report=rep, max_message_chars=50))
    # a bad row drops its whole conversation (indices would shift otherwise)
    kept = ["c0", "c2"] if case != "empty_conversation_id" else ["c0", "c1", "c2"]
    assert [c.id for c in convs] == kept
    assert [(i.line, i.field) for i in rep.skipped] == [(4, field)]


def test_missing_required_column(tmp_path: Path) -> None:
    p = csv_file(tmp_path, "c1,a,10:00\n", header="conversation_id,author,time\n")
    with pytest.raises(CorpusError, match="required column") as ei:
        list(load(p))
    assert (ei.value.line, ei.value.field) == (1, "text")


def test_duplicate_column(tmp_path: Path) -> None:
    p = csv_file(tmp_path, "c1,a,x,y\n", header="conversation_id,author,text,text\n")
    with pytest.raises(CorpusError, match="more than once"):
        list(load(p))


def test_header_only_and_empty(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="no rows"):
        list(load(csv_file(tmp_path, "", name="h.csv")))
    with pytest.raises(CorpusError, match="empty"):
        list(load(csv_file(tmp_path, "", header="", name="e.csv")))


def test_utf16_csv(tmp_path: Path) -> None:
    p = csv_file(tmp_path, "c1,a,,hi,\n", encoding="utf-16")
    with pytest.raises(CorpusError, match="UTF-16"):
        list(load(p))


def test_malformed_quoting_raises_with_line(tmp_path: Path) -> None:
    p = csv_file(tmp_path, 'c1,a,,"unterminated')
    with pytest.raises(CorpusError, match="CSV error") as ei:
        list(load(p))
    assert ei.value.line == 2


def test_garbage_after_closing_quote_raises(tmp_path: Path) -> None:
    p = csv_file(tmp_path, 'c1,a,,ok,\nc1,b,,"quoted"junk,\n')
    with pytest.raises(CorpusError, match="CSV error") as ei:
        list(load(p, skip_bad=True, report=LoadReport()))
    assert ei.value.line == 3
