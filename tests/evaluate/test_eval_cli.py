"""``guardline eval TRUTH SCAN`` on small files written to tmp_path (figures as in conftest)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from guardline.cli import app

ENV = {"COLUMNS": "200", "NO_COLOR": "1"}


def _write_jsonl(path: Path, rows: list[dict[str, Any]], *, gz: bool = False) -> Path:
    text = "".join(json.dumps(r) + "\n" for r in rows)
    if gz:
        with gzip.open(path, "wt", encoding="utf-8") as fh:
            fh.write(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def files(
    tmp_path: Path, truth_records: list[dict[str, Any]], scan_rows: list[dict[str, Any]]
) -> tuple[Path, Path]:
    truth = _write_jsonl(tmp_path / "truth.jsonl.gz", truth_records, gz=True)
    scan = _write_jsonl(tmp_path / "scan.jsonl", scan_rows)
    return truth, scan


def test_eval_prints_tables_and_writes_json(files: tuple[Path, Path], tmp_path: Path) -> None:
    truth, scan = files
    out = tmp_path / "figures.json"
    res = CliRunner().invoke(app, ["eval", str(truth), str(scan), "--json", str(out)], env=ENV)
    assert res.exit_code == 0, res.output
    text = res.output
    # authors per conversation: tp 1 / fp 2 / fn 2, P = R = 1/3
    assert "1 / 2 / 2" in text and "0.333 / 0.333" in text
    # lines: F3 = 10/17 = 0.588; conversations: ROC-AUC 0.5, PR-AUC 34/45 = 0.756
    assert "0.588" in text and "0.500 / 0.756" in text
    # false alerts: 1 of 2 negatives, 1000/13 = 76.92 per 1,000 negative messages
    assert "1 / 2 (50.0%)" in text and "76.92" in text
    # per source rows and the file counts; the missing and unknown rows are warned about
    for source in ("chat", "pj", "unknown"):
        assert source in text
    assert "no scan row" in text and "not in the truth" in text
    # no message text is printed (the texts are m0, m1, ...)
    assert "m0" not in text and "m1 " not in text

    d = json.loads(out.read_text(encoding="utf-8"))
    assert d["authors"]["tp"] == 1 and d["authors"]["fn"] == 2
    assert d["lines"]["f3"] == pytest.approx(10 / 17)
    assert d["conversations"]["roc_auc"] == pytest.approx(0.5)
    assert d["conversations"]["pr_auc"] == pytest.approx(34 / 45)
    assert d["conversations"]["f1"] == pytest.approx(2 / 3)
    assert d["latency"]["median_k"] == 2.0
    assert d["latency"]["never_alerted"] == pytest.approx(1 / 3)
    assert d["sources"]["chat"]["alerts_per_1000_negative_messages"] == pytest.approx(1000 / 13)
    assert d["sources"]["pj"]["decoy_flagged"] == 1
    assert d["counts"]["missing_rows"] == 1 and d["counts"]["unknown_rows"] == 1


def test_eval_pan12_switches_author_unit(files: tuple[Path, Path], tmp_path: Path) -> None:
    truth, scan = files
    out = tmp_path / "figures.json"
    res = CliRunner().invoke(
        app, ["eval", str(truth), str(scan), "--pan12", "--json", str(out)], env=ENV
    )
    assert res.exit_code == 0, res.output
    assert "distinct ids" in res.output
    d = json.loads(out.read_text(encoding="utf-8"))
    # distinct ids: tp {P}, fp {K, A}, fn {Q}; F0.5 = 5/14
    assert d["author_unit"] == "author"
    assert (d["authors"]["tp"], d["authors"]["fp"], d["authors"]["fn"]) == (1, 2, 1)
    assert d["authors"]["f0.5"] == pytest.approx(5 / 14)


def test_eval_rejects_a_broken_scan_file(files: tuple[Path, Path], tmp_path: Path) -> None:
    truth, _ = files
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "c1", "risk": 0.1, "alert": false}\n{not json\n', encoding="utf-8")
    res = CliRunner().invoke(app, ["eval", str(truth), str(bad)], env=ENV)
    assert res.exit_code == 2
    assert "line 2" in res.output


def test_eval_on_the_real_pan12_sample(shared_data: Path, tmp_path: Path) -> None:
    truth = shared_data / "pan12" / "sample_test.jsonl.gz"
    # an empty scan: every conversation missing, nothing flagged, nothing alerted
    scan = _write_jsonl(tmp_path / "scan.jsonl", [])
    out = tmp_path / "f.json"
    res = CliRunner().invoke(
        app, ["eval", str(truth), str(scan), "--pan12", "--json", str(out)], env=ENV
    )
    assert res.exit_code == 0, res.output
    d = json.loads(out.read_text(encoding="utf-8"))
    assert d["counts"]["truth_conversations"] == 9 and d["counts"]["missing_rows"] == 9
    assert d["lines"]["fn"] == 15 and d["lines"]["tp"] == 0
    assert d["latency"]["never_alerted"] == 1.0
    assert d["sources"]["pan12"]["positives"] == 6


def test_eval_pan12_xml_truth_with_ground_truth_files(shared_data: Path, tmp_path: Path) -> None:
    pan = shared_data / "pan12"
    jsonl_truth = pan / "sample_test.jsonl.gz"
    xml_truth = next((pan / "xml-excerpts" / "test").glob("*.xml"))
    # oracle scan rows from the canonical file: flag exactly the predators
    rows = []
    with gzip.open(jsonl_truth, "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            preds = set(rec["predators"])
            authors = list(dict.fromkeys(m["author"] for m in rec["messages"]))
            rows.append(
                {
                    "id": rec["id"],
                    "risk": 1.0 if preds else 0.0,
                    "alert": bool(preds),
                    "first_alert_index": 0 if preds else None,
                    "evidence": [],
                    "authors": [
                        {"author": a, "risk": 0.0, "flagged": a in preds, "signals": []}
                        for a in authors
                    ],
                }
            )
    scan = _write_jsonl(tmp_path / "scan.jsonl", rows)
    figures = {}
    for name, args in (
        ("jsonl", [str(jsonl_truth)]),
        (
            "xml",
            [
                str(xml_truth),
                "--predators",
                str(pan / "pan12-sexual-predator-identification-groundtruth-problem1.txt"),
                "--lines",
                str(
                    pan / "pan12-sexual-predator-identification-groundtruth"
                    "-problem2.reconstructed.txt"
                ),
            ],
        ),
    ):
        out = tmp_path / f"{name}.json"
        res = CliRunner().invoke(
            app, ["eval", args[0], str(scan), "--pan12", "--json", str(out), *args[1:]], env=ENV
        )
        assert res.exit_code == 0, res.output
        figures[name] = json.loads(out.read_text(encoding="utf-8"))
    assert figures["xml"] == figures["jsonl"]
    d = figures["xml"]
    assert d["authors"]["fp"] == 0 and d["authors"]["fn"] == 0 and d["authors"]["tp"] > 0
    assert d["lines"]["tp"] == 15 and d["lines"]["fn"] == 0
    assert d["counts"]["missing_rows"] == 0


def test_eval_predators_option_is_for_xml_truth(files: tuple[Path, Path], tmp_path: Path) -> None:
    truth, scan = files
    ids = tmp_path / "predators.txt"
    ids.write_text("P\n", encoding="utf-8")
    res = CliRunner().invoke(app, ["eval", str(truth), str(scan), "--predators", str(ids)], env=ENV)
    assert res.exit_code == 2
    assert "error:" in res.output and "predators" in res.output


def test_eval_rejects_a_malformed_scan_row(files: tuple[Path, Path], tmp_path: Path) -> None:
    truth, _ = files
    bad = _write_jsonl(
        tmp_path / "bad.jsonl",
        [
            {"id": "c1", "risk": 0.1, "alert": False, "authors": []},
            {"id": "c2", "risk": 0.1, "alert": False, "authors": [{"flagged": True}]},
        ],
    )
    res = CliRunner().invoke(app, ["eval", str(truth), str(bad)], env=ENV)
    assert res.exit_code == 2
    assert "row 2" in res.output and "c2" in res.output


def test_eval_reads_a_parquet_scan_like_its_jsonl(files: tuple[Path, Path], tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    truth, _ = files
    figures = {}
    for name in ("scan.jsonl", "scan.parquet"):
        scan = tmp_path / name
        res = CliRunner().invoke(app, ["scan", str(truth), "--out", str(scan)], env=ENV)
        assert res.exit_code == 0, res.output
        out = tmp_path / f"{name}.json"
        res = CliRunner().invoke(app, ["eval", str(truth), str(scan), "--json", str(out)], env=ENV)
        assert res.exit_code == 0, res.output
        figures[name] = json.loads(out.read_text(encoding="utf-8"))
    assert figures["scan.parquet"] == figures["scan.jsonl"]


def test_eval_names_a_scan_file_that_is_not_text(files: tuple[Path, Path], tmp_path: Path) -> None:
    truth, _ = files
    bad = tmp_path / "scan.bin"
    bad.write_bytes(b'{"id": "c1"}\n\xff\xfe\x00junk\n')
    res = CliRunner().invoke(app, ["eval", str(truth), str(bad)], env=ENV)
    assert res.exit_code == 2
    assert "scan.bin" in res.output and "line 2" in res.output
    trunc = tmp_path / "scan.jsonl.gz"
    trunc.write_bytes(gzip.compress(b"".join(b'{"id": "c%d"}\n' % i for i in range(5000)))[:200])
    res = CliRunner().invoke(app, ["eval", str(truth), str(trunc)], env=ENV)
    assert res.exit_code == 2
    assert "scan.jsonl.gz" in res.output and "unreadable" in res.output
