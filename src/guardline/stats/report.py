"""Reports: build one plain dict (plus chart PNG bytes) and write it as JSON, CSV, Markdown and
a self-contained HTML page (charts embedded as base64 PNG).

``case_report`` and ``public_report`` return a :class:`StatsBundle`; the console can render
``bundle.report`` and serve ``bundle.charts[name]`` directly; ``write_bundle`` writes the
files. Everything is computed before the first file is written, and each file is written to a
temporary name and renamed, so a failure never leaves a half-written report.
"""

from __future__ import annotations

import base64
import csv
import html
import io
import json
import os
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from guardline.stats import charts
from guardline.stats.cases import AGE_BAND_LABELS, CaseRecord, CaseStats, compute_case_stats
from guardline.stats.public import (
    DEFAULT_OFFENCE_CODE,
    NATIONAL,
    Comparison,
    FoiTable,
    YearlyTable,
    compare,
    fmt_pct,
    foi_summary,
    load_foi,
    load_home_office,
)
from guardline.stats.suppression import SECONDARY_MARK, primary_mark, suppress_value

REPORT_VERSION = 1


@dataclass
class StatsBundle:
    """A report as data (``report``, JSON-ready) and its charts (file name -> PNG bytes)."""

    report: dict[str, Any]
    charts: dict[str, bytes] = field(default_factory=dict)


def _table(
    name: str,
    title: str,
    columns: Sequence[str],
    rows: Iterable[dict[str, Any]],
    note: str | None = None,
) -> dict[str, Any]:
    t: dict[str, Any] = {
        "name": name,
        "title": title,
        "columns": list(columns),
        "rows": [dict(r) for r in rows],
    }
    if note:
        t["note"] = note
    return t


def _pct1(x: float | None) -> float | None:
    return None if x is None else round(x, 1)


def _now(generated_at: datetime | None) -> str:
    return (generated_at or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="seconds")


# ---------------------------------------------------------------------------------------------
# case report
# ---------------------------------------------------------------------------------------------


def case_report(
    records: Iterable[CaseRecord],
    period: str = "month",
    fiscal: bool = False,
    threshold: int = 5,
    tenant: str | None = None,
    as_of: datetime | None = None,
    since: datetime | None = None,
    generated_at: datetime | None = None,
    source: str = "guardline case records",
) -> StatsBundle:
    """Statistics of confirmed cases, suppressed, with charts."""
    s = compute_case_stats(records, period, fiscal, threshold, tenant, as_of, since)
    bundle = StatsBundle(_case_dict(s, source, generated_at), _case_charts(s))
    _attach_charts(bundle)
    return bundle


