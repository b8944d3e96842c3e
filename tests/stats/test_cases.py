"""Case statistics on plain records: periods, financial years, breakdowns, YoY, shares."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from guardline.stats.cases import (
    CaseRecord,
    compute_case_stats,
    demo_records,
    financial_year,
    period_key,
)

AS_OF = datetime(2026, 1, 15, tzinfo=UTC)


def rec(
    i: int,
    when: datetime | None,
    status: str = "confirmed",
    platform: str | None = "chat",
    age: str | None = "12_15",
    region: str | None = "North",
    tenant: str = "t1",
    surface: str | None = "dm",
) -> CaseRecord:
    return CaseRecord(f"c{i}", status, when, platform, surface, age, region, tenant)


def d(y: int, m: int, day: int = 10) -> datetime:
    return datetime(y, m, day, 12, tzinfo=UTC)


def test_period_keys_calendar_and_financial() -> None:
    assert period_key(d(2025, 3, 31), "month") == "2025-03"
    assert period_key(d(2025, 3, 31), "quarter") == "2025 Q1"
    assert period_key(d(2025, 3, 31), "quarter", fiscal=True) == "2024/25 Q4"
    assert period_key(d(2025, 4, 1), "quarter", fiscal=True) == "2025/26 Q1"
    assert period_key(d(2025, 12, 1), "quarter", fiscal=True) == "2025/26 Q3"
    assert period_key(d(2026, 1, 1), "quarter", fiscal=True) == "2025/26 Q4"
    assert period_key(d(2025, 3, 31), "year", fiscal=True) == "2024/25"
    assert period_key(d(2025, 4, 1), "year", fiscal=True) == "2025/26"
    assert period_key(d(1999, 4, 1), "year", fiscal=True) == "1999/00"
    assert financial_year(d(2024, 1, 5)) == 2023
    # naive times are UTC; aware times are converted to UTC first
    from datetime import timedelta, timezone

    late = datetime(2025, 3, 31, 23, 30, tzinfo=timezone(timedelta(hours=-2)))
    assert period_key(late, "year", fiscal=True) == "2025/26"
    with pytest.raises(ValueError, match="period"):
        period_key(d(2025, 1), "week")


def _many(n: int, when: datetime, start: int = 0, **kw: object) -> list[CaseRecord]:
    return [rec(start + i, when, **kw) for i in range(n)]  # type: ignore[arg-type]


def test_counts_breakdowns_and_derived_figures() -> None:
    records = (
        _many(10, d(2024, 2), 0, platform="chat", age="under_12")
        + _many(20, d(2024, 7), 100, platform="games", age="12_15")
        + _many(15, d(2025, 1), 200, platform="chat", age="16_17", region="South")
        + _many(25, d(2025, 8), 300, platform="games", age="unknown", region="South")
        + _many(6, d(2025, 8), 400, status="dismissed")
        + _many(3, d(2025, 8), 500, status="open")
        + [rec(600, None)]  # confirmed without a time: reported, not counted
    )
    s = compute_case_stats(
        records, "year", threshold=5, as_of=AS_OF, since=datetime(2024, 1, 1, tzinfo=UTC)
    )
    assert s.confirmed.value == 70 and s.total_records == 80
    assert s.not_counted == {"confirmed without confirmed_at": 1, "dismissed": 6, "open": 3}
    assert {k: c.value for k, c in s.by_year.cells.items()} == {"2024": 30, "2025": 40}
    assert {k: c.value for k, c in s.by_platform.cells.items()} == {"games": 45, "chat": 25}
    assert s.by_platform.shares["games"] == pytest.approx(100 * 45 / 70)
    assert {k: c.value for k, c in s.by_age_band.cells.items()} == {
        "under_12": 10,
        "12_15": 20,
        "16_17": 15,
        "unknown": 25,
    }
    # under 12 of cases with a known age band: 10 / 45
    assert s.share_under_12_pct == pytest.approx(100 * 10 / 45)
    assert s.age_known.value == 45
    assert [(y.previous, y.year) for y in s.yoy] == [("2024", "2025")]
    assert s.yoy[0].change_pct == pytest.approx(100 * (40 - 30) / 30)
    assert not s.yoy[0].partial and s.partial_years == []
    assert {k: c.value for k, c in s.by_region.cells.items()} == {"South": 40, "North": 30}


def test_financial_years_move_january_to_the_previous_year() -> None:
    records = _many(10, d(2024, 3, 31)) + _many(12, d(2024, 4, 1), 50) + _many(7, d(2025, 2), 90)
    s = compute_case_stats(
        records,
        "year",
        fiscal=True,
        threshold=0,
        as_of=AS_OF,
        since=datetime(2023, 4, 1, tzinfo=UTC),
    )
    assert {k: c.value for k, c in s.by_year.cells.items()} == {"2023/24": 10, "2024/25": 19}
    assert s.yoy[0].change_pct == pytest.approx(90.0)


def test_empty_months_are_listed_as_zero() -> None:
    records = _many(6, d(2025, 1)) + _many(8, d(2025, 4), 20)
    s = compute_case_stats(records, "month", threshold=5, as_of=AS_OF)
    assert list(s.by_period.cells) == ["2025-01", "2025-02", "2025-03", "2025-04"]
    assert [c.public() for c in s.by_period.cells.values()] == [6, 0, 0, 8]


def test_partial_years_get_no_change() -> None:
    records = _many(30, d(2024, 6)) + _many(10, d(2025, 3))
    s = compute_case_stats(records, "year", as_of=datetime(2025, 6, 1, tzinfo=UTC))
    # recording starts June 2024 (month of the first case) and the figures are as of June 2025
    assert s.partial_years == ["2024", "2025"]
    assert s.yoy[0].change_pct is None and s.yoy[0].partial
    # a case confirmed after the as-of date is not counted
    late = compute_case_stats(
        [*records, rec(999, d(2025, 7))], "year", as_of=datetime(2025, 6, 1, tzinfo=UTC)
    )
    assert late.confirmed.value == 40
    assert late.not_counted == {"confirmed after the as-of date": 1}


def test_suppression_hides_small_cells_and_their_shares() -> None:
    records = (
        _many(30, d(2025, 2), 0, platform="chat", age="12_15")
        + _many(3, d(2025, 2), 100, platform="tiny", age="under_12")
        + _many(8, d(2025, 2), 200, platform="mid", age="16_17")
    )
    s = compute_case_stats(records, "month", threshold=5, as_of=AS_OF)
    p = s.by_platform
    assert p.cells["tiny"].public() == "<5" and p.shares["tiny"] is None
    assert p.cells["mid"].public() == "[c]" and p.shares["mid"] is None
    assert p.cells["chat"].public() == 30
    assert s.by_age_band.cells["under_12"].public() == "<5"
    assert s.share_under_12_pct is None
    # threshold 0 shows everything
    s0 = compute_case_stats(records, "month", threshold=0, as_of=AS_OF)
    assert s0.by_platform.cells["tiny"].public() == 3
    assert s0.share_under_12_pct == pytest.approx(100 * 3 / 41)
    # a higher threshold hides more
    s10 = compute_case_stats(records, "month", threshold=10, as_of=AS_OF)
    assert s10.by_platform.cells["mid"].public() == "<10"


def test_months_protected_against_their_year_total() -> None:
    # 2024: one small month; the year total (shown) would otherwise give it away
    records = (
        _many(3, d(2024, 1))
        + _many(20, d(2024, 2), 10)
        + _many(25, d(2024, 3), 40)
        + _many(30, d(2025, 1), 80)
        + _many(31, d(2025, 2), 120)
    )
    s = compute_case_stats(records, "month", threshold=5, as_of=AS_OF)
    year_of = {k: k[:4] for k in s.by_period.cells}
    for y, ycell in s.by_year.cells.items():
        hidden = [k for k, c in s.by_period.cells.items() if year_of[k] == y and c.hidden]
        assert ycell.hidden or len(hidden) != 1, (y, hidden)
    assert s.by_period.cells["2024-02"].public() == "[c]"


def test_a_year_hidden_as_c_is_not_the_sum_of_its_shown_months() -> None:
    # 2023 (3 cases, Nov-Dec) is "<5", so 2024 is hidden as "[c]" in the year table; if every
    # 2024 month were shown they would add up to 2024, and total - 2024 - 2025 would give 2023
    records = _many(1, d(2023, 11)) + _many(2, d(2023, 12), 10)
    for m in range(1, 13):
        records += _many(6, d(2024, m), 100 * m) + _many(9, d(2025, m), 100 * m + 50)
    s = compute_case_stats(records, "month", threshold=5, as_of=AS_OF)
    assert s.by_year.cells["2023"].public() == "<5"
    assert s.by_year.cells["2024"].public() == "[c]"
    for y, ycell in s.by_year.cells.items():
        hidden = [k for k, c in s.by_period.cells.items() if k[:4] == y and c.hidden]
        assert len(hidden) != (0 if ycell.hidden else 1), (y, hidden)


def test_tenant_filter_and_bad_age_band() -> None:
    records = _many(7, d(2025, 1), 0, tenant="a") + _many(9, d(2025, 1), 50, tenant="b")
    assert compute_case_stats(records, tenant="b", as_of=AS_OF).confirmed.value == 9
    with pytest.raises(ValueError, match="victim_age_band"):
        rec(1, d(2025, 1), age="teen")
    with pytest.raises(ValueError, match="threshold"):
        compute_case_stats(records, threshold=-1)


def test_demo_records_are_deterministic_and_synthetic() -> None:
    a, b = demo_records(seed=7, n=200), demo_records(seed=7, n=200)
    assert a == b and a != demo_records(seed=8, n=200)
    assert all(r.platform and r.platform.startswith("demo-") for r in a)
    assert {r.status for r in a} == {"confirmed", "dismissed", "escalated", "open"}
    confirmed = [r for r in a if r.status == "confirmed"]
    assert all(r.confirmed_at is not None for r in confirmed)
    s = compute_case_stats(demo_records(), "year", as_of=datetime(2025, 11, 1, tzinfo=UTC))
    # volume grows: 2024 has more confirmed cases than 2023 (both whole years)
    assert s.yoy[0].year == "2024" and (s.yoy[0].change_pct or 0) > 0
    # the small demo platform stays under the threshold in some breakdowns on purpose
    assert s.by_platform.cells["demo-school"].value < 20
