"""Reading truth and scan files for ``guardline eval``, and printing an :class:`EvalResult`.

Both files are streamed. The scan file is reduced to one small record per row (no evidence);
the truth file is read one conversation at a time through ``guardline.corpora.load``
(JSONL, JSONL.gz, CSV, PAN12 XML). Nothing here prints message text.
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from rich.table import Table

from guardline.core.model import Conversation
from guardline.corpora import load
from guardline.evaluate.metrics import (
    EvalResult,
    Evaluator,
    ScanRecord,
    SourceStats,
    index_scans,
)


def _open_binary(path: Path) -> IO[bytes]:
    with path.open("rb") as fh:
        magic = fh.read(2)
    if magic == b"\x1f\x8b":
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return path.open("rb")


def read_scan_rows(path: str | Path) -> Iterator[dict[str, Any]]:
    """Yield the rows of a scan file (JSONL, optionally gzip, or the Parquet that
    ``guardline scan --format parquet`` writes). Blank lines are skipped."""
    p = Path(path)
    with p.open("rb") as fh:
        parquet = fh.read(4) == b"PAR1"
    if parquet:
        from guardline.corpora.parquet import read_scan_rows as read_parquet_rows

        try:
            yield from read_parquet_rows(p)
        except (OSError, ValueError) as exc:  # pyarrow's errors are ValueError/OSError
            raise ValueError(
                f"{p}: not a readable Parquet scan file ({type(exc).__name__})"
            ) from None
        return
    n = 0
    with _open_binary(p) as fh:
        lines = iter(fh)
        while True:
            try:
                raw = next(lines)
            except StopIteration:
                break
            except (EOFError, OSError, zlib.error) as exc:  # corrupt or truncated gzip
                raise ValueError(f"{p}: line {n + 1}: unreadable ({type(exc).__name__})") from None
            n += 1
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError:
                raise ValueError(f"{p}: line {n}: not UTF-8 text (not a scan file?)") from None
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{p}: line {n}: not JSON ({exc.msg})") from None
            if not isinstance(row, dict) or "id" not in row:
                raise ValueError(f"{p}: line {n}: not a scan row (no 'id')")
            yield row


def read_scan_records(path: str | Path) -> Iterator[ScanRecord]:
    """Yield a small :class:`ScanRecord` per scan row; a malformed row names its line."""
    p = Path(path)
    for n, row in enumerate(read_scan_rows(p), 1):
        try:
            yield ScanRecord.from_row(row)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ValueError(
                f"{p}: row {n} (id {str(row.get('id'))[:64]!r}): "
                f"malformed scan row ({type(exc).__name__}: {exc})"
            ) from None


def load_truth(
    path: str | Path,
    *,
    predators: str | Path | None = None,
    lines: str | Path | None = None,
) -> Iterator[Conversation]:
    """Stream labelled conversations from ``path`` with :func:`guardline.corpora.load`.

    ``predators`` and ``lines`` are PAN12 ground-truth files (problem 1 ids; problem 2
    ``conv_id<TAB>line`` with PAN12's 1-based ``line``) that label a PAN12 XML truth file;
    for other formats they are an error (the labels are in the file).
    """
    p = Path(path)
    options: dict[str, Any] = {}
    if predators is not None:
        options["predators"] = predators
    if lines is not None:
        options["predator_lines"] = lines
    try:
        conversations = load(p, **options)
    except TypeError as exc:  # labelling options given for a JSONL or CSV file
        raise ValueError(f"{p}: {exc}") from None
    yield from conversations


def evaluate_files(
    truth: str | Path,
    scan: str | Path,
    *,
    pan12: bool = False,
    predators: str | Path | None = None,
    lines: str | Path | None = None,
) -> EvalResult:
    """Score a truth file against a scan file; see :mod:`guardline.evaluate.metrics`."""
    index, rows, dups = index_scans(read_scan_records(scan))
    ev = Evaluator(pan12=pan12)
    seen: set[str] = set()
    for c in load_truth(truth, predators=predators, lines=lines):
        ev.add(c, index.get(c.id))
        seen.add(c.id)
    unknown = sum(1 for cid in index if cid not in seen)
    return ev.result(scan_rows=rows, unknown_rows=unknown, duplicate_rows=dups)


# --------------------------------------------------------------------------- rendering


def _f(x: float | None, digits: int = 3) -> str:
    return "–" if x is None else f"{x:.{digits}f}"


def _pct(x: float | None) -> str:
    return "–" if x is None else f"{100 * x:.1f}%"


def overall_table(r: EvalResult) -> Table:
    """Headline figures: authors, lines, conversations, latency, false alerts."""
    t = Table(title="Evaluation", show_header=True)
    t.add_column("level")
    t.add_column("figure")
    t.add_column("value", justify="right")
    unit = "distinct ids (PAN12 P1)" if r.pan12 else "per conversation"
    a = r.authors
    t.add_row(f"authors, {unit}", "precision / recall", f"{_f(a.precision)} / {_f(a.recall)}")
    t.add_row("", "F0.5 / F1", f"{_f(a.f05)} / {_f(a.f1)}")
    t.add_row("", "tp / fp / fn", f"{a.tp} / {a.fp} / {a.fn}")
    if r.lines is not None:
        ln = r.lines
        t.add_row(
            f"lines (PAN12 P2, {r.line_conversations} conv.)",
            "precision / recall",
            f"{_f(ln.precision)} / {_f(ln.recall)}",
        )
        t.add_row("", "F3", _f(ln.f3))
        t.add_row("", "tp / fp / fn", f"{ln.tp} / {ln.fp} / {ln.fn}")
    c = r.conversations
    t.add_row("conversations", "ROC-AUC / PR-AUC (risk)", f"{_f(r.roc_auc)} / {_f(r.pr_auc)}")
    t.add_row("", "alert precision / recall", f"{_f(c.precision)} / {_f(c.recall)}")
    t.add_row("", "alert F1", _f(c.f1))
    t.add_row("", "tp / fp / fn", f"{c.tp} / {c.fp} / {c.fn}")
    lat = r.latency
    t.add_row("latency (eSPD)", "speed / F_latency", f"{_f(lat.speed)} / {_f(lat.f_latency)}")
    t.add_row("", "median messages to first alert", _f(lat.median_k, 1))
    t.add_row("", f"positives alerted within {lat.early_k}", _pct(lat.within_early))
    t.add_row("", "positives never alerted", _pct(lat.never_alerted))
    tot = r.totals
    t.add_row(
        "false alerts",
        "negatives alerted",
        f"{tot.negatives_alerted} / {tot.negatives} ({_pct(tot.negative_alert_share)})",
    )
    t.add_row("", "per 1,000 negative messages", _f(tot.alerts_per_1000_negative_messages, 2))
    t.add_row(
        "decoy flagged",
        "positives with a non-predator flagged",
        f"{tot.decoy_flagged} / {tot.positives} ({_pct(tot.decoy_flagged_rate)})",
    )
    return t


def sources_table(r: EvalResult) -> Table:
    """Alert figures per truth ``source``, with a total row."""
    t = Table(title="By source", show_header=True)
    t.add_column("source", overflow="fold")
    for name in (
        "conv.",
        "pos.",
        "recall",
        "decoy flagged",
        "neg.",
        "neg. alerted",
        "alerts / 1k neg. msgs",
    ):
        t.add_column(name, justify="right")

    def row(name: str, s: SourceStats) -> None:
        t.add_row(
            name,
            str(s.conversations),
            str(s.positives),
            _f(s.recall),
            _pct(s.decoy_flagged_rate),
            str(s.negatives),
            f"{s.negatives_alerted} ({_pct(s.negative_alert_share)})",
            _f(s.alerts_per_1000_negative_messages, 2),
        )

    for name in sorted(r.sources):
        row(name, r.sources[name])
    t.add_section()
    row("all", r.totals)
    return t


def counts_table(r: EvalResult) -> Table:
    """How the two files matched up."""
    t = Table(title="Files", show_header=False)
    t.add_column("what")
    t.add_column("n", justify="right")
    for name, n in (
        ("truth conversations", r.truth_conversations),
        ("unlabelled (not scored)", r.unlabelled),
        ("scan rows", r.scan_rows),
        ("missing scan rows (no alert, risk 0)", r.missing_rows),
        ("scan rows with unknown ids", r.unknown_rows),
        ("duplicate scan rows", r.duplicate_rows),
    ):
        t.add_row(name, str(n))
    return t


def render_tables(r: EvalResult) -> list[Table]:
    """The tables ``guardline eval`` prints, in order."""
    return [overall_table(r), sources_table(r), counts_table(r)]
