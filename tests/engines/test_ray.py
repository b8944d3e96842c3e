"""The Ray engine on a local Ray (2 CPUs): same rows as the local engine, same errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from guardline.cli import app
from guardline.corpora import CorpusError
from guardline.corpora.locate import shared_data_dir
from guardline.engines.local import DetectorSpec, expand_inputs, run_local
from pair_chats import GROOMING, LATER

pytest.importorskip("ray.data")
pytest.importorskip("pyarrow")

from guardline.engines.ray import run_ray

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "conversations.jsonl"
runner = CliRunner()


def rows(path: Path) -> list[dict[str, object]]:
    if path.suffix == ".parquet":
        from guardline.corpora.parquet import read_scan_rows

        return read_scan_rows(path)
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_ray_equals_local_on_every_format(ray_local: object, shards: Path, tmp_path: Path) -> None:
    files = expand_inputs([shards])
    a, b = tmp_path / "local.jsonl", tmp_path / "ray.jsonl"
    loc = run_local(files, a, spec=DetectorSpec())
    got = run_ray(files, b, spec=DetectorSpec(), workers=2, batch_rows=2)
    assert a.read_bytes() == b.read_bytes()
    assert (got.conversations, got.messages, got.alerts) == (
        loc.conversations,
        loc.messages,
        loc.alerts,
    )
    assert got.conversations == 18
    # the model is built once per worker, whatever the number of batches it scored
    assert got.model_loads and set(got.model_loads.values()) == {1}
    assert len(got.workers) <= 2 and sum(got.workers.values()) == got.conversations


def test_ray_parquet_output_equals_local(ray_local: object, tmp_path: Path) -> None:
    a, b = tmp_path / "local.parquet", tmp_path / "ray.parquet"
    run_local([EXAMPLE], a, spec=DetectorSpec("rules"), fmt="parquet")
    run_ray([EXAMPLE], b, spec=DetectorSpec("rules"), fmt="parquet", workers=1)
    assert rows(a) == rows(b) and len(rows(b)) == 8


@pytest.mark.parametrize("memory", [False, True], ids=["alone", "relationship-memory"])
def test_ray_bad_input_same_error_and_no_output(
    ray_local: object, tmp_path: Path, memory: bool
) -> None:
    good = tmp_path / "good.jsonl"
    good.write_text(EXAMPLE.read_text())
    bad = tmp_path / "bad.jsonl"
    first = EXAMPLE.read_text().splitlines()[0]
    bad.write_text(first + "\n{not json\n" + first + "\n")
    errs = []
    for run in (run_local, run_ray):
        out = tmp_path / f"{run.__name__}.jsonl"
        with pytest.raises(CorpusError) as exc:
            run([good, bad], out, spec=DetectorSpec("rules", memory=memory))
        errs.append(str(exc.value))
        assert not out.exists()
        assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
    assert errs[0] == errs[1]
    assert f"{bad}, line 2" in errs[1]
    # --skip-bad: the same per-file reports, the same rows
    reports: dict[str, list[tuple[str, list[str]]]] = {"run_local": [], "run_ray": []}
    for run in (run_local, run_ray):
        run(
            [good, bad],
            tmp_path / f"{run.__name__}.jsonl",
            spec=DetectorSpec("rules", memory=memory),
            skip_bad=True,
            on_file_done=lambda p, r, n=run.__name__: reports[n].append(
                (p, [str(i) for i in r.skipped])
            ),
        )
    assert reports["run_local"] == reports["run_ray"]
    assert reports["run_ray"][1][0] == str(bad) and len(reports["run_ray"][1][1]) == 1
    assert (tmp_path / "run_local.jsonl").read_bytes() == (tmp_path / "run_ray.jsonl").read_bytes()


def test_ray_unreadable_file_same_error(ray_local: object, tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    msgs = []
    for run in (run_local, run_ray):
        with pytest.raises(CorpusError) as exc:
            run([empty], tmp_path / "o.jsonl", spec=DetectorSpec("rules"))
        msgs.append(str(exc.value))
    assert msgs[0] == msgs[1] and "empty" in msgs[0]


def test_cli_engine_ray(ray_local: object, shards: Path, tmp_path: Path) -> None:
    a, b = tmp_path / "l.jsonl", tmp_path / "r.jsonl"
    summary = tmp_path / "summary.json"
    assert runner.invoke(app, ["scan", str(shards), "-o", str(a)]).exit_code == 0
    res = runner.invoke(
        app,
        [
            "scan",
            str(shards / "*.jsonl*"),
            str(shards / "part"),
            str(shards / "d.csv"),
            str(shards / "e.parquet"),
            str(shards / "f.parquet"),
            "-o",
            str(b),
            "--engine",
            "ray",
            "--workers",
            "2",
            "--summary",
            str(summary),
        ],
    )
    assert res.exit_code == 0, res.output
    # same files in another order: same rows, in the order the files were given
    la, lb = rows(a), rows(b)
    assert sorted(la, key=lambda r: str(r["id"])) == sorted(lb, key=lambda r: str(r["id"]))
    s = json.loads(summary.read_text())
    assert s["engine"] == "ray" and s["conversations"] == 18 and s["files"] == 6
    res = runner.invoke(
        app, ["scan", str(EXAMPLE), "-o", str(b), "--engine", "ray", "-m", "/no/such/model.json"]
    )
    assert res.exit_code == 2 and "cannot load model" in res.output


def test_ray_equals_local_on_groombench_test(ray_local: object, tmp_path: Path) -> None:
    """The issue's done-when: the Ray scan equals the local scan on groombench test."""
    test = shared_data_dir() / "groombench" / "test.jsonl.gz"
    if not test.exists():
        pytest.skip(f"groombench test not found at {test}")
    a, b = tmp_path / "local.jsonl", tmp_path / "ray.jsonl"
    loc = run_local([test], a, spec=DetectorSpec())
    got = run_ray([test], b, spec=DetectorSpec(), workers=2)
    ra, rb = rows(a), rows(b)
    assert len(ra) == len(rb) == loc.conversations == got.conversations > 400
    for x, y in zip(ra, rb, strict=True):  # row by row, floats exactly equal
        assert x == y
    assert a.read_bytes() == b.read_bytes()
    assert len(got.workers) == 2, got.workers  # one file, still spread over both workers


