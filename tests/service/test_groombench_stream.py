"""Done-when: a real groombench positive streamed through POST /v1/messages raises an alert
visible at GET /v1/alerts and a signed webhook delivery. Skips without the shared data."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from fastapi.testclient import TestClient
from svc_receiver import receiver
from svc_support import TenantKeys, wait_for

from guardline.core.model import Conversation
from guardline.detect import Detector

SECRET = "groombench-secret-123456"


def _first_alerting_positive(path: Path) -> Conversation:
    det = Detector()
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            if not rec.get("predators"):
                continue
            conv = Conversation.from_dict(rec)
            if det.scan(conv).alert:
                return conv
    raise AssertionError("no groombench positive alerts with the shipped model")


def test_groombench_positive_raises_alert_and_webhook(
    shared_data: Path, client: TestClient, tenant: TenantKeys
) -> None:
    gb = shared_data / "groombench" / "test_sessions.jsonl.gz"
    conv = _first_alerting_positive(gb)
    expected = Detector().scan(conv)
    with receiver(SECRET) as rcv:
        r = client.post(
            "/v1/webhooks", json={"url": rcv.url, "secret": SECRET}, headers=tenant.h("admin")
        )
        assert r.status_code == 201
        for i, m in enumerate(conv.messages):  # one POST per message, as a platform streams
            r = client.post(
                "/v1/messages",
                json={
                    "message_id": f"{conv.id}:{i}",
                    "conversation_id": conv.id,
                    "author": m.author,
                    "text": m.text,
                    "platform": "groombench",
                },
                headers=tenant.h("ingest"),
            )
            assert r.status_code == 200
            assert r.json()["results"][0]["alert"] == (
                expected.first_alert_index is not None and i >= expected.first_alert_index
            )
        alerts = client.get(
            "/v1/alerts", params={"conversation_id": conv.id}, headers=tenant.h("read")
        ).json()["items"]
        assert alerts, "no alert visible through the API"
        assert {a["author"] for a in alerts} == set(expected.flagged_authors)
        assert {a["author"] for a in alerts} <= set(conv.predators or [])
        got = wait_for(lambda: [d for d in rcv.received if d["event"] == "alert.created"])
        assert rcv.rejected == 0  # every delivery carried a valid signature
        assert {d["body"]["alert"]["id"] for d in got} == {a["id"] for a in alerts}
        assert got[0]["body"]["alert"]["first_alert_index"] == expected.first_alert_index
