"""Service test fixtures: every test module runs on a SQLite file AND on PostgreSQL.

PostgreSQL: ``GUARDLINE_TEST_POSTGRES_URL`` (e.g. printed by ``.ci/postgres``); each test
module gets a fresh database, dropped afterwards. Without the variable the PostgreSQL cases
skip, unless ``GUARDLINE_REQUIRE_POSTGRES=1``, then they fail.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from svc_support import TenantKeys, database_for, make_settings, new_tenant

from guardline.service.app import create_app


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def db_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A fresh, empty database for this test module."""
    sqlite_file = tmp_path_factory.mktemp("db") / "guardline.db"
    with database_for(request.param, sqlite_file) as url:
        yield url


@pytest.fixture(scope="module")
def app(db_url: str) -> Iterator[FastAPI]:
    application = create_app(make_settings(db_url), configure_logs=False)
    yield application


@pytest.fixture(scope="module")
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as c:
        yield c


@pytest.fixture
def tenant(app: FastAPI) -> TenantKeys:
    return new_tenant(app)


@pytest.fixture
def tenant_factory(app: FastAPI) -> Callable[[], TenantKeys]:
    return lambda: new_tenant(app)


@pytest.fixture(scope="session")
def service_fixtures_dir() -> Path:
    return Path(__file__).parent
