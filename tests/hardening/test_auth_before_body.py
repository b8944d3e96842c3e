"""Credentials are checked before the body: every /v1 route that takes a body answers 401
(no key, wrong secret, revoked key) or 403 (a valid key without the route's scope) whatever
the body is (malformed JSON, invalid UTF-8, wrong types, unknown fields, broken multipart, a
body over the size limit, declared or streamed), and writes nothing; with a valid key the
same bodies keep their 400/413/422 answers.

The routes and their bodies are enumerated from the app (its routes and OpenAPI schema), so a
new /v1 route with a body is covered without editing this file. SQLite file and PostgreSQL.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from hard_support import GROOMING, TenantKeys, make_settings, new_tenant, payloads, snapshot

from guardline.service.app import create_app
from guardline.service.auth import revoke_key

MAX_BODY = 4096
MAX_UPLOAD = 2048
# a key of another scope for a route needing this scope ("admin" implies the other two)
OTHER_SCOPES = {"ingest": ["read"], "read": ["ingest"], "admin": ["ingest", "read"]}


@dataclass(frozen=True)
class BodyRoute:
    method: str
    path: str  # with its path parameters filled in
    scope: str  # the scope its ``require`` dependency asks for
    content_type: str  # application/json or multipart/form-data
    schema: dict[str, Any]  # the request body's schema (references resolved one level)


def _required_scopes(route: APIRoute) -> set[str]:
    """Scopes named by the route's ``require_<scope>`` dependencies (walked recursively)."""
    found: set[str] = set()
    todo = list(route.dependant.dependencies)
    while todo:
        d = todo.pop()
        name = getattr(d.call, "__name__", "")
        if name.startswith("require_"):
            found.add(name.removeprefix("require_"))
        todo.extend(d.dependencies)
    return found


