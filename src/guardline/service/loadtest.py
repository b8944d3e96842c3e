"""`guardline bench --load`: a bounded load test of `guardline serve` on loopback.

A fresh database (a SQLite file in a temporary directory, or ``--database-url``), a real
`guardline serve` process on a free loopback port, then ``clients`` concurrent client
threads (8 by default), each with its own conversations and a fixed number of requests:

1. **single**: each client POSTs ``single_requests`` single messages, one request at a time;
2. **batch**: each client POSTs ``batch_requests`` batches of ``batch_size`` messages.

Every request is timed; any answer other than 200, any accepted count that differs from
what was sent and any transport error counts as an error (the target is zero). Afterwards
the stored message count is checked against what was sent. Reported: requests/s and
messages/s per phase, latency p50/p90/p99/max, errors, the machine load before/after
(``/proc/loadavg``; this is a shared machine). Messages are synthetic, non-explicit lines
(the memory bench's generator), so the scoring work is realistic without sensitive text.
"""

from __future__ import annotations

import json
import os
import platform
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from guardline.engines.membench import INDICATORS, LINES, loadavg
from guardline.service.serveproc import start_serve


@dataclass
class PhaseResult:
    name: str
    clients: int
    requests: int = 0
    messages: int = 0
    errors: int = 0
    error_kinds: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)

    def pct(self, q: float) -> float:
        xs = sorted(self.latencies_ms)
        if not xs:
            return 0.0
        i = min(len(xs) - 1, max(0, round(q * (len(xs) - 1))))
        return round(xs[i], 1)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "clients": self.clients,
            "requests": self.requests,
            "messages": self.messages,
            "errors": self.errors,
            "error_kinds": self.error_kinds,
            "seconds": round(self.seconds, 2),
            "requests_per_s": round(self.requests / self.seconds, 1) if self.seconds else 0.0,
            "messages_per_s": round(self.messages / self.seconds, 1) if self.seconds else 0.0,
            "p50_ms": self.pct(0.50),
            "p90_ms": self.pct(0.90),
            "p99_ms": self.pct(0.99),
            "max_ms": round(max(self.latencies_ms), 1) if self.latencies_ms else 0.0,
        }


def _text(client: int, i: int) -> str:
    if (client * 7919 + i) % 50 == 0:
        return INDICATORS[(client + i) % len(INDICATORS)]
    return LINES[(client * 31 + i) % len(LINES)]


def _items(phase: str, client: int, start: int, n: int) -> list[dict[str, str]]:
    """``n`` messages of client ``client``'s ten conversations, numbered from ``start``."""
    out = []
    for i in range(start, start + n):
        conv = f"load-{phase}-{client}-{i % 10}"
        out.append(
            {
                "message_id": f"{conv}-{i}",
                "conversation_id": conv,
                "author": f"u{client}-{i % 2}",
                "text": _text(client, i),
            }
        )
    return out


def _run_phase(
    base: str, key: str, name: str, clients: int, requests: int, per_request: int
) -> PhaseResult:
    res = PhaseResult(name, clients)
    lock = threading.Lock()
    barrier = threading.Barrier(clients + 1)

    def client(c: int) -> None:
        lat: list[float] = []
        errs: dict[str, int] = {}
        sent = 0
        with httpx.Client(
            base_url=base, headers={"Authorization": f"Bearer {key}"}, timeout=120
        ) as http:
            barrier.wait()
            for r in range(requests):
                items = _items(name, c, r * per_request, per_request)
                body: dict[str, Any] = items[0] if per_request == 1 else {"messages": items}
                t0 = time.perf_counter()
                try:
                    resp = http.post("/v1/messages", json=body)
                    ok = resp.status_code == 200 and resp.json()["accepted"] == per_request
                    kind = "" if ok else f"HTTP {resp.status_code}"
                except httpx.HTTPError as exc:
                    kind = type(exc).__name__
                lat.append((time.perf_counter() - t0) * 1000)
                if kind:
                    errs[kind] = errs.get(kind, 0) + 1
                else:
                    sent += per_request
        with lock:
            res.latencies_ms.extend(lat)
            res.requests += requests
            res.messages += sent
            for k, v in errs.items():
                res.errors += v
                res.error_kinds[k] = res.error_kinds.get(k, 0) + v

    threads = [threading.Thread(target=client, args=(c,)) for c in range(clients)]
    for t in threads:
        t.start()
    barrier.wait()
    t0 = time.perf_counter()
    for t in threads:
        t.join()
    res.seconds = time.perf_counter() - t0
    return res


