"""Helpers for the hardening tests: re-exports the service test helpers (tests/service)."""

from __future__ import annotations

import sys
from pathlib import Path

_SERVICE_TESTS = str(Path(__file__).resolve().parents[1] / "service")
if _SERVICE_TESTS not in sys.path:
    sys.path.insert(0, _SERVICE_TESTS)

from typing import Any  # noqa: E402

from fastapi import FastAPI  # noqa: E402
from sqlalchemy import func, select  # noqa: E402
from svc_fixtures import BENIGN, GIFT, GROOMING, conversation, payloads  # noqa: E402
from svc_support import (  # noqa: E402
    PG_ENV,
    TenantKeys,
    database_for,
    drop_postgres_db,
    fresh_postgres_db,
    make_settings,
    new_tenant,
    postgres_admin_url,
    wait_for,
)

from guardline.store.models import Base, ConversationRow  # noqa: E402


def snapshot(app: FastAPI) -> dict[str, Any]:
    """Row counts of every table, and the conversations' state versions."""
    out: dict[str, Any] = {}
    with app.state.rt.sessions() as s:
        for table in Base.metadata.sorted_tables:
            out[table.name] = s.scalar(select(func.count()).select_from(table))
        out["_versions"] = sorted(
            s.execute(select(ConversationRow.external_id, ConversationRow.state_version)).all()
        )
    return out


__all__ = [
    "BENIGN",
    "GIFT",
    "GROOMING",
    "PG_ENV",
    "TenantKeys",
    "conversation",
    "database_for",
    "drop_postgres_db",
    "fresh_postgres_db",
    "make_settings",
    "new_tenant",
    "payloads",
    "postgres_admin_url",
    "snapshot",
    "wait_for",
]
