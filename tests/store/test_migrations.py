"""Alembic migrations shipped in the package: they build exactly the models, on SQLite and
PostgreSQL, are idempotent, and go down and up again."""

from __future__ import annotations

import contextlib
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, insert, inspect, text

import guardline
from guardline.store import models
from guardline.store.db import make_engine
from guardline.store.migrate import MIGRATIONS, current_revision, head_revision, upgrade

# the tables of guardline.store.models (other packages add their own models to the same Base)
STORE_TABLES = {
    m.local_table.name
    for m in models.Base.registry.mappers
    if m.class_.__module__ == models.__name__
}
# store tables added by revisions after 0001 (tests/store/test_stream_states_migration.py,
# tests/console/test_login_limit_shared.py, test_relationship_flags_arrive_with_0007 below)
LATER_TABLES = {"stream_states": "0003", "login_failures": "0004", "relationship_flags": "0007"}


def test_migrations_ship_inside_the_package() -> None:
    pkg = Path(guardline.__file__).parent
    assert MIGRATIONS.is_relative_to(pkg)
    assert (MIGRATIONS / "env.py").is_file() and (MIGRATIONS / "script.py.mako").is_file()
    assert (MIGRATIONS / "versions" / "0001_initial_schema.py").is_file()


def test_initial_migration_creates_the_tables(url: str) -> None:
    upgrade(url, "0001")
    upgrade(url, "0001")  # idempotent
    engine = make_engine(url)
    try:
        assert current_revision(engine) == "0001"
        tables = set(inspect(engine).get_table_names())
        assert STORE_TABLES - set(LATER_TABLES) <= tables
        assert not set(LATER_TABLES) & tables
    finally:
        engine.dispose()


def test_head_matches_the_models(url: str) -> None:
    """At the head revision the database is exactly what the models say (every model that
    shares the store's Base, including later packages' tables)."""
    with contextlib.suppress(ImportError):
        import guardline.console.models  # noqa: F401  (registers its tables on Base)
    upgrade(url)
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"compare_type": True})
            diff = compare_metadata(ctx, models.Base.metadata)
        known = {t.name for t in models.Base.metadata.sorted_tables}
        assert STORE_TABLES | {"console_sessions"} <= known
        assert set(LATER_TABLES) <= STORE_TABLES
        assert [d for d in diff if _table_of(d) in known] == []
    finally:
        engine.dispose()


def test_head_down_and_up(url: str) -> None:
    from alembic import command

    from guardline.store.migrate import alembic_config

    upgrade(url)
    engine = make_engine(url)
    try:
        assert current_revision(engine) == head_revision()
        command.downgrade(alembic_config(url), "base")
        assert not STORE_TABLES & set(inspect(engine).get_table_names())
        upgrade(url)
        assert current_revision(engine) == head_revision()
        assert STORE_TABLES <= set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def _table_of(d: object) -> str | None:
    item = d[0] if isinstance(d, list) else d
    for part in item[1:] if isinstance(item, tuple) else ():  # type: ignore[index]
        name = getattr(part, "name", None)
        table = getattr(part, "table", None)
        if table is not None and getattr(table, "name", None):
            return str(table.name)
        if hasattr(part, "columns") and name:
            return str(name)
        if isinstance(part, str):
            return part
    return None


def test_watch_list_index_arrives_with_0005(url: str) -> None:
    upgrade(url, "0004")
    engine = make_engine(url)
    try:
        names = {ix["name"] for ix in inspect(engine).get_indexes("conversations")}
        assert "ix_conversations_tenant_alerted_risk" not in names
        upgrade(url, "0005")
        engine.dispose()
        ix = {i["name"]: i for i in inspect(engine).get_indexes("conversations")}
        assert ix["ix_conversations_tenant_alerted_risk"]["column_names"] == [
            "tenant_id",
            "alerted",
            "max_risk",
        ]
    finally:
        engine.dispose()


def test_participant_display_name_arrives_with_0006(url: str) -> None:
    upgrade(url, "0005")
    engine = make_engine(url)
    try:
        cols = {c["name"] for c in inspect(engine).get_columns("participants")}
        assert "display_name" not in cols
        upgrade(url, "0006")
        engine.dispose()
        col = {c["name"]: c for c in inspect(engine).get_columns("participants")}["display_name"]
        assert col["nullable"] and getattr(col["type"], "length", None) == 200
    finally:
        engine.dispose()


