"""Transparency statistics: guardline's own confirmed cases and public police recorded crime.

``case_report(records)`` and ``public_report(home_office_file, foi_file)`` return a
:class:`StatsBundle` (the report as a dict and chart PNG bytes); ``write_bundle`` writes JSON,
CSV, Markdown and a self-contained HTML page. Computation runs on plain dataclasses
(:class:`CaseRecord`), so it needs no database; ``store_source`` reads records from one.
"""

from __future__ import annotations

from typing import Any

from guardline.stats.cases import (
    AGE_BANDS,
    CaseRecord,
    CaseStats,
    compute_case_stats,
    demo_records,
    financial_year,
    period_key,
)
from guardline.stats.public import (
    Comparison,
    FoiTable,
    YearlyTable,
    compare,
    fmt_pct,
    load_foi,
    load_home_office,
)
from guardline.stats.tables import TableError

_REPORT_NAMES = ("StatsBundle", "case_report", "public_report", "write_bundle")


def __getattr__(name: str) -> Any:
    """The report functions load matplotlib, so they are imported on first use."""
    if name in _REPORT_NAMES:
        from guardline.stats import report

        return getattr(report, name)
    raise AttributeError(f"module 'guardline.stats' has no attribute {name!r}")


__all__ = [
    "AGE_BANDS",
    "CaseRecord",
    "CaseStats",
    "Comparison",
    "FoiTable",
    "StatsBundle",
    "TableError",
    "YearlyTable",
    "case_report",
    "compare",
    "compute_case_stats",
    "demo_records",
    "financial_year",
    "fmt_pct",
    "load_foi",
    "load_home_office",
    "period_key",
    "public_report",
    "write_bundle",
]