# --------------------------------------------------------------------------- relationship memory


def _record(cid: str, pairs: list[tuple[str, str]], names: dict[str, str] | None = None) -> str:
    names = names or {}
    msgs = [{"author": names.get(a, a), "text": t} for a, t in pairs]
    return json.dumps({"id": cid, "messages": msgs})


def _pairs_archive(d: Path) -> list[Path]:
    """Two files; the pair sam/kid's second and third conversations are in the second file
    (the third opened by the child), among other pairs' conversations and a group chat."""
    d.mkdir()
    a, b = d / "a.jsonl", d / "b.jsonl"
    kid_first = [("kid", "hey"), *LATER]
    group = [("ann", "hi all"), ("bo", "hey"), ("cy", "how old are you"), ("ann", "lol")]
    a.write_text(
        "\n".join(
            [
                _record("p1", GROOMING),
                _record("o1", LATER, {"sam": "tom", "kid": "ben"}),
                _record("g1", group),
            ]
        )
        + "\n"
    )
    b.write_text(
        "\n".join(
            [
                _record("o2", GROOMING, {"sam": "lee", "kid": "max"}),
                _record("p2", LATER),
                _record("o3", LATER, {"sam": "lee", "kid": "max"}),
                _record("p3", kid_first),
                _record("o4", LATER, {"sam": "tom", "kid": "ben"}),
            ]
        )
        + "\n"
    )
    return [a, b]


def test_pair_of_is_the_first_two_writers() -> None:
    from guardline.detect import pair_of

    assert pair_of(["sam", "sam", "kid", "ann"]) == ("kid", "sam")
    assert pair_of(["kid", "sam"]) == pair_of(["sam", "kid"])
    assert pair_of(["sam", "sam"]) is None and pair_of([]) is None


@pytest.mark.parametrize("batch_rows", [1, 16])
def test_ray_relationship_memory_equals_local(
    ray_local: object, tmp_path: Path, batch_rows: int
) -> None:
    files = _pairs_archive(tmp_path / "in")
    alone, local, ray_out = tmp_path / "alone.jsonl", tmp_path / "l.jsonl", tmp_path / "r.jsonl"
    run_local(files, alone, spec=DetectorSpec())
    loc = run_local(files, local, spec=DetectorSpec(memory=True))
    got = run_ray(files, ray_out, spec=DetectorSpec(memory=True), workers=2, batch_rows=batch_rows)
    assert local.read_bytes() == ray_out.read_bytes()
    assert (got.conversations, got.alerts) == (loc.conversations, loc.alerts) == (8, loc.alerts)
    by_id = {r["id"]: r for r in rows(ray_out)}
    before = {r["id"]: r for r in rows(alone)}
    # the pair's later conversations alert only with memory, and name the first one
    for cid in ("p2", "p3", "o3"):
        assert by_id[cid]["alert"] and not before[cid]["alert"], cid
    sam = next(a for a in by_id["p2"]["authors"] if a["author"] == "sam")
    assert sam["prior"] == "p1"
    lee = next(a for a in by_id["o3"]["authors"] if a["author"] == "lee")
    assert lee["prior"] == "o2"
    # a pair never flagged stays quiet; the model is loaded once per worker
    assert not by_id["o1"]["alert"] and not by_id["o4"]["alert"]
    assert set(got.model_loads.values()) == {1}


def test_cli_ray_relationship_memory(ray_local: object, tmp_path: Path) -> None:
    files = _pairs_archive(tmp_path / "in")
    outs = {}
    for engine in ("local", "ray"):
        out = tmp_path / f"{engine}.jsonl"
        res = runner.invoke(
            app,
            ["scan", *map(str, files), "-o", str(out), "--engine", engine, "--relationship-memory"],
        )
        assert res.exit_code == 0, res.output
        outs[engine] = out.read_bytes()
    assert outs["local"] == outs["ray"]


def test_ray_relationship_memory_equals_local_on_groombench_test(
    ray_local: object, tmp_path: Path
) -> None:
    """Every pair scored apart on its worker gives what one ordered pass gives."""
    test = shared_data_dir() / "groombench" / "test.jsonl.gz"
    if not test.exists():
        pytest.skip(f"groombench test not found at {test}")
    a, b, c = tmp_path / "local.jsonl", tmp_path / "ray.jsonl", tmp_path / "alone.jsonl"
    loc = run_local([test], a, spec=DetectorSpec(memory=True))
    alone = run_local([test], c, spec=DetectorSpec())
    got = run_ray([test], b, spec=DetectorSpec(memory=True), workers=2)
    assert a.read_bytes() == b.read_bytes()
    assert got.alerts == loc.alerts > alone.alerts  # the memory carried flags
    assert len(got.workers) == 2, got.workers
