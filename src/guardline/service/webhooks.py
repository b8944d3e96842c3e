"""Signed webhook delivery from the outbox (``webhook_deliveries``), with exponential backoff.

Ingest writes one outbox row per (event, subscribed webhook) in its own transaction, so an
event is never sent for data that was rolled back and never lost for data that was committed.
This worker claims due rows (``FOR UPDATE SKIP LOCKED`` on PostgreSQL, so several processes
can run it), pushes their ``next_attempt_at`` forward as a lease, POSTs the stored body with
an HMAC-SHA256 signature (see :mod:`guardline.service.signing`), and records every attempt:
status code, error kind, response time. A failed attempt is retried after
``webhook_backoff_s * 2**(attempts-1)`` seconds (capped at one hour) until
``webhook_max_attempts``, then marked ``failed``.

Destinations are checked twice (``destination_refused``): when a webhook is registered and
before every delivery (the name is resolved again, so a DNS change cannot point a registered
webhook at an internal address later). Loopback, private, link-local, multicast and reserved
addresses are refused unless ``webhook_allow_private`` is set, so an API key cannot turn
guardline into a scanner of the network it runs in.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from datetime import timedelta
from urllib.parse import urlsplit

import httpx
from sqlalchemy import select, update

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


def destination_refused(url: str, allow_private: bool) -> str | None:
    """Why ``url`` may not receive webhooks, or None when it may.

    Every address the host resolves to must be public unless ``allow_private``.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "the URL must be http(s) with a host"
    if allow_private:
        return None
    host = parts.hostname
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except (OSError, ValueError, UnicodeError):
        return "the host does not resolve"
    for info in infos:
        addr = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if not addr.is_global or addr.is_multicast:
            return "the host resolves to a loopback, private, link-local or reserved address"
    return None


def backoff_s(base: float, attempts: int) -> float:
    """Delay before the next try after ``attempts`` failed attempts."""
    return min(MAX_BACKOFF_S, base * (2 ** max(0, attempts - 1)))


def deliver_due(rt: Runtime, client: httpx.Client, limit: int = 20) -> int:
    """Send every due delivery (up to ``limit``); returns how many were attempted."""
    s = rt.settings
    now = utcnow()
    with rt.sessions() as session, session.begin():
        q = (
            select(WebhookDelivery.id)
            .where(WebhookDelivery.status == "pending", WebhookDelivery.next_attempt_at <= now)
            .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id)
            .limit(limit)
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
    for job in jobs:
        _send(rt, client, job)
    return len(jobs)


def _send(rt: Runtime, client: httpx.Client, job: object) -> None:
    s = rt.settings
    jid = job.id  # type: ignore[attr-defined]
    attempts = job.attempts + 1  # type: ignore[attr-defined]
    code: int | None = None
    error: str | None = None
    ms: float | None = None
    refused = destination_refused(job.url, s.webhook_allow_private)  # type: ignore[attr-defined]
    if not job.active:  # type: ignore[attr-defined]
        error = "webhook deactivated"
    elif refused is not None:
        error = "destination refused"
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
        }
        t0 = time.perf_counter()
        try:
            resp = client.post(
                job.url,  # type: ignore[attr-defined]
                content=body,
                headers=headers,
                timeout=s.webhook_timeout_s,
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