def _case_dict(s: CaseStats, source: str, generated_at: datetime | None) -> dict[str, Any]:
    mark = primary_mark(s.threshold) if s.threshold else None
    summary: list[dict[str, Any]] = [
        {"label": "Confirmed cases", "value": s.confirmed.public()},
        {
            "label": "Period covered",
            # from the start of recording (a month start), not the first case's own date
            "value": f"{s.since:%Y-%m-%d} to {s.as_of:%Y-%m-%d}"
            if s.first and s.since and s.as_of
            else "no cases",
        },
        {
            "label": "Share of victims under 12 (age known)",
            "value": fmt_pct(s.share_under_12_pct, signed=False)
            if s.share_under_12_pct is not None
            else SECONDARY_MARK
            if s.confirmed.value
            else "n/a",
        },
    ]
    if s.by_platform.cells:
        top = next(iter(s.by_platform.cells))
        share = s.by_platform.shares.get(top)
        if share is not None and top != "unknown":
            summary.append({"label": "Largest platform", "value": f"{top} ({share:.0f}%)"})
    whole = [y for y in s.yoy if not y.partial]
    if whole:
        last = whole[-1]
        summary.append(
            {
                "label": f"Change {last.previous} to {last.year}",
                "value": fmt_pct(last.change_pct)
                if last.change_pct is not None
                else (
                    SECONDARY_MARK if (last.cases.hidden or last.previous_cases.hidden) else "n/a"
                ),
            }
        )
    tables = []
    for b in s.breakdowns():
        cols = [b.key_title, "cases"] + (["share_pct"] if b.shares else [])
        rows = b.rows()
        if b.name == "by_age_band":
            for r in rows:
                r["victim_age_band"] = AGE_BAND_LABELS.get(
                    r["victim_age_band"], r["victim_age_band"]
                )
        tables.append(_table(b.name, b.title, cols, rows))
    ylabel = "financial_year" if s.fiscal else "year"
    tables.append(
        _table(
            "year_on_year",
            "Year-on-year change in confirmed cases",
            [ylabel, "cases", "previous", "previous_cases", "change_pct", "partial_year"],
            [
                {
                    ylabel: y.year,
                    "cases": y.cases.public(),
                    "previous": y.previous,
                    "previous_cases": y.previous_cases.public(),
                    "change_pct": _pct1(y.change_pct),
                    "partial_year": y.partial,
                }
                for y in s.yoy
            ],
            note="No change is given to or from a partial year; a change is withheld (empty) where "
            "either year's count is suppressed or the earlier year has no cases.",
        )
    )
    return {
        "kind": "cases",
        "version": REPORT_VERSION,
        "title": "guardline: confirmed cases",
        "generated_at": _now(generated_at),
        "source": source,
        "parameters": {
            "period": s.period,
            "financial_year": s.fiscal,
            "suppression_threshold": s.threshold,
            "tenant": s.tenant,
            "as_of": s.as_of.isoformat(timespec="seconds") if s.as_of else None,
            "since": s.since.isoformat(timespec="seconds") if s.since else None,
        },
        "summary": summary,
        "figures": {
            "confirmed_cases": s.confirmed.public(),
            # each count suppressed on its own; no total of all records is published, so a
            # hidden one cannot be derived from the others
            "records_not_counted_by_status": {
                k: suppress_value(v, s.threshold).public() for k, v in s.not_counted.items()
            },
            "age_known": s.age_known.public(),
            "share_under_12_pct": _pct1(s.share_under_12_pct),
            "platform_shares_pct": {k: _pct1(v) for k, v in s.by_platform.shares.items()},
            "partial_years": s.partial_years,
            "year_on_year": [
                {
                    "year": y.year,
                    "previous": y.previous,
                    "change_pct": _pct1(y.change_pct),
                    "partial": y.partial,
                }
                for y in s.yoy
            ],
        },
        "tables": tables,
        "charts": [],  # filled by _attach_charts
        "method": [
            "A case counts once, when confirmed (status 'confirmed'), dated by confirmed_at in "
            "UTC; open, escalated and dismissed cases are not counted (their numbers are under "
            "records_not_counted_by_status).",
            "Financial years run April to March (2024/25 = 1 April 2024 to 31 March 2025)."
            if s.fiscal
            else "Years are calendar years (UTC).",
            (
                f"Counts from 1 to {s.threshold - 1} are shown as '{mark}'. Where a breakdown "
                f"would let one hidden count be recovered from its total, the next smallest count "
                f"is hidden too ('{SECONDARY_MARK}'). Percentages and changes are computed from "
                f"exact counts and withheld ('{SECONDARY_MARK}' / null) where they would reveal a "
                "hidden count."
            )
            if s.threshold
            else "Suppression is disabled (threshold 0).",
            "Share under 12 is of confirmed cases whose victim age band is known; platform "
            "shares are of all confirmed cases (unknown platform included as a category).",
            "Year-on-year change = (this year - previous year) / previous year. A year that "
            "began before recording started (since) or had not ended at the as-of date is "
            "partial: shown, flagged, and left out of year-on-year changes.",
        ],
        "warnings": [
            f"{y} is a partial year (recording from {s.since:%Y-%m-%d} to {s.as_of:%Y-%m-%d})"
            for y in s.partial_years
        ]
        if s.as_of and s.since
        else [],
    }


