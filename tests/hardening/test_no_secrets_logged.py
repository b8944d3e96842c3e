"""Secrets and message text never reach the logs.

A real `guardline serve` process at DEBUG level, its stdout and stderr captured whole:
ingest (an alert fires), participant context, a webhook with a secret whose receiver first
fails (retries are logged) then verifies the signature, an alert status change, bad
requests that carry message text in invalid bodies, wrong and revoked keys whose secrets
are marked, a scan of a broken archive. Afterwards the log holds none of: any message text,
any API key or key secret (valid, wrong or revoked), the webhook secret, the Authorization
header. It does hold the request lines (so the check is not vacuous).
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import httpx
from hard_support import BENIGN, GIFT, GROOMING, payloads
from svc_receiver import receiver
from typer.testing import CliRunner

from guardline.cli import app as cli_app
from guardline.service.serveproc import start_serve

KEY_RE = re.compile(r"gl_[0-9a-f]{12}_[A-Za-z0-9_-]+")
TEXT_MARK = "ZQ-TEXT-9f81"
HOOK_SECRET = "ZQ-HOOK-SECRET-5521-abcdef"
BAD_SECRET = "ZQBADSECRET0303"


def test_logs_hold_no_text_and_no_secrets(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'logs.db'}"
    run = CliRunner().invoke
    r = run(cli_app, ["tenants", "add", "logs", "--key", "ingest,read,admin", "--database-url", db])
    assert r.exit_code == 0, r.output
    key = KEY_RE.search(r.output).group(0)  # type: ignore[union-attr]
    r = run(
        cli_app, ["keys", "create", "--tenant", "logs", "--scopes", "read", "--database-url", db]
    )
    revoked = KEY_RE.search(r.output).group(0)  # type: ignore[union-attr]
    r = run(cli_app, ["keys", "revoke", revoked[3:].split("_", 1)[0], "--database-url", db])
    assert r.exit_code == 0, r.output
    log_path = tmp_path / "serve.log"
    env = {
        "GUARDLINE_DATABASE_URL": db,
        "GUARDLINE_LOG_LEVEL": "DEBUG",
        "GUARDLINE_WEBHOOK_POLL_S": "0.2",
        "GUARDLINE_WEBHOOK_BACKOFF_S": "0.2",
    }
    texts = [t for _, t in GROOMING + BENIGN + GIFT]
    serve = start_serve(env, log_path, cwd=tmp_path)
    base = serve.base
    try:
        h = {"Authorization": f"Bearer {key}"}
        with receiver(HOOK_SECRET, fail_first=2) as rec, httpx.Client(base_url=base) as c:
            assert (
                c.post(
                    "/v1/webhooks", json={"url": rec.url, "secret": HOOK_SECRET}, headers=h
                ).status_code
                == 201
            )
            c.put(
                "/v1/participants/kit",
                json={"age_band": "child", "contacts": [{"participant_id": "jay"}]},
                headers=h,
            )
            c.put("/v1/participants/jay", json={"age_band": "adult"}, headers=h)
            marked = [(a, f"{t} {TEXT_MARK}") for a, t in GROOMING]
            r = c.post("/v1/messages", json={"messages": payloads("lg-1", marked)}, headers=h)
            assert r.status_code == 200 and r.json()["alerts_created"] >= 1
            for cid, lines in (("lg-2", BENIGN), ("lg-3", GIFT)):
                c.post("/v1/messages", json={"messages": payloads(cid, lines)}, headers=h)
            # bad requests carrying text: invalid fields, NUL, over-long, malformed JSON
            bad_bodies = [
                {"messages": [{"text": f"{GROOMING[7][1]} {TEXT_MARK}"}]},
                {**payloads("lg-4", GROOMING[:1])[0], "text": f"{TEXT_MARK}\x00"},
                {**payloads("lg-4", GROOMING[:1])[0], "text": TEXT_MARK * 2000},
                {**payloads("lg-4", GROOMING[:1])[0], "surprise": TEXT_MARK},
            ]
            for b in bad_bodies:
                assert c.post("/v1/messages", json=b, headers=h).status_code in (413, 422)
            raw = f'{{"messages": [{{"text": "{TEXT_MARK}'.encode()
            r = c.post(
                "/v1/messages", content=raw, headers={**h, "content-type": "application/json"}
            )
            assert r.status_code == 422
            # wrong, revoked and malformed keys
            prefix = key[3:].split("_", 1)[0]
            for k in (f"gl_{prefix}_{BAD_SECRET}", f"gl_000000000000_{BAD_SECRET}", revoked):
                r = c.get("/v1/alerts", headers={"Authorization": f"Bearer {k}"})
                assert r.status_code == 401
            c.get("/v1/alerts", headers={"Authorization": f"Basic {BAD_SECRET}"})
            # a broken archive with text in it
            c.post(
                "/v1/scans",
                files={"file": ("x.jsonl", f'{{"id": "s", "messages": "{TEXT_MARK}"}}\n'.encode())},
                headers=h,
            )
            alerts = c.get("/v1/alerts", headers=h).json()["items"]
            c.patch(f"/v1/alerts/{alerts[0]['id']}", json={"status": "claimed"}, headers=h)
            deadline = time.monotonic() + 30
            while len(rec.received) < 2 and time.monotonic() < deadline:
                time.sleep(0.1)
            assert rec.attempts >= 3 and len(rec.received) >= 2  # retries happened, then OK
            assert rec.rejected == 0
    finally:
        serve.stop()

    log_text = log_path.read_text(encoding="utf-8", errors="replace")
    records = [json.loads(ln) for ln in log_text.splitlines() if ln.strip().startswith("{")]
    assert sum(1 for rec in records if rec.get("msg") == "request") >= 15
    msgs = [rec.get("msg") for rec in records]
    assert msgs.count("webhook delivery") >= 3  # the failed attempts and the deliveries
    assert "scan finished" in msgs and any(rec.get("level") == "debug" for rec in records)
    forbidden = {
        "message text mark": TEXT_MARK,
        "webhook secret": HOOK_SECRET,
        "bad key secret": BAD_SECRET,
        "api key": key,
        "api key secret": key[3:].split("_", 1)[1],
        "revoked key secret": revoked[3:].split("_", 1)[1],
    }
    for name, needle in forbidden.items():
        assert needle not in log_text, name
    assert "Bearer" not in log_text and "Authorization" not in log_text.replace(
        "WWW-Authenticate", ""
    )
    for t in texts:
        if len(t) > 12:  # whole lines; very short ones ("ok", "13") occur in timestamps
            assert t not in log_text, t
