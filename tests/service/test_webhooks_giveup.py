"""Webhook deliveries give up after ``webhook_max_attempts`` (own module: one worker per DB)."""

from __future__ import annotations

from fastapi.testclient import TestClient
from svc_fixtures import GROOMING, payloads
from svc_receiver import receiver
from svc_support import make_settings, new_tenant, wait_for

from guardline.service.app import create_app

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
