"""The Ray engine: the same scan as the local engine, spread over a Ray cluster with Ray Data.

Install with ``pip install 'guardline[ray]'``. The pipeline::

    files ──Ray tasks: read_file (same loaders, same errors)──▶ one row per conversation
          ──actor pool (N workers, Detector built once per worker)──▶ one scan row each
          ──driver, in input order──▶ scan.jsonl / scan.parquet

- A conversation is one row (its canonical record as JSON), so it is never split across
  workers; message-per-row Parquet is grouped by conversation id while the file is read.
- Rows keep their input order (``preserve_order``), so the output equals the local
  engine's byte for byte: the scan row text is made by the same function on the worker.
- With relationship memory (``DetectorSpec(memory=True)``, ``scan --relationship-memory``)
  a conversation reads and changes only the memory of its two first writers
  (:func:`guardline.detect.pair_of`), so the driver sends every conversation of a pair to
  the same scoring actor (the pair's ``crc32`` picks it), in input order, and puts the
  scored rows back into input order; each actor's one memory holds the pairs it owns. The
  output again equals the local engine's ``--relationship-memory`` scan (input order is
  taken as time order, as there).
- Bad input: a read task that meets a bad record sends it back as an error row; the driver
  raises the same :class:`~guardline.corpora.CorpusError` the local engine would (and
  writes nothing). With ``skip_bad`` each file's :class:`LoadReport` comes back the same way.
- No dashboard, no usage statistics, no network beyond the cluster's own addresses.
  A cluster this engine starts (no ``address``) is its own (``address="local"``, a private
  temporary directory) and is shut down at the end; a cluster it connects to is left running.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import sys
import tempfile
import time
import warnings
import zlib
from collections import deque
from collections.abc import Callable, Generator, Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, cast

from guardline.core.model import Conversation
from guardline.corpora import CorpusError, Issue, LoadReport
from guardline.corpora.jsonl import dumps_record
from guardline.corpora.parquet import MissingExtraError
from guardline.corpora.records import DEFAULT_MAX_MESSAGE_CHARS, conversation_from_record
from guardline.detect import pair_of
from guardline.engines.local import (
    DetectorSpec,
    FileDone,
    ScanInputError,
    ScanSummary,
    open_sink,
    read_file,
    scan_line,
)

if TYPE_CHECKING:  # Ray and pyarrow are an extra, imported where they run
    import pyarrow as pa
    from ray.actor import ActorHandle
    from ray.data import Dataset

INSTALL_HINT = "pip install 'guardline[ray]'"
BLOCK_BYTES = 256 * 1024  # small blocks: one big file still spreads over every worker
BATCH_ROWS = 16
ACTOR_START_TIMEOUT_S = 180
_LOADS = [0]  # Detector builds in this worker process (the model loads once per worker)


def quiet_ray_env() -> None:
    """No usage statistics, no dashboard, no log deduplication noise."""
    os.environ["RAY_USAGE_STATS_ENABLED"] = "0"
    os.environ.setdefault("RAY_DISABLE_USAGE_STATS", "1")
    os.environ.setdefault("RAY_DEDUP_LOGS", "0")


def require_ray() -> Any:
    """Import Ray Data, or raise :class:`MissingExtraError` naming ``guardline[ray]``."""
    quiet_ray_env()
    try:
        import pyarrow  # noqa: F401
        import ray
        import ray.data
    except ImportError as exc:
        raise MissingExtraError(
            f"the Ray engine needs Ray Data and pyarrow, not installed: {INSTALL_HINT}"
        ) from exc
    return ray


class RaySession:
    """Use the Ray already initialised in this process, connect to ``address``, or start a
    private local Ray with ``num_cpus`` CPUs. On exit, shuts down only what it started."""

    def __init__(self, address: str | None = None, num_cpus: int | None = None) -> None:
        self.address = address
        self.num_cpus = num_cpus
        self.started = False
        self._tmp: str | None = None

    def __enter__(self) -> RaySession:
        ray = require_ray()
        if ray.is_initialized():
            return self
        kwargs: dict[str, Any] = {
            "log_to_driver": False,
            "logging_level": logging.ERROR,
        }
        if self.address:
            ray.init(address=self.address, **kwargs)
        else:
            self._tmp = tempfile.mkdtemp(prefix="glray-")
            ray.init(
                address="local",
                num_cpus=self.num_cpus,
                include_dashboard=False,
                _temp_dir=self._tmp,
                **kwargs,
            )
        self.started = True
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self.started:
            import ray

            ray.shutdown()
            if self._tmp:
                shutil.rmtree(self._tmp, ignore_errors=True)


def _row(kind: str, file_index: int, seq: int, payload: str, pair: str = "") -> dict[str, Any]:
    """One pipeline row; ``pair`` groups a conversation with the others of its two first
    writers (relationship memory), else it is unique to the row."""
    return {
        "kind": kind,
        "file_index": file_index,
        "seq": seq,
        "payload": payload,
        "pair": pair or f"#{file_index}:{seq}",
    }


def _pair_key(conv: Conversation) -> str:
    pair = pair_of(m.author for m in conv.messages)
    return "" if pair is None else json.dumps(pair, ensure_ascii=False)


def _read_shard(
    item: dict[str, Any], skip_bad: bool, max_chars: int, pairs: bool = False
) -> Iterator[dict[str, Any]]:
    """Ray task: one file → one row per conversation, then a report (or an error) row; with
    ``pairs`` (relationship memory) each conversation row names its pair."""
    fi = int(item["file_index"])
    report = LoadReport()
    seq = 0
    try:
        for conv in read_file(
            item["path"], skip_bad=skip_bad, report=report, max_message_chars=max_chars
        ):
            yield _row("conv", fi, seq, dumps_record(conv), _pair_key(conv) if pairs else "")
            seq += 1
    except CorpusError as err:
        yield _row("error", fi, seq, json.dumps({"type": "corpus", **err.to_issue().to_dict()}))
        return
    except ScanInputError as err:
        yield _row("error", fi, seq, json.dumps({"type": "io", "reason": err.reason}))
        return
    yield _row("report", fi, seq, json.dumps(report.to_dict()))


class _Scorer:
    """Ray actor: builds the Detector once, then scores batches of conversation rows.

    The spec is a class attribute of a subclass made per scan (:func:`_scorer_class`), so
    the actor has no constructor arguments to keep in the object store."""

    SPEC: DetectorSpec = DetectorSpec()

    def __init__(self) -> None:
        import ray

        self.det = self.SPEC.build()
        _LOADS[0] += 1
        self.node = ray.get_runtime_context().get_node_id()
        self.worker = f"{self.node[:8]}/{os.getpid()}"

    def __call__(self, batch: Any) -> Any:
        return self._score(batch)

    def _score(self, batch: Any) -> Any:
        import pyarrow as pa

        kinds = batch.column("kind").to_pylist()
        payloads = batch.column("payload").to_pylist()
        out_kind: list[str] = []
        out_payload: list[str] = []
        messages: list[int] = []
        alerts: list[bool] = []
        for kind, payload in zip(kinds, payloads, strict=True):
            if kind == "conv":
                conv = conversation_from_record(
                    json.loads(payload), file="<ray>", max_message_chars=sys.maxsize
                )
                line, alert = scan_line(self.det, conv)
                out_kind.append("row")
                out_payload.append(line)
                messages.append(len(conv.messages))
                alerts.append(alert)
            else:
                out_kind.append(kind)
                out_payload.append(payload)
                messages.append(0)
                alerts.append(False)
        n = len(kinds)
        return pa.table(
            {
                "kind": pa.array(out_kind, pa.string()),
                "file_index": batch.column("file_index"),
                "seq": batch.column("seq"),
                "payload": pa.array(out_payload, pa.string()),
                "messages": pa.array(messages, pa.int64()),
                "alert": pa.array(alerts, pa.bool_()),
                "worker": pa.array([self.worker] * n, pa.string()),
                "node": pa.array([self.node] * n, pa.string()),
                "loads": pa.array([_LOADS[0]] * n, pa.int64()),
            }
        )


class _PairScorer(_Scorer):
    """Ray actor for relationship memory: every conversation of a pair comes to the same
    actor, in input order (the driver routes them; an actor runs its calls in the order
    they were sent), and its Detector's one memory holds the pairs routed to it."""

    def ready(self) -> bool:
        return True

    def score(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        import pyarrow as pa

        out: list[dict[str, Any]] = self._score(pa.Table.from_pylist(rows)).to_pylist()
        return out


#: scoring calls in flight per worker on the relationship-memory path (bounds the driver)
IN_FLIGHT_PER_WORKER = 4


def _by_pair(
    ds: Any, spec: DetectorSpec, workers: int, batch_rows: int
) -> Generator[dict[str, Any], None, None]:
    """The relationship-memory path: read rows come to the driver in input order and go, in
    batches, to the actor their pair hashes to (``zlib.crc32``, the same on every run and
    machine); scored rows come back and are yielded in input order. At most
    ``IN_FLIGHT_PER_WORKER`` batches per worker wait at a time."""
    import ray

    actor = ray.remote(num_cpus=1, max_restarts=0)(_scorer_class(spec))
    # ActorClass.remote is typed ActorHandle[T] | type[T] (the class only so that editors
    # complete method names); what it returns is a handle, of a _PairScorer (spec.memory)
    pool = [cast("ActorHandle[_PairScorer]", actor.remote()) for _ in range(workers)]
    try:
        ray.get([a.ready.remote() for a in pool], timeout=ACTOR_START_TIMEOUT_S)
        yield from _route(ds, pool, batch_rows)
    finally:  # the actors hold a CPU each until killed, also on a cluster left running
        for a in pool:
            ray.kill(a)


def _route(ds: Any, pool: list[Any], batch_rows: int) -> Iterator[dict[str, Any]]:
    import ray

    pending: list[list[tuple[int, dict[str, Any]]]] = [[] for _ in pool]
    waiting: deque[tuple[list[int], Any]] = deque()  # (ordinals, future) in send order
    done: dict[int, dict[str, Any]] = {}
    nxt = 0  # the next ordinal to yield
    count = 0

    def send(w: int) -> None:
        batch = pending[w]
        pending[w] = []
        waiting.append(([i for i, _ in batch], pool[w].score.remote([r for _, r in batch])))

    def collect() -> None:
        ordinals, fut = waiting.popleft()
        for i, r in zip(ordinals, ray.get(fut), strict=True):
            done[i] = r

    for b in ds.iter_batches(batch_format="pyarrow", batch_size=None):
        for row in b.to_pylist():
            i = count
            count += 1
            if row["kind"] == "conv":
                w = zlib.crc32(row["pair"].encode("utf-8")) % len(pool)
                pending[w].append((i, row))
                if len(pending[w]) >= batch_rows:
                    send(w)
                    while len(waiting) > IN_FLIGHT_PER_WORKER * len(pool):
                        collect()
            else:  # a file's report or error: nothing to score
                done[i] = row
            if count % batch_rows == 0:  # a batch left behind by the others goes out now
                for w in range(len(pool)):
                    if pending[w] and pending[w][0][0] < count - batch_rows * len(pool):
                        send(w)
            while nxt in done:
                yield done.pop(nxt)
                nxt += 1
    for w in range(len(pool)):
        if pending[w]:
            send(w)
    while waiting:
        collect()
        while nxt in done:
            yield done.pop(nxt)
            nxt += 1


def _scorer_class(spec: DetectorSpec) -> type[_Scorer]:
    base = _PairScorer if spec.memory else _Scorer
    return type("Scorer", (base,), {"SPEC": spec, "__module__": __name__})


def _issue(d: dict[str, Any], display: str) -> Issue:
    return Issue(display, d.get("line"), d.get("field"), d["reason"], d.get("conversation_id"))


def _report(d: dict[str, Any], display: str, resolved: str) -> LoadReport:
    def name(f: str) -> str:
        return display if f == resolved else f

    return LoadReport(
        files=[name(f) for f in d["files"]],
        loaded=int(d["loaded"]),
        messages=int(d["messages"]),
        skipped=[_issue(i, name(i["file"])) for i in d["skipped"]],
        notes=[_issue(i, name(i["file"])) for i in d["notes"]],
    )


def run_ray(
    paths: Sequence[Path],
    out: Path,
    *,
    spec: DetectorSpec,
    fmt: str = "jsonl",
    skip_bad: bool = False,
    workers: int = 2,
    address: str | None = None,
    on_file_done: FileDone | None = None,
    on_conversation: Callable[[], None] | None = None,
    max_message_chars: int = DEFAULT_MAX_MESSAGE_CHARS,
    batch_rows: int = BATCH_ROWS,
) -> ScanSummary:
    """Scan ``paths`` with Ray Data and ``workers`` scoring actors; see the module docstring.

    Same contract as :func:`guardline.engines.local.run_local`: rows in input order, the
    same errors, no output file when the scan fails.
    """
    if workers < 1:
        raise ValueError("workers must be at least 1")
    require_ray()
    import ray
    from ray.data import ActorPoolStrategy, DataContext, TaskPoolStrategy

    model_name = spec.build().model.name  # fail here, on the driver, if the model is bad
    summary = ScanSummary(engine="ray", model=model_name, files=len(paths))
    display = [str(p) for p in paths]
    resolved = [str(Path(p).resolve()) for p in paths]
    t0 = time.perf_counter()
    with RaySession(address, num_cpus=workers):
        ctx = DataContext.get_current()
        saved = (
            ctx.execution_options.preserve_order,
            ctx.target_max_block_size,
            ctx.enable_progress_bars,
            ctx.print_on_execution_start,
            ctx.wait_for_min_actors_s,
        )
        ctx.execution_options.preserve_order = True
        # every worker has its model loaded before the first batch: work spreads over all
        # of them, and a cluster too small for the pool fails clearly instead of hanging
        ctx.wait_for_min_actors_s = ACTOR_START_TIMEOUT_S
        ctx.target_max_block_size = BLOCK_BYTES
        ctx.enable_progress_bars = False
        ctx.print_on_execution_start = False
        logging.getLogger("ray.data").setLevel(logging.ERROR)
        warnings.filterwarnings("ignore", message="The minimum number of concurrent actors")
        sink = open_sink(out, fmt)
        try:
            items = [{"file_index": i, "path": p} for i, p in enumerate(resolved)]
            ds: Dataset = ray.data.from_items(items, override_num_blocks=max(1, len(items)))
            ds = ds.flat_map(
                # flat_map's fn is typed with the row as its only parameter; Ray passes the
                # rest from fn_kwargs
                cast("Callable[[dict[str, Any]], Iterator[dict[str, Any]]]", _read_shard),
                fn_kwargs={
                    "skip_bad": skip_bad,
                    "max_chars": max_message_chars,
                    "pairs": spec.memory,
                },
                num_cpus=0,
                compute=TaskPoolStrategy(size=max(1, min(len(items), workers))),
            )
            with warnings.catch_warnings():  # max_restarts has no named parameter yet
                warnings.filterwarnings("ignore", message=".*ray_remote_args.*")
                if not spec.memory:
                    ds = ds.map_batches(
                        _scorer_class(spec),
                        batch_size=batch_rows,
                        batch_format="pyarrow",
                        compute=ActorPoolStrategy(size=workers),
                        num_cpus=1,
                        # a failed scan is rerun whole (its output is never half-written)
                        max_restarts=0,
                    )
            rows = (
                _by_pair(ds, spec, workers, batch_rows)
                if spec.memory
                else (
                    r
                    for b in ds.iter_batches(batch_format="pyarrow", batch_size=None)
                    # iter_batches is typed for every batch_format; "pyarrow" gives pa.Table
                    for r in cast("pa.Table", b).to_pylist()
                )
            )
            try:
                for row in rows:
                    _handle(row, sink, summary, display, resolved, on_file_done)
                    if row["kind"] == "row" and on_conversation is not None:
                        on_conversation()
            finally:
                rows.close()  # the memory path's actors go now, not when collected
        except ray.exceptions.GetTimeoutError as exc:
            sink.abort()
            raise RuntimeError(
                f"could not start {workers} Ray worker(s) within {ACTOR_START_TIMEOUT_S}s: "
                "the cluster has fewer free CPUs than --workers"
            ) from exc
        except BaseException:
            sink.abort()
            raise
        finally:
            (
                ctx.execution_options.preserve_order,
                ctx.target_max_block_size,
                ctx.enable_progress_bars,
                ctx.print_on_execution_start,
                ctx.wait_for_min_actors_s,
            ) = saved
        sink.close()
    summary.seconds = time.perf_counter() - t0
    return summary


def _handle(
    row: dict[str, Any],
    sink: Any,
    summary: ScanSummary,
    display: list[str],
    resolved: list[str],
    on_file_done: FileDone | None,
) -> None:
    kind = row["kind"]
    fi = int(row["file_index"])
    if kind == "row":
        sink.write_line(row["payload"])
        summary.conversations += 1
        summary.messages += int(row["messages"])
        summary.alerts += bool(row["alert"])
        w, node = row["worker"], row["node"]
        summary.workers[w] = summary.workers.get(w, 0) + 1
        summary.nodes[node] = summary.nodes.get(node, 0) + 1
        summary.model_loads[w] = max(summary.model_loads.get(w, 0), int(row["loads"]))
    elif kind == "report":
        if on_file_done is not None:
            on_file_done(
                display[fi], _report(json.loads(row["payload"]), display[fi], resolved[fi])
            )
    elif kind == "error":
        d = json.loads(row["payload"])
        if d["type"] == "io":
            raise ScanInputError(display[fi], d["reason"])
        file = display[fi] if d["file"] == resolved[fi] else d["file"]
        raise CorpusError(file, d["line"], d["field"], d["reason"], d["conversation_id"])
    else:  # pragma: no cover - rows are made above
        raise RuntimeError(f"unexpected row kind {kind!r} from the Ray pipeline")


__all__ = ["INSTALL_HINT", "RaySession", "quiet_ray_env", "require_ray", "run_ray"]