def test_relationship_flags_arrive_with_0007(url: str) -> None:
    """0007 adds relationship_flags (one live row per pair, cleared rows kept) and
    alerts.prior_conversation; downgrading to 0006 removes exactly those, with rows in them."""
    from alembic import command
    from sqlalchemy.exc import IntegrityError

    from guardline.store.migrate import alembic_config

    upgrade(url, "0006")
    engine = make_engine(url)
    try:
        assert "relationship_flags" not in inspect(engine).get_table_names()
        assert "prior_conversation" not in {
            c["name"] for c in inspect(engine).get_columns("alerts")
        }
        upgrade(url, "0007")
        engine.dispose()
        insp = inspect(engine)
        cols = {c["name"]: c for c in insp.get_columns("relationship_flags")}
        assert set(cols) == {
            "id",
            "tenant_id",
            "author",
            "partner",
            "conversation_id",
            "risk",
            "stages",
            "created_at",
            "cleared_at",
            "cleared_by",
        }
        assert cols["cleared_at"]["nullable"] and cols["cleared_by"]["nullable"]
        assert not cols["author"]["nullable"] and not cols["conversation_id"]["nullable"]
        ix = {i["name"]: i for i in insp.get_indexes("relationship_flags")}
        live = ix["uq_relationship_flags_live_pair"]
        assert live["unique"] and live["column_names"] == ["tenant_id", "author", "partner"]
        alert_col = {c["name"]: c for c in insp.get_columns("alerts")}["prior_conversation"]
        assert alert_col["nullable"] and getattr(alert_col["type"], "length", None) == 200
        fks = {fk["referred_table"] for fk in insp.get_foreign_keys("relationship_flags")}
        assert fks == {"tenants", "conversations", "users"}

        # the partial unique index: one live row per (tenant, author, partner); a cleared row
        # does not block a new live one
        flags = models.RelationshipFlag.__table__
        with engine.begin() as c:
            c.execute(insert(models.Tenant.__table__).values(id=1, name="t", created_at=_now()))
            c.execute(
                insert(models.ConversationRow.__table__).values(
                    id=1,
                    tenant_id=1,
                    external_id="c1",
                    max_risk=0.0,
                    alerted=True,
                    message_count=0,
                    state_version=0,
                    hold=False,
                    created_at=_now(),
                )
            )
            row = {"tenant_id": 1, "author": "a", "partner": "b", "conversation_id": 1}
            c.execute(insert(flags).values(**row, risk=0.99, created_at=_now(), cleared_at=_now()))
            c.execute(insert(flags).values(**row, risk=0.98, created_at=_now()))
        with pytest.raises(IntegrityError), engine.begin() as c:
            c.execute(insert(flags).values(**row, risk=0.97, created_at=_now()))
        with engine.connect() as c:
            n = c.execute(text("SELECT count(*) FROM relationship_flags")).scalar_one()
        assert n == 2

        command.downgrade(alembic_config(url), "0006")
        engine.dispose()
        insp = inspect(engine)
        assert current_revision(engine) == "0006"
        assert "relationship_flags" not in insp.get_table_names()
        assert "prior_conversation" not in {c["name"] for c in insp.get_columns("alerts")}
        assert {"tenants", "conversations", "alerts"} <= set(insp.get_table_names())
        upgrade(url)
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    ("before", "revision", "added", "existing"),
    [
        # 0008: a carried flag's quiet count (existing rows 0) and last carried conversation
        ("0007", "0008", {"quiet": False, "carried_into": True}, (0, None)),
        # 0009: both sides' evidence (existing rows 0)
        ("0008", "0009", {"evidence": False, "partner_evidence": False}, (0, 0)),
    ],
)
def test_relationship_flag_columns_arrive_and_leave_with_their_revision(
    url: str, before: str, revision: str, added: dict[str, bool], existing: tuple[Any, ...]
) -> None:
    """``revision`` adds exactly the ``added`` columns to relationship_flags (name →
    nullable), a row stored before it reads ``existing`` there, and downgrading to ``before``
    removes exactly those columns and keeps the row."""
    from alembic import command

    from guardline.store.migrate import alembic_config

    upgrade(url, before)
    engine = make_engine(url)
    try:
        flags_cols = {c["name"] for c in inspect(engine).get_columns("relationship_flags")}
        assert not set(added) & flags_cols
        _seed_one_flag(engine)
        upgrade(url, revision)
        engine.dispose()
        cols = {c["name"]: c for c in inspect(engine).get_columns("relationship_flags")}
        assert {name: cols[name]["nullable"] for name in added} == added
        with engine.connect() as c:
            row = c.execute(text(f"SELECT {', '.join(added)} FROM relationship_flags")).one()
        assert tuple(row) == existing
        command.downgrade(alembic_config(url), before)
        engine.dispose()
        cols = {c["name"]: c for c in inspect(engine).get_columns("relationship_flags")}
        assert not set(added) & set(cols) and "risk" in cols
        with engine.connect() as c:
            n = c.execute(text("SELECT count(*) FROM relationship_flags")).scalar_one()
        assert n == 1
        upgrade(url)
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()


