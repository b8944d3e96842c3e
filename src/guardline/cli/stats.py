"""``guardline stats cases`` and ``guardline stats public``: transparency statistics reports.

Each writes report.json, one CSV per table, report.md, a self-contained report.html and the
PNG charts into ``--out``, and prints a summary table. Method: docs/stats.md.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from guardline.cli.app import app

if TYPE_CHECKING:
    from guardline.stats.report import StatsBundle as Bundle

stats_app = typer.Typer(
    help="Statistics reports: guardline's confirmed cases, and public police recorded crime "
    "tables (per-force change against England and Wales).",
    no_args_is_help=True,
)
app.add_typer(stats_app, name="stats")


def _default_db() -> str:
    """The service's database URL (GUARDLINE_DATABASE_URL / .env), else the store default."""
    try:
        from guardline.service.settings import Settings

        return str(Settings().database_url)
    except Exception:  # service extra missing or settings invalid: plain env, then default
        from guardline.store.db import DEFAULT_URL

        return os.environ.get("GUARDLINE_DATABASE_URL", DEFAULT_URL)


def _date(value: str | None, name: str, end_of_day: bool = False) -> datetime | None:
    """An ISO date or date-time (UTC unless it says otherwise); with ``end_of_day``, a bare
    date means the end of that day (``--as-of 2025-03-31`` includes 31 March)."""
    if value is None:
        return None
    try:
        d = datetime.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(
            f"{value!r} is not a date like 2025-03-31", param_hint=name
        ) from None
    if end_of_day and "T" not in value.upper() and " " not in value.strip():
        d = d.replace(hour=23, minute=59, second=59, microsecond=999999)
    return d.replace(tzinfo=UTC) if d.tzinfo is None else d


def _print(report: dict, written: list[Path], out_dir: Path) -> None:  # type: ignore[type-arg]
    out = Console()
    t = Table(title=report["title"], show_header=True, header_style="bold")
    t.add_column("figure")
    t.add_column("value", justify="right")
    for s in report["summary"]:
        t.add_row(escape(str(s["label"])), escape(str(s["value"])))
    out.print(t)
    for tab in report["tables"]:
        if tab["name"].endswith("force_change"):
            ft = Table(title=tab["title"])
            cols = [c for c in tab["columns"] if c != "change_pct"]
            for c in cols:
                head = "faster than E&W" if c.startswith("rising_faster") else str(c)
                ft.add_column(
                    head, justify="left" if c == "force" else "right", no_wrap=c == "force"
                )
            rows = tab["rows"]
            shown = rows if len(rows) <= 16 else rows[:10] + rows[-1:]
            for r in shown:
                ft.add_row(*[escape("" if r.get(c) is None else str(r.get(c))) for c in cols])
            if len(shown) < len(rows):
                out.print(
                    f"(top 10 of {len(rows) - 1} forces shown; all in the report)",
                    markup=False,
                    highlight=False,
                )
            out.print(ft)
    err = Console(stderr=True)
    for w in report.get("warnings", []):
        err.print(f"[yellow]warning:[/yellow] {escape(w)}", highlight=False)
    out.print(f"{len(written)} files written to {out_dir}", markup=False, highlight=False)


def _fail(exc: Exception) -> typer.Exit:
    Console(stderr=True).print(f"[red]error:[/red] {escape(str(exc))}", highlight=False)
    return typer.Exit(2)


def _write(build: Callable[[], Bundle], out: Path) -> None:
    """Build the report, write its files into ``out`` and print its summary; a bad input or
    an unwritable directory exits 2 with the reason."""
    from guardline.stats.report import write_bundle

    try:
        bundle = build()
        written = write_bundle(bundle, out)
    except (ValueError, OSError) as exc:
        raise _fail(exc) from None
    _print(bundle.report, written, out)


