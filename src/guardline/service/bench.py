"""`guardline bench --service`: the service's speed over real HTTP, on SQLite and PostgreSQL.

For each backend: a fresh database, a real `guardline serve` process (uvicorn) on a free
loopback port, then

* **batch ingest**: messages of many conversations, interleaved as a platform would send them,
  POSTed in batches of 1,000 by two concurrent clients → messages/s;
* **single messages**: 8 concurrent clients each POST one message per request → p50/p99
  latency;
* **in-process scanning** of the same messages with ``Detector.scan`` → messages/s, and the
  ratio of the service's batch throughput to it.

Messages come from groombench ``test_sessions`` when the shared data is present, else from
the shipped examples (replicated under new ids). The machine load (``/proc/loadavg``) is
recorded with the figures: this is a shared 2-core machine.
"""

from __future__ import annotations

import gzip
import http.client
import json
import os
import platform
import subprocess
import tempfile
import threading
import time
import uuid
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from guardline.core.model import Conversation
from guardline.engines.bench import EXAMPLES, groombench_sessions_file
from guardline.service.serveproc import ServeProcess, start_serve

TARGET_BATCH_MSGS_PER_S = 5000
TARGET_P99_MS = 50.0


def load_conversations(data: Path | None, limit_conversations: int) -> list[Conversation]:
    """groombench ``test_sessions`` under ``data`` when present, else the shipped examples
    repeated (with distinct ids); ``limit_conversations`` of them."""
    path = groombench_sessions_file(data)
    convs: list[Conversation] = []
    if path is not None:
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                convs.append(Conversation.from_dict(json.loads(line)))
                if len(convs) >= limit_conversations:
                    break
        return convs
    base = [
        Conversation.from_dict(json.loads(x))
        for x in EXAMPLES.read_text().splitlines()
        if x.strip()
    ]
    for i in range(limit_conversations):
        c = base[i % len(base)]
        d = c.to_dict()
        d["id"] = f"{c.id}-{i}"
        convs.append(Conversation.from_dict(d))
    return convs


def interleave(convs: list[Conversation], active: int, prefix: str) -> list[dict[str, Any]]:
    """Messages in arrival order: ``active`` conversations in flight, round robin."""
    queues = [
        [
            {
                "message_id": f"{prefix}{c.id}:{i}",
                "conversation_id": f"{prefix}{c.id}",
                "author": m.author,
                "text": m.text,
            }
            for i, m in enumerate(c.messages)
        ]
        for c in convs
        if c.messages
    ]
    out: list[dict[str, Any]] = []
    pending = queues[active:]
    live = queues[:active]
    while live:
        nxt = []
        for q in live:
            out.append(q.pop(0))
            if q:
                nxt.append(q)
            elif pending:
                nxt.append(pending.pop(0))
        live = nxt
    return out


def _load_avg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "n/a"


class Server:
    """A `guardline serve` subprocess on a free port and the database at ``url``."""

    def __init__(self, url: str, log: Path, workers: int = 1) -> None:
        self.url = url
        self.workers = workers
        self.log = log
        self.serve: ServeProcess | None = None

    @property
    def proc(self) -> subprocess.Popen[bytes] | None:
        return self.serve.proc if self.serve else None

    @property
    def base(self) -> str:
        assert self.serve is not None, "not started"
        return self.serve.base

    def __enter__(self) -> Server:
        env = {
            "GUARDLINE_DATABASE_URL": self.url,
            "GUARDLINE_LOG_LEVEL": "WARNING",
            "GUARDLINE_WORKERS": str(self.workers),
        }
        self.serve = start_serve(env, self.log, timeout=120)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.serve is not None:
            self.serve.stop()


def make_key(url: str) -> str:
    """Migrate the database at ``url`` and return an ingest+read API key for a new tenant."""
    from guardline.service.auth import create_key, create_tenant
    from guardline.store.db import make_engine, session_factory
    from guardline.store.migrate import upgrade

    upgrade(url)
    engine = make_engine(url)
    try:
        with session_factory(engine)() as s, s.begin():
            t = create_tenant(s, f"bench-{uuid.uuid4().hex[:6]}")
            return create_key(s, t.id, "ingest,read")[1]
    finally:
        engine.dispose()


