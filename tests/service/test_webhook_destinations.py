"""Webhook destinations: loopback, private and reserved addresses are refused unless allowed."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from svc_support import make_settings

from guardline.service.app import create_app
from guardline.service.webhooks import destination_refused


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8080/hook",
        "http://localhost/hook",
        "http://10.1.2.3/hook",
        "http://192.168.0.10/hook",
        "http://169.254.169.254/latest/meta-data",  # cloud metadata
        "http://[::1]/hook",
        "http://0.0.0.0/hook",
        "http://224.0.0.1/hook",
    ],
)
def test_internal_destinations_are_refused(url: str) -> None:
    assert destination_refused(url, allow_private=False) is not None
    assert destination_refused(url, allow_private=True) is None


def test_public_address_is_allowed_and_bad_urls_are_not() -> None:
    assert destination_refused("https://93.184.216.34/hook", allow_private=False) is None
    assert destination_refused("ftp://93.184.216.34/hook", allow_private=True) is not None
    assert destination_refused("http:///nohost", allow_private=True) is not None


def test_api_refuses_a_loopback_webhook_by_default(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from guardline.service.auth import create_key, create_tenant

    settings = make_settings(
        f"sqlite:///{tmp_path / 'g.db'}", webhook_allow_private=False, workers_enabled=False
    )
    app = create_app(settings)
    with TestClient(app) as client:
        rt = app.state.rt
        with rt.sessions() as session, session.begin():
            tenant = create_tenant(session, "acme")
            _, key = create_key(session, tenant.id, ["admin"])
        h = {"Authorization": f"Bearer {key}"}
        body = {"url": "http://127.0.0.1:9/hook", "secret": "s" * 20}
        r = client.post("/v1/webhooks", json=body, headers=h)
        assert r.status_code == 422
        assert r.headers["content-type"].startswith("application/problem+json")
        assert client.get("/v1/webhooks", headers=h).json() == []
