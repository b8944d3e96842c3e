"""CLI: scan, explain and bench end to end on files written in the test (no shared data)."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from guardline.cli import app

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "conversations.jsonl"
runner = CliRunner()


def flat(text: str) -> str:
    """Rich wraps long lines; compare on single spaces."""
    return " ".join(text.split())


def test_scan_example_writes_exact_rows(tmp_path: Path) -> None:
    out = tmp_path / "scan.jsonl"
    res = runner.invoke(app, ["scan", str(EXAMPLE), "--out", str(out), "--model", "rules"])
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    truth = [json.loads(line) for line in EXAMPLE.read_text().splitlines()]
    assert [r["id"] for r in rows] == [t["id"] for t in truth]
    for r in rows:
        assert set(r) == {"id", "risk", "alert", "first_alert_index", "authors", "evidence"}
        assert 0.0 <= r["risk"] <= 1.0
        if r["alert"]:
            assert isinstance(r["first_alert_index"], int)
    # grooming-like examples alert on their groomer; benign ones stay quiet
    for r, t in zip(rows, truth, strict=True):
        flagged = {a["author"] for a in r["authors"] if a["flagged"]}
        assert flagged == set(t["predators"]), t["id"]


def test_scan_bad_input_names_line_and_skip_bad_continues(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    lines = EXAMPLE.read_text().splitlines()[:2]
    bad.write_text(lines[0] + "\n{not json\n" + lines[1] + "\n", encoding="utf-8")
    out = tmp_path / "scan.jsonl"
    res = runner.invoke(app, ["scan", str(bad), "--out", str(out), "--model", "rules"])
    assert res.exit_code == 1
    assert "line 2" in flat(res.output)
    res = runner.invoke(
        app, ["scan", str(bad), "--out", str(out), "--model", "rules", "--skip-bad"]
    )
    assert res.exit_code == 0, res.output
    assert len(out.read_text().splitlines()) == 2
    assert "skipped 1" in flat(res.output)


def test_scan_skip_bad_does_not_suggest_skip_bad_for_an_unreadable_file(tmp_path: Path) -> None:
    # malformed XML stops the file even with --skip-bad: the hint must not send the user
    # back to the option they already gave
    xml = tmp_path / "cut.xml"
    xml.write_text(
        '<conversations><conversation id="x1"><message line="1"><author>a</author>'
        "<time>10:00</time><text>how old are you</text></message><message",
        encoding="utf-8",
    )
    out = tmp_path / "scan.jsonl"
    res = runner.invoke(app, ["scan", str(xml), "--out", str(out), "--skip-bad"])
    assert res.exit_code == 1
    text = flat(res.output)
    assert "cut.xml" in text and "rerun with --skip-bad" not in text
    assert "cannot skip" in text and not out.exists()
    res = runner.invoke(app, ["scan", str(xml), "--out", str(out)])
    assert res.exit_code == 1 and "rerun with --skip-bad" in flat(res.output)


def test_scan_then_eval(tmp_path: Path) -> None:
    out = tmp_path / "scan.jsonl"
    assert runner.invoke(app, ["scan", str(EXAMPLE), "-o", str(out), "-m", "rules"]).exit_code == 0
    fig = tmp_path / "fig.json"
    res = runner.invoke(app, ["eval", str(EXAMPLE), str(out), "--json", str(fig)])
    assert res.exit_code == 0, res.output
    d = json.loads(fig.read_text())
    assert d["counts"]["missing_rows"] == 0
    assert d["authors"]["f0.5"] == 1.0 or d["authors"]["tp"] >= 3


def test_explain_highlights_signs(tmp_path: Path) -> None:
    first_grooming = next(
        json.loads(line)
        for line in EXAMPLE.read_text().splitlines()
        if json.loads(line)["predators"]
    )
    res = runner.invoke(
        app, ["explain", str(EXAMPLE), "--id", first_grooming["id"], "--model", "rules"]
    )
    assert res.exit_code == 0, res.output
    assert "Stage timeline" in res.output
    assert "ALERT" in res.output
    res = runner.invoke(app, ["explain", str(EXAMPLE), "--id", "nope", "--model", "rules"])
    assert res.exit_code == 1


def test_explain_names_the_child_singled_out_in_a_group_chat() -> None:
    """On a group chat of hand-written set G where the learned model flags an adult through
    their messages to one child, ``explain`` says whom they single out; a two-person chat
    never says it."""
    from guardline.corpora import load
    from guardline.detect import Detector

    path = REPO / "devsets" / "hard_cases_g.jsonl"
    det = Detector()
    found = {}
    for c in load(path):
        for au in det.scan(c).authors:
            if au.flagged and au.addressee:
                found.setdefault("group", (c.id, au.author, au.addressee))
        if len(c.authors) == 2 and c.predators:
            found.setdefault("pair", (c.id, "", ""))
    cid, adult, child = found["group"]
    res = runner.invoke(app, ["explain", str(path), "--id", cid])
    assert res.exit_code == 0, res.output
    assert f"{adult} singles out {child} in this group chat" in flat(res.output)
    res = runner.invoke(app, ["explain", str(path), "--id", found["pair"][0]])
    assert res.exit_code == 0, res.output
    assert "singles out" not in res.output


def test_bench_writes_report_and_png(tmp_path: Path) -> None:
    data = tmp_path / "groombench"
    data.mkdir()
    for name in ("train", "test", "test_sessions"):
        with gzip.open(data / f"{name}.jsonl.gz", "wt", encoding="utf-8") as fh:
            fh.write(EXAMPLE.read_text())
    hard = tmp_path / "hard.jsonl"
    shutil.copy(EXAMPLE, hard)
    # a second hard-case set: only its benign conversations
    benign_only = tmp_path / "benign_only.jsonl"
    benign_only.write_text(
        "".join(
            line + "\n"
            for line in EXAMPLE.read_text().splitlines()
            if line.strip() and not json.loads(line)["predators"]
        )
    )
    out = tmp_path / "bench.md"
    res = runner.invoke(
        app,
        [
            "bench",
            "--data",
            str(data),
            "--out",
            str(out),
            "--models",
            "rules,tfidf,learned",
            "--hard-cases",
            str(hard),
            "--hard-cases",
            str(benign_only),
        ],
    )
    assert res.exit_code == 0, res.output
    text = out.read_text()
    assert "| rules |" in text and "| tfidf |" in text
    # each hard-case set gets its own section per contender; the benign-only set has no
    # grooming-like conversation, so its groomer-flagged share is "–"
    assert text.count("Hard cases `hard`") == 3 and text.count("Hard cases `benign_only`") == 3
    assert "benign_only: " in text and "of 0\n" in text
    assert "messages/s" in text
    assert (tmp_path / "bench_pr.png").stat().st_size > 1000
    # the learned model is also timed per build of the hot path, in fresh processes
    from guardline import _native

    (line,) = [ln for ln in text.splitlines() if "per build of the hot path" in ln]
    assert "python " in line
    if _native.status()["build"] == "compiled":
        assert "hot path: compiled with mypyc" in text
        assert "compiled " in line and "compiled / Python" in line


def test_scan_no_outrank_only_ever_names_more_authors(tmp_path: Path) -> None:
    """``--no-outrank`` turns the policy's outrank rule off: the same alerts, and every
    author flagged with it is flagged without it (it can only hold a second name back)."""
    rows = {}
    for flag in ("--outrank", "--no-outrank"):
        out = tmp_path / f"scan{flag}.jsonl"
        res = runner.invoke(
            app, ["scan", str(EXAMPLE), "--out", str(out), "--model", "rules", flag]
        )
        assert res.exit_code == 0, res.output
        rows[flag] = [json.loads(line) for line in out.read_text().splitlines()]
    for on, off in zip(rows["--outrank"], rows["--no-outrank"], strict=True):
        assert (on["alert"], on["first_alert_index"]) == (off["alert"], off["first_alert_index"])
        named_on = {a["author"] for a in on["authors"] if a["flagged"]}
        named_off = {a["author"] for a in off["authors"] if a["flagged"]}
        assert named_on <= named_off
