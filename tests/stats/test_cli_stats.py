"""`guardline stats public` and `guardline stats cases --demo` end to end through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

from stats_fixtures import HO_HEADER, SEED, ho_rows, write_csv, write_ods
from typer.testing import CliRunner

from guardline.cli import app

runner = CliRunner()


def _flat(s: str) -> str:
    return " ".join(s.split())


def test_public_seed_from_ods_with_foi(tmp_path: Path) -> None:
    ods = write_ods(tmp_path / "prc.ods", HO_HEADER, ho_rows(SEED))
    foi = write_csv(
        tmp_path / "foi.csv",
        ["Police force", "Financial Year", "Offences", "Under 12", "platform: Snapchat"],
        [
            ["Leicestershire", "2021-22", 59, 10, 12],
            ["Leicestershire", "2022-23", 89, 30, 40],
            ["Kent", "2021-22", 100, 20, 30],
            ["Kent", "2022-23", 110, 20, 35],
        ],
    )
    out = tmp_path / "out"
    res = runner.invoke(app, ["stats", "public", str(ods), "--foi", str(foi), "--out", str(out)])
    assert res.exit_code == 0, res.output
    text = _flat(res.output)
    assert "3,217 to 4,373 (+36%)" in text and "+51%" in text
    report = json.loads((out / "report.json").read_text())
    ho = report["figures"]["home_office"]
    assert ho["forces"][0]["change"] == "+51%" and ho["national"]["change"] == "+36%"
    f = report["figures"]["foi"]
    # FOI: no national row, so England and Wales = sum of the two forces: 159 -> 199 (+25%)
    assert f["national"]["previous"] == 159 and f["national"]["change"] == "+25%"
    assert [x["force"] for x in f["forces"] if x["rising_faster_than_england_and_wales"]] == [
        "Leicestershire"
    ]
    assert f["under_12"]["share_pct"] == round(100 * 50 / 199, 1)
    assert f["platforms"]["platforms"][0]["platform"] == "Snapchat"
    for name in (
        "report.html",
        "report.md",
        "home_office_force_change.csv",
        "foi_force_change.png",
        "foi_platforms.png",
        "home_office_force_change.png",
    ):
        assert (out / name).is_file(), name


def test_public_errors_exit_2_with_file_and_row(tmp_path: Path) -> None:
    rows = ho_rows(SEED)
    rows[3][2] = "Atlantis Constabulary"
    bad = write_csv(tmp_path / "bad.csv", HO_HEADER, rows)
    out = tmp_path / "out"
    res = runner.invoke(app, ["stats", "public", str(bad), "--out", str(out)])
    assert res.exit_code == 2
    text = _flat(res.output)
    assert "bad.csv, row 5: unknown force 'Atlantis Constabulary'" in text
    assert not out.exists()
    # an alias fixes it
    res = runner.invoke(
        app,
        [
            "stats",
            "public",
            str(bad),
            "--out",
            str(out),
            "--force-alias",
            "Atlantis Constabulary=Leicestershire",
        ],
    )
    assert res.exit_code == 0, res.output
    res = runner.invoke(
        app, ["stats", "public", str(bad), "--out", str(out), "--force-alias", "Atlantis=Nowhere"]
    )
    assert res.exit_code == 2 and "is not a force name" in _flat(res.output)


def test_public_years_and_offence_code_options(tmp_path: Path) -> None:
    figs = {
        "Kent": {"2020/21": 10, "2021/22": 20, "2022/23": 15},
        "Essex": {"2020/21": 10, "2021/22": 12, "2022/23": 30},
    }
    p = write_csv(tmp_path / "p.csv", HO_HEADER, ho_rows(figs, code="71"))
    out = tmp_path / "o"
    res = runner.invoke(app, ["stats", "public", str(p), "--out", str(out)])
    assert res.exit_code == 2 and "no rows with offence code '88A'" in _flat(res.output)
    res = runner.invoke(
        app,
        [
            "stats",
            "public",
            str(p),
            "--offence-code",
            "71",
            "--years",
            "2020/21,2021/22",
            "--out",
            str(out),
        ],
    )
    assert res.exit_code == 0, res.output
    report = json.loads((out / "report.json").read_text())
    nat = report["figures"]["home_office"]["national"]
    assert (nat["previous"], nat["current"], nat["change"]) == (20, 32, "+60%")
    res = runner.invoke(app, ["stats", "public", str(p), "--years", "2020", "--out", str(out)])
    assert res.exit_code == 2


def test_cases_demo(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    res = runner.invoke(
        app,
        [
            "stats",
            "cases",
            "--demo",
            "--period",
            "month",
            "--suppress",
            "10",
            "--as-of",
            "2025-11-01",
            "--out",
            str(out),
        ],
    )
    assert res.exit_code == 0, res.output
    report = json.loads((out / "report.json").read_text())
    assert report["parameters"]["suppression_threshold"] == 10
    assert report["source"].startswith("synthetic demo records")
    cells = [r["cases"] for t in report["tables"] for r in t["rows"] if "cases" in r]
    assert "<10" in cells
    assert all(not isinstance(c, int) or c == 0 or c >= 10 for c in cells)
    res = runner.invoke(app, ["stats", "cases", "--demo", "--period", "week", "--out", str(out)])
    assert res.exit_code == 2


def test_cases_as_of_a_date_includes_that_day(tmp_path: Path) -> None:
    # figures as of 31 March 2025: the financial year 2024/25 is over, and gets its change
    out = tmp_path / "fy"
    args = ["stats", "cases", "--demo", "--financial-year", "--period", "year"]
    res = runner.invoke(app, [*args, "--as-of", "2025-03-31", "--out", str(out)])
    assert res.exit_code == 0, res.output
    report = json.loads((out / "report.json").read_text())
    assert report["figures"]["partial_years"] == ["2022/23"]
    last = report["figures"]["year_on_year"][-1]
    assert last["year"] == "2024/25" and not last["partial"] and last["change_pct"] is not None
    assert "2024/25 is a partial year" not in _flat(res.output)
    # an explicit time is taken as given: at midnight, 31 March has not happened yet
    res = runner.invoke(app, [*args, "--as-of", "2025-03-31T00:00", "--out", str(out)])
    assert res.exit_code == 0, res.output
    report = json.loads((out / "report.json").read_text())
    assert report["figures"]["partial_years"] == ["2022/23", "2024/25"]


def test_public_foi_only_and_bad_options(tmp_path: Path) -> None:
    foi = write_csv(
        tmp_path / "foi.csv",
        ["Force", "Year", "Offences"],
        [
            ["Leicestershire", "2023", 59],
            ["Leicestershire", "2024", 89],
            ["England & Wales", "2023", 3217],
            ["England & Wales", "2024", 4373],
        ],
    )
    out = tmp_path / "out"
    res = runner.invoke(app, ["stats", "public", "--foi", str(foi), "--out", str(out)])
    assert res.exit_code == 0, res.output
    report = json.loads((out / "report.json").read_text())
    assert "home_office" not in report["figures"]
    assert report["figures"]["foi"]["forces"][0]["change"] == "+51%"
    assert report["figures"]["foi"]["national"]["change"] == "+36%"
    res = runner.invoke(app, ["stats", "public", "--out", str(out)])
    assert res.exit_code == 2
    res = runner.invoke(
        app, ["stats", "cases", "--demo", "--as-of", "yesterday", "--out", str(out)]
    )
    assert res.exit_code == 2 and "not a date" in _flat(res.output)


def test_example_data_reproduces_the_seed(tmp_path: Path) -> None:
    res = runner.invoke(app, ["stats", "example-data", str(tmp_path / "ex")])
    assert res.exit_code == 0, res.output
    ho, foi = (
        tmp_path / "ex" / "synthetic_home_office_88A.csv",
        tmp_path / "ex" / "synthetic_foi.csv",
    )
    first = ho.read_bytes()
    runner.invoke(app, ["stats", "example-data", str(tmp_path / "ex")])
    assert ho.read_bytes() == first  # deterministic
    out = tmp_path / "report"
    res = runner.invoke(app, ["stats", "public", str(ho), "--foi", str(foi), "--out", str(out)])
    assert res.exit_code == 0, res.output
    report = json.loads((out / "report.json").read_text())
    h = report["figures"]["home_office"]
    assert (h["previous_year"], h["current_year"]) == ("2021/22", "2022/23")
    assert (h["national"]["previous"], h["national"]["current"]) == (3217, 4373)
    assert h["national"]["change"] == "+36%"
    assert h["national"]["check"]["agrees"] is True  # explicit rows = sum of the 43 forces
    leics = next(f for f in h["forces"] if f["force"] == "Leicestershire")
    assert leics["change"] == "+51%" and leics["rising_faster_than_england_and_wales"]
    assert len(h["forces"]) == 43
    f = report["figures"]["foi"]
    assert f["under_12"]["share_pct"] is not None and f["platforms"]["platforms"]
    assert (out / "foi_platforms.png").is_file()


def test_cases_demo_is_reported_as_of_the_end_of_its_records(tmp_path: Path) -> None:
    # the demo records stop in 2025: without --as-of, the year they stop in is partial (no
    # change against the year before), not a fall measured against today's date
    from guardline.stats.cases import DEMO_END, demo_records

    assert max(r.confirmed_at for r in demo_records() if r.confirmed_at) <= DEMO_END
    out = tmp_path / "demo"
    args = ["stats", "cases", "--demo", "--financial-year", "--period", "year"]
    res = runner.invoke(app, [*args, "--out", str(out)])
    assert res.exit_code == 0, res.output
    report = json.loads((out / "report.json").read_text())
    assert report["figures"]["partial_years"][-1] == "2025/26"
    last = report["figures"]["year_on_year"][-1]
    assert last["year"] == "2025/26" and last["partial"] and last["change_pct"] is None
    # an explicit --as-of still wins
    res = runner.invoke(app, [*args, "--as-of", "2026-11-30", "--out", str(out)])
    assert res.exit_code == 0, res.output
    report = json.loads((out / "report.json").read_text())
    assert "2025/26" not in report["figures"]["partial_years"]
