"""Hardening test fixtures: a service app on a SQLite file AND on PostgreSQL per module.

PostgreSQL comes from ``GUARDLINE_TEST_POSTGRES_URL`` (a fresh database per module, dropped
afterwards); without it the PostgreSQL cases skip, unless ``GUARDLINE_REQUIRE_POSTGRES=1``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hard_support import database_for, make_settings

from guardline.service.app import create_app


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def svc_db_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    with database_for(request.param, tmp_path_factory.mktemp("hdb") / "guardline.db") as url:
        yield url


@pytest.fixture(scope="module")
def svc_app(svc_db_url: str) -> FastAPI:
    return create_app(
        make_settings(svc_db_url, max_body_bytes=1_000_000, max_message_chars=5000),
        configure_logs=False,
    )


@pytest.fixture(scope="module")
def svc_client(svc_app: FastAPI) -> Iterator[TestClient]:
    with TestClient(svc_app, raise_server_exceptions=False) as c:
        yield c
