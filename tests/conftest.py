"""Shared test fixtures. Tests that need ../shared/data skip cleanly when it is absent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from guardline.corpora.locate import shared_data_dir

REPO = Path(__file__).resolve().parents[1]

# Test webhook receivers listen on loopback, which the service refuses by default (SSRF guard);
# servers started by tests inherit this; tests/service/test_webhook_destinations.py checks it.
os.environ.setdefault("GUARDLINE_WEBHOOK_ALLOW_PRIVATE", "true")
SHARED_DATA = shared_data_dir()


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """Path to the shared research data (see ``shared_data_dir``); skips the test when absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"shared data not found at {SHARED_DATA}")
    return SHARED_DATA


# ---------------------------------------------------------------- console and evidence tests
def _pg_admin_url() -> str | None:
    import os

    url = os.environ.get("GUARDLINE_TEST_POSTGRES_URL")
    if not url and os.environ.get("GUARDLINE_REQUIRE_POSTGRES") == "1":
        pytest.fail("GUARDLINE_TEST_POSTGRES_URL is not set and GUARDLINE_REQUIRE_POSTGRES=1")
    return url or None


def _empty_pg(prefix: str = "gl_test"):  # type: ignore[no-untyped-def]
    """A new, empty PostgreSQL database on the test server (dropped afterwards)."""
    import uuid

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin = _pg_admin_url()
    if admin is None:
        pytest.skip("GUARDLINE_TEST_POSTGRES_URL not set")
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    eng = create_engine(admin, isolation_level="AUTOCOMMIT")
    with eng.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin).set(database=name).render_as_string(hide_password=False)
    finally:
        with eng.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        eng.dispose()


def _store(kind: str, tmp: Path):  # type: ignore[no-untyped-def]
    from guardline.store.migrate import upgrade

    if kind == "sqlite":
        url = f"sqlite:///{tmp / 'guardline.db'}"
        upgrade(url)
        yield url
        return
    for url in _empty_pg():
        upgrade(url)
        yield url


@pytest.fixture
def empty_pg_url():  # type: ignore[no-untyped-def]
    """A new, empty (not migrated) PostgreSQL database; skipped/failed like ``store_url``."""
    yield from _empty_pg()


@pytest.fixture(params=["sqlite", "postgres"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path):  # type: ignore[no-untyped-def]
    """A fresh, migrated database per test: a SQLite file, or a new PostgreSQL database
    (``GUARDLINE_TEST_POSTGRES_URL``; skipped when unset, fails if GUARDLINE_REQUIRE_POSTGRES=1).
    """
    yield from _store(request.param, tmp_path)


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def module_store_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """Like ``store_url``, one database per test module."""
    yield from _store(request.param, tmp_path_factory.mktemp("store"))
