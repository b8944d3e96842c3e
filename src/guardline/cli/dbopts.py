"""The ``--database-url`` option shared by the database commands, and its sessions."""

from __future__ import annotations

from typing import Annotated

import typer

UrlOpt = Annotated[
    str | None,
    typer.Option(
        "--database-url", help="Default: GUARDLINE_DATABASE_URL or sqlite:///guardline.db"
    ),
]


def resolve_url(url: str | None) -> str:
    """``url`` when given, else the service settings' database URL (env or default)."""
    if url:
        return url
    from guardline.service.settings import Settings

    return Settings().database_url


def sessions(url: str, migrate: bool = True):  # type: ignore[no-untyped-def]
    """A session factory on ``url``, after applying the migrations unless ``migrate`` is off."""
    from guardline.store.db import make_engine, session_factory
    from guardline.store.migrate import upgrade

    if migrate:
        upgrade(url)
    return session_factory(make_engine(url))