def _resolve(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    if ref:
        return spec["components"]["schemas"][ref.rsplit("/", 1)[1]]  # type: ignore[no-any-return]
    for union in ("anyOf", "oneOf"):  # e.g. one message or a batch: the first alternative
        if union in schema:
            return _resolve(spec, schema[union][0])
    return schema


def api_routes(routes: list[Any]) -> Iterator[APIRoute]:
    """The app's APIRoutes, including those of included routers."""
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        inner = getattr(route, "original_router", None) or route  # included routers
        if inner is not route or hasattr(route, "routes"):
            yield from api_routes(list(getattr(inner, "routes", [])))


def body_routes(app: FastAPI) -> list[BodyRoute]:
    """Every /v1 operation with a request body, from the app's routes and OpenAPI schema."""
    spec = app.openapi()
    out = []
    for route in api_routes(list(app.routes)):
        if not route.path.startswith("/v1") or not route.dependant.body_params:
            continue
        for method in sorted(route.methods):
            op = spec["paths"][route.path_format][method.lower()]  # no ``:path`` converter
            url = route.path_format
            for prm in op.get("parameters", []):
                if prm["in"] == "path":
                    value = "1" if prm["schema"].get("type") == "integer" else "p-1"
                    url = url.replace("{" + prm["name"] + "}", value)
            (ctype, media), *_ = op["requestBody"]["content"].items()
            scopes = _required_scopes(route)
            assert len(scopes) == 1, (route.path, scopes)
            out.append(BodyRoute(method, url, scopes.pop(), ctype, _resolve(spec, media["schema"])))
    # the same operations the OpenAPI schema says take a body (nothing missed by the walk)
    with_body = {
        (m.upper(), path)
        for path, ops in spec["paths"].items()
        if path.startswith("/v1")
        for m, op in ops.items()
        if "requestBody" in op
    }
    found = {(m, r.path_format) for r in api_routes(list(app.routes)) for m in r.methods}
    assert with_body <= found and len(out) == len(with_body), (with_body, out)
    return sorted(out, key=lambda r: (r.path, r.method))


def _wrong_type(prop: dict[str, Any]) -> Any:
    kinds = {prop.get("type")} | {a.get("type") for a in prop.get("anyOf", [])}
    if kinds & {"string"}:
        return {"not": ["a", "string"]}
    if kinds & {"array"}:
        return "not-a-list"
    return "not-a-number-or-object"


@dataclass(frozen=True)
class Bad:
    """One bad body: ``kw`` for ``TestClient.request``; ``status`` with a valid key."""

    name: str
    kw: dict[str, Any]
    status: int


def _chunks(total: int) -> Iterator[bytes]:
    """A body without Content-Length (chunked): the limit is found while it is read."""
    sent = 0
    while sent < total:
        yield b"x" * 512
        sent += 512


def bad_bodies(r: BodyRoute) -> list[Bad]:
    if r.content_type == "multipart/form-data":
        over = MAX_UPLOAD + 1024 * 1024 + 1  # the archive limit plus the framing allowance
        return [
            Bad(
                "broken multipart",
                {
                    "content": b"--zz\r\nnot a part at all",
                    "headers": {"content-type": "multipart/form-data; boundary=zz"},
                },
                400,
            ),
            Bad("file sent as a text field", {"data": {"file": "not-a-file"}}, 422),
            Bad("unknown field only", {"files": {"zz_unknown": ("a.jsonl", b"{}\n")}}, 422),
            Bad("declared over the limit", {"files": {"file": ("a.jsonl", b"x" * over)}}, 413),
        ]
    props = r.schema.get("properties", {})
    assert props, r
    wrong = {name: _wrong_type(p) for name, p in props.items()}
    example = {"messages": payloads("abb", GROOMING[:2])}
    js = {"content-type": "application/json"}
    return [
        Bad("malformed JSON", {"content": b'{"message_id": "m1", ', "headers": js}, 422),
        Bad("invalid UTF-8", {"content": b'{"text": "\xff\xfe"}', "headers": js}, 400),
        Bad("JSON array", {"json": [1, 2, 3]}, 422),
        Bad("wrong types", {"json": wrong}, 422),
        Bad("unknown field", {"json": {"zz_unknown_field": "x"}}, 422),
        Bad("declared over the limit", {"json": {**example, "pad": "p" * MAX_BODY}}, 413),
        Bad("streamed over the limit", {"content": _chunks(2 * MAX_BODY), "headers": js}, 413),
    ]


@pytest.fixture(scope="module")
def app(svc_db_url: str) -> Iterator[FastAPI]:
    application = create_app(
        make_settings(
            svc_db_url,
            workers_enabled=False,
            max_body_bytes=MAX_BODY,
            max_upload_bytes=MAX_UPLOAD,
        ),
        configure_logs=False,
    )
    yield application
    application.state.rt.close()


@pytest.fixture(scope="module")
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


@dataclass
class Keys:
    owner: TenantKeys
    revoked: TenantKeys


@pytest.fixture(scope="module")
def keys(app: FastAPI, client: TestClient) -> Keys:
    owner = new_tenant(app)
    r = client.post(
        "/v1/messages", json={"messages": payloads("abb-0", GROOMING)}, headers=owner.h()
    )
    assert r.status_code == 200
    revoked = new_tenant(app)  # revoked before their first use: nothing cached
    with app.state.rt.sessions() as s, s.begin():
        for k in revoked.keys.values():
            assert revoke_key(s, k[3:].split("_", 1)[0])
    return Keys(owner, revoked)


def _wrong_secret(key: str) -> str:
    prefix = key[3:].split("_", 1)[0]
    return f"gl_{prefix}_{'A' * 43}"


def unauthenticated(k: Keys, scope: str) -> dict[str, dict[str, str]]:
    return {
        "no key": {},
        "not a bearer key": {"Authorization": "Basic Z2w6eA=="},
        "wrong secret": {"Authorization": f"Bearer {_wrong_secret(k.owner.keys[scope])}"},
        "unknown prefix": {"Authorization": "Bearer gl_000000000000_not-a-real-secret"},
        "revoked key": k.revoked.h(scope),
        "revoked all-scopes key": k.revoked.h("all"),
    }


def _send(client: TestClient, r: BodyRoute, bad: Bad, headers: dict[str, str]) -> Any:
    kw = dict(bad.kw)
    if bad.name == "streamed over the limit":
        kw["content"] = _chunks(2 * MAX_BODY)  # a generator is consumed by one request
    kw["headers"] = {**kw.get("headers", {}), **headers}
    return client.request(r.method, r.path, **kw)


def _problem(resp: Any, status: int) -> dict[str, Any]:
    assert resp.status_code == status, (status, resp.status_code, resp.text[:300])
    assert resp.headers["content-type"] == "application/problem+json"
    doc: dict[str, Any] = resp.json()
    assert doc["status"] == status and doc["type"] == "about:blank"
    return doc


def test_routes_with_bodies_are_enumerated(app: FastAPI) -> None:
    routes = body_routes(app)
    # the app has JSON and multipart bodies; each needs a scope (none is public)
    assert {r.content_type for r in routes} == {"application/json", "multipart/form-data"}
    assert ("POST", "/v1/messages") in {(r.method, r.path) for r in routes}
    assert len(routes) >= 5


def test_bad_credentials_come_before_any_body_error(
    app: FastAPI, client: TestClient, keys: Keys
) -> None:
    before = snapshot(app)
    checked = 0
    for r in body_routes(app):
        for bad in bad_bodies(r):
            for mode, headers in unauthenticated(keys, r.scope).items():
                resp = _send(client, r, bad, headers)
                where = f"{r.method} {r.path} [{bad.name}] {mode}"
                assert resp.status_code == 401, (where, resp.status_code, resp.text[:200])
                doc = _problem(resp, 401)
                assert resp.headers["www-authenticate"] == "Bearer", where
                assert "errors" not in doc and doc["instance"] == r.path.split("?")[0]
                # exactly what the auth dependency answers on a route that reads no body
                ref = client.get("/v1/alerts", headers=headers)
                want = {k: v for k, v in ref.json().items() if k != "instance"}
                assert {k: v for k, v in doc.items() if k != "instance"} == want, where
                checked += 1
            for other in OTHER_SCOPES[r.scope]:
                resp = _send(client, r, bad, keys.owner.h(other))
                where = f"{r.method} {r.path} [{bad.name}] {other} key"
                doc = _problem(resp, 403)
                assert doc["detail"] == f"This API key lacks the {r.scope!r} scope.", where
                assert "errors" not in doc and "www-authenticate" not in resp.headers
                checked += 1
    assert snapshot(app) == before  # nothing written by any of them
    assert checked >= 5 * 6 * 7


def test_valid_key_keeps_the_body_errors(app: FastAPI, client: TestClient, keys: Keys) -> None:
    before = snapshot(app)
    for r in body_routes(app):
        for bad in bad_bodies(r):
            for key in (r.scope, "all"):
                resp = _send(client, r, bad, keys.owner.h(key))
                doc = _problem(resp, bad.status)
                where = f"{r.method} {r.path} [{bad.name}] {key}"
                if bad.status == 422:
                    assert doc["detail"] == "The request is not valid.", where
                    assert doc["errors"] and all("input" not in e for e in doc["errors"]), where
                if bad.status == 413:
                    assert doc["title"] == "Content Too Large", where
                    assert doc["detail"].startswith("The request body is larger than"), where
                    assert "errors" not in doc
                if bad.name == "wrong types":  # the errors name the fields
                    named = {e["loc"][-1] for e in doc["errors"] if e["loc"]}
                    assert named & set(r.schema["properties"]), (where, named)
    assert snapshot(app) == before


def test_query_and_path_errors_also_come_after_credentials(
    app: FastAPI, client: TestClient, keys: Keys
) -> None:
    """Invalid path or query values on any /v1 route: 401 without a valid key, 422 with one."""
    spec = app.openapi()
    cases = 0
    for path, ops in spec["paths"].items():
        if not path.startswith("/v1"):
            continue
        for method, op in ops.items():
            params = op.get("parameters", [])
            ints = [p for p in params if p["schema"].get("type") == "integer"]
            if not ints:
                continue
            url, query = path, {}
            for p in params:
                value = "not-an-int" if p in ints else "p-1"
                if p["in"] == "path":
                    url = url.replace("{" + p["name"] + "}", value)
                elif p in ints:
                    query[p["name"]] = value
            kw: dict[str, Any] = {"params": query}
            if "requestBody" in op:
                kw["content"] = b"{"
                kw["headers"] = {"content-type": "application/json"}
            for headers in ({}, {"Authorization": "Bearer gl_000000000000_nope"}):
                kw2 = {**kw, "headers": {**kw.get("headers", {}), **headers}}
                _problem(client.request(method.upper(), url, **kw2), 401)
            good = keys.owner.h("all")
            kw2 = {**kw, "headers": {**kw.get("headers", {}), **good}}
            _problem(client.request(method.upper(), url, **kw2), 422)
            cases += 1
    assert cases >= 4


def test_public_routes_stay_public(client: TestClient) -> None:
    for path in ("/healthz", "/readyz", "/metrics"):
        assert client.get(path).status_code == 200, path
    doc = json.loads(client.get("/openapi.json").text)
    assert "/v1/messages" in doc["paths"]
