"""The local engine and the scan CLI on it: inputs, byte-identical rows, atomic output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from guardline.cli import app
from guardline.corpora import CorpusError, LoadReport, load
from guardline.detect import Detector, RulesModel
from guardline.engines.local import (
    DetectorSpec,
    InputError,
    expand_inputs,
    output_format,
    read_file,
    run_local,
)

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "conversations.jsonl"
runner = CliRunner()


def expected_bytes(paths: list[Path], det: Detector) -> bytes:
    """What `guardline scan` has always written: one json.dumps(to_scan_row()) line each."""
    lines = []
    for p in paths:
        convs = (
            load(p)
            if not p.name.endswith(".parquet")
            else read_file(p, skip_bad=False, report=LoadReport())
        )
        for conv in convs:
            lines.append(json.dumps(det.scan(conv).to_scan_row(), ensure_ascii=False) + "\n")
    return "".join(lines).encode("utf-8")


def test_expand_inputs_dirs_globs_files(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    names = ("b.jsonl", "a.jsonl.gz", "sub/c.csv", "sub/d.parquet", "notes.txt", ".hidden.jsonl")
    for name in names:
        (tmp_path / name).write_text("x")
    skipped: list[Path] = []
    got = expand_inputs([tmp_path], skipped)
    assert [p.relative_to(tmp_path).as_posix() for p in got] == [
        "a.jsonl.gz",
        "b.jsonl",
        "sub/c.csv",
        "sub/d.parquet",
    ]
    assert skipped == [tmp_path / "notes.txt"]  # hidden files are not reported
    # a glob, and the same file twice: kept once, in first-seen order
    got = expand_inputs([str(tmp_path / "b.jsonl"), str(tmp_path / "*.jsonl*")])
    assert [p.name for p in got] == ["b.jsonl", "a.jsonl.gz"]
    assert [p.name for p in expand_inputs([str(tmp_path / "**" / "*.csv")])] == ["c.csv"]
    with pytest.raises(InputError, match="no such file"):
        expand_inputs([tmp_path / "missing.jsonl"])
    with pytest.raises(InputError, match="no files match"):
        expand_inputs([str(tmp_path / "*.xml")])
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="no corpus files"):
        expand_inputs([tmp_path / "empty"])


def test_output_format_by_name_or_option() -> None:
    assert output_format(Path("x.parquet"), None) == "parquet"
    assert output_format(Path("x.jsonl"), None) == "jsonl"
    assert output_format(Path("x.jsonl"), "parquet") == "parquet"
    with pytest.raises(ValueError, match="unknown output format"):
        output_format(Path("x"), "csv")


def test_detector_spec_policy_overrides() -> None:
    det = DetectorSpec("rules", threshold=0.9, k=1, n=2).build()
    assert isinstance(det.model, RulesModel)
    assert (det.policy.threshold, det.policy.k, det.policy.n) == (0.9, 1, 2)
    with pytest.raises((ValueError, OSError)):
        DetectorSpec("/no/such/model.json").build()


def test_cli_local_bytes_across_many_inputs(shards: Path, tmp_path: Path) -> None:
    out = tmp_path / "scan.jsonl"
    res = runner.invoke(app, ["scan", str(shards), "--out", str(out), "-m", "rules"])
    assert res.exit_code == 0, res.output
    files = expand_inputs([shards])
    assert len(files) == 6
    assert [p.name for p in files] == [
        "a.jsonl",
        "b.jsonl.gz",
        "d.csv",
        "e.parquet",
        "f.parquet",
        "c.jsonl",
    ]
    assert out.read_bytes() == expected_bytes(files, Detector(model=RulesModel()))
    assert len(out.read_text().splitlines()) == 8 + 2 + 8


def test_cli_single_file_bytes_unchanged(tmp_path: Path) -> None:
    out = tmp_path / "scan.jsonl"
    res = runner.invoke(app, ["scan", str(EXAMPLE), "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert out.read_bytes() == expected_bytes([EXAMPLE], Detector())


def test_parquet_output_equals_jsonl_rows(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    from guardline.corpora.parquet import read_scan_rows

    a, b = tmp_path / "s.jsonl", tmp_path / "s.parquet"
    assert runner.invoke(app, ["scan", str(EXAMPLE), "-o", str(a)]).exit_code == 0
    res = runner.invoke(app, ["scan", str(EXAMPLE), "-o", str(b)])
    assert res.exit_code == 0, res.output
    assert read_scan_rows(b) == [json.loads(x) for x in a.read_text().splitlines()]


def test_bad_input_leaves_no_output_and_keeps_old_one(tmp_path: Path) -> None:
    good = tmp_path / "good.jsonl"
    good.write_text(EXAMPLE.read_text())
    bad = tmp_path / "bad.jsonl"
    lines = EXAMPLE.read_text().splitlines()
    bad.write_text(lines[0] + "\n" + '{"id": "x", "messages": [{"author": "", "text": "hi"}]}\n')
    out = tmp_path / "scan.jsonl"
    out.write_text("previous run\n")
    with pytest.raises(CorpusError) as exc:
        run_local([good, bad], out, spec=DetectorSpec("rules"))
    assert (exc.value.file, exc.value.line, exc.value.field) == (str(bad), 2, "messages[0].author")
    assert out.read_text() == "previous run\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.jsonl", "good.jsonl", "scan.jsonl"]
    res = runner.invoke(app, ["scan", str(good), str(bad), "-o", str(out), "-m", "rules"])
    assert res.exit_code == 1
    assert "line 2" in " ".join(res.output.split())
    reports: list[tuple[str, int]] = []
    s = run_local(
        [good, bad],
        out,
        spec=DetectorSpec("rules"),
        skip_bad=True,
        on_file_done=lambda p, r: reports.append((p, r.skipped_count)),
    )
    assert reports == [(str(good), 0), (str(bad), 1)]
    assert s.conversations == 9 and len(out.read_text().splitlines()) == 9


def test_cli_missing_input_and_bad_engine(tmp_path: Path) -> None:
    res = runner.invoke(app, ["scan", str(tmp_path / "nope.jsonl"), "-o", str(tmp_path / "o")])
    assert res.exit_code == 2 and "no such file" in res.output
    res = runner.invoke(app, ["scan", str(EXAMPLE), "-o", str(tmp_path / "o"), "--engine", "x"])
    assert res.exit_code == 2 and "unknown engine" in res.output


def test_without_ray_or_pyarrow_the_error_names_the_extra(tmp_path: Path) -> None:
    import subprocess
    import sys

    for blocked, extra_args in (("ray", ["--engine", "ray"]), ("pyarrow", ["--format", "parquet"])):
        code = (
            f"import sys; sys.modules[{blocked!r}] = None\n"
            "from guardline.cli import main\n"
            f"sys.argv = ['guardline', 'scan', {str(EXAMPLE)!r}, '-o', "
            f"{str(tmp_path / 'o')!r}, '-m', 'rules', *{extra_args!r}]\n"
            "main()\n"
        )
        res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        assert res.returncode == 2, res.stderr[-2000:]
        assert "pip install 'guardline[ray]'" in " ".join(res.stderr.split())
        assert not (tmp_path / "o").exists()


def test_detector_spec_outrank_follows_the_spec() -> None:
    assert DetectorSpec("rules").build().policy.outrank  # the policy's default
    assert not DetectorSpec("rules", outrank=False).build().policy.outrank
    det = DetectorSpec("rules", threshold=0.9, k=1, n=2, outrank=False).build()
    assert (det.policy.threshold, det.policy.k, det.policy.n, det.policy.outrank) == (
        0.9,
        1,
        2,
        False,
    )


def test_scan_of_a_directory_names_the_files_it_skips(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "chats.jsonl").write_bytes(EXAMPLE.read_bytes())
    (tmp_path / "in" / "export.txt").write_text("not a corpus")
    for i in range(25):
        (tmp_path / "in" / f"z{i:02d}.log").write_text("x")
    out = tmp_path / "scan.jsonl"
    res = runner.invoke(app, ["scan", str(tmp_path / "in"), "--out", str(out), "--model", "rules"])
    assert res.exit_code == 0, res.output
    text = " ".join(res.output.split())
    assert "skipped (not a corpus file by its name):" in text and "export.txt" in text
    assert "skipped 6 more files of the same kind" in text  # 26 skipped, 20 named
    assert len(out.read_text().splitlines()) == len(EXAMPLE.read_text().splitlines())
