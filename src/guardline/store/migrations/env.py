"""Alembic environment for guardline (online mode only; the URL comes from the config)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from guardline.store.db import is_sqlite, make_engine
from guardline.store.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    url = config.get_main_option("sqlalchemy.url")
    assert url
    connectable = config.attributes.get("connection")
    if connectable is not None:
        _run(connectable, url)
        return
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            _run(conn, url)
    finally:
        engine.dispose()


def _run(conn: Connection, url: str) -> None:
    sqlite = is_sqlite(url)
    if sqlite:
        # batch mode rebuilds a table (copy, DROP, rename); with foreign keys on, SQLite's
        # DROP first runs the ON DELETE actions of the rows referring to it (rebuilding
        # ``alerts`` set every ``cases.alert_id`` to NULL). Off for the migration (the pragma
        # only takes effect outside a transaction), checked and back on after it.
        _sqlite_foreign_keys(conn, False)
    try:
        context.configure(
            connection=conn,
            target_metadata=target_metadata,
            render_as_batch=sqlite,  # SQLite needs batch mode to alter tables
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
            if sqlite:
                bad = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if bad:
                    raise RuntimeError(f"migration left {len(bad)} dangling foreign keys")
    finally:
        if sqlite:
            _sqlite_foreign_keys(conn, True)


def _sqlite_foreign_keys(conn: Connection, on: bool) -> None:
    if conn.in_transaction():  # a caller's transaction: the pragma would do nothing
        return
    dbapi = conn.connection.driver_connection
    assert dbapi is not None
    dbapi.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")


if context.is_offline_mode():
    raise SystemExit("guardline migrations run online only: guardline db upgrade")
run_migrations_online()
