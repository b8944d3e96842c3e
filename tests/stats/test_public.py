"""Public data: Home Office long format (CSV and ODS), FOI tables, the seed's figures, bad input."""

from __future__ import annotations

from pathlib import Path

import pytest
from stats_fixtures import HO_HEADER, SEED, ho_rows, write_csv, write_ods

from guardline.stats.forces import ALL_FORCES, TERRITORIAL_FORCES, canonical_force
from guardline.stats.public import (
    compare,
    fmt_pct,
    foi_summary,
    load_foi,
    load_home_office,
)
from guardline.stats.tables import TableError


def _seed_check(path: Path) -> None:
    c = compare(load_home_office(path))
    assert (c.previous_year, c.current_year) == ("2021/22", "2022/23")
    assert (c.national_previous, c.national_current) == (3217, 4373)
    assert fmt_pct(c.national_change_pct) == "+36%"
    assert c.national_source.startswith("explicit")
    [leics] = c.forces
    assert (leics.force, leics.previous, leics.current) == ("Leicestershire", 59, 89)
    assert fmt_pct(leics.change_pct) == "+51%"
    assert leics.faster_than_national and leics.rank == 1


def test_seed_figures_from_home_office_csv(tmp_path: Path) -> None:
    _seed_check(write_csv(tmp_path / "prc.csv", HO_HEADER, ho_rows(SEED)))


def test_seed_figures_from_home_office_ods(tmp_path: Path) -> None:
    _seed_check(write_ods(tmp_path / "prc.ods", HO_HEADER, ho_rows(SEED)))


def test_ods_cell_text_keeps_spaces_and_uses_typed_values(tmp_path: Path) -> None:
    rows = ho_rows({"Kent": {"2022/23": 4000}}, description="Sexual  grooming (test)")
    t = load_home_office(write_ods(tmp_path / "s.ods", HO_HEADER, rows))
    # odfpy writes the double space as text:s; the numeric cells display "1,000"
    assert t.descriptions == ["Sexual  grooming (test)"]
    assert t.counts == {"Kent": {"2022/23": 4000}}


def test_seed_figures_from_foi_table(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "foi.csv",
        ["Force", "Year", "Offences", "Under 12", "Snapchat", "Instagram"],
        [
            ["Leicestershire Police", "2021/22", 59, 14, 20, 9],
            ["Leicestershire Police", "2022/23", 89, 25, 31, ""],
            ["England and Wales", "2021/22", "3,217", "", "", ""],
            ["England and Wales", "2022/23", "4,373", "", "", ""],
        ],
    )
    foi = load_foi(path)
    c = compare(foi.offences)
    assert fmt_pct(c.national_change_pct) == "+36%"
    assert fmt_pct(c.forces[0].change_pct) == "+51%" and c.forces[0].faster_than_national
    s = foi_summary(foi, "2022/23")
    assert s.under_12 == 25 and s.under_12_share_pct == pytest.approx(100 * 25 / 89)
    assert foi.platform_columns == ["Snapchat", "Instagram"]
    assert s.platforms == [{"platform": "Snapchat", "offences": 31, "share_pct": 100.0}]
    s21 = foi_summary(foi, "2021/22")
    assert [p["platform"] for p in s21.platforms] == ["Snapchat", "Instagram"]
    assert s21.platforms[1]["share_pct"] == pytest.approx(100 * 9 / 29)


def _all_forces(prev: int, cur: int) -> dict[str, dict[str, int]]:
    figs = {
        f: {"2021/22": prev + i, "2022/23": cur + 2 * i} for i, f in enumerate(TERRITORIAL_FORCES)
    }
    figs["British Transport Police"] = {"2021/22": 5, "2022/23": 9}
    return figs


def test_national_computed_from_forces_when_no_national_row(tmp_path: Path) -> None:
    figs = _all_forces(40, 50)
    c = compare(load_home_office(write_csv(tmp_path / "p.csv", HO_HEADER, ho_rows(figs))))
    prev = sum(figs[f]["2021/22"] for f in TERRITORIAL_FORCES)
    cur = sum(figs[f]["2022/23"] for f in TERRITORIAL_FORCES)
    assert (c.national_previous, c.national_current) == (prev, cur)
    assert "sum of the 43 forces" in c.national_source
    assert c.warnings == []
    # ranked by change, flagged strictly above the national change
    changes = [f.change_pct for f in c.forces]
    assert changes == sorted(changes, reverse=True)
    nat = 100 * (cur - prev) / prev
    assert all(f.faster_than_national == (f.change_pct > nat) for f in c.forces)  # type: ignore[operator]
    assert len(c.forces) == 44  # BTP is listed
    with_btp = compare(load_home_office(tmp_path / "p.csv"), include_btp=True)
    assert with_btp.national_previous == prev + 5