def _case_charts(s: CaseStats) -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    if not s.confirmed.value:
        return out
    b = s.by_period
    out[f"cases_by_{s.period}.png"] = charts.count_bars(
        list(b.cells), list(b.cells.values()), b.title, b.key_title.replace("_", " ").capitalize()
    )
    b = s.by_age_band
    out["cases_by_age_band.png"] = charts.count_bars(
        [AGE_BAND_LABELS[k] for k in b.cells],
        list(b.cells.values()),
        b.title,
        "Victim age band",
        horizontal=True,
        color=charts.VERMILLION,
    )
    b = s.by_platform
    out["cases_by_platform.png"] = charts.count_bars(
        list(b.cells), list(b.cells.values()), b.title, "Platform", horizontal=True
    )
    b = s.by_region
    out["cases_by_region.png"] = charts.count_bars(
        list(b.cells),
        list(b.cells.values()),
        b.title,
        "Region",
        horizontal=True,
        color=charts.GREEN,
    )
    return out


# ---------------------------------------------------------------------------------------------
# public report
# ---------------------------------------------------------------------------------------------


def public_report(
    home_office: Path | str | YearlyTable | None,
    foi: Path | str | FoiTable | None = None,
    offence_code: str = DEFAULT_OFFENCE_CODE,
    years: Sequence[str] | None = None,
    include_btp: bool = False,
    encoding: str = "utf-8",
    force_aliases: dict[str, str] | None = None,
    generated_at: datetime | None = None,
) -> StatsBundle:
    """Per-force change against England and Wales from a Home Office table and/or an FOI table."""
    if home_office is None and foi is None:
        raise ValueError("give a Home Office table, an FOI table, or both")
    ho = (
        load_home_office(home_office, offence_code, encoding, force_aliases)
        if isinstance(home_office, (str, Path))
        else home_office
    )
    ft = load_foi(foi, encoding, force_aliases) if isinstance(foi, (str, Path)) else foi
    report: dict[str, Any] = {
        "kind": "public",
        "version": REPORT_VERSION,
        "title": "Recorded offences by police force: change against England and Wales",
        "generated_at": _now(generated_at),
        "parameters": {
            "offence_code": offence_code.upper(),
            "years": list(years or []),
            "national_includes_btp": include_btp,
        },
        "summary": [],
        "figures": {},
        "tables": [],
        "charts": [],
        "method": [
            "Home Office rows are financial quarters; they are summed to financial years "
            "(April to March). A year is complete when every force present has all four "
            "quarters; by default the latest two complete years are compared.",
            "Change = (this year - previous year) / previous year, from exact counts, shown "
            "rounded to whole percent (halves away from zero).",
            "England and Wales: the explicit England and Wales rows when the table has them "
            "for both years (checked against the sum of the 43 territorial forces when all are "
            "present); otherwise the sum of the territorial forces with figures for both years"
            + (
                " plus British Transport Police."
                if include_btp
                else " (British Transport Police is listed but not added)."
            ),
            "A force is 'rising faster than England and Wales' when its change is strictly "
            "greater than the national change. Forces with no offences in the earlier year "
            "have no percentage change and are listed as not compared.",
            "Published figures are shown as published: no further suppression is applied. "
            "Percentages on small bases move a lot from year to year.",
        ],
        "warnings": [],
    }
    out_charts: dict[str, bytes] = {}
    if ho is not None:
        comp = compare(ho, years, include_btp)
        _add_comparison(
            report,
            out_charts,
            ho,
            comp,
            "home_office",
            f"Home Office open data, offence code {ho.offence_code}",
        )
    if ft is not None:
        comp = compare(ft.offences, years if ho is None else None, include_btp)
        _add_comparison(
            report, out_charts, ft.offences, comp, "foi", "Freedom of information returns"
        )
        _add_foi(report, out_charts, ft, comp.current_year)
    bundle = StatsBundle(report, out_charts)
    _attach_charts(bundle)
    return bundle


def _national_by_year(t: YearlyTable, include_btp: bool = False) -> dict[str, tuple[int, str]]:
    out: dict[str, tuple[int, str]] = {}
    for y in t.years:
        if y in t.national_rows:
            out[y] = (t.national_rows[y], "explicit")
        else:
            total = sum(
                v[y]
                for f, v in t.counts.items()
                if y in v and (f != "British Transport Police" or include_btp)
            )
            out[y] = (total, "sum of forces")
    return out


