"""`guardline bench --scale`: messages per second for the local engine in one process and for
the Ray engine with 1 and 2 workers on this machine, and the scaling efficiency.

Self-contained: it writes its own input shards (groombench ``test_sessions`` when present,
repeated ``repeat`` times; else the shipped examples repeated) into a temporary directory,
starts a private local Ray (no dashboard, no usage stats) and stops it, and records the
machine's load (``/proc/loadavg``) before and after, since other work on the machine skews
every figure. Each Ray run's output is compared byte for byte with the local engine's.

Two rates per Ray run: *wall* (whole run: actor start, model load, scan, write) and
*steady* (from the first scored row to the last: the rate a long archive scan sees).
Scaling efficiency = steady msgs/s with 2 workers / (2 × steady msgs/s with 1 worker).
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import tempfile
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from guardline.corpora import load
from guardline.corpora.jsonl import dumps_record
from guardline.engines.local import DetectorSpec, ScanSummary, expand_inputs, run_local

SHARDS = 8


@dataclass
class ScaleRun:
    label: str
    engine: str
    workers: int
    summary: ScanSummary
    steady_msgs_per_s: float
    identical: bool | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "engine": self.engine,
            "workers": self.workers,
            "wall_msgs_per_s": round(self.summary.msgs_per_s, 1),
            "steady_msgs_per_s": round(self.steady_msgs_per_s, 1),
            "identical_to_local": self.identical,
            "conversations_per_worker": dict(self.summary.workers),
            **{
                k: v
                for k, v in self.summary.to_dict().items()
                if k not in ("engine", "workers", "msgs_per_s")
            },
        }


@dataclass
class ScaleReport:
    input: str
    conversations: int
    messages: int
    shards: int
    machine: dict[str, Any]
    load_before: str
    load_after: str = ""
    runs: list[ScaleRun] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    def rate(self, engine: str, workers: int) -> float:
        for r in self.runs:
            if r.engine == engine and r.workers == workers:
                return r.steady_msgs_per_s
        return 0.0

    @property
    def efficiency(self) -> float | None:
        one, two = self.rate("ray", 1), self.rate("ray", 2)
        return two / (2 * one) if one and two else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "input": self.input,
            "conversations": self.conversations,
            "messages": self.messages,
            "shards": self.shards,
            "machine": self.machine,
            "load_before": self.load_before,
            "load_after": self.load_after,
            "runs": [r.to_dict() for r in self.runs],
            "ray_scaling_efficiency": round(self.efficiency, 3) if self.efficiency else None,
            "per_core_msgs_per_s": round(self.rate("local", 1), 1),
            **self.extra,
        }


def loadavg() -> str:
    """The machine's 1, 5 and 15 minute load averages (as ``uptime`` shows them)."""
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())


EXAMPLES = Path(__file__).resolve().parents[3] / "examples" / "conversations.jsonl"


def groombench_sessions_file(data: Path | None) -> Path | None:
    """groombench ``test_sessions.jsonl.gz`` under ``data`` (or its ``groombench`` folder)."""
    if data is None:
        return None
    for cand in (data / "groombench" / "test_sessions.jsonl.gz", data / "test_sessions.jsonl.gz"):
        if cand.exists():
            return cand
    return None


def make_shards(
    data: Path | None, repeat: int, directory: Path, example_copies: int = 1500
) -> tuple[str, int, int]:
    """Write the benchmark input as ``SHARDS`` JSONL files; return (name, conversations,
    messages). Conversation ids get a ``~r<k>`` suffix per repeat so they stay unique."""
    src = groombench_sessions_file(data)
    if src is not None:
        name = f"groombench test_sessions x{repeat}"
    else:
        src = EXAMPLES
        repeat = max(repeat, 1) * example_copies
        name = f"examples/conversations.jsonl x{repeat}"
    convs = list(load(src))
    directory.mkdir(parents=True, exist_ok=True)
    files = [(directory / f"shard{i:02d}.jsonl").open("w", encoding="utf-8") for i in range(SHARDS)]
    n_conv = n_msg = 0
    try:
        for k in range(repeat):
            for conv in convs:
                conv_k = conv if k == 0 else _renamed(conv, f"{conv.id}~r{k}")
                files[n_conv % SHARDS].write(dumps_record(conv_k) + "\n")
                n_conv += 1
                n_msg += len(conv.messages)
    finally:
        for f in files:
            f.close()
    return name, n_conv, n_msg


