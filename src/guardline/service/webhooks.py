"""Signed webhook delivery from the outbox (``webhook_deliveries``), with exponential backoff.

Ingest writes one outbox row per (event, subscribed webhook) in its own transaction, so an
event is never sent for data that was rolled back and never lost for data that was committed.
This worker claims due rows (``FOR UPDATE SKIP LOCKED`` on PostgreSQL, so several processes
can run it), pushes their ``next_attempt_at`` forward as a lease, POSTs the stored body with
an HMAC-SHA256 signature (see :mod:`guardline.service.signing`), and records every attempt:
status code, error kind, response time. A failed attempt is retried after
``webhook_backoff_s * 2**(attempts-1)`` seconds (capped at one hour) until
``webhook_max_attempts``, then marked ``failed``.

Destinations are checked twice: when a webhook is registered (``destination_refused``) and
before every delivery (``pin_destination``: the name is resolved again, so a DNS change cannot
point a registered webhook at an internal address later). Loopback, private, link-local,
multicast and reserved addresses are refused unless ``webhook_allow_private`` is set, so an
API key cannot turn guardline into a scanner of the network it runs in.

A delivery connects to the very address that was checked: the request goes to that IP with
the original ``Host`` header, and for https the original name as TLS SNI and certificate name.
A DNS answer that changes between the check and the connection (rebinding) therefore cannot
redirect it. Each destination host name has its own connection pool (:class:`WebhookClients`),
so a TLS connection verified for one name is never reused for another name on the same IP.
"""

from __future__ import annotations

import ipaddress
import socket
import ssl
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import SplitResult, urlsplit, urlunsplit

import httpx
from sqlalchemy import func, select, update

from guardline.service.logs import log
from guardline.service.runtime import Runtime
from guardline.service.signing import (
    DELIVERY_HEADER,
    EVENT_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    sign,
)
from guardline.store.models import Webhook, WebhookDelivery, utcnow

MAX_BACKOFF_S = 3600.0


#: host name, port -> the addresses it resolves to (``socket.getaddrinfo`` by default)
Resolver = Callable[[str, int], list[str]]


