"""PNG charts for the statistics reports (matplotlib, Agg canvas, no global pyplot state).

Colours are from the Okabe–Ito palette (safe for the common colour-vision deficiencies) and
the "rising faster" bars also carry a hatch so the distinction survives greyscale printing.
Suppressed counts are never drawn at their true height: their bars are empty outlines at zero
labelled with the suppression mark.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MaxNLocator

from guardline.stats.suppression import Cell

if TYPE_CHECKING:
    from matplotlib.artist import Artist

BLUE = "#0072B2"
VERMILLION = "#D55E00"
ORANGE = "#E69F00"
SKY = "#56B4E9"
GREEN = "#009E73"
GREY = "#999999"
BLACK = "#000000"

DPI = 110


def _round_half_away(x: float) -> int:
    """Whole number, halves away from zero (as the report's percentages)."""
    d = Decimal(repr(x)).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    return int(d)


def _png(fig: Figure) -> bytes:
    FigureCanvasAgg(fig)
    buf = io.BytesIO()
    fig.savefig(
        buf,
        format="png",
        dpi=DPI,
        bbox_inches="tight",
        pad_inches=0.15,
        metadata={"Software": None},
    )
    return buf.getvalue()


def _style(ax: object) -> None:
    ax.spines["top"].set_visible(False)  # type: ignore[attr-defined]
    ax.spines["right"].set_visible(False)  # type: ignore[attr-defined]


def count_bars(
    labels: Sequence[str],
    cells: Sequence[Cell],
    title: str,
    category_label: str,
    value_label: str = "Confirmed cases",
    horizontal: bool = False,
    color: str = BLUE,
) -> bytes:
    """Bar chart of published counts; hidden (suppressed) cells drawn as labelled outlines."""
    n = max(len(labels), 1)
    values = [0 if c.hidden else c.value for c in cells]
    top = max(values, default=0) or 1
    # the x axis carries the counts of a horizontal chart, the categories of a vertical one
    xlabel, ylabel = (value_label, category_label) if horizontal else (category_label, value_label)
    if horizontal:
        fig = Figure(figsize=(7.5, 1.4 + 0.42 * n))
        ax = fig.add_subplot()
        ys = list(range(len(labels)))[::-1]
        bars = ax.barh(ys, values, color=color, edgecolor=color, height=0.65)
        ax.set_yticks(ys, labels)
        ax.set_xlim(0, top * 1.18)
        for y, bar, c in zip(ys, bars, cells, strict=True):
            ax.text(bar.get_width() + top * 0.01, y, str(c.public()), va="center", fontsize=9)
    else:
        width = min(14.0, max(6.5, 0.38 * n + 2))
        fig = Figure(figsize=(width, 4.6))
        ax = fig.add_subplot()
        xs = list(range(len(labels)))
        bars = ax.bar(xs, values, color=color, edgecolor=color, width=0.7)
        rotate = n > 8
        ax.set_xticks(xs, labels, rotation=60 if rotate else 0, ha="right" if rotate else "center")
        ax.set_ylim(0, top * 1.15)
        for x, bar, c in zip(xs, bars, cells, strict=True):
            if c.hidden:
                ax.text(
                    x,
                    top * 0.02,
                    str(c.public()),
                    ha="center",
                    va="bottom",
                    fontsize=8,
                    rotation=90 if n > 20 else 0,
                )
            elif n <= 24:
                ax.text(
                    x,
                    bar.get_height() + top * 0.01,
                    str(c.value),
                    ha="center",
                    va="bottom",
                    fontsize=8,
                )
    for bar, c in zip(bars, cells, strict=True):
        if c.hidden:  # suppressed: an empty grey outline
            bar.set_facecolor("none")
            bar.set_edgecolor(GREY)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    (ax.xaxis if horizontal else ax.yaxis).set_major_locator(MaxNLocator(integer=True))
    _style(ax)
    if any(c.hidden for c in cells):
        marks = " and ".join(f"'{m}'" for m in sorted({c.shown for c in cells if c.hidden}))
        note = f"Counts marked {marks} are suppressed (small numbers) and not drawn."
        ax.set_xlabel(f"{xlabel}\n{note}", fontsize=10)
    return _png(fig)


def force_change_chart(
    forces: Sequence[str],
    changes: Sequence[float],
    faster: Sequence[bool],
    national_change: float | None,
    title: str,
    national_label: str = "England and Wales",
    national_text: str | None = None,
) -> bytes:
    """Ranked horizontal bars of each force's % change, with the national change as a line."""
    n = max(len(forces), 1)
    fig = Figure(figsize=(8.0, 2.2 + 0.3 * n), layout="constrained")
    ax = fig.add_subplot()
    ys = list(range(len(forces)))[::-1]
    colors = [VERMILLION if f else BLUE for f in faster]
    bars = ax.barh(ys, changes, color=colors, height=0.7)
    for bar, f in zip(bars, faster, strict=True):
        if f:
            bar.set_hatch("//")
            bar.set_edgecolor("white")
    ax.set_yticks(ys, forces, fontsize=9)
    ax.axvline(0, color=BLACK, linewidth=0.8)
    handles: list[Artist] = [  # patches, and the national change's line
        Patch(
            facecolor=VERMILLION,
            hatch="//",
            edgecolor="white",
            label=f"rising faster than {national_label}",
        ),
        Patch(facecolor=BLUE, label=f"not rising faster than {national_label}"),
    ]
    if national_change is not None:
        ax.axvline(national_change, color=BLACK, linestyle="--", linewidth=1.2)
        handles.append(
            ax.plot(
                [],
                [],
                color=BLACK,
                linestyle="--",
                label=f"{national_label}: {national_text or f'{national_change:+.0f}%'}"
                + (
                    f" ({national_change:+.1f}%)"
                    if any(
                        _round_half_away(v) == _round_half_away(national_change) for v in changes
                    )
                    else ""
                ),
            )[0]
        )
    lo = min([*changes, 0.0, national_change or 0.0])
    hi = max([*changes, 0.0, national_change or 0.0])
    span = (hi - lo) or 1.0
    ax.set_xlim(lo - span * 0.08, hi + span * 0.16)

    def whole(x: float) -> str:
        return f"{_round_half_away(x):+d}%"

    nat_whole = whole(national_change) if national_change is not None else None
    for y, v in zip(ys, changes, strict=True):
        # a force that rounds to the national figure gets a decimal, so the flag is readable
        text = f"{v:+.1f}%" if whole(v) == nat_whole else whole(v)
        ax.text(
            v + (span * 0.01 if v >= 0 else -span * 0.01),
            y,
            text,
            va="center",
            ha="left" if v >= 0 else "right",
            fontsize=8,
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.6, "alpha": 0.85},
        )
    ax.set_ylim(-0.6, len(forces) - 0.4)
    ax.set_xlabel("Change in recorded offences from the previous year (%)")
    ax.set_ylabel("Police force")
    ax.set_title(title)
    fig.legend(handles=handles, loc="outside lower center", fontsize=8, frameon=False, ncol=2)
    _style(ax)
    return _png(fig)


