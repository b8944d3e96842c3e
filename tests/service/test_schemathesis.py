"""schemathesis against the app's OpenAPI schema: no 5xx, responses match the schema.

Runs every operation with a valid key (all scopes) on both backends; a small example budget
keeps it to well under a minute per backend.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from svc_fixtures import GROOMING, payloads
from svc_support import new_tenant

CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
    content_type_conformance,
]


@pytest.fixture(scope="module")
def auth_headers(app: FastAPI, client: TestClient) -> dict[str, str]:
    t = new_tenant(app)
    # some data, so that reads of ids 1.. can find real objects too
    client.post("/v1/messages", json={"messages": payloads("st-1", GROOMING)}, headers=t.h())
    client.post(
        "/v1/webhooks", json={"url": "http://127.0.0.1:9/x", "secret": "s" * 20}, headers=t.h()
    )
    return t.h()


def test_api_conforms(app: FastAPI, client: TestClient, auth_headers: dict[str, str]) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [r.ok() for r in schema.get_all_operations()]
    assert len(operations) >= 17
    failed: list[str] = []
    for op in operations:

        @given(case=op.as_strategy())
        @settings(
            max_examples=15,
            deadline=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
            database=None,
        )
        def run(case: Any) -> None:
            case.call_and_validate(headers=auth_headers, checks=CHECKS)

        try:
            run()
        except Exception as exc:  # collect every failing operation, then fail once
            failed.append(f"{op.label}: {type(exc).__name__}: {str(exc)[:1500]}")
    assert not failed, "\n\n".join(failed)