def system_resolver(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    return [str(info[4][0]).split("%")[0] for info in infos]


_INTERNAL = "the host resolves to a loopback, private, link-local or reserved address"
_BAD_URL = "the URL must be http(s) with a host"


def _internal(address: str) -> bool:
    addr = ipaddress.ip_address(address)
    return not addr.is_global or addr.is_multicast


def _split(url: str) -> SplitResult | None:
    """``urlsplit(url)``, or None for what it cannot split ("http://[x": an unclosed IPv6
    literal) or whose port is not a number."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not 0-65535
    except ValueError:
        return None
    return parts


def destination_refused(
    url: str, allow_private: bool, resolve: Resolver = system_resolver
) -> str | None:
    """Why ``url`` may not receive webhooks, or None when it may (checked at registration).

    Every address the host resolves to must be public unless ``allow_private`` (then the
    name is not resolved here: an internal receiver may not be up yet).
    """
    if allow_private:
        parts = _split(url)
        ok = parts is not None and parts.scheme in ("http", "https") and bool(parts.hostname)
        return None if ok else _BAD_URL
    dest = pin_destination(url, False, resolve)
    return dest.reason if isinstance(dest, Refused) else None


@dataclass(frozen=True, slots=True)
class Pinned:
    """Where one delivery goes: ``url`` names the checked address instead of the host."""

    url: str
    host: str  # the original host name (connection pool, TLS name)
    host_header: str  # the original ``Host`` header value
    sni: str | None  # the original host name for TLS (https only)


@dataclass(frozen=True, slots=True)
class Refused:
    reason: str
    transient: bool  # the name did not resolve: worth retrying later


def pin_destination(
    url: str, allow_private: bool, resolve: Resolver = system_resolver
) -> Pinned | Refused:
    """Resolve ``url``'s host once, check every address (unless ``allow_private``) and pin
    the delivery to the first one."""
    parts = _split(url)
    host = None if parts is None else parts.hostname
    if parts is None or parts.scheme not in ("http", "https") or not host:
        return Refused(_BAD_URL, False)
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        addresses = resolve(host, port)
    except (OSError, ValueError, UnicodeError):
        return Refused("the host does not resolve", True)
    if not addresses:
        return Refused("the host does not resolve", True)
    if not allow_private and any(_internal(a) for a in addresses):
        return Refused(_INTERNAL, False)
    address = addresses[0]
    literal = f"[{address}]" if ":" in address else address
    default = parts.port is None or parts.port == (443 if parts.scheme == "https" else 80)
    netloc = literal if default else f"{literal}:{parts.port}"
    host_literal = f"[{host}]" if ":" in host else host
    return Pinned(
        url=urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, "")),
        host=host,
        host_header=host_literal if default else f"{host_literal}:{parts.port}",
        sni=host if parts.scheme == "https" and not _is_ip(host) else None,
    )


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


class WebhookClients:
    """One HTTP client (connection pool) per destination host name, the least recently used
    closed beyond ``max_hosts``. Thread-safe. ``ca_bundle``: a PEM file of the CAs the
    receivers' certificates are checked against (default: the system's public CAs)."""

    def __init__(self, max_hosts: int = 64, ca_bundle: str | None = None) -> None:
        self.max_hosts = max_hosts
        self._verify: ssl.SSLContext | bool = (
            ssl.create_default_context(cafile=ca_bundle) if ca_bundle else True
        )
        self._clients: OrderedDict[str, httpx.Client] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, host: str) -> httpx.Client:
        with self._lock:
            client = self._clients.get(host)
            if client is None:
                client = self._clients[host] = httpx.Client(
                    follow_redirects=False, verify=self._verify
                )
                while len(self._clients) > self.max_hosts:
                    _, old = self._clients.popitem(last=False)
                    old.close()
            else:
                self._clients.move_to_end(host)
            return client

    def __len__(self) -> int:
        return len(self._clients)

    def close(self) -> None:
        with self._lock:
            for client in self._clients.values():
                client.close()
            self._clients.clear()


def backoff_s(base: float, attempts: int) -> float:
    """Delay before the next try after ``attempts`` failed attempts."""
    return min(MAX_BACKOFF_S, base * (2 ** max(0, attempts - 1)))


#: deliveries one process sends to one webhook per round, one after another; the other
#: webhooks' deliveries go out at the same time, on their own threads
PER_DESTINATION = 4
#: webhooks sent to at the same time by one process
MAX_PARALLEL = 8


def deliver_due(
    rt: Runtime,
    clients: WebhookClients,
    limit: int = 20,
    resolve: Resolver = system_resolver,
    per_destination: int = PER_DESTINATION,
) -> int:
    """Send due deliveries (up to ``limit``, at most ``per_destination`` of each webhook,
    oldest first); returns how many were attempted.

    Each webhook's deliveries are sent one after another and different webhooks' in
    parallel (up to ``MAX_PARALLEL`` threads), so a slow receiver holds up its own
    deliveries, not every tenant's: the others of the round go out at once, and the round
    ends after at most ``per_destination`` timeouts of the slowest receiver."""
    s = rt.settings
    now = utcnow()
    rank = (
        func.row_number()
        .over(
            partition_by=WebhookDelivery.webhook_id,
            order_by=(WebhookDelivery.next_attempt_at, WebhookDelivery.id),
        )
        .label("rank")
    )
    due = (
        select(WebhookDelivery.id, WebhookDelivery.next_attempt_at, rank)
        .where(WebhookDelivery.status == "pending", WebhookDelivery.next_attempt_at <= now)
        .subquery()
    )
    with rt.sessions() as session, session.begin():
        # the candidates (no lock: a window function cannot be locked), then the claim:
        # locked and checked again, since another process may have leased some meanwhile
        candidates = list(
            session.scalars(
                select(due.c.id)
                .where(due.c.rank <= per_destination)
                .order_by(due.c.next_attempt_at, due.c.id)
                .limit(limit)
            )
        )
        if not candidates:
            return 0
        q = (
            select(WebhookDelivery.id)
            .where(
                WebhookDelivery.id.in_(candidates),
                WebhookDelivery.status == "pending",
                WebhookDelivery.next_attempt_at <= now,
            )
            .order_by(WebhookDelivery.id)
        )
        if rt.postgres:
            q = q.with_for_update(skip_locked=True)
        ids = list(session.scalars(q))
        if not ids:
            return 0
        lease = now + timedelta(seconds=s.webhook_timeout_s + 30)
        session.execute(
            update(WebhookDelivery).where(WebhookDelivery.id.in_(ids)).values(next_attempt_at=lease)
        )
        jobs = session.execute(
            select(
                WebhookDelivery.id,
                WebhookDelivery.webhook_id,
                WebhookDelivery.event,
                WebhookDelivery.payload,
                WebhookDelivery.attempts,
                WebhookDelivery.tenant_id,
                Webhook.url,
                Webhook.secret,
                Webhook.active,
            )
            .join(Webhook, Webhook.id == WebhookDelivery.webhook_id)
            .where(WebhookDelivery.id.in_(ids))
            .order_by(WebhookDelivery.id)
        ).all()
    by_hook: dict[int, list[Any]] = {}
    for job in jobs:
        by_hook.setdefault(job.webhook_id, []).append(job)

    def send_in_turn(queue: list[Any]) -> int:
        sent = 0
        for job in queue:
            if _renew_lease(rt, job.id, lease):
                _send(rt, clients, job, resolve)
                sent += 1
        return sent

    if len(by_hook) == 1:
        return send_in_turn(list(jobs))
    with ThreadPoolExecutor(
        max_workers=min(MAX_PARALLEL, len(by_hook)), thread_name_prefix="guardline-webhook"
    ) as pool:
        return sum(pool.map(send_in_turn, by_hook.values()))


def _renew_lease(rt: Runtime, delivery_id: int, lease: datetime) -> bool:
    """Renew one claimed delivery's lease just before sending it; False when it is no longer
    ours. A webhook's deliveries are sent one after another, so a slow receiver can outlast
    the lease of the deliveries further down: another process may have claimed them meanwhile
    (then the row holds its lease, or is no longer pending) and must be the only sender."""
    renewed = utcnow() + timedelta(seconds=rt.settings.webhook_timeout_s + 30)
    with rt.sessions() as session, session.begin():
        result = session.execute(
            update(WebhookDelivery)
            .where(
                WebhookDelivery.id == delivery_id,
                WebhookDelivery.status == "pending",
                WebhookDelivery.next_attempt_at == lease,
            )
            .values(next_attempt_at=renewed)
        )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def _send(rt: Runtime, clients: WebhookClients, job: object, resolve: Resolver) -> None:
    s = rt.settings
    jid = job.id  # type: ignore[attr-defined]
    attempts = job.attempts + 1  # type: ignore[attr-defined]
    code: int | None = None
    error: str | None = None
    ms: float | None = None
    dest = pin_destination(job.url, s.webhook_allow_private, resolve)  # type: ignore[attr-defined]
    refused = isinstance(dest, Refused) and not dest.transient
    if not job.active:  # type: ignore[attr-defined]
        error = "webhook deactivated"
    elif isinstance(dest, Refused):
        error = "destination does not resolve" if dest.transient else "destination refused"
    else:
        body = job.payload.encode("utf-8")  # type: ignore[attr-defined]
        ts = int(time.time())
        headers = {
            "Content-Type": "application/json",
            "User-Agent": "guardline-webhooks/1",
            SIGNATURE_HEADER: sign(rt.cipher.unseal(job.secret), ts, body),  # type: ignore[attr-defined]
            TIMESTAMP_HEADER: str(ts),
            EVENT_HEADER: job.event,  # type: ignore[attr-defined]
            DELIVERY_HEADER: str(jid),
            "Host": dest.host_header,
        }
        t0 = time.perf_counter()
        try:
            resp = clients.get(dest.host).post(
                dest.url,
                content=body,
                headers=headers,
                timeout=s.webhook_timeout_s,
                extensions={"sni_hostname": dest.sni} if dest.sni else None,
            )
            code = resp.status_code
            if not 200 <= code < 300:
                error = f"HTTP {code}"
        except httpx.HTTPError as exc:
            error = type(exc).__name__
        ms = round((time.perf_counter() - t0) * 1000, 2)
    now = utcnow()
    values: dict[str, object] = {
        "attempts": attempts,
        "last_status_code": code,
        "last_error": error,
        "response_ms": ms,
    }
    if error is None:
        values.update(status="delivered", delivered_at=now)
        result = "delivered"
    elif attempts >= s.webhook_max_attempts or not job.active or refused:  # type: ignore[attr-defined]
        values.update(status="failed")
        result = "failed"
    else:
        values.update(
            next_attempt_at=now + timedelta(seconds=backoff_s(s.webhook_backoff_s, attempts))
        )
        result = "retry"
    with rt.sessions() as session, session.begin():
        session.execute(update(WebhookDelivery).where(WebhookDelivery.id == jid).values(**values))
    rt.metrics.deliveries.labels(result=result).inc()
    log.info(
        "webhook delivery",
        extra={
            "delivery_id": jid,
            "tenant_id": job.tenant_id,  # type: ignore[attr-defined]
            "event": job.event,  # type: ignore[attr-defined]
            "attempt": attempts,
            "result": result,
            "status_code": code,
            "error": error,
            "ms": ms,
        },
    )