def _renamed(conv: Any, new_id: str) -> Any:
    from dataclasses import replace

    from guardline.core.model import Message

    msgs = [Message(new_id, m.index, m.author, m.text, m.time, m.message_id) for m in conv.messages]
    return replace(conv, id=new_id, messages=msgs)


def run_scale_bench(
    data: Path | None,
    *,
    repeat: int = 2,
    model: str = "default",
    ray_workers: tuple[int, ...] = (1, 2),
    postgres_url: str | None = None,
    service_messages: int = 20_000,
    service: bool = True,
    example_copies: int = 1500,
    memory: bool = True,
    progress: Callable[[str], None] = lambda s: None,
) -> ScaleReport:
    """Run the local engine (best of two runs), Ray with each worker count, with ``memory``
    both again with relationship memory (Ray with the most workers; its rows compared with
    the local memory scan's), and (with a PostgreSQL admin URL: ``postgres_url``, else
    ``GUARDLINE_BENCH_POSTGRES_URL`` / ``GUARDLINE_TEST_POSTGRES_URL``) 1 and 2
    ``guardline serve`` processes on one database."""
    tmp = Path(tempfile.mkdtemp(prefix="gl-scale-"))
    try:
        name, n_conv, n_msg = make_shards(data, repeat, tmp / "in", example_copies)
        paths = expand_inputs([tmp / "in"])
        report = ScaleReport(
            input=name,
            conversations=n_conv,
            messages=n_msg,
            shards=len(paths),
            machine={
                "cpus": os.cpu_count(),
                "python": platform.python_version(),
                "platform": platform.platform(),
            },
            load_before=loadavg(),
        )
        spec = DetectorSpec(model)
        local_out = tmp / "local.jsonl"
        best: ScanSummary | None = None
        for i in range(2):
            progress(f"local engine, one process (run {i + 1} of 2) ...")
            s = run_local(paths, local_out, spec=spec)
            if best is None or s.seconds < best.seconds:
                best = s
        assert best is not None
        report.runs.append(ScaleRun("local, 1 process", "local", 1, best, best.msgs_per_s))
        memory_out = None
        if memory:
            progress("local engine, one process, relationship memory ...")
            memory_out = tmp / "local_memory.jsonl"
            s = run_local(paths, memory_out, spec=replace(spec, memory=True))
            label = "local, 1 process, relationship memory"
            report.runs.append(ScaleRun(label, "local+memory", 1, s, s.msgs_per_s))
        _ray_runs(report, paths, spec, tmp, local_out, ray_workers, progress, memory_out)
        admin = (
            postgres_url
            or os.environ.get("GUARDLINE_BENCH_POSTGRES_URL")
            or os.environ.get("GUARDLINE_TEST_POSTGRES_URL")
        )
        if admin and service:
            _service_runs(report, data, admin, service_messages, progress)
        else:
            report.extra["service"] = {
                "skipped": "no PostgreSQL URL (--postgres-url)" if service else "not asked for"
            }
        report.load_after = loadavg()
        return report
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _ray_runs(
    report: ScaleReport,
    paths: list[Path],
    spec: DetectorSpec,
    tmp: Path,
    local_out: Path,
    ray_workers: tuple[int, ...],
    progress: Callable[[str], None],
    memory_out: Path | None = None,
) -> None:
    try:
        from guardline.engines.ray import RaySession, run_ray
    except ImportError as exc:  # pragma: no cover - ray is an extra
        report.extra["ray_error"] = str(exc)
        return
    progress("starting a private local Ray ...")
    t0 = time.perf_counter()
    with RaySession(None, num_cpus=max(ray_workers)):
        report.extra["ray_start_s"] = round(time.perf_counter() - t0, 2)
        for w in ray_workers:
            progress(f"Ray engine, {w} worker(s) ...")
            out = tmp / f"ray{w}.jsonl"
            stamps: list[float] = []
            s = run_ray(
                paths,
                out,
                spec=spec,
                workers=w,
                on_conversation=_stamper(stamps),
            )
            steady = _steady_rate(stamps, s)
            same = out.read_bytes() == local_out.read_bytes()
            report.runs.append(ScaleRun(f"Ray, {w} worker(s)", "ray", w, s, steady, same))
        if memory_out is not None:
            w = max(ray_workers)
            progress(f"Ray engine, {w} worker(s), relationship memory ...")
            out = tmp / f"ray{w}_memory.jsonl"
            stamps = []
            s = run_ray(
                paths,
                out,
                spec=replace(spec, memory=True),
                workers=w,
                on_conversation=_stamper(stamps),
            )
            same = out.read_bytes() == memory_out.read_bytes()
            report.runs.append(
                ScaleRun(
                    f"Ray, {w} worker(s), relationship memory",
                    "ray+memory",
                    w,
                    s,
                    _steady_rate(stamps, s),
                    same,
                )
            )


