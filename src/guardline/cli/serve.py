"""`guardline serve`: run the ingestion API (uvicorn) with settings from GUARDLINE_* / .env."""

from __future__ import annotations

from typing import Annotated

import typer

from guardline.cli.app import app


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Bind address (GUARDLINE_HOST)")] = None,
    port: Annotated[int | None, typer.Option(help="Port (GUARDLINE_PORT)")] = None,
    database_url: Annotated[
        str | None, typer.Option("--database-url", help="GUARDLINE_DATABASE_URL")
    ] = None,
    workers: Annotated[
        int | None, typer.Option(help="uvicorn worker processes (GUARDLINE_WORKERS)")
    ] = None,
) -> None:
    """Start the service: migrate the database, then serve /v1 on HOST:PORT."""
    try:
        import uvicorn

        from guardline.service.app import create_app
        from guardline.service.settings import Settings
    except ImportError as exc:  # pragma: no cover - depends on the install
        typer.echo(f"error: the service needs the 'service' extra ({exc})", err=True)
        raise typer.Exit(2) from exc
    overrides = {
        k: v
        for k, v in (
            ("host", host),
            ("port", port),
            ("database_url", database_url),
            ("workers", workers),
        )
        if v is not None
    }
    try:
        settings = Settings(**overrides)  # type: ignore[arg-type]
    except ValueError as exc:
        typer.echo(f"error: invalid settings: {exc}", err=True)
        raise typer.Exit(2) from exc
    if settings.workers > 1:
        # several processes: migrate once here, then each worker builds its own app from the
        # environment (they share the database; detector state stays correct across them)
        import os

        from guardline.store.migrate import upgrade

        if settings.auto_migrate:
            upgrade(settings.database_url)
        os.environ.update({f"GUARDLINE_{k.upper()}": str(v) for k, v in overrides.items()})
        os.environ["GUARDLINE_AUTO_MIGRATE"] = "false"
        uvicorn.run(
            "guardline.service.app:create_app",
            factory=True,
            workers=settings.workers,
            host=settings.host,
            port=settings.port,
            log_config=None,
            access_log=False,
            server_header=False,
        )
        return
    application = create_app(settings)
    uvicorn.run(
        application,
        host=settings.host,
        port=settings.port,
        log_config=None,
        access_log=False,
        server_header=False,
    )