def _add_comparison(
    report: dict[str, Any],
    out_charts: dict[str, bytes],
    t: YearlyTable,
    c: Comparison,
    prefix: str,
    label: str,
) -> None:
    nat = fmt_pct(c.national_change_pct)
    missing = c.national_check.get("territorial_forces_missing") or []
    nat_label = NATIONAL
    if not c.national_source.startswith("explicit") and missing:
        nat_label = f"{NATIONAL} (sum of {c.national_check['forces_in_both_years']} forces)"
    report["summary"].append(
        {
            "label": f"{label}: {nat_label} {c.previous_year} to {c.current_year}",
            "value": f"{c.national_previous:,} to {c.national_current:,} ({nat})",
        }
    )
    faster = [f for f in c.forces if f.faster_than_national]
    report["summary"].append(
        {
            "label": f"{label}: forces rising faster than {NATIONAL}",
            "value": f"{len(faster)} of {len([f for f in c.forces if f.rank])}",
        }
    )
    report["figures"][prefix] = {
        "source": t.source,
        "files": t.files,
        "offence_code": t.offence_code,
        "offence_descriptions": t.descriptions,
        "years_in_table": t.years,
        "complete_years": t.complete_years,
        "previous_year": c.previous_year,
        "current_year": c.current_year,
        "national": {
            "previous": c.national_previous,
            "current": c.national_current,
            "change_pct": _pct1(c.national_change_pct),
            "change": nat,
            "source": c.national_source,
            "check": c.national_check,
        },
        "forces": [
            {
                "rank": f.rank,
                "force": f.force,
                "previous": f.previous,
                "current": f.current,
                "change_pct": _pct1(f.change_pct),
                "change": fmt_pct(f.change_pct),
                "rising_faster_than_england_and_wales": f.faster_than_national,
            }
            for f in c.forces
        ],
        "not_compared": c.not_compared,
        "rows_read": t.rows_read,
        "rows_other_offences": t.rows_other_offences,
        "other_bodies": t.other_bodies,
        "notes": t.notes,
    }
    report["warnings"].extend(f"{label}: {w}" for w in c.warnings + t.notes)
    cols = [
        "rank",
        "force",
        c.previous_year,
        c.current_year,
        "change_pct",
        "change",
        "rising_faster_than_england_and_wales",
    ]
    rows = [
        {
            "rank": f.rank,
            "force": f.force,
            c.previous_year: f.previous,
            c.current_year: f.current,
            "change_pct": _pct1(f.change_pct),
            "change": fmt_pct(f.change_pct),
            "rising_faster_than_england_and_wales": "yes" if f.faster_than_national else "no",
        }
        for f in c.forces
    ]
    rows.append(
        {
            "rank": None,
            "force": NATIONAL,
            c.previous_year: c.national_previous,
            c.current_year: c.national_current,
            "change_pct": _pct1(c.national_change_pct),
            "change": nat,
            "rising_faster_than_england_and_wales": "",
        }
    )
    report["tables"].append(
        _table(
            f"{prefix}_force_change",
            f"{label}: change {c.previous_year} to {c.current_year} by force, ranked",
            cols,
            rows,
        )
    )
    nat_years = _national_by_year(t, bool(report["parameters"]["national_includes_btp"]))
    report["tables"].append(
        _table(
            f"{prefix}_by_year",
            f"{label}: England and Wales offences by year",
            ["year", "england_and_wales_offences", "england_and_wales_source"],
            [
                {"year": y, "england_and_wales_offences": v, "england_and_wales_source": src}
                for y, (v, src) in nat_years.items()
            ],
        )
    )
    ranked = [f for f in c.forces if f.change_pct is not None]
    if ranked:
        out_charts[f"{prefix}_force_change.png"] = charts.force_change_chart(
            [f.force for f in ranked],
            [f.change_pct or 0.0 for f in ranked],
            [f.faster_than_national for f in ranked],
            c.national_change_pct,
            f"Change in recorded offences, {c.previous_year} to {c.current_year}\n({label})",
            national_label=nat_label,
            national_text=nat,
        )
    if len(nat_years) >= 2:
        how = {src for _, src in nat_years.values()}
        basis = (
            "explicit national rows"
            if how == {"explicit"}
            else (
                "sum of the forces in the table"
                if how == {"sum of forces"}
                else "explicit rows where given, else sum of forces"
            )
        )
        out_charts[f"{prefix}_england_and_wales_by_year.png"] = charts.trend_chart(
            list(nat_years),
            [v for v, _ in nat_years.values()],
            f"{NATIONAL}: recorded offences by year\n({label}; {basis})",
            "Recorded offences",
        )


