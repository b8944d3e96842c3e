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
