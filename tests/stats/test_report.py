"""Report files: JSON, CSV, Markdown, self-contained HTML and the PNG charts."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, datetime
from pathlib import Path

from PIL import Image
from stats_fixtures import HO_HEADER, SEED, ho_rows, write_csv

from guardline.stats.cases import CaseRecord, demo_records
from guardline.stats.report import case_report, public_report, write_bundle

AS_OF = datetime(2025, 11, 1, tzinfo=UTC)


def test_case_report_by_year_publishes_the_year_table_once(tmp_path: Path) -> None:
    bundle = case_report(demo_records(), "year", as_of=AS_OF)
    names = [t["name"] for t in bundle.report["tables"]]
    assert names.count("by_year") == 1 and len(names) == len(set(names))
    write_bundle(bundle, tmp_path / "out")
    md = (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    assert md.count("## Confirmed cases by year") == 1
    assert "cases_by_year.png" in bundle.charts


def _png_ok(data: bytes) -> tuple[int, int]:
    im = Image.open(io.BytesIO(data))
    im.verify()
    return Image.open(io.BytesIO(data)).size


def test_case_report_files(tmp_path: Path) -> None:
    bundle = case_report(demo_records(), "quarter", fiscal=True, as_of=AS_OF)
    written = write_bundle(bundle, tmp_path / "out")
    names = {p.name for p in written}
    assert {
        "report.json",
        "report.md",
        "report.html",
        "by_quarter.csv",
        "by_year.csv",
        "by_platform.csv",
        "by_age_band.csv",
        "by_region.csv",
        "year_on_year.csv",
        "cases_by_quarter.png",
        "cases_by_age_band.png",
        "cases_by_platform.png",
    } <= names
    assert not list((tmp_path / "out").glob(".*.tmp"))
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    assert report == json.loads(json.dumps(bundle.report))  # the dict is what was written
    assert report["parameters"]["financial_year"] is True
    # CSV has the same rows as the JSON table
    rows = list(csv.DictReader((tmp_path / "out" / "by_platform.csv").open()))
    table = next(t for t in report["tables"] if t["name"] == "by_platform")
    assert [r["platform"] for r in rows] == [r["platform"] for r in table["rows"]]
    assert (
        rows[-1]["platform"] == "Total"
        and int(rows[-1]["cases"]) == report["figures"]["confirmed_cases"]
    )
    md = (tmp_path / "out" / "report.md").read_text()
    assert "| platform | cases | share_pct |" in md and "![" in md
    html = (tmp_path / "out" / "report.html").read_text()
    # self-contained: every image inline, no external references
    assert html.count("data:image/png;base64,") == len(bundle.charts) >= 4
    assert not re.search(r'(src|href)="(?!data:)', html)
    for name, data in bundle.charts.items():
        w, h = _png_ok(data)
        assert w > 300 and h > 200, name
        assert (tmp_path / "out" / name).read_bytes() == data


def test_suppressed_counts_never_published(tmp_path: Path) -> None:
    when = datetime(2025, 3, 3, tzinfo=UTC)
    recs = [
        CaseRecord(f"a{i}", "confirmed", when, "big", "dm", "12_15", "North") for i in range(40)
    ]
    recs += [
        CaseRecord(f"b{i}", "confirmed", when, "rare", "dm", "under_12", "North") for i in range(3)
    ]
    recs += [CaseRecord(f"d{i}", "dismissed", None, "rare") for i in range(2)]
    bundle = case_report(recs, "month", as_of=AS_OF)
    write_bundle(bundle, tmp_path)
    text = (tmp_path / "report.json").read_text()
    report = json.loads(text)
    plat = next(t for t in report["tables"] if t["name"] == "by_platform")["rows"]
    assert {"platform": "rare", "cases": "<5", "share_pct": None} in plat
    ages = next(t for t in report["tables"] if t["name"] == "by_age_band")["rows"]
    assert {"victim_age_band": "under 12", "cases": "<5", "share_pct": None} in ages
    assert report["figures"]["share_under_12_pct"] is None
    assert report["source"] == "guardline case records"
    assert report["figures"]["records_not_counted_by_status"] == {"dismissed": "<5"}
    assert report["figures"]["platform_shares_pct"]["rare"] is None
    # 40 of 43 would give 3 away: the big platform's share is withheld too (secondary)
    assert report["figures"]["platform_shares_pct"]["big"] is None
    for f in tmp_path.glob("*.csv"):
        assert ",3," not in f.read_text() and not f.read_text().endswith(",3\n"), f.name


def test_public_report_files_and_seed_summary(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "prc.csv", HO_HEADER, ho_rows(SEED))
    bundle = public_report(path)
    write_bundle(bundle, tmp_path / "out")
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    ho = report["figures"]["home_office"]
    assert ho["national"]["change"] == "+36%" and ho["national"]["previous"] == 3217
    assert ho["forces"][0] == {
        "rank": 1,
        "force": "Leicestershire",
        "previous": 59,
        "current": 89,
        "change_pct": 50.8,
        "change": "+51%",
        "rising_faster_than_england_and_wales": True,
    }
    rows = list(csv.DictReader((tmp_path / "out" / "home_office_force_change.csv").open()))
    assert rows[0]["force"] == "Leicestershire" and rows[0]["change"] == "+51%"
    assert rows[0]["rising_faster_than_england_and_wales"] == "yes"
    assert rows[-1]["force"] == "England and Wales" and rows[-1]["change"] == "+36%"
    assert _png_ok(bundle.charts["home_office_force_change.png"])[0] > 400
    assert "home_office_england_and_wales_by_year.png" in bundle.charts
    html = (tmp_path / "out" / "report.html").read_text()
    assert "Leicestershire" in html and "+51%" in html


def test_failed_report_writes_nothing(tmp_path: Path) -> None:
    bad = write_csv(
        tmp_path / "bad.csv", HO_HEADER, [["2022/23", 1, "Nowhere", "x", "x", "x", "88A", 1]]
    )
    out = tmp_path / "out"
    try:
        write_bundle(public_report(bad), out)
    except ValueError as exc:
        assert "row 2" in str(exc)
    else:  # pragma: no cover
        raise AssertionError("expected an error")
    assert not out.exists()


def test_national_by_year_follows_include_btp(tmp_path: Path) -> None:
    figs = {
        "Kent": {"2021/22": 40, "2022/23": 50},
        "British Transport Police": {"2021/22": 4, "2022/23": 8},
    }
    path = write_csv(tmp_path / "p.csv", HO_HEADER, ho_rows(figs))
    for btp, want in ((False, [40, 50]), (True, [44, 58])):
        report = public_report(path, include_btp=btp).report
        table = next(t for t in report["tables"] if t["name"] == "home_office_by_year")
        assert [r["england_and_wales_offences"] for r in table["rows"]] == want
        nat = report["figures"]["home_office"]["national"]
        assert [nat["previous"], nat["current"]] == want