def batch_ingest(
    bases: list[str],
    key: str,
    msgs: list[dict[str, Any]],
    batch: int,
    senders: int,
    timeout: float = 120.0,
) -> dict[str, Any]:
    """POST ``msgs`` in batches of ``batch`` from ``senders`` threads, sender k posting to
    ``bases[k % len(bases)]``. Each sender owns a set of conversations (no lock contention
    between senders, as a broker partitioned by conversation id would); the bodies are encoded
    before the clock starts."""
    parts: list[list[dict[str, Any]]] = [[] for _ in range(senders)]
    for m in msgs:
        parts[zlib.crc32(m["conversation_id"].encode()) % senders].append(m)
    bodies = [
        [json.dumps({"messages": p[i : i + batch]}).encode() for i in range(0, len(p), batch)]
        for p in parts
    ]
    headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
    errors: list[str] = []
    accepted = [0] * senders

    def send(k: int) -> None:
        base = bases[k % len(bases)]
        with httpx.Client(base_url=base, headers=headers, timeout=timeout) as c:
            for body in bodies[k]:
                r = c.post("/v1/messages", content=body)
                if r.status_code != 200:
                    errors.append(f"HTTP {r.status_code}")
                    return
                accepted[k] += int(r.json()["accepted"])

    threads = [threading.Thread(target=send, args=(k,)) for k in range(senders)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    dt = time.perf_counter() - t0
    if errors:
        raise RuntimeError(f"batch ingest failed: {errors[:3]}")
    n = sum(accepted)
    return {
        "messages": n,
        "seconds": round(dt, 3),
        "msgs_per_s": round(n / dt, 1),
        "batch_size": batch,
        "concurrent_senders": senders,
    }


def _singles(base: str, key: str, msgs: list[dict[str, Any]], clients: int) -> dict[str, Any]:
    """``clients`` threads, each with one keep-alive connection (the standard library's
    ``http.client``: the load generator shares this machine's cores with the server, and an
    asyncio ``httpx`` client used about six times the CPU per request), each POSTing its own
    conversations' messages one request at a time; latency measured at the client."""
    parts: list[list[dict[str, Any]]] = [[] for _ in range(clients)]
    for m in msgs:
        parts[zlib.crc32(m["conversation_id"].encode()) % clients].append(m)
    where = urlsplit(base)
    headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
    lat: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(clients + 1)

    def client(k: int) -> None:
        conn = http.client.HTTPConnection(where.hostname or "127.0.0.1", where.port, timeout=60)
        mine: list[float] = []
        try:
            for m in parts[k][:1]:  # warm up the connection, outside the clock
                warm = {**m, "message_id": "warm-" + m["message_id"]}
                warm["conversation_id"] = "warm-" + m["conversation_id"]
                conn.request("POST", "/v1/messages", json.dumps(warm).encode(), headers)
                conn.getresponse().read()
            start.wait()
            for m in parts[k]:
                body = json.dumps(m).encode()
                t = time.perf_counter()
                conn.request("POST", "/v1/messages", body, headers)
                r = conn.getresponse()
                r.read()
                mine.append(time.perf_counter() - t)
                if r.status != 200:
                    errors.append(f"HTTP {r.status}")
                    return
        except (OSError, http.client.HTTPException, threading.BrokenBarrierError) as exc:
            errors.append(type(exc).__name__)
            start.abort()
        finally:
            conn.close()
            with lock:
                lat.extend(mine)

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for th in threads:
        th.start()
    try:
        start.wait()
    except threading.BrokenBarrierError:
        pass
    t0, cpu0 = time.perf_counter(), time.process_time()
    for th in threads:
        th.join()
    wall, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    if errors:
        raise RuntimeError(f"single-message POSTs failed: {errors[:3]}")
    lat.sort()

    def pct(p: float) -> float:
        return round(lat[min(len(lat) - 1, int(p * len(lat)))] * 1000, 2)

    return {
        "requests": len(lat),
        "clients": clients,
        "p50_ms": pct(0.50),
        "p90_ms": pct(0.90),
        "p99_ms": pct(0.99),
        "max_ms": round(lat[-1] * 1000, 2),
        "requests_per_s": round(len(lat) / wall, 1),
        "client_cpu_ms_per_request": round(cpu / len(lat) * 1000, 2),
    }


def _in_process(convs: list[Conversation]) -> dict[str, Any]:
    from guardline.detect import Detector

    det = Detector()
    n = sum(len(c.messages) for c in convs)
    t0 = time.perf_counter()
    for c in convs:
        det.scan(c)
    dt = time.perf_counter() - t0
    return {"messages": n, "seconds": round(dt, 3), "msgs_per_s": round(n / dt, 1)}


def run(
    data: Path | None,
    postgres_url: str | None,
    *,
    batch_messages: int = 20_000,
    single_messages: int = 1_600,
    clients: int = 8,
    senders: int = 2,
    progress: Callable[[str], None] = print,
) -> dict[str, Any]:
    convs = load_conversations(data, 2_000)
    batch_msgs = interleave(convs, 100, "b-")[:batch_messages]
    used = {m["conversation_id"][2:] for m in batch_msgs}
    in_proc_convs = []
    counts: dict[str, int] = {}
    for m in batch_msgs:
        counts[m["conversation_id"][2:]] = counts.get(m["conversation_id"][2:], 0) + 1
    for c in convs:
        if c.id in used:
            d = c.to_dict()
            d["messages"] = d["messages"][: counts[c.id]]
            in_proc_convs.append(Conversation.from_dict(d))
    single_msgs = interleave(list(reversed(convs)), 64, "s-")[:single_messages]
    results: dict[str, Any] = {
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "data": "groombench test_sessions"
        if groombench_sessions_file(data)
        else "shipped examples, replicated",
        "backends": {},
    }
    progress("in-process scanning ...")
    results["in_process"] = _in_process(in_proc_convs)
    results["in_process"]["load_avg"] = _load_avg()
    backends: list[tuple[str, str | None, int]] = [("sqlite", None, 1)]
    if postgres_url:
        backends.append(("postgresql", postgres_url, 1))
        backends.append(("postgresql, 2 processes", postgres_url, 2))
    for name, admin, workers in backends:
        with tempfile.TemporaryDirectory(prefix="guardline-bench-") as tmp:
            url, drop = fresh_db(name, admin, Path(tmp))
            try:
                key = make_key(url)
                with Server(url, Path(tmp) / "serve.log", workers) as srv:
                    progress(f"{name}: batch ingest of {len(batch_msgs)} messages ...")
                    load_before = _load_avg()
                    b = batch_ingest([srv.base], key, batch_msgs, 1000, senders)
                    b["load_avg_before"] = load_before
                    b["load_avg_after"] = _load_avg()
                    progress(
                        f"{name}: {len(single_msgs)} single-message POSTs, {clients} clients ..."
                    )
                    s = _singles(srv.base, key, single_msgs, clients)
                    s["load_avg_after"] = _load_avg()
            finally:
                drop()
        b["ratio_to_in_process"] = round(b["msgs_per_s"] / results["in_process"]["msgs_per_s"], 3)
        results["backends"][name] = {"batch": b, "single": s}
        progress(
            f"{name}: {b['msgs_per_s']} msgs/s batch; single p50 {s['p50_ms']} ms, "
            f"p99 {s['p99_ms']} ms"
        )
    results["uptime"] = _uptime()
    return results


def _uptime() -> str:
    try:
        return subprocess.run(["uptime"], capture_output=True, text=True, timeout=5).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return _load_avg()


def fresh_db(name: str, admin: str | None, tmp: Path) -> tuple[str, Callable[[], None]]:
    """A new empty database and its drop function: SQLite in ``tmp`` when ``admin`` is None,
    else a new PostgreSQL database on the server of the ``admin`` URL."""
    if admin is None:
        return f"sqlite:///{tmp / 'bench.db'}", lambda: None
    del name
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from guardline.store.db import normalise_url

    admin = normalise_url(admin)
    db = f"gl_bench_{uuid.uuid4().hex[:10]}"
    eng = create_engine(admin, isolation_level="AUTOCOMMIT")
    with eng.connect() as c:
        c.execute(text(f'CREATE DATABASE "{db}"'))

    def drop() -> None:
        with eng.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)'))
        eng.dispose()

    return make_url(admin).set(database=db).render_as_string(hide_password=False), drop


