"""Signed webhooks: real loopback receiver, signature checks, retries with backoff, the log."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from fastapi.testclient import TestClient
from svc_fixtures import GROOMING, payloads
from svc_receiver import receiver
from svc_support import TenantKeys, wait_for

from guardline.service.signing import SignatureError, sign, verify_signature
from guardline.service.webhooks import backoff_s

SECRET = "test-secret-0123456789"


def test_signature_helper() -> None:
    body = b'{"event":"alert.created"}'
    ts = int(time.time())
    sig = sign(SECRET, ts, body)
    assert sig.startswith("sha256=") and len(sig) == 7 + 64
    verify_signature(SECRET, str(ts), body, sig)
    verify_signature(SECRET.encode(), ts, body.decode(), sig)
    for args in (
        (SECRET, ts, body + b" ", sig),  # body changed
        ("other-secret-0123456", ts, body, sig),  # wrong secret
        (SECRET, ts + 1, body, sig),  # timestamp changed
        (SECRET, ts, body, None),  # missing header
        (SECRET, "soon", body, sig),  # malformed timestamp
    ):
        with pytest.raises(SignatureError):
            verify_signature(*args)  # type: ignore[arg-type]
    old = ts - 3600
    with pytest.raises(SignatureError, match="tolerance"):
        verify_signature(SECRET, old, body, sign(SECRET, old, body))
    verify_signature(SECRET, old, body, sign(SECRET, old, body), tolerance=None)


def test_backoff_doubles_and_caps() -> None:
    assert [backoff_s(2.0, n) for n in (1, 2, 3, 4)] == [2.0, 4.0, 8.0, 16.0]
    assert backoff_s(2.0, 40) == 3600.0


def _register(client: TestClient, t: TenantKeys, url: str) -> int:
    r = client.post("/v1/webhooks", json={"url": url, "secret": SECRET}, headers=t.h("admin"))
    assert r.status_code == 201, r.text
    assert "secret" not in r.json()
    return int(r.json()["id"])


def test_alert_created_is_delivered_signed(client: TestClient, tenant: TenantKeys) -> None:
    with receiver(SECRET) as rcv:
        hook = _register(client, tenant, rcv.url)
        r = client.post(
            "/v1/messages", json={"messages": payloads("w1", GROOMING)}, headers=tenant.h()
        )
        assert r.json()["alerts_created"] == 1
        got = wait_for(lambda: rcv.received)
        assert rcv.rejected == 0
        d = got[0]
        assert d["event"] == "alert.created" and d["body"]["event"] == "alert.created"
        alert = d["body"]["alert"]
        assert alert["conversation_id"] == "w1" and alert["author"] == "jay"
        texts = {t for _, t in GROOMING if len(t) >= 8}  # "13", "ok" occur in ids and times
        assert not any(t in str(d["body"]) for t in texts)  # ids and signs, never text
        listed = client.get("/v1/alerts", headers=tenant.h("read")).json()["items"]
        assert alert["id"] == listed[0]["id"]
        # a status change is an alert.updated delivery
        p = client.patch(
            f"/v1/alerts/{alert['id']}", json={"status": "escalated"}, headers=tenant.h("admin")
        )
        assert p.status_code == 200 and p.json()["status"] == "escalated"
        upd = wait_for(lambda: [x for x in rcv.received if x["event"] == "alert.updated"])
        assert upd[-1]["body"]["alert"]["status"] == "escalated"
        log = wait_for(lambda: _delivered(client, tenant, hook))
        assert all(x["last_status_code"] == 204 and x["response_ms"] is not None for x in log)


API_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?Z$")


def test_webhook_bodies_write_times_and_risks_as_the_api_does(
    client: TestClient, tenant: TenantKeys
) -> None:
    """A webhook's alert is the API's alert to the character: UTC times with ``Z`` (not
    ``+00:00``, nor no offset at all from an alert read back from SQLite), risks rounded to
    6 places; the bodies are still signed (the receiver checks every signature)."""
    with receiver(SECRET) as rcv:
        _register(client, tenant, rcv.url)
        r = client.post(
            "/v1/messages", json={"messages": payloads("wt", GROOMING)}, headers=tenant.h()
        )
        assert r.json()["alerts_created"] == 1
        created = wait_for(lambda: rcv.received)[0]["body"]
        alert_id = created["alert"]["id"]
        api = client.get(f"/v1/alerts/{alert_id}", headers=tenant.h("read")).json()
        assert created["alert"] == api
        p = client.patch(
            f"/v1/alerts/{alert_id}", json={"status": "claimed"}, headers=tenant.h("admin")
        )
        assert p.status_code == 200, p.text
        upd = wait_for(lambda: [x for x in rcv.received if x["event"] == "alert.updated"])
        updated = upd[-1]["body"]
        assert updated["alert"] == p.json()
        assert rcv.rejected == 0
    for body in (created, updated):
        for t in (body["created_at"], body["alert"]["created_at"], body["alert"]["updated_at"]):
            assert API_TIME.match(t), t
        assert body["alert"]["risk"] == round(body["alert"]["risk"], 6)
    # the conversation's risks are rounded like every other risk, and its highest risk reads
    # the same in the list and in the conversation
    conv = client.get("/v1/conversations/wt", headers=tenant.h("read")).json()
    listed = client.get("/v1/conversations", headers=tenant.h("read")).json()["items"]
    assert conv["max_risk"] == next(c for c in listed if c["id"] == "wt")["max_risk"]
    risks = [conv["risk"], conv["max_risk"], *(a["risk"] for a in conv["authors"])]
    assert all(x == round(x, 6) for x in risks), risks
    assert conv["risk"] <= conv["max_risk"]
    for t in (conv["created_at"], conv["last_message_at"]):
        assert API_TIME.match(t), t


def test_failure_then_success_is_retried(client: TestClient, tenant: TenantKeys) -> None:
    with receiver(SECRET, fail_first=2) as rcv:
        hook = _register(client, tenant, rcv.url)
        client.post("/v1/messages", json={"messages": payloads("w2", GROOMING)}, headers=tenant.h())
        wait_for(lambda: rcv.received, timeout=20)
        deliveries = wait_for(lambda: _delivered(client, tenant, hook))
        d = deliveries[0]
        assert d["attempts"] == 3 and rcv.attempts == 3
        assert d["last_status_code"] == 204 and d["last_error"] is None
        # backoff: 0.2 s then 0.4 s between the attempts (settings in make_settings)
        elapsed = _ts(d["delivered_at"]) - _ts(d["created_at"])
        assert elapsed >= 0.55


def test_deactivated_webhook_gets_nothing(client: TestClient, tenant: TenantKeys) -> None:
    with receiver(SECRET) as rcv:
        hook = _register(client, tenant, rcv.url)
        assert client.delete(f"/v1/webhooks/{hook}", headers=tenant.h("admin")).status_code == 204
        client.post("/v1/messages", json={"messages": payloads("w4", GROOMING)}, headers=tenant.h())
        time.sleep(0.5)
        assert rcv.attempts == 0
        assert client.get(f"/v1/webhooks/{hook}/deliveries", headers=tenant.h("admin")).json() == []


def _delivered(client: TestClient, tenant: TenantKeys, hook: int) -> list[dict[str, Any]]:
    """The webhook's deliveries that are marked delivered (by the deliveries endpoint)."""
    log = client.get(f"/v1/webhooks/{hook}/deliveries", headers=tenant.h("admin")).json()
    return [x for x in log if x["status"] == "delivered"]


def _ts(s: str) -> float:
    from datetime import datetime

    return datetime.fromisoformat(s).timestamp()
