"""Parquet conversations and scan rows: both layouts, errors that name the row, no pyarrow."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from guardline.corpora import CorpusError, LoadReport, load
from guardline.corpora.records import conversation_to_record

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

from guardline.corpora.parquet import (  # noqa: E402
    ScanRowWriter,
    iter_parquet,
    parquet_layout,
    read_scan_rows,
    write_parquet,
)

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "conversations.jsonl"


@pytest.mark.parametrize("layout", ["conversations", "messages"])
def test_round_trip_both_layouts(tmp_path: Path, layout: str) -> None:
    convs = list(load(EXAMPLE))
    path = tmp_path / f"{layout}.parquet"
    assert write_parquet(convs, path, layout=layout) == len(convs)
    assert parquet_layout(path) == layout
    back = list(iter_parquet(path))
    assert [c.id for c in back] == [c.id for c in convs]
    for a, b in zip(back, convs, strict=True):
        assert [(m.author, m.text, m.time) for m in a.messages] == [
            (m.author, m.text, m.time) for m in b.messages
        ]
    if layout == "conversations":  # labels and extra fields travel too
        assert [conversation_to_record(c) for c in back] == [
            conversation_to_record(c) for c in convs
        ]


def test_message_rows_grouped_and_ordered_by_index(tmp_path: Path) -> None:
    # two conversations interleaved, rows out of order: grouped by id, sorted by index
    rows = [
        ("c2", "kim", "hi there", 0),
        ("c1", "sam", "how old are you", 1),
        ("c1", "ava", "hey", 0),
        ("c2", "lee", "hello", 1),
        ("c1", "sam", "don't tell your mum", 2),
    ]
    table = pa.table(
        {
            "conversation_id": [r[0] for r in rows],
            "author": [r[1] for r in rows],
            "text": [r[2] for r in rows],
            "index": [r[3] for r in rows],
            "channel": ["x"] * len(rows),
        }
    )
    path = tmp_path / "m.parquet"
    pq.write_table(table, path)
    report = LoadReport()
    convs = list(iter_parquet(path, report=report))
    assert [c.id for c in convs] == ["c2", "c1"]
    assert [m.author for m in convs[1].messages] == ["ava", "sam", "sam"]
    assert [m.index for m in convs[1].messages] == [0, 1, 2]
    assert [n.field for n in report.notes] == ["channel"]
    assert report.loaded == 2 and report.messages == 5


def test_bad_rows_name_row_and_field_never_text(tmp_path: Path) -> None:
    path = tmp_path / "bad.parquet"
    pq.write_table(
        pa.table(
            {
                "conversation_id": ["c1", "c1", "c2", "c3"],
                "author": ["sam", "", "ava", "kim"],
                "text": ["how old are you", "secret words here", "hey", "hi"],
            }
        ),
        path,
    )
    with pytest.raises(CorpusError) as exc:
        list(iter_parquet(path))
    err = exc.value
    assert (err.line, err.field, err.conversation_id) == (1, "messages[1].author", "c1")
    assert "secret" not in str(err)
    report = LoadReport()
    convs = list(iter_parquet(path, skip_bad=True, report=report))
    assert [c.id for c in convs] == ["c2", "c3"]
    assert [i.conversation_id for i in report.skipped] == ["c1"]


def test_index_must_number_messages(tmp_path: Path) -> None:
    path = tmp_path / "idx.parquet"
    pq.write_table(
        pa.table(
            {
                "conversation_id": ["c1", "c1"],
                "author": ["a", "b"],
                "text": ["x", "y"],
                "index": [0, 0],
            }
        ),
        path,
    )
    with pytest.raises(CorpusError, match=r"0\.\.n-1"):
        list(iter_parquet(path))


def test_conversation_rows_checked_like_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "c.parquet"
    pq.write_table(
        pa.Table.from_pylist(
            [
                {"id": "ok", "messages": [{"author": "a", "text": "hi"}]},
                {"id": "bad", "messages": [{"author": "a", "text": None}]},
            ]
        ),
        path,
    )
    with pytest.raises(CorpusError) as exc:
        list(iter_parquet(path))
    assert (exc.value.line, exc.value.field) == (2, "messages[0].text")


@pytest.mark.parametrize(
    ("table", "needle"),
    [
        ({"foo": [1]}, "cannot tell the layout"),
        ({"conversation_id": ["c"], "text": ["x"]}, "author"),
        ({"messages": [[{"author": "a", "text": "x"}]]}, "id"),
    ],
)
def test_layout_errors(tmp_path: Path, table: dict[str, list[object]], needle: str) -> None:
    path = tmp_path / "t.parquet"
    pq.write_table(pa.table(table), path)
    with pytest.raises(CorpusError, match=needle):
        list(iter_parquet(path))


def test_not_parquet_and_empty(tmp_path: Path) -> None:
    fake = tmp_path / "fake.parquet"
    fake.write_bytes(b"PAR1 this is not really parquet")
    with pytest.raises(CorpusError, match="not a readable Parquet file"):
        list(iter_parquet(fake))
    empty = tmp_path / "empty.parquet"
    pq.write_table(
        pa.table(
            {
                "conversation_id": pa.array([], pa.string()),
                "author": pa.array([], pa.string()),
                "text": pa.array([], pa.string()),
            }
        ),
        empty,
    )
    with pytest.raises(CorpusError, match="no rows"):
        list(iter_parquet(empty))


def test_scan_row_writer_round_trip_and_abort(tmp_path: Path) -> None:
    rows = [
        {
            "id": "c1",
            "risk": 0.123456,
            "alert": True,
            "first_alert_index": 3,
            "authors": [
                {"author": "sam", "risk": 0.123456, "flagged": True, "signals": ["age_probing"]}
            ],
            "evidence": [
                {
                    "message_index": 1,
                    "author": "sam",
                    "sign": "age_probing",
                    "stage": "risk_assessment",
                    "span": [0, 15],
                }
            ],
        },
        {
            "id": "c2",
            "risk": 0.0,
            "alert": False,
            "first_alert_index": None,
            "authors": [],
            "evidence": [],
        },
    ]
    out = tmp_path / "scan.parquet"
    with ScanRowWriter(out, batch_rows=1) as w:
        for r in rows:
            w.write(r)
    assert read_scan_rows(out) == rows
    out2 = tmp_path / "failed.parquet"
    with pytest.raises(RuntimeError), ScanRowWriter(out2) as w:
        w.write(rows[0])
        raise RuntimeError("stop")
    assert not out2.exists()
    assert not any(p.name.startswith(".failed") for p in tmp_path.iterdir())


def test_corpora_import_without_pyarrow_and_clear_error() -> None:
    code = (
        "import sys; sys.modules['pyarrow'] = None\n"
        "import guardline.corpora, guardline.corpora.parquet as p\n"
        "try:\n"
        "    list(p.iter_parquet('x.parquet'))\n"
        "except p.MissingExtraError as e:\n"
        "    print(e)\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "pip install 'guardline[ray]'" in res.stdout