@stats_app.command("cases")
def cases_command(
    out: Path = typer.Option(..., "--out", file_okay=False, help="Directory for the report."),
    db: str | None = typer.Option(
        None,
        "--db",
        help="Database URL (default: the service's GUARDLINE_DATABASE_URL, else "
        "sqlite:///guardline.db).",
    ),
    demo: bool = typer.Option(
        False, "--demo", help="Use the built-in synthetic demo records instead of a database."
    ),
    period: str = typer.Option("month", "--period", help="month, quarter or year."),
    financial_year: bool = typer.Option(
        False, "--financial-year", help="Years run April–March (2024/25) instead of calendar."
    ),
    suppress: int = typer.Option(
        5, "--suppress", min=0, help="Counts 1..N-1 are shown as '<N'; 0 disables suppression."
    ),
    tenant: str | None = typer.Option(None, "--tenant", help="Only this tenant's cases."),
    as_of: str | None = typer.Option(
        None,
        "--as-of",
        help="Figures as of the end of this date (ISO; default now, or with --demo the "
        "end of the demo records). Later cases are not counted; years not over by then "
        "are partial.",
    ),
    since: str | None = typer.Option(
        None,
        "--since",
        help="Start of case recording (ISO date; default: month of the "
        "first confirmed case). Years starting earlier are partial.",
    ),
) -> None:
    """Confirmed cases by period, platform, surface, victim age band and region."""
    from guardline.stats.cases import DEMO_END, PERIODS, demo_records
    from guardline.stats.report import case_report

    if period not in PERIODS:
        raise typer.BadParameter(f"must be one of {', '.join(PERIODS)}", param_hint="--period")
    as_of_d, since_d = _date(as_of, "--as-of", end_of_day=True), _date(since, "--since")
    if demo and as_of_d is None:  # the demo records stop at DEMO_END: "now" would read as a fall
        as_of_d = DEMO_END

    def build() -> Bundle:
        if demo:
            if db is not None:
                raise ValueError("give --db or --demo, not both")
            records = demo_records()
            source = "synthetic demo records (guardline.stats.cases.demo_records)"
        else:
            from guardline.stats.store_source import read_case_records
            from guardline.store.db import normalise_url

            url = db or _default_db()
            records = read_case_records(normalise_url(url), tenant)
            from sqlalchemy.engine import make_url

            source = f"cases table of {make_url(url).render_as_string(hide_password=True)}"
        return case_report(
            records, period, financial_year, suppress, tenant, as_of_d, since_d, source=source
        )

    _write(build, out)


@stats_app.command("public")
def public_command(
    file: Path | None = typer.Argument(
        None,
        dir_okay=False,
        help="Home Office police recorded crime open data table (long format; CSV or ODS).",
    ),
    out: Path = typer.Option(..., "--out", file_okay=False, help="Directory for the report."),
    foi: Path | None = typer.Option(
        None,
        "--foi",
        dir_okay=False,
        help="NSPCC-style FOI table (force, year, offences, optional under-12 and platform "
        "columns; CSV or ODS).",
    ),
    offence_code: str = typer.Option(
        "88A", "--offence-code", help="Home Office offence code (88A: sexual grooming)."
    ),
    years: str | None = typer.Option(
        None,
        "--years",
        help="The two years to compare, e.g. 2022/23,2023/24 (default: the "
        "latest two complete years).",
    ),
    include_btp: bool = typer.Option(
        False,
        "--include-btp",
        help="Add British Transport Police to a computed England and Wales total.",
    ),
    encoding: str = typer.Option("utf-8", "--encoding", help="Text encoding of CSV files."),
    force_alias: list[str] = typer.Option(
        [], "--force-alias", help="Extra force name variant, 'Name in file=Canonical name'."
    ),
) -> None:
    """Per-force year-on-year change against England and Wales, ranked, with charts."""
    from guardline.stats.report import public_report

    if file is None and foi is None:
        raise typer.BadParameter("give a Home Office table FILE, --foi FILE, or both")
    aliases: dict[str, str] = {}
    for a in force_alias:
        name, sep, canon = a.partition("=")
        if not sep or not name.strip() or not canon.strip():
            raise typer.BadParameter(f"{a!r} is not 'Name=Canonical'", param_hint="--force-alias")
        from guardline.stats.forces import ALL_FORCES

        if canon.strip() not in ALL_FORCES:
            raise typer.BadParameter(
                f"{canon.strip()!r} is not a force name (one of: {', '.join(ALL_FORCES)})",
                param_hint="--force-alias",
            )
        aliases[name.strip()] = canon.strip()
    year_list = None
    if years:
        from guardline.stats.public import parse_year
        from guardline.stats.tables import TableError

        try:
            year_list = [parse_year(y, Path("--years"), 1, None) for y in years.split(",")]
        except TableError as exc:
            raise typer.BadParameter(exc.reason, param_hint="--years") from None
    _write(
        lambda: public_report(
            file, foi, offence_code, year_list, include_btp, encoding, aliases or None
        ),
        out,
    )


@stats_app.command("example-data")
def example_data_command(
    out: Path = typer.Argument(..., file_okay=False, help="Directory for the two CSV files."),
) -> None:
    """Write synthetic example tables (real force names, made-up counts) to try `stats public`."""
    from guardline.stats.examples import write_example_tables

    paths = write_example_tables(out)
    for p in paths:
        Console().print(f"wrote {p}", markup=False, highlight=False)
    Console().print(
        f"try: guardline stats public {paths[0]} --foi {paths[1]} --out {out / 'report'}",
        markup=False,
        highlight=False,
    )
