"""The README's commands: db upgrade, tenants add --key, keys create, and `guardline serve`
as a real process on a free port; its JSON logs never contain message text."""

from __future__ import annotations

import json
import re
from pathlib import Path

import httpx
import pytest
from svc_fixtures import GROOMING, payloads
from typer.testing import CliRunner

from guardline.cli import app as cli_app
from guardline.service.serveproc import start_serve
from guardline.store.migrate import head_revision

KEY_RE = re.compile(r"gl_[0-9a-f]{12}_[A-Za-z0-9_-]+")


def test_admin_commands(db_url: str) -> None:
    run = CliRunner().invoke
    r = run(cli_app, ["db", "upgrade", "--database-url", db_url])
    assert r.exit_code == 0 and f"revision {head_revision()}" in r.output
    r = run(cli_app, ["tenants", "add", "acme", "--key", "ingest,read", "--database-url", db_url])
    assert r.exit_code == 0, r.output
    assert KEY_RE.search(r.output)
    r = run(cli_app, ["tenants", "add", "acme", "--database-url", db_url])
    assert r.exit_code == 2 and "already exists" in r.output
    r = run(
        cli_app,
        ["keys", "create", "--tenant", "acme", "--scopes", "admin", "--database-url", db_url],
    )
    assert r.exit_code == 0 and "[admin]" in r.output and KEY_RE.search(r.output)
    r = run(cli_app, ["keys", "create", "--tenant", "nobody", "--database-url", db_url])
    assert r.exit_code == 2 and "no tenant" in r.output
    r = run(
        cli_app,
        ["keys", "create", "--tenant", "acme", "--scopes", "root", "--database-url", db_url],
    )
    assert r.exit_code == 2 and "scopes" in r.output
    r = run(cli_app, ["db", "purge", "--database-url", db_url])
    assert r.exit_code == 0 and "conversations_deleted=0" in r.output


@pytest.mark.parametrize("workers", [1, 2])
def test_serve_process(db_url: str, tmp_path: Path, workers: int) -> None:
    env = {
        "GUARDLINE_WORKERS": str(workers),
        "GUARDLINE_DATABASE_URL": db_url,
        "GUARDLINE_WEBHOOK_POLL_S": "0.2",
    }
    r = CliRunner().invoke(
        cli_app,
        ["tenants", "add", f"srv{workers}", "--key", "ingest,read", "--database-url", db_url],
    )
    key = KEY_RE.search(r.output).group(0)  # type: ignore[union-attr]
    log_path = tmp_path / "serve.log"
    serve = start_serve(env, log_path, cwd=tmp_path)
    try:
        base = serve.base
        h = {"Authorization": f"Bearer {key}"}
        r = httpx.post(
            f"{base}/v1/messages",
            json={"messages": payloads("p1", GROOMING)},
            headers=h,
            timeout=30,
        )
        assert r.status_code == 200 and r.json()["alerts_created"] == 1
        r = httpx.post(
            f"{base}/v1/messages",
            json={"messages": [{"bad": GROOMING[2][1]}]},
            headers=h,
            timeout=30,
        )
        assert r.status_code == 422 and GROOMING[2][1] not in r.text
        assert httpx.get(f"{base}/v1/alerts", headers=h).json()["items"][0]["author"] == "jay"
        metrics = httpx.get(f"{base}/metrics").text
        if workers == 1:  # metrics are per process
            assert f"guardline_messages_ingested_total {float(len(GROOMING))}" in metrics
            assert "guardline_alerts_total 1.0" in metrics
        assert "guardline_scoring_seconds_bucket" in metrics
    finally:
        serve.stop()
    lines = [ln for ln in log_path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    records = [json.loads(ln) for ln in lines]  # every line is a JSON object
    assert any(r.get("msg") == "request" and r.get("route") == "/v1/messages" for r in records)
    text = log_path.read_text(encoding="utf-8")
    for _, line in GROOMING:
        if len(line) > 8:  # whole lines; short ones ("13", "ok") occur in timestamps
            assert line not in text