def test_explicit_national_row_checked_against_forces(tmp_path: Path) -> None:
    figs = _all_forces(40, 50)
    total = {y: sum(figs[f][y] for f in TERRITORIAL_FORCES) for y in ("2021/22", "2022/23")}
    good = dict(figs, **{"England and Wales": total})
    c = compare(load_home_office(write_csv(tmp_path / "g.csv", HO_HEADER, ho_rows(good))))
    assert c.national_check["agrees"] is True and c.warnings == []
    bad = dict(
        figs,
        **{"England and Wales": {"2021/22": total["2021/22"] + 7, "2022/23": total["2022/23"]}},
    )
    c = compare(load_home_office(write_csv(tmp_path / "b.csv", HO_HEADER, ho_rows(bad))))
    assert c.national_check["agrees"] is False
    assert c.national_previous == total["2021/22"] + 7  # the explicit row is used
    assert any("differ from the sum" in w for w in c.warnings)


def test_partial_year_not_compared_by_default(tmp_path: Path) -> None:
    rows = ho_rows(
        {"Kent": {"2020/21": 40, "2021/22": 44}, "Essex": {"2020/21": 30, "2021/22": 36}}
    )
    rows += [["2022/23", 1, "Kent", "Sexual grooming", "S", "O", "88A", 30]]
    t = load_home_office(write_csv(tmp_path / "p.csv", HO_HEADER, rows))
    assert t.complete_years == ["2020/21", "2021/22"] and "2022/23" in t.years
    assert t.notes == ["2022/23 is partial (quarters present: 1; Kent has Q1)"]
    c = compare(t)
    assert (c.previous_year, c.current_year) == ("2020/21", "2021/22")
    # explicit years: allowed, and Essex (no 2022/23 figure) is listed as not compared
    c2 = compare(t, ["2021/22", "2022/23"])
    assert [f.force for f in c2.forces] == ["Kent"]
    assert c2.not_compared == [{"force": "Essex", "reason": "no figure for 2022/23"}]


def test_other_offence_codes_counted_not_used(tmp_path: Path) -> None:
    rows = ho_rows(SEED) + ho_rows({"Kent": {"2021/22": 100}}, code="28E", description="Burglary")
    t = load_home_office(write_csv(tmp_path / "p.csv", HO_HEADER, rows))
    assert t.rows_other_offences == 4 and t.descriptions == ["Sexual grooming"]
    with pytest.raises(TableError, match=r"no rows with offence code .99Z.*88A"):
        load_home_office(tmp_path / "p.csv", offence_code="99Z")
    t28 = load_home_office(tmp_path / "p.csv", offence_code="28e")
    assert t28.counts == {"Kent": {"2021/22": 100}}


def test_force_name_variants() -> None:
    assert len(TERRITORIAL_FORCES) == 43 and len(ALL_FORCES) == 44
    cases = {
        "Devon & Cornwall Police": "Devon and Cornwall",
        "Metropolitan Police Service": "Metropolitan Police",
        "London, City of": "City of London",
        "Hampshire and Isle of Wight Constabulary": "Hampshire",
        "Dyfed Powys Police": "Dyfed-Powys",
        "  greater manchester police ": "Greater Manchester",
        "BTP": "British Transport Police",
        "Durham Constabulary": "Durham",
    }
    for raw, want in cases.items():
        assert canonical_force(raw) == want, raw
    assert canonical_force("Police Scotland") is None
    assert canonical_force("Leics", {"Leics": "Leicestershire"}) == "Leicestershire"


# --------------------------------------------------------------------------------- bad input


def _bad(tmp_path: Path, rows: list[list[object]], header: list[str] | None = None) -> Path:
    return write_csv(tmp_path / "bad.csv", header or HO_HEADER, rows)


def _row(**kw: object) -> list[object]:
    base: dict[str, object] = {
        "Financial Year": "2022/23",
        "Financial Quarter": 1,
        "Force Name": "Kent",
        "Offence Description": "Sexual grooming",
        "Offence Group": "Sexual offences",
        "Offence Subgroup": "Other",
        "Offence Code": "88A",
        "Number of Offences": 5,
    }
    base.update({k.replace("_", " "): v for k, v in kw.items()})
    return [base[h] for h in HO_HEADER]


def test_missing_column_named(tmp_path: Path) -> None:
    header = [h for h in HO_HEADER if h != "Offence Code"]
    p = _bad(tmp_path, [[*_row()[:6], 5]], header)
    with pytest.raises(TableError) as e:
        load_home_office(p)
    msg = str(e.value)
    assert "bad.csv" in msg and "'Offence Code'" in msg and "row 1" in msg


