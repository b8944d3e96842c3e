"""`guardline scan` and `guardline explain`: run the detector over archives of conversations."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from guardline.cli.app import app
from guardline.core.model import Conversation, ConversationAssessment, Stage
from guardline.corpora.errors import LoadReport
from guardline.detect import Detector
from guardline.detect.memory import DEFAULT_MAX_QUIET

console = Console(stderr=True)
#: files of a scanned directory skipped as not corpora, named one by one up to this many
SKIPPED_SHOWN = 20

ModelOpt = Annotated[
    str, typer.Option("--model", "-m", help="default | rules | learned | PATH to a model file")
]
ThresholdOpt = Annotated[
    float | None, typer.Option(help="Alert threshold on author risk (default: the model's)")
]
KOpt = Annotated[int | None, typer.Option("--k", help="Alert when k of the last n scores are over")]
NOpt = Annotated[int | None, typer.Option("--n", help="Persistence window length")]
MaxQuietOpt = Annotated[
    int,
    typer.Option(
        "--memory-max-quiet",
        min=0,
        help="With --relationship-memory: a carried flag expires after this many later "
        "conversations in a row in which the author's own risk stayed under 0.5 (0: never)",
    ),
]
OutrankOpt = Annotated[
    bool,
    typer.Option(
        "--outrank/--no-outrank",
        help="Two-person chats: name the second author only when their risk reaches the "
        "flagged one's, and move the name to them when it is above it; with relationship "
        "memory, not while the flagged one carries the pair's flag and has looked riskier "
        "over the pair's chats (the default policy)",
    ),
]
SkipBadOpt = Annotated[
    bool, typer.Option("--skip-bad", help="Skip malformed records, report them, keep going")
]


def build_detector(
    model: str,
    threshold: float | None,
    k: int | None,
    n: int | None,
    memory: bool = False,
    max_quiet: int = DEFAULT_MAX_QUIET,
    outrank: bool = True,
) -> Detector:
    """A Detector for CLI use: the chosen model with its policy, overridden by options."""
    from guardline.engines.local import DetectorSpec

    try:
        return DetectorSpec(model, threshold, k, n, memory, max_quiet, outrank).build()
    except (ValueError, OSError) as exc:
        console.print(f"[red]error:[/red] cannot load model {model!r}: {escape(str(exc))}")
        raise typer.Exit(2) from exc


def print_file_report(path: str, report: LoadReport) -> None:
    """What loading one file noted and skipped (never message text)."""
    path = escape(path)
    for note in report.notes[:20]:
        console.print(f"[dim]{path}: note: {escape(str(note))}[/dim]")
    if report.skipped:
        console.print(f"[yellow]{path}: skipped {len(report.skipped)} bad record(s):[/yellow]")
        for item in report.skipped[:50]:
            console.print(f"  {escape(str(item))}")
        if len(report.skipped) > 50:
            console.print(f"  ... and {len(report.skipped) - 50} more")


def iter_inputs(paths: list[Path], skip_bad: bool):  # type: ignore[no-untyped-def]
    """Yield conversations from every input; print what was skipped at the end."""
    from guardline.corpora import CorpusError
    from guardline.engines.local import ScanInputError, read_file

    for path in paths:
        report = LoadReport()
        try:
            yield from read_file(path, skip_bad=skip_bad, report=report)
        except CorpusError as exc:
            console.print(f"[red]error:[/red] {escape(str(exc))}")
            console.print(_corpus_error_hint(skip_bad))
            raise typer.Exit(1) from exc
        except ScanInputError as exc:
            console.print(f"[red]error:[/red] {escape(str(exc))}")
            raise typer.Exit(1) from exc
        print_file_report(str(path), report)


def _corpus_error_hint(skip_bad: bool) -> str:
    """What to do about a CorpusError that stopped the run; with --skip-bad, the error was one
    that cannot be skipped (an empty or unreadable file, malformed CSV or XML)."""
    if skip_bad:
        return "--skip-bad cannot skip this: the file cannot be read past it; fix or remove it."
    return "Fix the record, or rerun with --skip-bad to skip and report it."


EngineOpt = Annotated[
    str,
    typer.Option("--engine", help="local (this process) or ray (Ray Data; needs the ray extra)"),
]


@app.command()
def scan(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="JSONL(.gz), CSV, PAN12 XML or Parquet files, directories of them, or glob "
            "patterns (quote them)"
        ),
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="Write one row per conversation")],
    model: ModelOpt = "default",
    threshold: ThresholdOpt = None,
    k: KOpt = None,
    n: NOpt = None,
    skip_bad: SkipBadOpt = False,
    engine: EngineOpt = "local",
    ray_address: Annotated[
        str | None,
        typer.Option(
            "--ray-address",
            help="Ray cluster to use (e.g. 10.0.0.5:6379); default: a private local Ray",
        ),
    ] = None,
    workers: Annotated[
        int, typer.Option("--workers", min=1, help="Ray engine: scoring workers (1 CPU each)")
    ] = 2,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format", help="jsonl or parquet (default: parquet for a .parquet --out, else jsonl)"
        ),
    ] = None,
    summary_json: Annotated[
        Path | None,
        typer.Option(
            "--summary",
            help="Also write the scan summary as JSON (counts, seconds, conversations per worker)",
        ),
    ] = None,
    memory: Annotated[
        bool,
        typer.Option(
            "--relationship-memory",
            help="Relationship memory: an author flagged with a partner stays flagged in their "
            "later conversations (input order is time order; on Ray each pair's conversations are "
            "scored by one worker, in input order)",
        ),
    ] = False,
    max_quiet: MaxQuietOpt = DEFAULT_MAX_QUIET,
    outrank: OutrankOpt = True,
) -> None:
    """Score every conversation message by message; write risk, alert and evidence."""
    from guardline.corpora import CorpusError
    from guardline.corpora.parquet import MissingExtraError
    from guardline.engines.local import (
        DetectorSpec,
        InputError,
        ScanInputError,
        expand_inputs,
        output_format,
        run_local,
    )

    if engine not in ("local", "ray"):
        console.print(f"[red]error:[/red] unknown engine {engine!r}; choose local or ray")
        raise typer.Exit(2)
    skipped: list[Path] = []
    try:
        paths = expand_inputs(inputs, skipped)
        out_fmt = output_format(out, fmt)
    except (InputError, ValueError) as exc:
        console.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from exc
    for f in skipped[:SKIPPED_SHOWN]:
        console.print(f"skipped (not a corpus file by its name): {escape(str(f))}")
    if len(skipped) > SKIPPED_SHOWN:
        console.print(f"skipped {len(skipped) - SKIPPED_SHOWN} more files of the same kind")
    spec = DetectorSpec(model, threshold, k, n, memory, max_quiet, outrank)
    det = build_detector(model, threshold, k, n, memory, max_quiet, outrank)
    try:
        if engine == "local":
            with Progress(
                TextColumn("[bold]scan"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("conversations"),
                TimeElapsedColumn(),
                console=console,
                transient=True,
            ) as progress:
                task = progress.add_task("scan", total=None)
                summary = run_local(
                    paths,
                    out,
                    spec=spec,
                    fmt=out_fmt,
                    skip_bad=skip_bad,
                    detector=det,
                    on_file_done=print_file_report,
                    on_conversation=lambda: progress.advance(task),
                )
        else:
            from guardline.engines.ray import run_ray

            console.print(
                f"scan on Ray ({ray_address or 'local Ray'}), {workers} worker(s), "
                f"{len(paths)} file(s) ..."
            )
            try:
                summary = run_ray(
                    paths,
                    out,
                    spec=spec,
                    fmt=out_fmt,
                    skip_bad=skip_bad,
                    workers=workers,
                    address=ray_address,
                    on_file_done=print_file_report,
                )
            except (RuntimeError, ConnectionError) as exc:
                console.print(f"[red]error:[/red] Ray: {escape(str(exc))}")
                raise typer.Exit(1) from exc
    except CorpusError as exc:
        console.print(f"[red]error:[/red] {escape(str(exc))}")
        console.print(_corpus_error_hint(skip_bad))
        raise typer.Exit(1) from exc
    except ScanInputError as exc:
        console.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(1) from exc
    except MissingExtraError as exc:
        console.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from exc
    if summary_json is not None:
        summary_json.parent.mkdir(parents=True, exist_ok=True)
        summary_json.write_text(json.dumps(summary.to_dict(), indent=2) + "\n", encoding="utf-8")
    extra = ""
    if engine == "ray":
        extra = (
            f" on {len(summary.workers)} worker(s), {len(summary.nodes)} node(s) "
            f"in {summary.seconds:.1f}s"
        )
    console.print(
        f"scanned {summary.conversations} conversations ({summary.messages} messages) with "
        f"model [bold]{summary.model}[/bold]; {summary.alerts} alerted; wrote "
        f"{escape(str(out))}{extra}"
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
    from guardline.model.addressing import FOCUS_MIN
    from guardline.signs import default_registry

    reg = default_registry()
    by_msg: dict[int, list] = {}
    for s in a.evidence:
        by_msg.setdefault(s.message_index, []).append(s)
    con.print(
        f"[bold]{escape(conv.id)}[/bold]  risk {a.risk:.2f}  "
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
        table.add_row(escape(au.author), f"{au.risk:.2f}", "yes" if au.flagged else "", *cells)
    con.print(table)
    for au in a.authors:
        if au.flagged and au.addressee is not None:
            con.print(
                f"[bold]{escape(au.author)}[/bold] singles out [bold]{escape(au.addressee)}"
                "[/bold] in this group chat: their messages to them alone score at least "
                f"{FOCUS_MIN:.0%}"
            )
        if au.prior is not None:
            con.print(
                f"[bold]{escape(au.author)}[/bold] was flagged with the same participant before, "
                f"in conversation [bold]{escape(au.prior)}[/bold] (relationship memory)"
            )
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
    input: Annotated[Path, typer.Argument(help="JSONL(.gz), CSV, PAN12 XML or Parquet file")],
    id: Annotated[str, typer.Option("--id", help="Conversation id to explain")],
    model: ModelOpt = "default",
    threshold: ThresholdOpt = None,
    k: KOpt = None,
    n: NOpt = None,
    memory: Annotated[
        bool,
        typer.Option(
            "--relationship-memory",
            help="Score the file's earlier conversations first, with relationship memory, as "
            "`scan --relationship-memory` does",
        ),
    ] = False,
    max_quiet: MaxQuietOpt = DEFAULT_MAX_QUIET,
    outrank: OutrankOpt = True,
) -> None:
    """Show one conversation with its signs highlighted and a stage timeline (prints text)."""
    det = build_detector(model, threshold, k, n, memory, max_quiet, outrank)
    for conv in iter_inputs([input], skip_bad=True):
        if conv.id == id:
            render_explanation(conv, det.scan(conv), Console())
            return
        if memory:
            det.scan(conv)
    console.print(f"[red]error:[/red] no conversation with id {id!r} in {input}")
    raise typer.Exit(1)