def _add_foi(report: dict[str, Any], out_charts: dict[str, bytes], ft: FoiTable, year: str) -> None:
    s = foi_summary(ft, year)
    figures = report["figures"]["foi"]
    figures["under_12"] = {
        "year": year,
        "count": s.under_12,
        "base": s.under_12_base,
        "share_pct": _pct1(s.under_12_share_pct),
        "forces": s.under_12_forces,
    }
    figures["platforms"] = {
        "year": year,
        "total_with_platform": s.platform_total,
        "platforms": [
            {**p, "share_pct": _pct1(p["share_pct"])}  # type: ignore[arg-type]
            for p in s.platforms
        ],
    }
    if s.under_12_share_pct is not None:
        report["summary"].append(
            {
                "label": f"FOI {year}: share of victims under 12 ({s.under_12_forces} forces)",
                "value": fmt_pct(s.under_12_share_pct, signed=False),
            }
        )
    if s.platforms:
        report["tables"].append(
            _table(
                "foi_platforms",
                f"Freedom of information returns: platforms recorded, {year}",
                ["platform", "offences", "share_pct"],
                [{**p, "share_pct": _pct1(p["share_pct"])} for p in s.platforms],  # type: ignore[arg-type]
                note="Share of offences where a platform was recorded.",
            )
        )
        shown = [p for p in s.platforms if p["share_pct"] is not None]
        if shown:
            out_charts["foi_platforms.png"] = charts.share_bars(
                [str(p["platform"]) for p in shown],
                [float(p["share_pct"]) for p in shown],  # type: ignore[arg-type]
                f"Platforms recorded in offences, {year}\n(share of offences with a platform)",
                "Platform",
            )


# ---------------------------------------------------------------------------------------------
# writers
# ---------------------------------------------------------------------------------------------

CHART_TITLES = {
    "cases_by_month.png": "Confirmed cases by month",
    "cases_by_quarter.png": "Confirmed cases by quarter",
    "cases_by_year.png": "Confirmed cases by year",
    "cases_by_age_band.png": "Confirmed cases by victim age band",
    "cases_by_platform.png": "Confirmed cases by platform",
    "cases_by_region.png": "Confirmed cases by region",
    "home_office_force_change.png": "Change by force against England and Wales (Home Office)",
    "home_office_england_and_wales_by_year.png": "England and Wales by year (Home Office)",
    "foi_force_change.png": "Change by force against England and Wales (FOI)",
    "foi_england_and_wales_by_year.png": "England and Wales by year (FOI)",
    "foi_platforms.png": "Platforms recorded (FOI)",
}


def _attach_charts(bundle: StatsBundle) -> None:
    bundle.report["charts"] = [
        {"file": name, "title": CHART_TITLES.get(name, name)} for name in bundle.charts
    ]


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "yes" if v else "no"
    return str(v)


