"""Access control over every /v1 endpoint, generated from the app's OpenAPI schema.

Extends tests/service/test_isolation.py (tenant isolation, each scope, no key, one bad key,
one revoked key on one endpoint) with, for EVERY endpoint: revoked keys of every scope,
the right key prefix with a wrong secret, another tenant's prefix with this tenant's secret,
and malformed ``Authorization`` headers (other schemes, empty, truncated, overlong, control
characters, a key split by whitespace). Every one is a 401 problem document that says
nothing about the key or the data, and nothing is written. The console routes are not
/v1 routes and authenticate with sessions (tests/console).
"""

from __future__ import annotations

import base64
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hard_support import GROOMING, TenantKeys, new_tenant, payloads, snapshot

from guardline.service.auth import revoke_key


def v1_operations(app: FastAPI) -> list[tuple[str, str, dict[str, Any]]]:
    """(method, path with ids filled in, request kwargs) for every /v1 operation."""
    out = []
    for path, ops in app.openapi()["paths"].items():
        if not path.startswith("/v1"):
            continue
        for method, op in ops.items():
            url = path
            for prm in op.get("parameters", []):
                if prm["in"] == "path":
                    url = url.replace("{" + prm["name"] + "}", "1")
            kw: dict[str, Any] = {}
            content = op.get("requestBody", {}).get("content", {})
            if "multipart/form-data" in content:
                kw["files"] = {"file": ("a.jsonl", b'{"id": "x", "messages": []}\n')}
            elif "application/json" in content:
                kw["json"] = {"messages": payloads("ac-c", GROOMING[:2])}
            out.append((method.upper(), url, kw))
    return sorted(out, key=lambda x: (x[1], x[0]))


@pytest.fixture(scope="module")
def keys(svc_app: FastAPI, svc_client: TestClient) -> dict[str, Any]:
    a = new_tenant(svc_app)
    b = new_tenant(svc_app)
    r = svc_client.post(
        "/v1/messages", json={"messages": payloads("ac-base", GROOMING)}, headers=a.h()
    )
    assert r.status_code == 200
    # revoked before first use (so no check result is cached): one per scope set
    revoked = new_tenant(svc_app)
    with svc_app.state.rt.sessions() as s, s.begin():
        for k in revoked.keys.values():
            assert revoke_key(s, k[3:].split("_", 1)[0])
    return {"a": a, "b": b, "revoked": revoked}


def _bad_headers(a: TenantKeys, b: TenantKeys, revoked: TenantKeys) -> dict[str, dict[str, str]]:
    key = a.keys["all"]
    prefix, secret = key[3:].split("_", 1)
    b_prefix = b.keys["all"][3:].split("_", 1)[0]
    flipped = secret[:-1] + ("A" if secret[-1] != "A" else "B")
    out = {
        "none": {},
        "empty bearer": {"Authorization": "Bearer "},
        "scheme only": {"Authorization": "Bearer"},
        "basic": {"Authorization": "Basic " + base64.b64encode(key.encode()).decode()},
        "token scheme": {"Authorization": f"Token {key}"},
        "no scheme": {"Authorization": key},
        "api-key header": {"X-API-Key": key},
        "prefix only": {"Authorization": f"Bearer gl_{prefix}"},
        "prefix and underscore": {"Authorization": f"Bearer gl_{prefix}_"},
        "wrong secret": {"Authorization": f"Bearer gl_{prefix}_{flipped}"},
        "secret truncated": {"Authorization": f"Bearer gl_{prefix}_{secret[:-1]}"},
        "secret extended": {"Authorization": f"Bearer {key}x"},
        "other tenant's prefix": {"Authorization": f"Bearer gl_{b_prefix}_{secret}"},
        "no gl_ prefix": {"Authorization": f"Bearer {key[3:]}"},
        "overlong": {"Authorization": f"Bearer {key}{'a' * 10_000}"},
        "sql": {"Authorization": "Bearer gl_' OR '1'='1_x"},
        "wildcard prefix": {"Authorization": f"Bearer gl_%_{secret}"},
        "tab inside": {"Authorization": f"Bearer gl_{prefix}\t_{secret}"},
        "two keys": {"Authorization": f"Bearer {key} {key}"},
    }
    for scope, k in revoked.keys.items():
        out[f"revoked {scope}"] = {"Authorization": f"Bearer {k}"}
    return out


def test_every_endpoint_refuses_bad_credentials(
    svc_app: FastAPI, svc_client: TestClient, keys: dict[str, Any]
) -> None:
    ops = v1_operations(svc_app)
    assert len(ops) >= 14
    bad = _bad_headers(keys["a"], keys["b"], keys["revoked"])
    secret_a = keys["a"].keys["all"][3:].split("_", 1)[1]
    before = snapshot(svc_app)
    failures = []
    for method, url, kw in ops:
        for name, headers in bad.items():
            r = svc_client.request(method, url, headers=headers, **kw)
            ok = (
                r.status_code == 401
                and r.headers["content-type"] == "application/problem+json"
                and r.headers.get("www-authenticate") == "Bearer"
                and secret_a not in r.text
                and "ac-base" not in r.text
            )
            if not ok:
                failures.append(f"{method} {url} [{name}] -> {r.status_code}")
    assert not failures, "\n".join(failures)
    assert snapshot(svc_app) == before


def test_valid_key_still_works_after_the_barrage(
    svc_client: TestClient, keys: dict[str, Any]
) -> None:
    """Bad attempts do not lock out or disturb the real key (no shared failure state)."""
    r = svc_client.get("/v1/conversations/ac-base", headers=keys["a"].h("read"))
    assert r.status_code == 200 and r.json()["message_count"] == len(GROOMING)


def test_health_and_metrics_are_public_but_carry_no_data(
    svc_client: TestClient, keys: dict[str, Any]
) -> None:
    """/healthz, /readyz and /metrics answer without a key: they hold counts, never ids,
    authors, text or keys."""
    for path in ("/healthz", "/readyz", "/metrics"):
        r = svc_client.get(path)
        assert r.status_code == 200
        for needle in ("ac-base", "jay", "kit", GROOMING[2][1], keys["a"].keys["all"][3:15]):
            assert needle not in r.text, (path, needle)
    # readiness names the model and which build of the hot path serves it
    checks = svc_client.get("/readyz").json()["checks"]
    assert checks["model"] == "learned"
    from guardline import _native

    want = _native.status()
    if want["build"] == "compiled":
        assert checks["hot_path"] == "compiled"
    else:
        assert checks["hot_path"].startswith("python (")