def render_markdown(r: dict[str, Any]) -> str:
    ip = r["in_process"]
    lines = [
        "# Service benchmark (`guardline bench --service`)",
        "",
        f"Data: {r['data']}. Machine: {r['machine']['cpus']} CPUs, Python "
        f"{r['machine']['python']}; shared with other work while measured "
        f"(`uptime` at the end: `{r['uptime']}`).",
        "",
        "Each backend gets a fresh database and a real `guardline serve` process (uvicorn, one "
        "process; the last row: `--workers 2`) on loopback. Batch ingest: batches of 1,000 "
        "messages of ~100 interleaved conversations, two concurrent senders. Single messages: "
        "8 concurrent clients (threads, one keep-alive connection each), one message per POST, "
        "latency measured at the client over real HTTP; the clients run on the same cores as "
        "the server (their CPU per request is listed).",
        "",
        f"In-process scanning of the same messages (`Detector.scan`): "
        f"**{ip['msgs_per_s']:,.0f} msgs/s** ({ip['messages']} messages; load {ip['load_avg']}).",
        "",
        "| backend | batch ingest msgs/s | ratio to in-process | single p50 ms | single p99 ms "
        "| single req/s | client CPU ms/request | target: ≥ 5,000 msgs/s, p99 < 50 ms |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, v in r["backends"].items():
        b, s = v["batch"], v["single"]
        ok = []
        ok.append("batch ✓" if b["msgs_per_s"] >= TARGET_BATCH_MSGS_PER_S else "batch ✗")
        ok.append("p99 ✓" if s["p99_ms"] < TARGET_P99_MS else "p99 ✗")
        lines.append(
            f"| {name} | {b['msgs_per_s']:,.0f} | {b['ratio_to_in_process']:.2f} | "
            f"{s['p50_ms']} | {s['p99_ms']} | {s['requests_per_s']:,.0f} | "
            f"{s.get('client_cpu_ms_per_request', '–')} | {', '.join(ok)} |"
        )
    lines += ["", "Load averages (1/5/15 min) around each phase:", ""]
    for name, v in r["backends"].items():
        lines.append(
            f"- {name}: batch before {v['batch']['load_avg_before']}, after "
            f"{v['batch']['load_avg_after']}; singles after "
            f"{v['single']['load_avg_after']}"
        )
    lines.append("")
    return "\n".join(lines)


def main(
    data: Path | None,
    postgres_url: str | None,
    out: Path,
    json_out: Path,
    progress: Callable[[str], None] = print,
) -> dict[str, Any]:
    results = run(data, postgres_url, progress=progress)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_markdown(results), encoding="utf-8")
    json_out.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return results
