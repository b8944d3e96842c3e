"""``guardline eval TRUTH SCAN``: score a scan file against a labelled corpus."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape

from guardline.cli.app import app
from guardline.evaluate.report import evaluate_files, render_tables


@app.command("eval")
def eval_command(
    truth: Path = typer.Argument(
        ...,
        exists=True,
        dir_okay=False,
        readable=True,
        help="Labelled corpus (JSONL/JSONL.gz; CSV or PAN12 XML through the corpora loader).",
    ),
    scan: Path = typer.Argument(
        ...,
        exists=True,
        dir_okay=False,
        readable=True,
        help="Scan output of `guardline scan` (JSONL or JSONL.gz, one row per conversation).",
    ),
    pan12: bool = typer.Option(
        False,
        "--pan12",
        help="Author figures over distinct author ids across the corpus (PAN12 problem 1).",
    ),
    predators: Path | None = typer.Option(
        None,
        "--predators",
        exists=True,
        dir_okay=False,
        help="PAN12 predator id list, to label a truth file that has no labels (e.g. XML).",
    ),
    lines: Path | None = typer.Option(
        None,
        "--lines",
        exists=True,
        dir_okay=False,
        help="PAN12 problem-2 file (conv_id<TAB>line), to label predator lines.",
    ),
    json_out: Path | None = typer.Option(
        None,
        "--json",
        dir_okay=False,
        help="Also write every figure to this JSON file.",
    ),
) -> None:
    """Score SCAN against TRUTH: author, line and conversation figures, latency, false alerts."""
    out = Console()
    err = Console(stderr=True)
    try:
        result = evaluate_files(truth, scan, pan12=pan12, predators=predators, lines=lines)
    except ValueError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False)
        raise typer.Exit(2) from None
    for w in result.warnings:
        err.print(f"[yellow]warning:[/yellow] {escape(w)}", highlight=False)
    for table in render_tables(result):
        out.print(table)
    if json_out is not None:
        json_out.write_text(json.dumps(result.to_dict(), indent=2) + "\n", encoding="utf-8")
        out.print(f"figures written to {json_out}", markup=False, highlight=False)