def trend_chart(years: Sequence[str], values: Sequence[int], title: str, ylabel: str) -> bytes:
    """Bars of a yearly total (e.g. England and Wales offences by financial year)."""
    n = max(len(years), 1)
    fig = Figure(figsize=(min(12.0, max(6.0, 0.7 * n + 2)), 4.4))
    ax = fig.add_subplot()
    xs = list(range(len(years)))
    bars = ax.bar(xs, values, color=SKY, edgecolor=BLUE)
    top = max(values, default=0) or 1
    for x, bar in zip(xs, bars, strict=True):
        ax.text(
            x,
            bar.get_height() + top * 0.01,
            f"{int(bar.get_height()):,}",
            ha="center",
            va="bottom",
            fontsize=8,
        )
    ax.set_xticks(xs, years, rotation=45 if n > 6 else 0, ha="right" if n > 6 else "center")
    ax.set_ylim(0, top * 1.15)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{int(v):,}"))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("Financial year (April–March)" if any("/" in y for y in years) else "Year")
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    _style(ax)
    return _png(fig)


def share_bars(
    labels: Sequence[str], shares: Sequence[float], title: str, category_label: str
) -> bytes:
    """Horizontal bars of percentage shares."""
    n = max(len(labels), 1)
    fig = Figure(figsize=(7.5, 1.4 + 0.42 * n))
    ax = fig.add_subplot()
    ys = list(range(len(labels)))[::-1]
    ax.barh(ys, shares, color=GREEN, height=0.65)
    ax.set_yticks(ys, labels)
    top = max(shares, default=0) or 1
    ax.set_xlim(0, top * 1.2)
    for y, v in zip(ys, shares, strict=True):
        ax.text(v + top * 0.01, y, f"{v:.0f}%", va="center", fontsize=9)
    ax.set_xlabel("Share (%)")
    ax.set_ylabel(category_label)
    ax.set_title(title)
    _style(ax)
    return _png(fig)
