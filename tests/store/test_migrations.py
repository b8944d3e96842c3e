"""Alembic migrations shipped in the package: they build exactly the models, on SQLite and
PostgreSQL, are idempotent, and go down and up again."""

from __future__ import annotations

import contextlib
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

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
# tests/console/test_login_limit_shared.py)
LATER_TABLES = {"stream_states": "0003", "login_failures": "0004"}


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