def _seed_one_flag(engine: Engine) -> None:
    """One tenant, one conversation 'c1' and one flag (a, b) in it, at the current revision."""
    with engine.begin() as c:
        c.execute(insert(models.Tenant.__table__).values(id=1, name="t", created_at=_now()))
        c.execute(
            text(
                "INSERT INTO conversations (id, tenant_id, external_id, max_risk, alerted, "
                "message_count, state_version, hold, created_at) "
                "VALUES (1, 1, 'c1', 0, true, 0, 0, false, :now)"
            ),
            {"now": _now()},
        )
        c.execute(
            text(
                "INSERT INTO relationship_flags (tenant_id, author, partner, "
                "conversation_id, risk, created_at) VALUES (1, 'a', 'b', 1, 0.99, :now)"
            ),
            {"now": _now()},
        )


def _now() -> datetime:
    return models.utcnow()


def test_scan_relationship_memory_arrives_and_leaves_with_0010(url: str) -> None:
    """0010 adds ``scans.relationship_memory`` (not null); a scan stored before it reads
    false (it ran without memory); downgrading to 0009 removes the column, keeps the row."""
    from alembic import command

    from guardline.store.migrate import alembic_config

    upgrade(url, "0009")
    engine = make_engine(url)
    try:
        assert "relationship_memory" not in {
            c["name"] for c in inspect(engine).get_columns("scans")
        }
        with engine.begin() as c:
            c.execute(insert(models.Tenant.__table__).values(id=1, name="t", created_at=_now()))
            c.execute(
                text(
                    "INSERT INTO scans (tenant_id, status, file_name, conversations, messages, "
                    "alerts, created_at) VALUES (1, 'done', 'a.jsonl', 2, 10, 1, :now)"
                ),
                {"now": _now()},
            )
        upgrade(url, "0010")
        engine.dispose()
        col = {c["name"]: c for c in inspect(engine).get_columns("scans")}["relationship_memory"]
        assert not col["nullable"]
        with engine.connect() as c:
            assert c.execute(text("SELECT relationship_memory FROM scans")).scalar_one() in (
                False,
                0,
            )
        command.downgrade(alembic_config(url), "0009")
        engine.dispose()
        assert "relationship_memory" not in {
            c["name"] for c in inspect(engine).get_columns("scans")
        }
        with engine.connect() as c:
            assert c.execute(text("SELECT count(*) FROM scans")).scalar_one() == 1
        upgrade(url)
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()