def to_csv(table: dict[str, Any]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(table["columns"])
    for r in table["rows"]:
        w.writerow([_cell(r.get(c)) for c in table["columns"]])
    return buf.getvalue()


def _md_escape(s: str) -> str:
    return s.replace("|", "\\|").replace("\n", " ")


def to_markdown(report: dict[str, Any], chart_files: Iterable[str] = ()) -> str:
    lines = [f"# {report['title']}", "", f"Generated {report['generated_at']}.", ""]
    if report.get("source"):
        lines += [f"Source: {_md_escape(report['source'])}.", ""]
    if report.get("summary"):
        lines += ["## Summary", ""]
        lines += [
            f"- **{_md_escape(s['label'])}**: {_md_escape(_cell(s['value']))}"
            for s in report["summary"]
        ]
        lines.append("")
    if report.get("warnings"):
        lines += ["## Warnings", ""] + [f"- {_md_escape(w)}" for w in report["warnings"]] + [""]
    for t in report["tables"]:
        lines += [f"## {_md_escape(t['title'])}", ""]
        cols = t["columns"]
        lines.append("| " + " | ".join(_md_escape(c) for c in cols) + " |")
        lines.append("|" + "|".join("---" for _ in cols) + "|")
        for r in t["rows"]:
            lines.append("| " + " | ".join(_md_escape(_cell(r.get(c))) for c in cols) + " |")
        if t.get("note"):
            lines += ["", t["note"]]
        lines.append("")
    charts_ = list(chart_files)
    if charts_:
        lines += ["## Charts", ""]
        lines += [f"![{CHART_TITLES.get(c, c)}]({c})" for c in charts_]
        lines.append("")
    lines += ["## Method", ""] + [f"- {m}" for m in report["method"]] + [""]
    return "\n".join(lines)


_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:70rem;
color:#111;line-height:1.45;padding:0 1rem}
table{border-collapse:collapse;margin:0.5rem 0 1.5rem}th,td{border:1px solid #bbb;
padding:0.25rem 0.6rem;text-align:left}th{background:#eee}td.num{text-align:right}
.warn{background:#fff4e0;border-left:4px solid #E69F00;padding:0.5rem 1rem}
figure{margin:1rem 0 2rem}img{max-width:100%;height:auto}dl dt{font-weight:600}
"""


def to_html(report: dict[str, Any], charts_: dict[str, bytes]) -> str:
    e = html.escape
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{e(report['title'])}</title><style>{_CSS}</style></head><body>",
        f"<h1>{e(report['title'])}</h1>",
        f"<p>Generated {e(report['generated_at'])}.</p>",
    ]
    if report.get("source"):
        parts.append(f"<p>Source: {e(report['source'])}.</p>")
    if report.get("summary"):
        parts.append("<h2>Summary</h2><dl>")
        for s in report["summary"]:
            parts.append(f"<dt>{e(s['label'])}</dt><dd>{e(_cell(s['value']))}</dd>")
        parts.append("</dl>")
    if report.get("warnings"):
        parts.append('<div class="warn"><h2>Warnings</h2><ul>')
        parts += [f"<li>{e(w)}</li>" for w in report["warnings"]]
        parts.append("</ul></div>")
    for name, png in charts_.items():
        title = CHART_TITLES.get(name, name)
        b64 = base64.b64encode(png).decode("ascii")
        parts.append(
            f'<figure><img src="data:image/png;base64,{b64}" alt="{e(title)}">'
            f"<figcaption>{e(title)}</figcaption></figure>"
        )
    for t in report["tables"]:
        parts.append(f"<h2>{e(t['title'])}</h2><table><thead><tr>")
        parts += [f'<th scope="col">{e(c)}</th>' for c in t["columns"]]
        parts.append("</tr></thead><tbody>")
        for r in t["rows"]:
            parts.append("<tr>")
            for c in t["columns"]:
                v = r.get(c)
                cls = (
                    ' class="num"'
                    if isinstance(v, (int, float)) and not isinstance(v, bool)
                    else ""
                )
                parts.append(f"<td{cls}>{e(_cell(v))}</td>")
            parts.append("</tr>")
        parts.append("</tbody></table>")
        if t.get("note"):
            parts.append(f"<p>{e(t['note'])}</p>")
    parts.append("<h2>Method</h2><ul>")
    parts += [f"<li>{e(m)}</li>" for m in report["method"]]
    parts.append("</ul></body></html>")
    return "\n".join(parts) + "\n"


def _write_atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def render_files(bundle: StatsBundle) -> dict[str, bytes]:
    """Every output file's name and bytes (nothing written)."""
    _attach_charts(bundle)
    r = bundle.report
    files: dict[str, bytes] = {
        "report.json": (json.dumps(r, indent=2, ensure_ascii=False) + "\n").encode("utf-8"),
        "report.md": to_markdown(r, bundle.charts).encode("utf-8"),
        "report.html": to_html(r, bundle.charts).encode("utf-8"),
    }
    for t in r["tables"]:
        files[f"{t['name']}.csv"] = to_csv(t).encode("utf-8")
    files.update(bundle.charts)
    return files


def write_bundle(bundle: StatsBundle, out_dir: Path | str) -> list[Path]:
    """Write the report files into ``out_dir`` (created if needed); returns the paths."""
    out = Path(out_dir)
    files = render_files(bundle)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in files.items():
        p = out / name
        _write_atomic(p, data)
        written.append(p)
    return written
