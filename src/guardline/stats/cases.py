"""Statistics over guardline's own cases, computed on plain records (no database needed).

A case counts when it is *confirmed* (status ``confirmed`` and a ``confirmed_at`` time); it is
dated by ``confirmed_at`` (UTC). Breakdowns: period (month, quarter, year; calendar or
financial year April–March), platform, surface, victim age band, region. Derived figures:
year-on-year change, share under 12 (of cases with a known age band) and platform shares (of
all confirmed cases). Everything published goes through :mod:`guardline.stats.suppression`.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from typing import Any, Literal

from guardline.stats.suppression import (
    Cell,
    protect_groups,
    safe_change,
    safe_share,
    suppress_breakdown,
    suppress_value,
)

Period = Literal["month", "quarter", "year"]
PERIODS: tuple[str, ...] = ("month", "quarter", "year")

AGE_BANDS: tuple[str, ...] = ("under_12", "12_15", "16_17", "unknown")
AGE_BAND_LABELS: dict[str, str] = {
    "under_12": "under 12",
    "12_15": "12–15",
    "16_17": "16–17",
    "unknown": "unknown",
}
UNKNOWN = "unknown"
CONFIRMED = "confirmed"


@dataclass(frozen=True)
class CaseRecord:
    """One case as statistics see it: no message text, no identities."""

    case_id: str
    status: str
    confirmed_at: datetime | None
    platform: str | None = None
    surface: str | None = None
    victim_age_band: str | None = None
    region: str | None = None
    tenant: str | None = None

    def __post_init__(self) -> None:
        band = self.victim_age_band
        if band is not None and band not in AGE_BANDS:
            raise ValueError(
                f"case {self.case_id}: victim_age_band {band!r} is not one of {AGE_BANDS}"
            )


def _utc(dt: datetime) -> datetime:
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)


def financial_year(dt: datetime) -> int:
    """Start year of the April–March financial year containing ``dt`` (2024 for 2024/25)."""
    return dt.year if dt.month >= 4 else dt.year - 1


def fy_label(start: int) -> str:
    return f"{start}/{(start + 1) % 100:02d}"


def year_key(dt: datetime, fiscal: bool) -> str:
    return fy_label(financial_year(dt)) if fiscal else f"{dt.year}"


def period_key(dt: datetime, period: str, fiscal: bool = False) -> str:
    """Sortable label of the period containing ``dt``.

    month: ``2025-04``; quarter: ``2025 Q2`` (calendar) or ``2025/26 Q1`` (financial, Q1 =
    April–June); year: ``2025`` or ``2025/26``.
    """
    dt = _utc(dt)
    if period == "month":
        return f"{dt.year}-{dt.month:02d}"
    if period == "quarter":
        if fiscal:
            q = (dt.month - 4) % 12 // 3 + 1
            return f"{fy_label(financial_year(dt))} Q{q}"
        return f"{dt.year} Q{(dt.month - 1) // 3 + 1}"
    if period == "year":
        return year_key(dt, fiscal)
    raise ValueError(f"period must be one of {PERIODS}, got {period!r}")


def _next_month(y: int, m: int) -> tuple[int, int]:
    return (y + 1, 1) if m == 12 else (y, m + 1)


def _all_periods(first: datetime, last: datetime, period: str, fiscal: bool) -> list[str]:
    """Every period label from ``first`` to ``last`` inclusive (empty periods show as 0)."""
    out: list[str] = []
    y, m = first.year, first.month
    while (y, m) <= (last.year, last.month):
        key = period_key(datetime(y, m, 1, tzinfo=UTC), period, fiscal)
        if not out or out[-1] != key:
            out.append(key)
        y, m = _next_month(y, m)
    return out


def _period_years(first: datetime, last: datetime, period: str, fiscal: bool) -> dict[str, str]:
    """Period label -> label of the (calendar or financial) year it belongs to."""
    out: dict[str, str] = {}
    y, m = first.year, first.month
    while (y, m) <= (last.year, last.month):
        d = datetime(y, m, 1, tzinfo=UTC)
        out[period_key(d, period, fiscal)] = year_key(d, fiscal)
        y, m = _next_month(y, m)
    return out


def _year_start(label: str, fiscal: bool) -> datetime:
    start = int(label[:4])
    return datetime(start, 4, 1, tzinfo=UTC) if fiscal else datetime(start, 1, 1, tzinfo=UTC)


def _year_end(label: str, fiscal: bool) -> datetime:
    start = int(label[:4])
    return (
        datetime(start + 1, 4, 1, tzinfo=UTC) if fiscal else datetime(start + 1, 1, 1, tzinfo=UTC)
    )


_LAST_INSTANT = timedelta(microseconds=1)


def _label(v: str | None) -> str:
    v = (v or "").strip()
    return v if v else UNKNOWN


@dataclass
class Breakdown:
    """A published breakdown: suppressed cells, their total and their shares."""

    name: str
    title: str
    key_title: str
    cells: dict[str, Cell]
    total: Cell
    shares: dict[str, float | None] = field(default_factory=dict)

    def rows(self) -> list[dict[str, Any]]:
        out = []
        for k, c in self.cells.items():
            row: dict[str, Any] = {self.key_title: k, "cases": c.public()}
            if self.shares:
                row["share_pct"] = _round1(self.shares.get(k))
            out.append(row)
        total_row: dict[str, Any] = {self.key_title: "Total", "cases": self.total.public()}
        if self.shares:
            total_row["share_pct"] = 100.0 if not self.total.hidden and self.total.value else None
        out.append(total_row)
        return out


def _round1(x: float | None) -> float | None:
    return None if x is None else round(x, 1)


@dataclass
class YearChange:
    year: str
    previous: str
    cases: Cell
    previous_cases: Cell
    change_pct: float | None
    partial: bool


@dataclass
class CaseStats:
    """Everything the case report publishes (already suppressed)."""

    period: str
    fiscal: bool
    threshold: int
    as_of: datetime | None
    first: datetime | None
    total_records: int
    confirmed: Cell
    not_counted: dict[str, int]
    by_period: Breakdown
    by_year: Breakdown
    by_platform: Breakdown
    by_surface: Breakdown
    by_age_band: Breakdown
    by_region: Breakdown
    share_under_12_pct: float | None
    age_known: Cell
    yoy: list[YearChange]
    partial_years: list[str]
    since: datetime | None = None
    tenant: str | None = None

    def breakdowns(self) -> list[Breakdown]:
        # by year, the period breakdown is the year breakdown: published once
        return [
            *([] if self.period == "year" else [self.by_period]),
            self.by_year,
            self.by_platform,
            self.by_surface,
            self.by_age_band,
            self.by_region,
        ]


def compute_case_stats(
    records: Iterable[CaseRecord],
    period: str = "month",
    fiscal: bool = False,
    threshold: int = 5,
    tenant: str | None = None,
    as_of: datetime | None = None,
    since: datetime | None = None,
) -> CaseStats:
    """Count confirmed cases and derive the published figures.

    ``as_of`` is the date the figures are taken at (default: now) and ``since`` the start of
    case recording (default: the first day of the month of the first confirmed case). A year
    that starts before ``since`` or ends after ``as_of`` is partial: it is shown, flagged, and
    no year-on-year change is computed to or from it (a part year against a whole one is not a
    change). Records of other statuses are not counted; ``not_counted`` gives them by status.
    """
    if period not in PERIODS:
        raise ValueError(f"period must be one of {PERIODS}, got {period!r}")
    if threshold < 0:
        raise ValueError("suppression threshold must be >= 0 (0 disables suppression)")
    as_of = _utc(as_of) if as_of is not None else datetime.now(UTC)
    confirmed: list[CaseRecord] = []
    not_counted: Counter[str] = Counter()
    total_records = 0
    for r in records:
        if tenant is not None and r.tenant != tenant:
            continue
        total_records += 1
        if r.status != CONFIRMED:
            not_counted[r.status or UNKNOWN] += 1
        elif r.confirmed_at is None:
            not_counted["confirmed without confirmed_at"] += 1
        elif _utc(r.confirmed_at) > as_of:
            not_counted["confirmed after the as-of date"] += 1
        else:
            confirmed.append(r)

    dates = sorted(_utc(r.confirmed_at) for r in confirmed if r.confirmed_at is not None)
    first = dates[0] if dates else None
    last = dates[-1] if dates else None

    period_counts: Counter[str] = Counter(
        period_key(r.confirmed_at, period, fiscal) for r in confirmed if r.confirmed_at
    )
    year_counts: Counter[str] = Counter(
        year_key(_utc(r.confirmed_at), fiscal) for r in confirmed if r.confirmed_at
    )
    if first and last:
        periods = _all_periods(first, last, period, fiscal)
        years = _all_periods(first, last, "year", fiscal)
    else:
        periods, years = [], []
    period_full = {p: period_counts.get(p, 0) for p in periods}
    year_full = {y: year_counts.get(y, 0) for y in years}

    def ordered(counter: Counter[str], fixed: Sequence[str] | None = None) -> dict[str, int]:
        if fixed is not None:
            return {k: counter.get(k, 0) for k in fixed}
        known = sorted((k for k in counter if k != UNKNOWN), key=lambda k: (-counter[k], k))
        out = {k: counter[k] for k in known}
        if UNKNOWN in counter:
            out[UNKNOWN] = counter[UNKNOWN]
        return out

    platforms = ordered(Counter(_label(r.platform) for r in confirmed))
    surfaces = ordered(Counter(_label(r.surface) for r in confirmed))
    regions = ordered(Counter(_label(r.region) for r in confirmed))
    ages = ordered(Counter(r.victim_age_band or UNKNOWN for r in confirmed), AGE_BANDS)

    def breakdown(
        name: str, title: str, key: str, counts: dict[str, int], with_shares: bool = False
    ) -> Breakdown:
        cells, total = suppress_breakdown(counts, threshold)
        shares = {k: safe_share(c, total) for k, c in cells.items()} if with_shares else {}
        return Breakdown(name, title, key, cells, total, shares)

    plabel = {"month": "month", "quarter": "quarter", "year": "year"}[period]
    fy = " (financial years, April–March)" if fiscal else ""
    by_period = breakdown(f"by_{period}", f"Confirmed cases by {plabel}{fy}", plabel, period_full)
    by_year = breakdown(
        "by_year",
        f"Confirmed cases by {'financial ' if fiscal else ''}year",
        "financial_year" if fiscal else "year",
        year_full,
    )
    if period != "year":
        # months/quarters add up to their year's published count as well as to the total
        year_of = _period_years(first, last, period, fiscal) if first and last else {}
        groups = [(list(period_full), by_period.total)] + [
            ([p for p in period_full if year_of[p] == y], by_year.cells[y]) for y in year_full
        ]
        by_period.cells = protect_groups(by_period.cells, groups)
    by_platform = breakdown(
        "by_platform", "Confirmed cases by platform", "platform", platforms, with_shares=True
    )
    by_surface = breakdown(
        "by_surface", "Confirmed cases by surface", "surface", surfaces, with_shares=True
    )
    by_age = breakdown(
        "by_age_band",
        "Confirmed cases by victim age band",
        "victim_age_band",
        ages,
        with_shares=True,
    )
    by_region = breakdown(
        "by_region", "Confirmed cases by region", "region", regions, with_shares=True
    )

    # share under 12, of cases whose age band is known: the "known" total is itself a
    # published figure, so it is suppressed like any other count.
    known = sum(v for k, v in ages.items() if k != UNKNOWN)
    age_known = suppress_value(known, threshold)
    under12 = by_age.cells["under_12"]
    share_under_12 = safe_share(under12, age_known)
    # a shown "known" total next to a shown grand total reveals the unknown cell
    if by_age.cells[UNKNOWN].hidden:
        share_under_12 = None
        age_known = Cell(known, "[c]", secondary=True) if not age_known.hidden else age_known

    if since is None and first is not None:
        since = datetime(first.year, first.month, 1, tzinfo=UTC)
    since = _utc(since) if since is not None else None
    # a year is over at as_of when as_of reaches its last instant (as_of is inclusive: cases
    # confirmed at as_of count), so "as of 2025-03-31 23:59:59.999999" closes 2024/25
    partial_years = [
        y
        for y in years
        if _year_end(y, fiscal) - _LAST_INSTANT > as_of
        or (since is not None and _year_start(y, fiscal) < since)
    ]
    yoy: list[YearChange] = []
    for prev, cur in pairwise(years):
        pc, cc = by_year.cells[prev], by_year.cells[cur]
        partial = cur in partial_years or prev in partial_years
        change = None if partial else safe_change(pc, cc)
        yoy.append(YearChange(cur, prev, cc, pc, change, partial))

    return CaseStats(
        period=period,
        fiscal=fiscal,
        threshold=threshold,
        as_of=as_of,
        first=first,
        total_records=total_records,
        confirmed=by_year.total,
        not_counted=dict(sorted(not_counted.items())),
        by_period=by_period,
        by_year=by_year,
        by_platform=by_platform,
        by_surface=by_surface,
        by_age_band=by_age,
        by_region=by_region,
        share_under_12_pct=share_under_12,
        age_known=age_known,
        yoy=yoy,
        partial_years=partial_years,
        since=since,
        tenant=tenant,
    )


# ---------------------------------------------------------------------------------------------
# Deterministic synthetic records for tests and `guardline demo`
# ---------------------------------------------------------------------------------------------

DEMO_PLATFORMS: tuple[tuple[str, float], ...] = (
    ("demo-chat", 0.34),
    ("demo-games", 0.24),
    ("demo-social", 0.2),
    ("demo-video", 0.12),
    ("demo-forum", 0.07),
    ("demo-school", 0.03),
)
DEMO_SURFACES: tuple[tuple[str, float], ...] = (
    ("direct message", 0.55),
    ("group chat", 0.2),
    ("in-game chat", 0.17),
    ("comments", 0.08),
)
DEMO_AGES: tuple[tuple[str, float], ...] = (
    ("under_12", 0.24),
    ("12_15", 0.52),
    ("16_17", 0.14),
    ("unknown", 0.10),
)
DEMO_REGIONS: tuple[tuple[str, float], ...] = (
    ("North", 0.27),
    ("Midlands", 0.23),
    ("South", 0.3),
    ("Wales", 0.12),
    ("Islands", 0.08),
)
DEMO_STATUSES: tuple[tuple[str, float], ...] = (
    ("confirmed", 0.62),
    ("dismissed", 0.2),
    ("escalated", 0.08),
    ("open", 0.1),
)


def _pick(rng: random.Random, table: Sequence[tuple[str, float]]) -> str:
    names, weights = zip(*table, strict=True)
    return rng.choices(names, weights=weights, k=1)[0]


DEMO_START = datetime(2023, 1, 1, tzinfo=UTC)
DEMO_MONTHS = 34
#: the end of the month in which the default demo records stop (they are created until about
#: 1 Nov 2025 and confirmed up to ten days later): ``stats cases --demo`` reports as of this
#: date unless ``--as-of`` says otherwise, so that the year the records stop in is shown as
#: partial, not as a fall against today's date
DEMO_END = datetime(2025, 11, 30, 23, 59, 59, 999999, tzinfo=UTC)


def demo_records(
    n: int = 600,
    seed: int = 2024,
    start: datetime = DEMO_START,
    months: int = DEMO_MONTHS,
    tenants: Sequence[str] = ("demo-tenant-a", "demo-tenant-b"),
) -> list[CaseRecord]:
    """``n`` clearly synthetic case records (platforms named ``demo-*``), the same for the same
    seed. Volume grows over the period so year-on-year change is visible; some small
    platforms and regions stay below the suppression threshold on purpose."""
    rng = random.Random(seed)
    span_days = months * 30.4375
    out: list[CaseRecord] = []
    for i in range(n):
        # growth: density proportional to (1 + t), sampled by inverse CDF
        u = rng.random()
        t = (1 + 3 * u) ** 0.5 - 1  # inverse of (t + t^2/2) / 1.5 on [0, 1]
        created = start + timedelta(days=t * span_days, seconds=rng.randrange(86400))
        status = _pick(rng, DEMO_STATUSES)
        confirmed_at = (
            created + timedelta(hours=rng.randrange(2, 240)) if status == CONFIRMED else None
        )
        out.append(
            CaseRecord(
                case_id=f"demo-case-{i:05d}",
                status=status,
                confirmed_at=confirmed_at,
                platform=_pick(rng, DEMO_PLATFORMS),
                surface=_pick(rng, DEMO_SURFACES),
                victim_age_band=_pick(rng, DEMO_AGES),
                region=_pick(rng, DEMO_REGIONS),
                tenant=tenants[i % len(tenants)] if tenants else None,
            )
        )
    return out
