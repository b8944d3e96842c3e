"""Read case records from guardline's database (the store's SQLAlchemy models) for statistics.

Only the columns statistics need are read: id, status, confirmed_at, platform (the case's, else
its conversation's), surface (likewise), victim age band, region and the tenant's name. No
message text, no participant identities. ``insert_case_records`` writes records through the
same models (tests, and ``guardline demo`` with :func:`guardline.stats.cases.demo_records`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, func, inspect, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from guardline.stats.cases import CaseRecord
from guardline.store.db import DEFAULT_URL, is_sqlite, make_engine, normalise_url
from guardline.store.models import Case, ConversationRow, Tenant

if TYPE_CHECKING:
    from guardline.stats.report import StatsBundle

__all__ = [
    "DEFAULT_URL",
    "StoreError",
    "case_report_from_engine",
    "insert_case_records",
    "iter_case_records",
    "read_case_records",
]


class StoreError(ValueError):
    """The database could not be read for statistics (missing file, no schema, bad row)."""


def _safe_url(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


def open_engine(url: str) -> Engine:
    """An engine on an existing guardline database; never creates an empty SQLite file."""
    if is_sqlite(url):
        db = make_url(url).database
        if db and db != ":memory:" and not Path(db).expanduser().is_file():
            raise StoreError(
                f"no database file at {db} (run `guardline db upgrade` first, or pass --db URL)"
            )
    return make_engine(normalise_url(url), pool_size=2)


def iter_case_records(engine: Engine, tenant: str | None = None) -> Iterator[CaseRecord]:
    """Every case (all statuses) as a :class:`CaseRecord`, optionally of one tenant (by name)."""
    try:
        tables = set(inspect(engine).get_table_names())
    except SQLAlchemyError as exc:
        raise StoreError(
            f"cannot open {_safe_url(str(engine.url))}: {type(exc).__name__}"
        ) from None
    if "cases" not in tables or "tenants" not in tables:
        raise StoreError(
            f"{_safe_url(str(engine.url))} has no cases table: not a guardline "
            "database, or not migrated (`guardline db upgrade`)"
        )
    stmt = (
        select(
            Case.id,
            Case.status,
            Case.confirmed_at,
            func.coalesce(Case.platform, ConversationRow.platform),
            func.coalesce(Case.surface, ConversationRow.surface),
            Case.victim_age_band,
            Case.region,
            Tenant.name,
        )
        .join(Tenant, Tenant.id == Case.tenant_id)
        .outerjoin(ConversationRow, ConversationRow.id == Case.conversation_id)
        .order_by(Case.id)
    )
    if tenant is not None:
        stmt = stmt.where(Tenant.name == tenant)
    with Session(engine) as session:
        try:
            rows = session.execute(stmt)
            for cid, status, confirmed_at, platform, surface, band, region, tname in rows:
                try:
                    yield CaseRecord(
                        case_id=str(cid),
                        status=status,
                        confirmed_at=confirmed_at,
                        platform=platform,
                        surface=surface,
                        victim_age_band=band or "unknown",
                        region=region,
                        tenant=tname,
                    )
                except ValueError as exc:
                    raise StoreError(f"cases row id {cid}: {exc}") from None
        except SQLAlchemyError as exc:
            raise StoreError(
                f"reading cases from {_safe_url(str(engine.url))} failed: {type(exc).__name__}"
            ) from None


def read_case_records(url: str = DEFAULT_URL, tenant: str | None = None) -> list[CaseRecord]:
    """All case records from the database at ``url``."""
    engine = open_engine(url)
    try:
        return list(iter_case_records(engine, tenant))
    finally:
        engine.dispose()


def case_report_from_engine(
    engine: Engine, tenant: str | None = None, **options: Any
) -> StatsBundle:
    """The case report straight from a database engine (what ``/console/stats`` renders):
    ``bundle.report`` is the JSON-ready dict, ``bundle.charts`` maps file names to PNG bytes.
    ``options`` are those of :func:`guardline.stats.report.case_report` (period, fiscal,
    threshold, as_of, since)."""
    from guardline.stats.report import case_report

    records = list(iter_case_records(engine, tenant))
    return case_report(records, tenant=tenant, source="guardline cases", **options)


def insert_case_records(engine: Engine, records: Iterable[CaseRecord]) -> int:
    """Insert ``records`` as cases (tenants created by name when missing); one transaction.

    ``created_at`` is set to ``confirmed_at`` (or now) since statistics do not use it.
    Returns the number of cases inserted.
    """
    from datetime import datetime

    n = 0
    with Session(engine) as session, session.begin():
        tenants = {t.name: t for t in session.scalars(select(Tenant))}
        for r in records:
            name = r.tenant or "default"
            if name not in tenants:
                t = Tenant(name=name)
                session.add(t)
                session.flush()
                tenants[name] = t
            when = r.confirmed_at or datetime.now(UTC)
            session.add(
                Case(
                    tenant_id=tenants[name].id,
                    status=r.status,
                    platform=r.platform,
                    surface=r.surface,
                    victim_age_band=r.victim_age_band or "unknown",
                    region=r.region,
                    created_at=when,
                    confirmed_at=r.confirmed_at,
                    closed_at=r.confirmed_at if r.status in ("confirmed", "dismissed") else None,
                )
            )
            n += 1
    return n
