"""`guardline scan` and `guardline explain`: run the detector over archives of conversations."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from guardline.cli.app import app
from guardline.core.model import Conversation, ConversationAssessment, Stage
from guardline.detect import AlertPolicy, Detector, load_model

console = Console(stderr=True)

ModelOpt = Annotated[
    str, typer.Option("--model", "-m", help="default | rules | learned | PATH to a model file")
]
ThresholdOpt = Annotated[
    float | None, typer.Option(help="Alert threshold on author risk (default: the model's)")
]
KOpt = Annotated[int | None, typer.Option("--k", help="Alert when k of the last n scores are over")]
NOpt = Annotated[int | None, typer.Option("--n", help="Persistence window length")]
SkipBadOpt = Annotated[
    bool, typer.Option("--skip-bad", help="Skip malformed records, report them, keep going")
]


def build_detector(model: str, threshold: float | None, k: int | None, n: int | None) -> Detector:
    """A Detector for CLI use: the chosen model with its policy, overridden by options."""
    try:
        risk_model = load_model(model)
    except (ValueError, OSError) as exc:
        console.print(f"[red]error:[/red] cannot load model {model!r}: {exc}")
        raise typer.Exit(2) from exc
    det = Detector(model=risk_model)
    if threshold is not None or k is not None or n is not None:
        p = det.policy
        kk = k if k is not None else min(p.k, n if n is not None else p.n)
        det.policy = AlertPolicy(
            threshold=threshold if threshold is not None else p.threshold,
            k=kk,
            n=n if n is not None else max(p.n, kk),
            min_messages=p.min_messages,
        )
    return det


def iter_inputs(paths: list[Path], skip_bad: bool):  # type: ignore[no-untyped-def]
    """Yield conversations from every input; print what was skipped at the end."""
    from guardline.corpora import CorpusError, LoadReport, load

    for path in paths:
        report = LoadReport()
        try:
            yield from load(path, skip_bad=skip_bad, report=report)
        except CorpusError as exc:
            console.print(f"[red]error:[/red] {exc}")
            console.print("Fix the record, or rerun with --skip-bad to skip and report it.")
            raise typer.Exit(1) from exc
        except (OSError, UnicodeError) as exc:
            console.print(f"[red]error:[/red] {path}: {exc}")
            raise typer.Exit(1) from exc
        for note in report.notes[:20]:
            console.print(f"[dim]{path}: note: {note}[/dim]")
        if report.skipped:
            console.print(f"[yellow]{path}: skipped {len(report.skipped)} bad record(s):[/yellow]")
            for item in report.skipped[:50]:
                console.print(f"  {item}")
            if len(report.skipped) > 50:
                console.print(f"  ... and {len(report.skipped) - 50} more")


@app.command()
def scan(
    inputs: Annotated[list[Path], typer.Argument(help="JSONL(.gz), CSV or PAN12 XML files")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Write one JSON row per conversation")],
    model: ModelOpt = "default",
    threshold: ThresholdOpt = None,
    k: KOpt = None,
    n: NOpt = None,
    skip_bad: SkipBadOpt = False,
) -> None:
    """Score every conversation message by message; write risk, alert and evidence."""
    for p in inputs:
        if not p.exists():
            console.print(f"[red]error:[/red] no such file: {p}")
            raise typer.Exit(2)
    det = build_detector(model, threshold, k, n)
    n_conv = n_alert = n_msg = 0
    out.parent.mkdir(parents=True, exist_ok=True)
    with (
        out.open("w", encoding="utf-8") as fh,
        Progress(
            TextColumn("[bold]scan"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("conversations"),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        ) as progress,
    ):
        task = progress.add_task("scan", total=None)
        for conv in iter_inputs(inputs, skip_bad):
            a = det.scan(conv)
            fh.write(json.dumps(a.to_scan_row(), ensure_ascii=False) + "\n")
            n_conv += 1
            n_msg += len(conv.messages)
            n_alert += a.alert
            progress.advance(task)
    console.print(
        f"scanned {n_conv} conversations ({n_msg} messages) with model "
        f"[bold]{det.model.name}[/bold]; {n_alert} alerted; wrote {out}"
    )


_STAGE_STYLE = {
    Stage.FRIENDSHIP: "cyan",
    Stage.RELATIONSHIP: "blue",
    Stage.RISK_ASSESSMENT: "yellow",
    Stage.EXCLUSIVITY: "magenta",
    Stage.SEXUAL: "red",
    Stage.CONCLUSION: "bold red",
}


def render_explanation(conv: Conversation, a: ConversationAssessment, con: Console) -> None:
    """The conversation with signs highlighted, then a stage timeline per author."""
    from guardline.signs import default_registry

    reg = default_registry()
    by_msg: dict[int, list] = {}
    for s in a.evidence:
        by_msg.setdefault(s.message_index, []).append(s)
    con.print(
        f"[bold]{conv.id}[/bold]  risk {a.risk:.2f}  "
        + (
            f"[red]ALERT after message {a.first_alert_index}[/red]"
            if a.alert
            else "[green]no alert[/green]"
        )
    )
    for m in conv.messages:
        t = Text(m.text)
        for s in by_msg.get(m.index, []):
            t.stylize(_STAGE_STYLE.get(s.stage, "bold"), s.span[0], s.span[1])
        tags = ", ".join(sorted({s.sign for s in by_msg.get(m.index, [])}))
        mark = "[red]▶[/red] " if a.first_alert_index == m.index else "  "
        line = Text.assemble(Text.from_markup(mark), (f"{m.index:>4} {m.author}: ", "dim"), t)
        if tags:
            line.append(f"   [{tags}]", style="italic dim")
        con.print(line)
    table = Table(title="Stage timeline (message indices where each stage's signs appear)")
    table.add_column("author")
    table.add_column("risk", justify="right")
    table.add_column("flagged")
    for st in Stage:
        table.add_column(st.value.replace("_", " "))
    for au in a.authors:
        cells = []
        for st in Stage:
            idx = sorted({s.message_index for s in au.signals if s.stage == st})
            cells.append(",".join(map(str, idx[:8])) + ("…" if len(idx) > 8 else ""))
        table.add_row(au.author, f"{au.risk:.2f}", "yes" if au.flagged else "", *cells)
    con.print(table)
    seen = sorted({s.sign for s in a.evidence})
    if seen:
        con.print("[bold]Signs seen[/bold]")
        for sid in seen:
            info = reg.info(sid)
            con.print(
                f"  [{_STAGE_STYLE.get(info.stage, 'bold')}]{sid}[/] ({info.stage.value}): "
                f"{info.description}"
            )


@app.command()
def explain(
    input: Annotated[Path, typer.Argument(help="JSONL(.gz), CSV or PAN12 XML file")],
    id: Annotated[str, typer.Option("--id", help="Conversation id to explain")],
    model: ModelOpt = "default",
    threshold: ThresholdOpt = None,
    k: KOpt = None,
    n: NOpt = None,
) -> None:
    """Show one conversation with its signs highlighted and a stage timeline (prints text)."""
    det = build_detector(model, threshold, k, n)
    for conv in iter_inputs([input], skip_bad=True):
        if conv.id == id:
            render_explanation(conv, det.scan(conv), Console())
            return
    console.print(f"[red]error:[/red] no conversation with id {id!r} in {input}")
    raise typer.Exit(1)
