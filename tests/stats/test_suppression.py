"""Small-number suppression: primary, secondary (single hidden cell of a total), derived figures."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from guardline.stats.suppression import (
    SECONDARY_MARK,
    protect_groups,
    safe_change,
    safe_share,
    suppress_breakdown,
    suppress_value,
)


def test_primary_marks_one_to_four_and_keeps_zero() -> None:
    assert [suppress_value(n, 5).public() for n in range(7)] == [0, "<5", "<5", "<5", "<5", 5, 6]
    assert suppress_value(2, 10).public() == "<10"
    assert suppress_value(3, 0).public() == 3  # threshold 0 disables


def test_single_hidden_cell_gets_a_partner_hidden() -> None:
    cells, total = suppress_breakdown({"a": 40, "b": 3, "c": 12, "d": 20}, 5)
    assert total.public() == 75
    assert cells["b"].public() == "<5"
    # c (12) is the smallest other non-zero cell: hidden so 75 - 40 - 20 gives only b + c
    assert cells["c"].public() == SECONDARY_MARK
    assert cells["a"].public() == 40 and cells["d"].public() == 20


def test_two_hidden_cells_need_no_secondary() -> None:
    cells, _ = suppress_breakdown({"a": 40, "b": 3, "c": 2, "d": 20}, 5)
    assert [c.public() for c in cells.values()] == [40, "<5", "<5", 20]


def test_small_total_is_itself_hidden() -> None:
    cells, total = suppress_breakdown({"a": 3, "b": 0}, 5)
    assert total.public() == "<5" and cells["a"].public() == "<5" and cells["b"].public() == 0


def test_zero_cells_are_not_chosen_as_partner() -> None:
    cells, _ = suppress_breakdown({"a": 0, "b": 2, "c": 9, "d": 30}, 5)
    assert cells["a"].public() == 0 and cells["c"].public() == SECONDARY_MARK


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=30), min_size=1, max_size=7))
def test_no_hidden_cell_can_be_recovered_from_the_total(values: list[int]) -> None:
    """For any breakdown: shown cells and a shown total never pin down a single hidden cell."""
    counts = {f"k{i}": v for i, v in enumerate(values)}
    cells, total = suppress_breakdown(counts, 5)
    hidden = [k for k, c in cells.items() if c.hidden]
    if not total.hidden:
        assert len(hidden) != 1
    for k, c in cells.items():
        if 0 < c.value < 5:
            assert c.hidden, k


def test_protect_groups_across_years_and_total() -> None:
    # months of two years; the year totals and the grand total are published
    counts = {"y1m1": 3, "y1m2": 20, "y1m3": 30, "y2m1": 25, "y2m2": 26}
    cells, total = suppress_breakdown(counts, 5)
    # grand total alone: y1m1 hidden, partner = smallest other = y1m2 (20)
    y1 = suppress_value(53, 5)
    y2 = suppress_value(51, 5)
    out = protect_groups(
        cells, [(list(counts), total), (["y1m1", "y1m2", "y1m3"], y1), (["y2m1", "y2m2"], y2)]
    )
    for keys, group_total in [
        (["y1m1", "y1m2", "y1m3"], y1),
        (["y2m1", "y2m2"], y2),
        (list(counts), total),
    ]:
        assert not group_total.hidden
        assert sum(out[k].hidden for k in keys) != 1


def test_protect_groups_cascades() -> None:
    # year 1 has one small month; its partner is hidden in year 1, and then year 2, which the
    # partner does not belong to, is untouched, but the grand total group is re-checked
    counts = {"a1": 2, "a2": 50, "b1": 60, "b2": 70}
    cells = {k: suppress_value(v, 5) for k, v in counts.items()}
    ya, yb, tot = suppress_value(52, 5), suppress_value(130, 5), suppress_value(182, 5)
    out = protect_groups(cells, [(list(counts), tot), (["a1", "a2"], ya), (["b1", "b2"], yb)])
    assert out["a2"].hidden  # a1 alone in year a would be 52 - 50
    assert sum(c.hidden for c in out.values()) == 2


def test_derived_figures_withheld_when_they_would_reveal() -> None:
    shown, small, total = suppress_value(40, 5), suppress_value(3, 5), suppress_value(43, 5)
    assert safe_share(shown, total) == 100 * 40 / 43
    assert safe_share(small, total) is None
    assert safe_change(suppress_value(50, 5), suppress_value(75, 5)) == 50.0
    assert safe_change(small, shown) is None and safe_change(shown, small) is None
    assert safe_change(suppress_value(0, 5), shown) is None


def test_recovery_brute_force_small_example() -> None:
    """Enumerate every table consistent with what is published: a hidden cell is never unique."""
    counts = {"a": 1, "b": 7, "c": 11, "d": 0}
    cells, total = suppress_breakdown(counts, 5)
    hidden = [k for k, c in cells.items() if c.hidden]
    rest = total.value - sum(c.value for c in cells.values() if not c.hidden)
    # possible values of each hidden cell: 1..4 if primary, >= 5 if secondary, summing to rest
    assert len(hidden) == 2
    options = []
    for a in range(rest + 1):
        b = rest - a
        ok_a = (1 <= a <= 4) if cells[hidden[0]].primary else a >= 5
        ok_b = (1 <= b <= 4) if cells[hidden[1]].primary else b >= 5
        if ok_a and ok_b:
            options.append((a, b))
    assert len(options) > 1
