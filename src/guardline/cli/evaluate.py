"""``guardline eval TRUTH SCAN``: score a scan file against a labelled corpus."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape

from guardline.cli.app import app
from guardline.corpora.locate import shared_data_dir
from guardline.detect.memory import DEFAULT_MAX_QUIET, DEFAULT_RENEW_RISK
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
        help="Scan output of `guardline scan` (JSONL, JSONL.gz or Parquet, one row per "
        "conversation).",
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
    from guardline.corpora.parquet import MissingExtraError

    try:
        result = evaluate_files(truth, scan, pan12=pan12, predators=predators, lines=lines)
    except (ValueError, MissingExtraError) as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False)
        raise typer.Exit(2) from None
    for w in result.warnings:
        err.print(f"[yellow]warning:[/yellow] {escape(w)}", highlight=False)
    for table in render_tables(result):
        out.print(table)
    if json_out is not None:
        json_out.write_text(json.dumps(result.to_dict(), indent=2) + "\n", encoding="utf-8")
        out.print(f"figures written to {json_out}", markup=False, highlight=False)


@app.command("replay")
def replay_command(
    risks: Path = typer.Argument(
        ...,
        exists=True,
        dir_okay=False,
        readable=True,
        help="Out-of-fold risks written by `guardline train --cv-risks`.",
    ),
    data: Path = typer.Option(
        shared_data_dir() / "groombench",
        "--data",
        metavar="<path>",
        help="groombench folder (its train_sessions.jsonl.gz, the file the risks are of).",
    ),
    memory: bool = typer.Option(
        True,
        "--memory/--no-memory",
        help="Run with relationship memory (the service default), in file order.",
    ),
    max_quiet: int = typer.Option(
        DEFAULT_MAX_QUIET,
        "--max-quiet",
        min=0,
        help="Memory: quiet carried conversations in a row after which a flag lapses.",
    ),
    renew_risk: float = typer.Option(
        DEFAULT_RENEW_RISK,
        "--renew-risk",
        min=0.0,
        max=1.0,
        help="Memory: the author's own risk that renews a carried flag.",
    ),
    threshold: float | None = typer.Option(
        None, "--threshold", min=0.0, max=1.0, help="Alert threshold (default: the training's)."
    ),
    outrank: bool = typer.Option(
        True,
        "--outrank/--no-outrank",
        help="Two-person chats: the second author is flagged only at or above the flagged "
        "partner's risk (and the name moves to them when above it) and, with memory, not "
        "while the partner carries the pair's flag and has looked riskier over the pair's "
        "chats (the default policy).",
    ),
    json_out: Path | None = typer.Option(
        None, "--json", dir_okay=False, help="Also write every figure to this JSON file."
    ),
) -> None:
    """Cross-validated figures of the whole detector, memory included: the training's
    out-of-fold risks of train_sessions run through the Detector in file order."""
    from dataclasses import replace

    from guardline.corpora import CorpusError, load
    from guardline.detect import RelationshipMemory
    from guardline.evaluate.bench import silent_misses
    from guardline.evaluate.metrics import evaluate
    from guardline.evaluate.replay import (
        CVRisksError,
        decoys_ever_named,
        read_cv_risks,
        replay,
    )

    out = Console()
    err = Console(stderr=True)
    sessions = data / "train_sessions.jsonl.gz"
    try:
        per_record, policy = read_cv_risks(risks)
        convs = list(load(sessions))
        if threshold is not None:
            policy = replace(policy, threshold=threshold)
        policy = replace(policy, outrank=outrank)
        mem = (
            RelationshipMemory(max_quiet=max_quiet, renew_risk=renew_risk, track_changes=False)
            if memory
            else None
        )
        named: dict[str, set[str]] = {}
        assessments = replay(convs, per_record, policy, mem, ever_named=named)
    except (CVRisksError, CorpusError, OSError) as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False)
        raise typer.Exit(2) from None
    result = evaluate(convs, assessments)
    for table in render_tables(result):
        out.print(table)
    misses = silent_misses(convs, assessments)
    shown, total = decoys_ever_named(convs, named)
    out.print(
        f"policy: threshold {policy.threshold}, {policy.k} of {policy.n}"
        + ("" if policy.outrank else ", without outrank")
        + "; memory: "
        + (f"on (max quiet {max_quiet}, renew risk {renew_risk})" if memory else "off")
        + f"; never alerted {misses['never_alerted']}, of them {misses['offender_silent']} "
        f"with no sign from the offender; a decoy named at some moment in {shown} of {total} "
        f"grooming sessions ({result.totals.decoy_flagged} at the end)",
        markup=False,
        highlight=False,
    )
    if json_out is not None:
        doc = {
            **result.to_dict(),
            "missed": misses,
            "decoy_ever_flagged": shown,
            "policy": policy.to_dict(),
            "memory": memory,
        }
        json_out.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
        out.print(f"figures written to {json_out}", markup=False, highlight=False)