def run_load_test(
    *,
    clients: int = 8,
    single_requests: int = 200,
    batch_requests: int = 20,
    batch_size: int = 100,
    database_url: str | None = None,
    progress: Any = None,
) -> dict[str, Any]:
    """Start a server, run both phases, check the stored count; return the figures."""
    from guardline.service.auth import create_key, create_tenant
    from guardline.store.db import make_engine, session_factory
    from guardline.store.migrate import upgrade

    say = progress or (lambda s: None)
    with tempfile.TemporaryDirectory(prefix="gl-load-") as tmp:
        url = database_url or f"sqlite:///{Path(tmp) / 'load.db'}"
        backend = "postgresql" if url.startswith("postgres") else "sqlite"
        upgrade(url)
        engine = make_engine(url, pool_size=1)
        with session_factory(engine)() as s, s.begin():
            tenant = create_tenant(s, f"load-{os.getpid()}-{time.time_ns()}")
            key = create_key(s, tenant.id, "ingest,read")[1]
            tenant_id = tenant.id
        env = {"GUARDLINE_DATABASE_URL": url, "GUARDLINE_LOG_LEVEL": "WARNING"}
        serve = start_serve(env, Path(tmp) / "serve.log", cwd=tmp, timeout=120)
        base = serve.base
        out: dict[str, Any] = {
            "backend": backend,
            "clients": clients,
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
        }
        try:
            out["loadavg_before"] = loadavg()
            say(f"single: {clients} clients x {single_requests} requests ...")
            single = _run_phase(base, key, "single", clients, single_requests, 1)
            say(f"batch: {clients} clients x {batch_requests} batches of {batch_size} ...")
            batch = _run_phase(base, key, "batch", clients, batch_requests, batch_size)
            out["loadavg_after"] = loadavg()
            out["phases"] = [single.to_dict(), batch.to_dict()]
        finally:
            serve.stop()
        from sqlalchemy import func, select

        from guardline.store.models import MessageRow

        with engine.connect() as c:
            stored = c.scalar(
                select(func.count())
                .select_from(MessageRow)
                .where(MessageRow.tenant_id == tenant_id)
            )
        engine.dispose()
        sent = single.messages + batch.messages
        out["messages_sent_ok"] = sent
        out["messages_stored"] = int(stored or 0)
        out["errors"] = single.errors + batch.errors + (0 if stored == sent else 1)
        return out


def render_markdown(r: dict[str, Any]) -> str:
    lines = [
        "# Load test: `guardline serve` on loopback",
        "",
        "Generated by `guardline bench --load` (`guardline.service.loadtest`): a fresh "
        f"{r['backend']} database, a real `guardline serve` process (uvicorn, one worker) and "
        f"{r['clients']} concurrent client threads on the same machine, each with its own "
        "conversations and a fixed number of requests (synthetic, non-explicit messages). "
        "Latency is per request, measured by the client. An error is any answer other than "
        "200 with every message accepted, or a transport error; afterwards the stored "
        "message count must equal what was acknowledged.",
        "",
        f"Machine: {r['cpus']} CPUs shared with other work (client and server on the same "
        f"cores), Python {r['python']}; load average {r['loadavg_before']} before, "
        f"{r['loadavg_after']} after.",
        "",
        "| phase | clients | requests | messages | requests/s | messages/s | p50 ms | p90 ms "
        "| p99 ms | max ms | errors |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for p in r["phases"]:
        label = "single message" if p["name"] == "single" else "batch"
        if p["name"] == "batch" and p["requests"]:
            label += f" ({p['messages'] // max(1, p['requests'])} messages)"
        lines.append(
            f"| {label} | {p['clients']} | {p['requests']:,} | {p['messages']:,} | "
            f"{p['requests_per_s']:,.1f} | {p['messages_per_s']:,.0f} | {p['p50_ms']} | "
            f"{p['p90_ms']} | {p['p99_ms']} | {p['max_ms']} | {p['errors']} |"
        )
    lines += [
        "",
        f"Stored messages after the run: {r['messages_stored']:,} of "
        f"{r['messages_sent_ok']:,} acknowledged; errors in total: **{r['errors']}**.",
        "",
    ]
    return "\n".join(lines)


def write_reports(r: dict[str, Any], out: Path, json_out: Path | None) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_markdown(r), encoding="utf-8")
    if json_out is not None:
        json_out.write_text(json.dumps(r, indent=2), encoding="utf-8")
