"""Helpers for the hardening tests: re-exports the service test helpers (tests/service)."""

from __future__ import annotations

import sys
from pathlib import Path

_SERVICE_TESTS = str(Path(__file__).resolve().parents[1] / "service")
if _SERVICE_TESTS not in sys.path:
    sys.path.insert(0, _SERVICE_TESTS)

from svc_fixtures import BENIGN, GIFT, GROOMING, conversation, payloads  # noqa: E402
from svc_support import (  # noqa: E402
    PG_ENV,
    TenantKeys,
    drop_postgres_db,
    fresh_postgres_db,
    make_settings,
    new_tenant,
    postgres_admin_url,
    wait_for,
)

__all__ = [
    "BENIGN",
    "GIFT",
    "GROOMING",
    "PG_ENV",
    "TenantKeys",
    "conversation",
    "drop_postgres_db",
    "fresh_postgres_db",
    "make_settings",
    "new_tenant",
    "payloads",
    "postgres_admin_url",
    "wait_for",
]
