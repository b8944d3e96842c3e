"""`guardline users add|list|deactivate` and `guardline audit verify` (console and evidence)."""

from __future__ import annotations

import getpass
import os
from typing import Annotated

import typer

from guardline.cli.app import app
from guardline.cli.dbopts import UrlOpt, resolve_url, sessions

users_app = typer.Typer(
    help="Console users (moderator, lead, analyst, admin).", no_args_is_help=True
)
audit_app = typer.Typer(help="The hash-chained audit log.", no_args_is_help=True)
app.add_typer(users_app, name="users")
app.add_typer(audit_app, name="audit")


@users_app.command("add")
def users_add(
    username: str,
    role: Annotated[str, typer.Option(help="moderator, lead, analyst or admin")] = "moderator",
    tenant: Annotated[str | None, typer.Option(help="Tenant name (default: all tenants)")] = None,
    password_env: Annotated[
        str | None,
        typer.Option(help="Read the password from this environment variable (else prompt)"),
    ] = None,
    database_url: UrlOpt = None,
) -> None:
    """Add a console user; the password is hashed with argon2 (never stored or printed)."""
    from sqlalchemy import select

    from guardline.console.security import create_user
    from guardline.evidence import audit
    from guardline.store.models import Tenant

    if password_env:
        password = os.environ.get(password_env, "")
        if not password:
            typer.echo(f"error: environment variable {password_env} is empty or unset", err=True)
            raise typer.Exit(2)
    else:
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Repeat: "):
            typer.echo("error: the passwords differ", err=True)
            raise typer.Exit(2)
    try:
        with sessions(resolve_url(database_url))() as session, session.begin():
            tid = None
            if tenant:
                t = session.scalar(select(Tenant).where(Tenant.name == tenant))
                if t is None:
                    raise ValueError(f"no tenant named {tenant!r} (guardline tenants add NAME)")
                tid = t.id
            u = create_user(session, username, password, role, tid)
            audit.append(session, "cli", "user.create", "user", u.id, {"role": role})
            uid = u.id
    except ValueError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    typer.echo(f"user {uid} {username} ({role}, {tenant or 'all tenants'})")


@users_app.command("list")
def users_list(database_url: UrlOpt = None) -> None:
    """List console users."""
    from sqlalchemy import select

    from guardline.store.models import Tenant, User

    with sessions(resolve_url(database_url))() as session:
        tenants = {t.id: t.name for t in session.scalars(select(Tenant))}
        for u in session.scalars(select(User).order_by(User.username)):
            state = "active" if u.active else "inactive"
            typer.echo(f"{u.id}\t{u.username}\t{u.role}\t{tenants.get(u.tenant_id, '*')}\t{state}")


@users_app.command("deactivate")
def users_deactivate(username: str, database_url: UrlOpt = None) -> None:
    """Deactivate a user and end their sessions."""
    from sqlalchemy import select

    from guardline.console.security import end_user_sessions
    from guardline.evidence import audit
    from guardline.store.models import User

    with sessions(resolve_url(database_url))() as session, session.begin():
        u = session.scalar(select(User).where(User.username == username))
        if u is None:
            typer.echo(f"error: no user {username!r}", err=True)
            raise typer.Exit(2)
        u.active = False
        end_user_sessions(session, u.id)
        audit.append(session, "cli", "user.deactivate", "user", u.id)
    typer.echo(f"deactivated {username}")


@audit_app.command("verify")
def audit_verify(
    database_url: UrlOpt = None,
    expect_head: Annotated[
        str | None,
        typer.Option(
            help="A head hash printed earlier: the chain must still hold it (detects entries "
            "cut from the end; entries appended since are accepted)"
        ),
    ] = None,
) -> None:
    """Check the audit log's SHA-256 chain; exit 1 naming the first broken entry."""
    from sqlalchemy.exc import SQLAlchemyError

    from guardline.evidence.audit import verify_chain

    try:
        with sessions(resolve_url(database_url), migrate=False)() as session:
            res = verify_chain(session, expect_head)
    except SQLAlchemyError as exc:
        typer.echo(f"error: cannot read the audit log: {type(exc).__name__}", err=True)
        raise typer.Exit(2) from exc
    typer.echo(res.describe(), err=not res.ok)
    if not res.ok:
        raise typer.Exit(1)
