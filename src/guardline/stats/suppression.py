"""Small-number suppression for published counts, as official statistics do it.

Rule (see docs/stats.md):

* **Primary**: a count ``1 <= n < threshold`` is shown as ``"<threshold"`` (``"<5"`` by
  default). Zero is shown as ``0`` (a true zero identifies nobody). ``threshold=0`` disables
  suppression entirely.
* **Secondary**: a breakdown is published next to its total, so a single suppressed cell
  could be recovered by subtraction (total minus the other cells). Whenever exactly one cell
  of a breakdown is primary-suppressed and the total is shown, the smallest other non-zero
  cell is suppressed as well and shown as ``"[c]"``. Two hidden cells can only be recovered
  as a sum, which is the protection official tables rely on. If the total itself is small it
  is primary-suppressed and nothing more is needed.
* **Derived figures**: percentages and year-on-year changes are computed from the exact
  counts but are withheld (``None``, shown as ``"[c]"``) whenever a count they are built from
  is hidden, because a percentage of a shown total, or a change from a shown year, would give
  the hidden count back.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

SECONDARY_MARK = "[c]"


@dataclass(frozen=True)
class Cell:
    """One published count: the exact value (kept for computation, never published when hidden)
    and what is shown."""

    value: int
    shown: str
    primary: bool = False
    secondary: bool = False

    @property
    def hidden(self) -> bool:
        return self.primary or self.secondary

    def public(self) -> int | str:
        """The published form: the integer when shown, the mark when hidden."""
        return self.shown if self.hidden else self.value


def primary_mark(threshold: int) -> str:
    return f"<{threshold}"


def is_small(n: int, threshold: int) -> bool:
    """Whether ``n`` must be hidden on its own (1 <= n < threshold)."""
    return threshold > 0 and 0 < n < threshold


def suppress_value(n: int, threshold: int) -> Cell:
    """Primary suppression of a single count (no breakdown to protect)."""
    if n < 0:
        raise ValueError(f"counts cannot be negative: {n}")
    if is_small(n, threshold):
        return Cell(n, primary_mark(threshold), primary=True)
    return Cell(n, f"{n}")


def suppress_breakdown(
    counts: Mapping[str, int], threshold: int, total_shown: bool = True
) -> tuple[dict[str, Cell], Cell]:
    """Suppress the cells of a breakdown that adds up to a published total.

    Returns ``(cells, total_cell)``; cells keep the order of ``counts``. Secondary suppression
    (see the module docstring) is applied when the total is shown and not itself hidden.
    """
    total = sum(counts.values())
    total_cell = suppress_value(total, threshold)
    cells = {k: suppress_value(v, threshold) for k, v in counts.items()}
    if threshold <= 0:
        return cells, total_cell
    hidden = [k for k, c in cells.items() if c.hidden]
    if len(hidden) == 1 and total_shown and not total_cell.hidden:
        candidates = sorted((v, k) for k, v in counts.items() if k not in hidden and v > 0)
        if candidates:
            _, key = candidates[0]
            cells[key] = Cell(counts[key], SECONDARY_MARK, secondary=True)
    return cells, total_cell


def protect_groups(
    cells: dict[str, Cell], groups: Sequence[tuple[Sequence[str], Cell]]
) -> dict[str, Cell]:
    """Secondary suppression across overlapping groups of the same cells.

    Each group is ``(keys, total_cell)``: the cells ``keys`` add up to ``total_cell`` (e.g. the
    months of one year and that year's published count). While any group with a shown total
    has exactly one hidden cell, the smallest other non-zero cell of that group is hidden too;
    and while a group with a hidden total (a year shown as ``[c]``) has every cell shown, the
    cells would add up to it, so its smallest non-zero cell is hidden.
    Repeats until no group changes (hiding a cell can expose another group).
    """
    out = dict(cells)
    changed = True
    while changed:
        changed = False
        for keys, total in groups:
            hidden = [k for k in keys if out[k].hidden]
            if len(hidden) != (0 if total.hidden else 1):
                continue
            candidates = sorted(
                (out[k].value, k) for k in keys if not out[k].hidden and out[k].value > 0
            )
            if candidates:
                _, key = candidates[0]
                out[key] = Cell(out[key].value, SECONDARY_MARK, secondary=True)
                changed = True
    return out


def safe_share(part: Cell, whole: Cell) -> float | None:
    """``part / whole`` as a percentage, or ``None`` when publishing it would reveal a hidden
    count (either side hidden) or the whole is zero."""
    if part.hidden or whole.hidden or whole.value == 0:
        return None
    return 100.0 * part.value / whole.value


def safe_change(prev: Cell, cur: Cell) -> float | None:
    """Percentage change from ``prev`` to ``cur``; ``None`` when either count is hidden or the
    base is zero."""
    if prev.hidden or cur.hidden or prev.value == 0:
        return None
    return 100.0 * (cur.value - prev.value) / prev.value
