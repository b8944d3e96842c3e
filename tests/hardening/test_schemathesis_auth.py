"""schemathesis against the API with every auth mode: no key, a bad key, a revoked key,
another tenant's key, and a key of each scope (ingest, read, admin).

tests/service/test_schemathesis.py runs every operation with an all-scopes key and checks
conformance; this runs every operation once per auth mode. For every generated request:
never a 5xx; without a valid key always 401, whatever the body (credentials are checked
before any body, path or query error is answered);
with a key lacking the operation's scope never a 2xx; every 4xx is problem+json. Nothing
is written by the unauthenticated modes.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hard_support import GROOMING, new_tenant, payloads, snapshot
from hypothesis import HealthCheck, given, settings

from guardline.service.auth import revoke_key

# the scope each /v1 operation needs (as the routers declare it)
SCOPE = {
    ("POST", "/v1/messages"): "ingest",
    ("PUT", "/v1/participants/{participant_id}"): "ingest",
    ("POST", "/v1/scans"): "ingest",
    ("GET", "/v1/participants/{participant_id}"): "read",
    ("GET", "/v1/conversations"): "read",
    ("GET", "/v1/conversations/{conversation_id}"): "read",
    ("GET", "/v1/alerts"): "read",
    ("GET", "/v1/alerts/{alert_id}"): "read",
    ("GET", "/v1/scans/{scan_id}"): "read",
    ("GET", "/v1/scans/{scan_id}/results"): "read",
    ("PATCH", "/v1/alerts/{alert_id}"): "admin",
    ("POST", "/v1/webhooks"): "admin",
    ("GET", "/v1/webhooks"): "admin",
    ("DELETE", "/v1/webhooks/{webhook_id}"): "admin",
    ("GET", "/v1/webhooks/{webhook_id}/deliveries"): "admin",
}
UNAUTHENTICATED = ("no key", "bad key", "revoked key")


@pytest.fixture(scope="module")
def modes(svc_app: FastAPI, svc_client: TestClient) -> dict[str, dict[str, str]]:
    owner = new_tenant(svc_app)
    svc_client.post(
        "/v1/messages", json={"messages": payloads("sa-1", GROOMING)}, headers=owner.h()
    )
    svc_client.post(
        "/v1/webhooks",
        json={"url": "http://127.0.0.1:9/x", "secret": "s" * 20},
        headers=owner.h(),
    )
    gone = new_tenant(svc_app)
    with svc_app.state.rt.sessions() as s, s.begin():
        revoke_key(s, gone.keys["all"][3:].split("_", 1)[0])
    other = new_tenant(svc_app)
    return {
        "no key": {},
        "bad key": {"Authorization": "Bearer gl_000000000000_not-a-real-secret"},
        "revoked key": gone.h("all"),
        "ingest": owner.h("ingest"),
        "read": owner.h("read"),
        "admin": owner.h("admin"),
        "other tenant": other.h("all"),
    }


def _runner(op: Any, mode: str, headers: dict[str, str], calls: list[int]) -> Any:
    need = SCOPE.get((op.method.upper(), op.path))

    @given(case=op.as_strategy())
    @settings(
        max_examples=15 if mode in UNAUTHENTICATED else 10,
        deadline=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    def run(case: Any) -> None:
        calls.append(1)
        r = case.call(headers=headers)
        code = r.status_code
        assert code < 500, f"{code}"
        if need is None:  # health, metrics, docs: public
            return
        if mode in UNAUTHENTICATED:
            assert code == 401, f"{code} without a valid key"
        elif mode in ("ingest", "read") and mode != need:
            assert code >= 400, f"{code} for a {mode} key on an {need} operation"
        if code >= 400:
            ctype = {k.lower(): v for k, v in r.headers.items()}.get("content-type", "")
            ctype = ctype[0] if isinstance(ctype, list) else ctype
            assert ctype.startswith("application/problem+json"), ctype

    return run


def test_api_with_every_auth_mode(
    svc_app: FastAPI, svc_client: TestClient, modes: dict[str, dict[str, str]]
) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", svc_app)
    operations = [r.ok() for r in schema.get_all_operations()]
    v1 = [op for op in operations if op.path.startswith("/v1")]
    assert {(op.method.upper(), op.path) for op in v1} == set(SCOPE), "update SCOPE"
    failed: list[str] = []
    calls: list[int] = []
    for mode, headers in modes.items():
        before = snapshot(svc_app) if mode in UNAUTHENTICATED else None
        for op in operations if mode == "no key" else v1:
            try:
                _runner(op, mode, headers, calls)()
            except Exception as exc:
                failed.append(f"[{mode}] {op.label}: {type(exc).__name__}: {str(exc)[:800]}")
        if before is not None:
            assert snapshot(svc_app) == before, mode
    assert not failed, "\n\n".join(failed)
    assert len(calls) > 500
