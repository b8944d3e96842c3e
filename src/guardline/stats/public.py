"""Public police recorded crime figures: Home Office open data and NSPCC-style FOI tables.

* Home Office "police recorded crime open data" tables, long format (one row per financial
  year, financial quarter, force and offence): CSV or ODS. Rows of the chosen offence code
  (default ``88A``, "Sexual grooming") are summed over quarters into financial years.
* An NSPCC-style freedom-of-information table: force, year, offences, optionally under-12
  counts and one count column per platform.

Per-force year-on-year change is compared with the England and Wales change: ranked, and each
force flagged when it rises faster than England and Wales. Every row is checked (columns,
numbers, force names, duplicates) and a bad row stops the load with an error that names the
file and row: nothing is skipped silently. Method: docs/stats.md.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from guardline.stats.forces import (
    BTP,
    NATIONAL,
    TERRITORIAL_FORCES,
    canonical_force,
    is_national,
    other_body,
)
from guardline.stats.tables import RawTable, TableError, read_tables

DEFAULT_OFFENCE_CODE = "88A"

HO_COLUMNS: dict[str, tuple[str, ...]] = {
    "year": ("Financial Year",),
    "quarter": ("Financial Quarter",),
    "force": ("Force Name",),
    "description": ("Offence Description",),
    "group": ("Offence Group",),
    "subgroup": ("Offence Subgroup",),
    "code": ("Offence Code",),
    "count": ("Number of Offences",),
}

FOI_COLUMNS: dict[str, tuple[str, ...]] = {
    "force": ("Force", "Police force", "Force Name", "Police Force Area"),
    "year": ("Year", "Financial Year"),
    "offences": ("Offences", "Number of Offences", "Recorded offences"),
}
FOI_OPTIONAL: dict[str, tuple[str, ...]] = {
    "under_12": ("Under 12", "Under_12", "Aged under 12", "Victims under 12", "Under 12s"),
    "age_known": ("Age known", "Age recorded", "Victim age known"),
}
FOI_NOT_GIVEN = {"", "-", "n/a", "na", "not recorded", "not known", ".."}

PublicError = TableError


# ---------------------------------------------------------------------------------------------
# parsing helpers
# ---------------------------------------------------------------------------------------------


def parse_count(raw: str, file: Path, row: int, column: str, sheet: str | None) -> int:
    """A non-negative whole number ("3,217", "59", "59.0"); anything else is an error."""
    s = raw.strip().replace(",", "").replace("\u00a0", "").replace(" ", "")
    if not s:
        raise TableError(file, row, f"column {column!r} is empty", sheet)
    try:
        v = float(s)
    except ValueError:
        raise TableError(file, row, f"column {column!r}: {raw!r} is not a number", sheet) from None
    if not math.isfinite(v) or v < 0 or v != int(v):
        raise TableError(file, row, f"column {column!r}: {raw!r} is not a whole count >= 0", sheet)
    return int(v)


_FY = re.compile(r"^(?:fy\s*)?(\d{4})\s*(?:/|-|to|–)\s*(\d{2}|\d{4})$", re.IGNORECASE)


def parse_financial_year(raw: str, file: Path, row: int, sheet: str | None) -> str:
    """``2022/23``, ``2022-23``, ``2022/2023``, ``2022 to 2023`` -> ``2022/23``."""
    m = _FY.match(raw.strip())
    if m:
        start, end = int(m.group(1)), m.group(2)
        end_full = int(end) if len(end) == 4 else (start // 100) * 100 + int(end)
        if end_full == start + 1:
            return f"{start}/{(start + 1) % 100:02d}"
    raise TableError(file, row, f"financial year {raw!r} is not like 2022/23", sheet)


def parse_year(raw: str, file: Path, row: int, sheet: str | None) -> str:
    """An FOI year: a financial year (normalised to ``2022/23``) or a calendar year ``2023``."""
    s = raw.strip()
    if re.fullmatch(r"\d{4}(\.0)?", s):
        return s[:4]
    return parse_financial_year(s, file, row, sheet)


def parse_quarter(raw: str, file: Path, row: int, sheet: str | None) -> int:
    s = raw.strip().upper().removeprefix("Q")
    if s.endswith(".0"):
        s = s[:-2]
    if s in ("1", "2", "3", "4"):
        return int(s)
    raise TableError(file, row, f"financial quarter {raw!r} is not 1-4", sheet)


def _force(
    raw: str, extra: Mapping[str, str] | None, file: Path, row: int, sheet: str | None
) -> str:
    """Canonical force, ``NATIONAL``, or a known non-force body; unknown names are errors."""
    if not raw.strip():
        raise TableError(file, row, "force name is empty", sheet)
    if is_national(raw):
        return NATIONAL
    f = canonical_force(raw, extra)
    if f is not None:
        return f
    body = other_body(raw)
    if body is not None:
        return body
    raise TableError(
        file,
        row,
        f"unknown force {raw!r}: not one of the 43 territorial forces of England and Wales or "
        "British Transport Police (add a variant with --force-alias 'NAME=Canonical')",
        sheet,
    )


def fmt_pct(x: float | None, signed: bool = True) -> str:
    """Whole-number percentage, halves rounded away from zero: +50.85 -> '+51%'."""
    if x is None:
        return "n/a"
    d = Decimal(repr(x)).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    if d == 0:
        d = Decimal(0)
    return f"{d:+}%" if signed else f"{d}%"


# ---------------------------------------------------------------------------------------------
# Home Office long format
# ---------------------------------------------------------------------------------------------


@dataclass
class YearlyTable:
    """Offence counts by force and year, as loaded (before any comparison)."""

    source: str
    files: list[str]
    offence_code: str | None
    descriptions: list[str]
    counts: dict[str, dict[str, int]]  # force -> year -> count (forces only, canonical)
    national_rows: dict[str, int]  # explicit England and Wales rows, year -> count
    other_bodies: dict[str, dict[str, int]] = field(default_factory=dict)
    quarters: dict[str, dict[str, set[int]]] = field(default_factory=dict)  # force->year->qs
    rows_read: int = 0
    rows_other_offences: int = 0
    years: list[str] = field(default_factory=list)
    complete_years: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def load_home_office(
    path: Path | str,
    offence_code: str = DEFAULT_OFFENCE_CODE,
    encoding: str = "utf-8",
    force_aliases: Mapping[str, str] | None = None,
) -> YearlyTable:
    """Load a Home Office open data table (CSV or ODS) and sum the chosen offence by force and
    financial year. Every row is validated; rows of other offence codes are counted, not read."""
    path = Path(path)
    tables = read_tables(path, list(HO_COLUMNS.values()), encoding)
    code_wanted = offence_code.strip().upper()
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    national: dict[str, int] = defaultdict(int)
    others: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    quarters: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    seen: dict[tuple[str, str, int], tuple[int, str | None]] = {}
    descriptions: set[str] = set()
    codes_present: set[str] = set()
    rows_read = other = 0
    for t in tables:
        col = {k: _col(t, names) for k, names in HO_COLUMNS.items()}
        for n, cells in t.rows:
            rows_read += 1
            code = cells[col["code"]].strip().upper()
            if code.endswith(".0"):
                code = code[:-2]
            if not code:
                raise TableError(path, n, "column 'Offence Code' is empty", t.sheet)
            year = parse_financial_year(cells[col["year"]], path, n, t.sheet)
            q = parse_quarter(cells[col["quarter"]], path, n, t.sheet)
            who = _force(cells[col["force"]], force_aliases, path, n, t.sheet)
            value = parse_count(cells[col["count"]], path, n, "Number of Offences", t.sheet)
            codes_present.add(code)
            if code != code_wanted:
                other += 1
                continue
            key = (who, year, q)
            if key in seen:
                prev_row, prev_sheet = seen[key]
                where = f"row {prev_row}" + (f" of sheet {prev_sheet!r}" if prev_sheet else "")
                raise TableError(
                    path,
                    n,
                    f"duplicate row: {who}, {year} Q{q}, offence {code} already given at {where}",
                    t.sheet,
                )
            seen[key] = (n, t.sheet)
            descriptions.add(cells[col["description"]].strip())
            if who == NATIONAL:
                national[year] += value
            elif who in TERRITORIAL_FORCES or who == BTP:
                counts[who][year] += value
            else:
                others[who][year] += value
            quarters[who][year].add(q)
    if not seen:
        present = ", ".join(sorted(codes_present)[:30]) or "none"
        raise TableError(
            path,
            None,
            f"no rows with offence code {code_wanted!r} (codes present: {present}); "
            "choose one with --offence-code",
        )
    years = sorted({y for (_, y, _) in seen})
    complete = [
        y
        for y in years
        if all(quarters[w][y] == {1, 2, 3, 4} for w in quarters if y in quarters[w])
    ]
    notes = []
    for y in years:
        if y not in complete:
            have = sorted({q for w in quarters for q in quarters[w].get(y, set())})
            short = [
                f"{w} has Q{','.join(map(str, sorted(quarters[w][y])))}"
                for w in sorted(quarters)
                if y in quarters[w] and quarters[w][y] != {1, 2, 3, 4}
            ]
            more = f" ... {len(short) - 5} more" if len(short) > 5 else ""
            notes.append(
                f"{y} is partial (quarters present: {', '.join(map(str, have))}; "
                f"{'; '.join(short[:5])}{more})"
            )
    return YearlyTable(
        source="Home Office police recorded crime open data",
        files=[str(path)],
        offence_code=code_wanted,
        descriptions=sorted(descriptions),
        counts={f: dict(v) for f, v in counts.items()},
        national_rows=dict(national),
        other_bodies={b: dict(v) for b, v in others.items()},
        quarters={w: dict(v) for w, v in quarters.items()},
        rows_read=rows_read,
        rows_other_offences=other,
        years=years,
        complete_years=complete,
        notes=notes,
    )


def _col(t: RawTable, names: Sequence[str]) -> int:
    i = t.index(names)
    if i is None:  # read_tables guarantees presence; keep the error explicit anyway
        raise TableError(t.file, t.header_row, f"missing column {names[0]!r}", t.sheet)
    return i


# ---------------------------------------------------------------------------------------------
# NSPCC-style FOI table
# ---------------------------------------------------------------------------------------------


@dataclass
class FoiTable:
    """An FOI table: offences by force and year, optional under-12 and platform counts."""

    file: str
    offences: YearlyTable
    under_12: dict[str, dict[str, int]]  # force -> year -> count (only where given)
    age_known: dict[str, dict[str, int]]
    platforms: dict[str, dict[str, dict[str, int]]]  # platform -> force -> year -> count
    platform_columns: list[str]


def load_foi(
    path: Path | str,
    encoding: str = "utf-8",
    force_aliases: Mapping[str, str] | None = None,
) -> FoiTable:
    """Load an NSPCC-style FOI table. Columns other than force, year, offences, under 12 and
    age known are platform count columns (a ``platform:`` prefix is dropped). Blank or "n/a"
    optional cells mean "not given"; a blank offences cell is an error."""
    path = Path(path)
    tables = read_tables(path, list(FOI_COLUMNS.values()), encoding)
    if len(tables) > 1:
        raise TableError(path, None, "more than one sheet has an FOI header; keep one")
    t = tables[0]
    col = {k: _col(t, names) for k, names in FOI_COLUMNS.items()}
    opt = {k: t.index(names) for k, names in FOI_OPTIONAL.items()}
    used = set(col.values()) | {i for i in opt.values() if i is not None}
    platform_cols: dict[int, str] = {}
    for i, h in enumerate(t.header):
        if i in used:
            continue
        if not h.strip():
            raise TableError(path, t.header_row, f"column {i + 1} has no header", t.sheet)
        name = re.sub(r"^platform\s*:\s*", "", h.strip(), flags=re.IGNORECASE)
        platform_cols[i] = name
    offences: dict[str, dict[str, int]] = defaultdict(dict)
    national: dict[str, int] = {}
    under: dict[str, dict[str, int]] = defaultdict(dict)
    known: dict[str, dict[str, int]] = defaultdict(dict)
    plats: dict[str, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    seen: dict[tuple[str, str], int] = {}
    for n, cells in t.rows:
        who = _force(cells[col["force"]], force_aliases, path, n, t.sheet)
        year = parse_year(cells[col["year"]], path, n, t.sheet)
        value = parse_count(cells[col["offences"]], path, n, t.header[col["offences"]], t.sheet)
        if (who, year) in seen:
            raise TableError(
                path,
                n,
                f"duplicate row: {who}, {year} already given at row {seen[(who, year)]}",
                t.sheet,
            )
        seen[(who, year)] = n
        if who == NATIONAL:
            national[year] = value
        elif who in TERRITORIAL_FORCES or who == BTP:
            offences[who][year] = value
        else:
            raise TableError(path, n, f"{who} is not a police force", t.sheet)
        for key, target in (("under_12", under), ("age_known", known)):
            oi = opt[key]
            if oi is not None and cells[oi].strip().lower() not in FOI_NOT_GIVEN:
                target[who][year] = parse_count(cells[oi], path, n, t.header[oi], t.sheet)
        if who in under and year in under[who] and under[who][year] > value:
            raise TableError(path, n, "under-12 count is larger than the offences count", t.sheet)
        for i, name in platform_cols.items():
            if cells[i].strip().lower() not in FOI_NOT_GIVEN:
                plats[name][who][year] = parse_count(cells[i], path, n, t.header[i], t.sheet)
    if not seen:
        raise TableError(path, None, "the table has a header but no rows")
    years = sorted({y for (_, y) in seen})
    yearly = YearlyTable(
        source="freedom of information returns",
        files=[str(path)],
        offence_code=None,
        descriptions=[],
        counts={f: dict(v) for f, v in offences.items()},
        national_rows=national,
        rows_read=len(seen),
        years=years,
        complete_years=list(years),
    )
    return FoiTable(
        file=str(path),
        offences=yearly,
        under_12={f: dict(v) for f, v in under.items()},
        age_known={f: dict(v) for f, v in known.items()},
        platforms={p: {f: dict(v) for f, v in d.items()} for p, d in plats.items()},
        platform_columns=list(platform_cols.values()),
    )


# ---------------------------------------------------------------------------------------------
# comparison: each force's change against England and Wales
# ---------------------------------------------------------------------------------------------


@dataclass
class ForceChange:
    force: str
    previous: int
    current: int
    change_pct: float | None
    faster_than_national: bool
    rank: int | None = None


@dataclass
class Comparison:
    """Per-force year-on-year change against the England and Wales change."""

    source: str
    previous_year: str
    current_year: str
    national_previous: int
    national_current: int
    national_change_pct: float | None
    national_source: str
    national_check: dict[str, object]
    forces: list[ForceChange]
    not_compared: list[dict[str, object]]
    warnings: list[str]


def pct_change(prev: int, cur: int) -> float | None:
    return None if prev == 0 else 100.0 * (cur - prev) / prev


def choose_years(table: YearlyTable, years: Sequence[str] | None = None) -> tuple[str, str]:
    """The two years to compare: given, or the latest two complete years in the table."""
    if years:
        if len(years) != 2:
            raise ValueError("give exactly two years to compare, e.g. 2022/23,2023/24")
        for y in years:
            if y not in table.years:
                raise ValueError(
                    f"year {y} is not in {table.files[0]} (years: {', '.join(table.years)})"
                )
        return years[0], years[1]
    complete = table.complete_years
    if len(complete) < 2:
        raise ValueError(
            f"{table.files[0]}: need two complete years to compare, found "
            f"{', '.join(complete) or 'none'} (all years: {', '.join(table.years)})"
        )
    return complete[-2], complete[-1]


def compare(
    table: YearlyTable,
    years: Sequence[str] | None = None,
    include_btp: bool = False,
) -> Comparison:
    """Year-on-year change of every force present in both years, against England and Wales.

    England and Wales is the explicit national row when the table has one for both years;
    otherwise the sum of the territorial forces present in both years (plus BTP when
    ``include_btp``). When both exist and all 43 forces are present, the two are checked.
    A force "rises faster" when its change is strictly greater than the national change; a
    force with no offences in the earlier year has no percentage change and is not ranked.
    """
    prev, cur = choose_years(table, years)
    warnings: list[str] = []
    members = [f for f in table.counts if f in TERRITORIAL_FORCES or (include_btp and f == BTP)]
    both = [f for f in members if prev in table.counts[f] and cur in table.counts[f]]
    missing = sorted(set(TERRITORIAL_FORCES) - set(both))
    summed_prev = sum(table.counts[f][prev] for f in both)
    summed_cur = sum(table.counts[f][cur] for f in both)
    check: dict[str, object] = {
        "forces_in_both_years": len(both),
        "territorial_forces_missing": missing,
    }
    if prev in table.national_rows and cur in table.national_rows:
        nat_prev, nat_cur = table.national_rows[prev], table.national_rows[cur]
        source = "explicit England and Wales rows in the table"
        check["explicit"] = {prev: nat_prev, cur: nat_cur}
        if not missing:
            with_btp = {
                y: sum(table.counts[f][y] for f in both) + table.counts.get(BTP, {}).get(y, 0)
                for y in (prev, cur)
            }
            sums = {
                y: sum(table.counts[f][y] for f in both if f in TERRITORIAL_FORCES)
                for y in (prev, cur)
            }
            check["sum_of_43_forces"] = sums
            check["sum_including_btp"] = with_btp
            agrees = all(table.national_rows[y] in (sums[y], with_btp[y]) for y in (prev, cur))
            check["agrees"] = agrees
            if not agrees:
                warnings.append(
                    f"England and Wales rows ({nat_prev:,} -> {nat_cur:,}) differ from the sum "
                    f"of the 43 forces ({sums[prev]:,} -> {sums[cur]:,}); the explicit rows "
                    "are used"
                )
        else:
            check["agrees"] = None
            check["note"] = (
                f"{len(missing)} territorial forces absent, so the explicit national rows "
                "cannot be checked against a sum of forces"
            )
    else:
        if not both:
            raise ValueError(f"no force has figures for both {prev} and {cur}")
        nat_prev, nat_cur = summed_prev, summed_cur
        source = f"sum of the {len(both)} forces with figures for both years"
        if missing:
            warnings.append(
                f"England and Wales computed from {len(both)} of 43 territorial forces "
                f"(missing: {', '.join(missing[:8])}{' ...' if len(missing) > 8 else ''})"
            )
        check["agrees"] = None
    nat_change = pct_change(nat_prev, nat_cur)
    changes: list[ForceChange] = []
    not_compared: list[dict[str, object]] = []
    for f in sorted(table.counts):
        ys = table.counts[f]
        if prev not in ys or cur not in ys:
            not_compared.append(
                {"force": f, "reason": f"no figure for {prev if prev not in ys else cur}"}
            )
            continue
        ch = pct_change(ys[prev], ys[cur])
        faster = ch is not None and nat_change is not None and ch > nat_change
        changes.append(ForceChange(f, ys[prev], ys[cur], ch, faster))
    ranked = sorted(
        changes,
        key=lambda c: (c.change_pct is None, -(c.change_pct or 0.0), c.force),
    )
    r = 0
    for c in ranked:
        if c.change_pct is not None:
            r += 1
            c.rank = r
        else:
            not_compared.append({"force": c.force, "reason": f"no offences in {prev}"})
    return Comparison(
        source=table.source,
        previous_year=prev,
        current_year=cur,
        national_previous=nat_prev,
        national_current=nat_cur,
        national_change_pct=nat_change,
        national_source=source,
        national_check=check,
        forces=ranked,
        not_compared=not_compared,
        warnings=warnings,
    )


@dataclass
class FoiSummary:
    """Under-12 share and platform shares from an FOI table, for one year."""

    year: str
    under_12: int | None
    under_12_base: int | None
    under_12_share_pct: float | None
    under_12_forces: int
    platforms: list[dict[str, object]]
    platform_total: int


def foi_summary(foi: FoiTable, year: str) -> FoiSummary:
    """Share of offences with a victim under 12 (over forces that gave an under-12 count;
    base = their "age known" count when given, else their offences) and platform shares (of
    all platform-recorded offences that year)."""
    u = b = 0
    n = 0
    for force, ys in foi.under_12.items():
        if year in ys:
            n += 1
            u += ys[year]
            base = foi.age_known.get(force, {}).get(year)
            b += base if base is not None else foi.offences.counts[force][year]
    plat_counts = {
        p: sum(d[f][year] for f in d if year in d[f])
        for p, d in foi.platforms.items()
        if any(year in ys for ys in d.values())  # a platform nobody reported that year is absent
    }
    total = sum(plat_counts.values())
    plats: list[dict[str, object]] = [
        {"platform": p, "offences": c, "share_pct": (100.0 * c / total) if total else None}
        for p, c in sorted(plat_counts.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    return FoiSummary(
        year=year,
        under_12=u if n else None,
        under_12_base=b if n else None,
        under_12_share_pct=(100.0 * u / b) if n and b else None,
        under_12_forces=n,
        platforms=plats,
        platform_total=total,
    )