def _service_runs(
    report: ScaleReport,
    data: Path | None,
    admin: str,
    n_messages: int,
    progress: Callable[[str], None],
) -> None:
    """Batch ingest over real HTTP into 1, then 2 `guardline serve` processes on one fresh
    PostgreSQL database each time; the same two senders, each owning half the conversations
    (as a broker partitioned by conversation id would), sender k posting to process k % n."""
    try:
        from guardline.service.bench import (
            Server,
            batch_ingest,
            fresh_db,
            interleave,
            load_conversations,
            make_key,
        )
    except ImportError as exc:  # pragma: no cover - the service is an extra
        report.extra["service"] = {"skipped": f"service not installed ({exc})"}
        return
    msgs = interleave(load_conversations(data, 2_000), 100, "sc-")[:n_messages]
    runs: list[dict[str, Any]] = []
    for n in (1, 2):
        progress(f"service: {len(msgs)} messages into {n} guardline serve process(es) ...")
        with tempfile.TemporaryDirectory(prefix="gl-scale-svc-") as tmp, ExitStack() as stack:
            url, drop = fresh_db("postgresql", admin, Path(tmp))
            stack.callback(drop)
            key = make_key(url)
            servers = [
                stack.enter_context(Server(url, Path(tmp) / f"serve{i}.log")) for i in range(n)
            ]
            before = loadavg()
            bases = [s.base for s in servers]
            res = batch_ingest(bases, key, msgs, batch=1_000, senders=2, timeout=300)
            res["senders"] = res.pop("concurrent_senders")
            res.update(processes=n, load_before=before, load_after=loadavg())
        runs.append(res)
    one, two = runs[0]["msgs_per_s"], runs[1]["msgs_per_s"]
    report.extra["service"] = {
        "backend": "postgresql",
        "runs": runs,
        "scaling_efficiency": round(two / (2 * one), 3) if one else None,
    }


def _stamper(stamps: list[float]) -> Callable[[], None]:
    """A callback that appends the time of each call to ``stamps``."""

    def stamp() -> None:
        stamps.append(time.perf_counter())

    return stamp


def _steady_rate(stamps: list[float], s: ScanSummary) -> float:
    """Messages per second between the first and the last scored conversation."""
    if len(stamps) < 2 or stamps[-1] <= stamps[0]:
        return s.msgs_per_s
    mean_msgs = s.messages / max(1, s.conversations)
    return (len(stamps) - 1) * mean_msgs / (stamps[-1] - stamps[0])


DAILY_MESSAGES = 6_000_000_000
PEAK_FACTOR = 3.0  # evening peak over the daily average
TARGET_UTILISATION = 0.6  # headroom for bursts, a lost node, replays


def cost_on_paper(per_core: float, efficiency: float | None) -> list[tuple[str, str, str]]:
    """Cores for 6 billion messages a day from a per-core rate and a scaling efficiency:
    (step, arithmetic, result) rows."""
    avg = DAILY_MESSAGES / 86_400
    peak = avg * PEAK_FACTOR
    planned = peak / TARGET_UTILISATION
    eff = min(efficiency, 1.0) if efficiency else 1.0
    return [
        ("average rate", f"{DAILY_MESSAGES:,} msgs ÷ 86,400 s", f"{avg:,.0f} msgs/s"),
        ("peak rate", f"{PEAK_FACTOR:g} × average", f"{peak:,.0f} msgs/s"),
        (
            "planned rate",
            f"peak ÷ {TARGET_UTILISATION:g} target CPU utilisation",
            f"{planned:,.0f} msgs/s",
        ),
        (
            "cores at the measured rate",
            f"{planned:,.0f} ÷ ({per_core:,.0f} msgs/s per core × efficiency {eff:.3f})",
            f"{planned / (per_core * eff):,.0f} cores" if per_core else "–",
        ),
        (
            "cores busy on average",
            f"{avg:,.0f} ÷ {per_core:,.0f}",
            f"{avg / per_core:,.0f} cores" if per_core else "–",
        ),
    ]