@pytest.mark.parametrize(
    ("bad", "expect"),
    [
        ({"Number_of_Offences": "twelve"}, "'twelve' is not a number"),
        ({"Number_of_Offences": "-3"}, "not a whole count"),
        ({"Number_of_Offences": "2.5"}, "not a whole count"),
        ({"Number_of_Offences": "inf"}, "not a whole count"),
        ({"Number_of_Offences": "1e400"}, "not a whole count"),
        ({"Number_of_Offences": ""}, "is empty"),
        ({"Force_Name": "Gotham City Police"}, "unknown force 'Gotham City Police'"),
        ({"Force_Name": ""}, "force name is empty"),
        ({"Financial_Year": "2022"}, "financial year '2022'"),
        ({"Financial_Year": "2022/24"}, "financial year '2022/24'"),
        ({"Financial_Quarter": "5"}, "quarter '5'"),
    ],
)
def test_bad_cells_name_file_and_row(tmp_path: Path, bad: dict[str, object], expect: str) -> None:
    p = _bad(tmp_path, [_row(), _row(Financial_Quarter=2), _row(**{"Financial_Quarter": 3, **bad})])
    with pytest.raises(TableError) as e:
        load_home_office(p)
    assert e.value.row == 4  # header is row 1
    assert str(e.value).startswith(f"{p}, row 4: ")
    assert expect in str(e.value)


def test_duplicate_rows_rejected_with_both_rows(tmp_path: Path) -> None:
    p = _bad(tmp_path, [_row(), _row(Financial_Quarter=2), _row(Force_Name="Kent Police")])
    with pytest.raises(TableError, match=r"row 4: duplicate row: Kent, 2022/23 Q1.*row 2"):
        load_home_office(p)


def test_wrong_encoding_names_the_line(tmp_path: Path) -> None:
    p = tmp_path / "latin.csv"
    lines = [
        ",".join(HO_HEADER),
        ",".join(map(str, _row())),
        ",".join(map(str, _row(Financial_Quarter=2, Offence_Description="Sexual grooming é"))),
    ]
    p.write_bytes("\n".join(lines).encode("cp1252"))
    with pytest.raises(TableError, match=r"latin.csv, row 3: not valid utf-8.*--encoding"):
        load_home_office(p)
    t = load_home_office(p, encoding="cp1252")  # and with the right encoding it loads
    assert t.counts == {"Kent": {"2022/23": 10}}
    u16 = tmp_path / "u16.csv"
    u16.write_bytes("\n".join(lines).encode("utf-16"))
    with pytest.raises(TableError, match="UTF-16"):
        load_home_office(u16)


def test_unsupported_and_missing_files(tmp_path: Path) -> None:
    x = tmp_path / "t.xlsx"
    x.write_bytes(b"PK")
    with pytest.raises(TableError, match="save the sheet as CSV or ODS"):
        load_home_office(x)
    with pytest.raises(TableError, match="file not found"):
        load_home_office(tmp_path / "nope.csv")
    broken = tmp_path / "broken.ods"
    broken.write_bytes(b"not a zip")
    with pytest.raises(TableError, match=r"broken\.ods: not a readable ODS"):
        load_home_office(broken)


def test_ods_errors_name_sheet_and_row(tmp_path: Path) -> None:
    rows = ho_rows(SEED)
    rows[5][7] = "lots"  # data row 6: title lines 1-2, header row 3, so sheet row 9
    p = write_ods(tmp_path / "bad.ods", HO_HEADER, rows)
    with pytest.raises(TableError) as e:
        load_home_office(p)
    assert e.value.sheet == "Data" and e.value.row == 9
    assert "'lots' is not a number" in str(e.value)


def test_foi_bad_input(tmp_path: Path) -> None:
    h = ["Force", "Year", "Offences", "Under 12"]
    p = write_csv(tmp_path / "f.csv", h, [["Kent", "2023", 10, 11]])
    with pytest.raises(TableError, match="row 2: under-12 count is larger"):
        load_foi(p)
    p = write_csv(tmp_path / "f.csv", h, [["Kent", "2023", 10, 1], ["Kent Police", "2023", 3, 1]])
    with pytest.raises(TableError, match="row 3: duplicate row: Kent, 2023 already given at row 2"):
        load_foi(p)
    p = write_csv(tmp_path / "f.csv", h, [["Kent", "2023", "", 1]])
    with pytest.raises(TableError, match="row 2: column 'Offences' is empty"):
        load_foi(p)
    p = write_csv(tmp_path / "f.csv", h, [["Action Fraud", "2023", 4, 1]])
    with pytest.raises(TableError, match="row 2: Action Fraud is not a police force"):
        load_foi(p)
    p = write_csv(tmp_path / "f.csv", [*h, "TikTok"], [["Kent", "2023", 4, 1, "few"]])
    with pytest.raises(TableError, match="row 2: column 'TikTok': 'few' is not a number"):
        load_foi(p)
