"""`guardline db upgrade|downgrade|purge`, `tenants add`, `keys create|revoke`."""

from __future__ import annotations

from typing import Annotated

import typer

from guardline.cli.app import app
from guardline.cli.dbopts import UrlOpt, resolve_url, sessions

db_app = typer.Typer(help="Database: migrations and retention.", no_args_is_help=True)
tenants_app = typer.Typer(help="Tenants (platforms).", no_args_is_help=True)
keys_app = typer.Typer(help="API keys (shown once, stored hashed).", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(tenants_app, name="tenants")
app.add_typer(keys_app, name="keys")


@db_app.command("upgrade")
def db_upgrade(database_url: UrlOpt = None, revision: str = "head") -> None:
    """Apply the Alembic migrations shipped in the package (idempotent)."""
    from guardline.store.db import make_engine
    from guardline.store.migrate import current_revision, upgrade

    url = resolve_url(database_url)
    upgrade(url, revision)
    engine = make_engine(url)
    typer.echo(f"database at revision {current_revision(engine)}")
    engine.dispose()


@db_app.command("downgrade")
def db_downgrade(
    revision: Annotated[
        str, typer.Argument(help="Revision to go back to, e.g. 0010 (see `guardline db upgrade`).")
    ],
    database_url: UrlOpt = None,
    yes: Annotated[
        bool, typer.Option("--yes", help="Do not ask: the undone migrations' data is dropped.")
    ] = False,
) -> None:
    """Undo migrations down to REVISION, to run an older guardline release on the database.

    What the undone migrations added (columns, tables) is dropped with its data; back up the
    database first. Stop the service while it runs."""
    from guardline.store.db import make_engine
    from guardline.store.migrate import current_revision, downgrade

    url = resolve_url(database_url)
    engine = make_engine(url)
    before = current_revision(engine)
    engine.dispose()
    if before is None:
        typer.echo("error: the database has no guardline schema", err=True)
        raise typer.Exit(2)
    if not yes and not typer.confirm(
        f"Downgrade from {before} to {revision}? Data of the undone migrations is dropped"
    ):
        raise typer.Exit(1)
    try:
        downgrade(url, revision)
    except Exception as exc:  # alembic: an unknown revision, or one above the current
        typer.echo(f"error: cannot downgrade to {revision!r}: {exc}", err=True)
        raise typer.Exit(2) from None
    engine = make_engine(url)
    typer.echo(f"database at revision {current_revision(engine) or 'base'}")
    engine.dispose()


@db_app.command("purge")
def db_purge(database_url: UrlOpt = None) -> None:
    """Apply the retention rules now (the service also runs them periodically)."""
    from guardline.service.retention import purge
    from guardline.service.settings import Settings

    settings = Settings(database_url=resolve_url(database_url))
    with sessions(settings.database_url)() as session, session.begin():
        counts = purge(session, settings)
    typer.echo(" ".join(f"{k}={v}" for k, v in counts.items()))


@tenants_app.command("add")
def tenants_add(
    name: str,
    key_scopes: Annotated[
        str | None,
        typer.Option("--key", help="Also create an API key with these scopes, e.g. ingest,read"),
    ] = None,
    database_url: UrlOpt = None,
) -> None:
    """Create a tenant (a platform); with --key, also print a new API key once."""
    from guardline.service.auth import create_key, create_tenant

    try:
        with sessions(resolve_url(database_url))() as session, session.begin():
            t = create_tenant(session, name)
            key = create_key(session, t.id, key_scopes, name="initial")[1] if key_scopes else None
    except ValueError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    typer.echo(f"tenant {t.id} {t.name}")
    if key:
        typer.echo(f"api key (shown once, store it now): {key}")


@keys_app.command("create")
def keys_create(
    tenant: Annotated[str, typer.Option(help="Tenant name")],
    scopes: Annotated[str, typer.Option(help="Comma-separated: ingest, read, admin")] = "ingest",
    name: Annotated[str, typer.Option(help="A label for the key")] = "",
    database_url: UrlOpt = None,
) -> None:
    """Create an API key for a tenant and print it once (only its hash is stored)."""
    from sqlalchemy import select

    from guardline.service.auth import create_key
    from guardline.store.models import Tenant

    try:
        with sessions(resolve_url(database_url))() as session, session.begin():
            t = session.scalar(select(Tenant).where(Tenant.name == tenant))
            if t is None:
                raise ValueError(f"no tenant named {tenant!r} (guardline tenants add NAME)")
            row, key = create_key(session, t.id, scopes, name=name)
            scopes_out = ",".join(row.scopes)
    except ValueError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    typer.echo(f"api key for {tenant} [{scopes_out}] (shown once, store it now): {key}")


@keys_app.command("revoke")
def keys_revoke(
    prefix: Annotated[str, typer.Argument(help="The key's prefix (the part after gl_)")],
    database_url: UrlOpt = None,
) -> None:
    """Revoke an API key by its prefix."""
    from guardline.service.auth import revoke_key

    with sessions(resolve_url(database_url))() as session, session.begin():
        ok = revoke_key(session, prefix)
    if not ok:
        typer.echo("error: no active key with that prefix", err=True)
        raise typer.Exit(2)
    typer.echo("revoked")
