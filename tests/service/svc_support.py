"""Helpers for the service tests (settings, tenants with keys, polling, PostgreSQL dbs)."""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from guardline.service.auth import create_key, create_tenant
from guardline.service.settings import Settings

PG_ENV = "GUARDLINE_TEST_POSTGRES_URL"


def postgres_admin_url() -> str | None:
    url = os.environ.get(PG_ENV)
    if not url:
        if os.environ.get("GUARDLINE_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"{PG_ENV} is not set and GUARDLINE_REQUIRE_POSTGRES=1")
        return None
    return url


def fresh_postgres_db(admin_url: str) -> str:
    """Create an empty database next to ``admin_url``'s; return its URL."""
    name = f"gl_test_{uuid.uuid4().hex[:12]}"
    eng = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with eng.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    eng.dispose()
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def drop_postgres_db(admin_url: str, url: str) -> None:
    name = make_url(url).database
    eng = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with eng.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    eng.dispose()


@contextmanager
def database_for(kind: str, sqlite_file: Path) -> Iterator[str]:
    """An empty database's URL: the SQLite file ``sqlite_file`` (kind "sqlite"), or a fresh
    PostgreSQL database (kind "postgres"), dropped afterwards; skips when PostgreSQL is not
    configured (fails instead with GUARDLINE_REQUIRE_POSTGRES=1)."""
    if kind == "sqlite":
        yield f"sqlite:///{sqlite_file}"
        return
    admin = postgres_admin_url()
    if admin is None:
        pytest.skip(f"{PG_ENV} not set")
    url = fresh_postgres_db(admin)
    try:
        yield url
    finally:
        drop_postgres_db(admin, url)


def make_settings(db_url: str, **kw: Any) -> Settings:
    defaults: dict[str, Any] = {
        "database_url": db_url,
        "webhook_poll_s": 0.1,
        "webhook_backoff_s": 0.2,
        "webhook_timeout_s": 3.0,
        "retention_interval_s": 3600,
        "log_level": "WARNING",
        "_env_file": None,
    }
    defaults.update(kw)
    return Settings(**defaults)


@dataclass
class TenantKeys:
    """A tenant and one key per scope set: ``keys['ingest']`` etc., and ``keys['all']``."""

    id: int
    name: str
    keys: dict[str, str]

    def h(self, scope: str = "all") -> dict[str, str]:
        return {"Authorization": f"Bearer {self.keys[scope]}"}


def new_tenant(app: FastAPI, name: str | None = None) -> TenantKeys:
    rt = app.state.rt
    name = name or f"t-{uuid.uuid4().hex[:10]}"
    with rt.sessions() as session, session.begin():
        t = create_tenant(session, name)
        keys = {
            "ingest": create_key(session, t.id, "ingest")[1],
            "read": create_key(session, t.id, "read")[1],
            "admin": create_key(session, t.id, "admin")[1],
            "all": create_key(session, t.id, "ingest,read,admin")[1],
        }
        return TenantKeys(t.id, name, keys)


def wait_for(pred: Callable[[], Any], timeout: float = 15.0, every: float = 0.05) -> Any:
    """Poll ``pred`` until it returns something truthy (or fail after ``timeout`` s)."""
    end = time.monotonic() + timeout
    while True:
        v = pred()
        if v:
            return v
        if time.monotonic() > end:
            raise AssertionError(f"condition not met within {timeout}s")
        time.sleep(every)


def subscribe_unreachable(app: FastAPI, tenant_id: int, events: list[str]) -> None:
    """A webhook subscription of ``tenant_id`` to ``events``, written straight to the
    database (no URL check), at a host that does not resolve: every event is queued as a
    delivery whose body a test can read, and any send attempt fails."""
    from guardline.store.models import Webhook

    with app.state.rt.sessions() as s, s.begin():
        s.add(
            Webhook(
                tenant_id=tenant_id,
                url="https://hooks.example.invalid/x",
                secret="s" * 16,
                events=events,
            )
        )