def test_alert_outranked_by_arrives_and_leaves_with_0011(url: str) -> None:
    """0011 adds ``alerts.outranked_by`` (nullable): an alert stored before it reads empty (its
    author is taken as still named); downgrading to 0010 removes the column, keeps the row."""
    from alembic import command

    from guardline.store.migrate import alembic_config

    upgrade(url, "0010")
    engine = make_engine(url)
    try:
        assert "outranked_by" not in {c["name"] for c in inspect(engine).get_columns("alerts")}
        _seed_one_flag(engine)
        with engine.begin() as c:
            c.execute(
                text(
                    "INSERT INTO alerts (tenant_id, conversation_id, author, risk, signs, "
                    "status, created_at, updated_at) "
                    "VALUES (1, 1, 'a', 0.99, '[]', 'open', :now, :now)"
                ),
                {"now": _now()},
            )
        upgrade(url, "0011")
        engine.dispose()
        col = {c["name"]: c for c in inspect(engine).get_columns("alerts")}["outranked_by"]
        assert col["nullable"]
        with engine.connect() as c:
            assert c.execute(text("SELECT outranked_by FROM alerts")).scalar_one() is None
        command.downgrade(alembic_config(url), "0010")
        engine.dispose()
        assert "outranked_by" not in {c["name"] for c in inspect(engine).get_columns("alerts")}
        with engine.connect() as c:
            assert c.execute(text("SELECT count(*) FROM alerts")).scalar_one() == 1
        upgrade(url)
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()


def test_rebuilding_a_table_keeps_the_rows_that_refer_to_it(url: str) -> None:
    """On SQLite a batch migration rebuilds a table (copy, DROP, rename); with foreign keys on,
    that DROP ran the children's ON DELETE actions, so going from 0011 to 0007 and back left
    every case without its alert (``cases.alert_id`` SET NULL). Rows referring to a rebuilt
    table keep their links, and no link is left dangling."""
    from alembic import command

    from guardline.store.migrate import alembic_config

    upgrade(url)
    engine = make_engine(url)
    try:
        _seed_one_flag(engine)
        with engine.begin() as c:
            c.execute(
                text(
                    "INSERT INTO alerts (id, tenant_id, conversation_id, author, risk, signs, "
                    "status, created_at, updated_at) "
                    "VALUES (7, 1, 1, 'a', 0.99, '[]', 'confirmed', :now, :now)"
                ),
                {"now": _now()},
            )
            c.execute(
                text(
                    "INSERT INTO cases (id, tenant_id, conversation_id, alert_id, status, "
                    "victim_age_band, hold, created_at) "
                    "VALUES (3, 1, 1, 7, 'confirmed', '12_15', true, :now)"
                ),
                {"now": _now()},
            )
        engine.dispose()
        for down in ("0010", "0006"):  # rebuilds alerts (0011, then 0007) and participants
            command.downgrade(alembic_config(url), down)
            engine.dispose()
            with engine.connect() as c:
                row = c.execute(text("SELECT alert_id, conversation_id FROM cases")).one()
            assert tuple(row) == (7, 1), down
        upgrade(url)
        engine.dispose()
        with engine.connect() as c:
            assert tuple(c.execute(text("SELECT alert_id, status FROM cases")).one()) == (
                7,
                "confirmed",
            )
            if engine.dialect.name == "sqlite":
                assert c.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
                assert c.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        engine.dispose()


def test_db_downgrade_command_asks_then_goes_back_and_up_again(url: str) -> None:
    """`guardline db downgrade REVISION`: refused without a yes (nothing changes), then the
    schema goes back to REVISION and `guardline db upgrade` brings it to the head again."""
    from typer.testing import CliRunner

    from guardline.cli import app

    runner = CliRunner()

    def revision() -> str | None:
        engine = make_engine(url)
        try:
            return current_revision(engine)
        finally:
            engine.dispose()

    res = runner.invoke(app, ["db", "downgrade", "0010", "--database-url", url])
    assert res.exit_code == 2 and "no guardline schema" in res.output
    upgrade(url)
    head = head_revision()
    res = runner.invoke(app, ["db", "downgrade", "0010", "--database-url", url], input="n\n")
    assert res.exit_code == 1 and revision() == head
    res = runner.invoke(app, ["db", "downgrade", "0010", "--database-url", url, "--yes"])
    assert res.exit_code == 0, res.output
    assert "database at revision 0010" in res.output and revision() == "0010"
    engine = make_engine(url)
    try:
        assert "outranked_by" not in {c["name"] for c in inspect(engine).get_columns("alerts")}
    finally:
        engine.dispose()
    res = runner.invoke(app, ["db", "downgrade", "nonsense", "--database-url", url, "--yes"])
    assert res.exit_code == 2 and "cannot downgrade" in res.output and revision() == "0010"
    res = runner.invoke(app, ["db", "upgrade", "--database-url", url])
    assert res.exit_code == 0 and revision() == head