def render_markdown(rep: ScaleReport | dict[str, Any]) -> str:
    """The report as Markdown (docs/benchmark_scale.md), from a report or its JSON."""
    d = rep.to_dict() if isinstance(rep, ScaleReport) else rep
    rows = []
    for r in d["runs"]:
        same = r["identical_to_local"]
        same = "" if same is None else ("yes" if same else "**NO**")
        rows.append(
            f"| {r['label']} | {r['seconds']:.2f} | {r['wall_msgs_per_s']:,.0f} | "
            f"{r['steady_msgs_per_s']:,.0f} | {len(r['conversations_per_worker'])} | {same} |"
        )
    eff = d.get("ray_scaling_efficiency")
    per_core = d.get("per_core_msgs_per_s") or 0.0
    cost = cost_on_paper(per_core, eff)
    lines = [
        "# Scale benchmark: local engine and Ray",
        "",
        "Written by `guardline bench --scale`. Input: "
        f"{d['input']} ({d['conversations']:,} conversations, {d['messages']:,} messages) in "
        f"{d['shards']} JSONL shards; shipped model. Machine: {d['machine']['cpus']} CPUs, "
        f"Python {d['machine']['python']}. Load average (1/5/15 min) before: "
        f"{d['load_before']}; after: {d['load_after']}. Other work on the machine lowers every "
        "figure; rerun on a quiet machine for the record.",
        "",
        "| run | seconds | msgs/s (wall) | msgs/s (steady) | workers used "
        "| rows identical to local |",
        "|---|---|---|---|---|---|",
        *rows,
        "",
        "*Wall* counts the whole run (for Ray: starting the worker actors and loading the model "
        "in each, excluding the one-off Ray start of "
        f"{d.get('ray_start_s', '–')} s); *steady* counts from the first scored "
        "conversation to the last, the rate a long archive scan sees. With relationship "
        "memory, rows are compared with the local engine's memory scan; on Ray the driver "
        "sends each pair's conversations (its first two writers) to one worker, in input "
        "order.",
        "",
        f"Ray scaling efficiency (steady msgs/s with 2 workers / 2 × with 1): **{eff:.2f}**"
        if eff
        else "Ray scaling efficiency: not measured",
        "",
        *_service_md(d),
        "## Cost on paper",
        "",
        f"Per-core rate (local engine, one process): **{per_core:,.0f} msgs/s**. Detection "
        "cores for 6 billion messages a day at this run's figures (see docs/scaling.md for the "
        "rest of the deployment):",
        "",
        "| step | arithmetic | result |",
        "|---|---|---|",
        *[f"| {a} | {b} | **{c}** |" for a, b, c in cost],
        "",
    ]
    return "\n".join(lines)


def _service_md(d: dict[str, Any]) -> list[str]:
    svc = d.get("service") or {}
    if "runs" not in svc:
        return [f"Service processes: not measured ({svc.get('skipped', 'not run')}).", ""]
    rows = [
        f"| {r['processes']} | {r['messages']:,} | {r['seconds']:.2f} | {r['msgs_per_s']:,.0f} "
        f"| {r['load_before']} → {r['load_after']} |"
        for r in svc["runs"]
    ]
    eff = svc.get("scaling_efficiency")
    return [
        "## Service processes on one PostgreSQL",
        "",
        "Batch ingest over real HTTP (batches of 1,000 interleaved messages, two senders each "
        "owning half the conversations; with 2 processes each sender posts to its own) into "
        "`guardline serve` processes sharing one fresh PostgreSQL database (on the same machine).",
        "",
        "| processes | messages | seconds | msgs/s | load average before → after |",
        "|---|---|---|---|---|",
        *rows,
        "",
        f"Service scaling efficiency (msgs/s with 2 processes / 2 × with 1): **{eff:.2f}**"
        if eff
        else "Service scaling efficiency: not measured",
        "",
    ]


def write_reports(rep: ScaleReport, md: Path, js: Path) -> None:
    """Write the Markdown report and its JSON."""
    md.parent.mkdir(parents=True, exist_ok=True)
    md.write_text(render_markdown(rep), encoding="utf-8")
    js.parent.mkdir(parents=True, exist_ok=True)
    js.write_text(json.dumps(rep.to_dict(), indent=2) + "\n", encoding="utf-8")


__all__ = [
    "ScaleReport",
    "ScaleRun",
    "loadavg",
    "render_markdown",
    "run_scale_bench",
    "write_reports",
]
