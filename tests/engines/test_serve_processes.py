"""Two `guardline serve` processes on one PostgreSQL give the same assessments and alerts as
one process when the messages of each conversation arrive interleaved across them.

Real processes (uvicorn) on loopback ports, a fresh database on the PostgreSQL server at
``GUARDLINE_TEST_POSTGRES_URL`` (skipped when unset, unless ``GUARDLINE_REQUIRE_POSTGRES=1``).
Conversations are sent concurrently (one sender thread each); a conversation's messages go
one at a time, alternately to the two processes.
"""

from __future__ import annotations

import os
import tempfile
import threading
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from guardline.corpora import load
from guardline.detect import Detector

httpx = pytest.importorskip("httpx")
pytest.importorskip("guardline.service.bench")

from guardline.service.bench import Server, fresh_db, make_key  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "conversations.jsonl"
PG_ENV = "GUARDLINE_TEST_POSTGRES_URL"
_VOLATILE = {"id", "created_at", "last_message_at"}


def _admin_url() -> str:
    url = os.environ.get(PG_ENV)
    if not url:
        if os.environ.get("GUARDLINE_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"{PG_ENV} is not set and GUARDLINE_REQUIRE_POSTGRES=1")
        pytest.skip(f"{PG_ENV} not set")
    return url


def _send_all(bases: list[str], key: str, prefix: str) -> None:
    """One thread per conversation; message i goes to bases[(i + k) % len(bases)]."""
    headers = {"Authorization": f"Bearer {key}"}
    errors: list[str] = []

    def send(k: int, conv: Any) -> None:
        with httpx.Client(headers=headers, timeout=60) as c:
            for i, m in enumerate(conv.messages):
                body = {
                    "message_id": f"{prefix}{conv.id}-{i}",
                    "conversation_id": f"{prefix}{conv.id}",
                    "author": m.author,
                    "text": m.text,
                }
                r = c.post(f"{bases[(i + k) % len(bases)]}/v1/messages", json=body)
                if r.status_code != 200:
                    errors.append(f"{conv.id} message {i}: HTTP {r.status_code}")
                    return

    threads = [
        threading.Thread(target=send, args=(k, conv)) for k, conv in enumerate(load(EXAMPLE))
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors


def _state(base: str, key: str, prefix: str) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {key}"}
    out: dict[str, Any] = {}
    with httpx.Client(base_url=base, headers=headers, timeout=60) as c:
        for conv in load(EXAMPLE):
            r = c.get(f"/v1/conversations/{prefix}{conv.id}")
            assert r.status_code == 200, r.status_code
            out[conv.id] = {k: v for k, v in r.json().items() if k not in _VOLATILE}
        alerts: list[dict[str, Any]] = []
        cursor = None
        while True:
            r = c.get("/v1/alerts", params={"cursor": cursor} if cursor else {})
            assert r.status_code == 200, r.status_code
            page = r.json()
            alerts += page["items"]
            cursor = page["next_cursor"]
            if not cursor:
                break
    for a in alerts:
        if a["conversation_id"].startswith(prefix):
            cid = a["conversation_id"][len(prefix) :]
            out[cid].setdefault("alerts", []).append(
                (a["author"], a["first_alert_index"], a["signs"])
            )
    return out


def test_two_serve_processes_interleaved_equal_one() -> None:
    admin = _admin_url()
    with tempfile.TemporaryDirectory(prefix="gl-serve2-") as tmp:
        url, drop = fresh_db("postgresql", admin, Path(tmp))
        try:
            # one tenant per run: the runs share account ids, and a tenant's relationship
            # memory would carry the first run's flags into the second run's conversations
            key_one, key_two = make_key(url), make_key(url)
            with (
                Server(url, Path(tmp) / "a.log") as a,
                Server(url, Path(tmp) / "b.log") as b,
            ):
                assert a.proc is not None and b.proc is not None and a.proc.pid != b.proc.pid
                _send_all([a.base], key_one, "one-")
                _send_all([a.base, b.base], key_two, "two-")
                one = _state(a.base, key_one, "one-")
                two = _state(b.base, key_two, "two-")
        finally:
            drop()
    assert one == two
    det = Detector()
    alerted = 0
    for conv in load(EXAMPLE):
        # the service was sent messages only, no participant context (ages, account age)
        want = det.scan(replace(conv, participants={}))
        got = two[conv.id]
        assert got["alert"] == want.alert, conv.id
        assert got["first_alert_index"] == want.first_alert_index, conv.id
        assert got["message_count"] == len(conv.messages)
        flagged = sorted(au["author"] for au in got["authors"] if au["flagged"])
        assert flagged == sorted(want.flagged_authors), conv.id
        # exactly one alert per flagged author: no duplicates from the two processes racing
        assert sorted(x[0] for x in got.get("alerts", [])) == flagged, conv.id
        alerted += want.alert
    assert alerted >= 1
