"""Webhook deliveries give up after ``webhook_max_attempts`` (own module: one worker per DB)."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import timedelta
from itertools import pairwise
from types import SimpleNamespace
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select, update
from svc_fixtures import GROOMING, payloads
from svc_receiver import receiver
from svc_support import make_settings, new_tenant, wait_for

from guardline.service.app import create_app
from guardline.service.webhooks import WebhookClients, deliver_due
from guardline.store.models import WebhookDelivery, utcnow

SECRET = "test-secret-0123456789"


def test_gives_up_after_max_attempts(db_url: str) -> None:
    app = create_app(
        make_settings(db_url, webhook_max_attempts=2, webhook_backoff_s=0.05), configure_logs=False
    )
    t = new_tenant(app)
    with receiver(SECRET, fail_first=100) as rcv, TestClient(app) as c:
        r = c.post("/v1/webhooks", json={"url": rcv.url, "secret": SECRET}, headers=t.h("admin"))
        hook = r.json()["id"]
        c.post("/v1/messages", json={"messages": payloads("w3", GROOMING)}, headers=t.h())
        failed = wait_for(
            lambda: [
                x
                for x in c.get(f"/v1/webhooks/{hook}/deliveries", headers=t.h("admin")).json()
                if x["status"] == "failed"
            ]
        )
        assert failed[0]["attempts"] == 2 and failed[0]["last_status_code"] == 500
        assert rcv.received == []


def test_webhook_secret_encrypted_at_rest(db_url: str) -> None:
    from cryptography.fernet import Fernet
    from sqlalchemy import select

    from guardline.store.models import Webhook

    key = Fernet.generate_key().decode()
    app = create_app(make_settings(db_url, encryption_key=key), configure_logs=False)
    t = new_tenant(app)
    with receiver(SECRET) as rcv, TestClient(app) as c:
        r = c.post("/v1/webhooks", json={"url": rcv.url, "secret": SECRET}, headers=t.h("admin"))
        with app.state.rt.sessions() as s:
            stored = s.scalar(select(Webhook.secret).where(Webhook.id == r.json()["id"]))
        assert stored.startswith("fernet:") and SECRET not in stored
        c.post("/v1/messages", json={"messages": payloads("w5", GROOMING)}, headers=t.h())
        got = wait_for(lambda: rcv.received)  # signed with the plain secret
        assert rcv.rejected == 0 and got[0]["event"] == "alert.created"


class _Receiver:
    """Stands in for ``WebhookClients``: records each delivery id posted, answers 200."""

    def __init__(self, during_post: Callable[[int], None] = lambda _: None) -> None:
        self.sent: list[int] = []
        self.during_post = during_post

    def get(self, host: str) -> _Receiver:
        return self

    def post(self, url: str, *, headers: dict[str, str], **kw: Any) -> Any:
        self.sent.append(int(headers["X-Guardline-Delivery"]))
        self.during_post(self.sent[-1])
        return SimpleNamespace(status_code=200)


def test_a_delivery_whose_lease_ran_out_is_sent_by_one_process_only(db_url: str) -> None:
    """Process A claims a batch and sends it one delivery after another; its receiver is so
    slow that the leases of the deliveries further down run out and process B claims and
    sends them. A must not send them again."""
    app = create_app(
        make_settings(db_url, workers_enabled=False, webhook_allow_private=True),
        configure_logs=False,
    )
    t = new_tenant(app)
    rt = app.state.rt
    with TestClient(app) as c:
        url = "http://127.0.0.1:9/hook"
        r = c.post("/v1/webhooks", json={"url": url, "secret": SECRET}, headers=t.h("admin"))
        hook = r.json()["id"]
        for cid in ("l1", "l2", "l3"):
            c.post("/v1/messages", json={"messages": payloads(cid, GROOMING)}, headers=t.h())
    with rt.sessions() as s:
        queued = sorted(
            s.scalars(select(WebhookDelivery.id).where(WebhookDelivery.webhook_id == hook))
        )
    assert len(queued) >= 3
    b = _Receiver()

    def slow(current: int) -> None:
        if len(a.sent) > 1:
            return
        with rt.sessions() as s, s.begin():  # the time A spends here outlasts the leases
            s.execute(
                update(WebhookDelivery)
                .where(WebhookDelivery.webhook_id == hook, WebhookDelivery.id != current)
                .values(next_attempt_at=utcnow() - timedelta(seconds=1))
            )
        deliver_due(rt, b, resolve=lambda host, port: ["127.0.0.1"])  # type: ignore[arg-type]

    a = _Receiver(slow)
    deliver_due(rt, a, resolve=lambda host, port: ["127.0.0.1"])  # type: ignore[arg-type]
    assert sorted(a.sent + b.sent) == queued, (a.sent, b.sent)
    assert a.sent[:1] == queued[:1] and b.sent == queued[1:]
    with rt.sessions() as s:
        rows = s.execute(
            select(WebhookDelivery.status, WebhookDelivery.attempts).where(
                WebhookDelivery.webhook_id == hook
            )
        ).all()
    assert set(rows) == {("delivered", 1)}


def test_a_slow_receiver_does_not_hold_up_other_tenants_webhooks(db_url: str) -> None:
    """Tenant S's receiver takes 1 s to answer and has three deliveries queued before tenant
    F's one: F's is sent at once, alongside S's, not after them (real loopback receivers)."""
    app = create_app(
        make_settings(
            db_url, workers_enabled=False, webhook_allow_private=True, webhook_timeout_s=3.0
        ),
        configure_logs=False,
    )
    slow_t, fast_t = new_tenant(app), new_tenant(app)
    rt = app.state.rt
    with (
        receiver(SECRET, delay_s=1.0) as slow,
        receiver(SECRET) as fast,
        TestClient(app) as c,
    ):
        for t, rcv in ((slow_t, slow), (fast_t, fast)):
            r = c.post("/v1/webhooks", json={"url": rcv.url, "secret": SECRET}, headers=t.h())
            assert r.status_code == 201, r.text
        for cid in ("s1", "s2", "s3"):
            c.post("/v1/messages", json={"messages": payloads(cid, GROOMING)}, headers=slow_t.h())
        c.post("/v1/messages", json={"messages": payloads("f1", GROOMING)}, headers=fast_t.h())
        clients = WebhookClients()
        try:
            started = time.monotonic()
            sent = deliver_due(rt, clients)
            took = time.monotonic() - started
        finally:
            clients.close()
    assert sent == 4 and len(slow.received) == 3 and len(fast.received) == 1
    assert slow.rejected == fast.rejected == 0
    assert fast.received[0]["arrived"] - started < 0.8, "the fast receiver waited"
    # the slow receiver's own deliveries still go one after another (each renews its lease)
    arrivals = [x["arrived"] for x in slow.received]
    assert all(b - a >= 0.9 for a, b in pairwise(arrivals))
    assert took >= 2.9
    with rt.sessions() as s:
        statuses = set(
            s.scalars(
                select(WebhookDelivery.status).where(
                    WebhookDelivery.tenant_id.in_([slow_t.id, fast_t.id])
                )
            )
        )
    assert statuses == {"delivered"}
