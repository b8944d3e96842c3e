"""The FastAPI application factory: ``create_app(settings)``.

Building the app migrates the database (unless ``auto_migrate`` is off), loads the detector
model and opens the database pool; starting it (lifespan) starts the background workers.
"""

from __future__ import annotations

import gc
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI

from guardline.service import problems
from guardline.service.api import alerts, conversations, health, messages, participants, scans
from guardline.service.api import webhooks as webhooks_api
from guardline.service.group_commit import GroupCommit
from guardline.service.logs import configure_logging, log
from guardline.service.runtime import Runtime
from guardline.service.settings import Settings
from guardline.store.migrate import upgrade

API_DESCRIPTION = """Early-warning detection of online grooming for platforms.

Stream messages in (`POST /v1/messages`); guardline keeps each conversation's state, scores
every message, raises alerts (`GET /v1/alerts`) and sends signed webhooks. Authenticate with
`Authorization: Bearer <API key>`. Errors are RFC 9457 `application/problem+json`."""


def create_app(settings: Settings | None = None, *, configure_logs: bool = True) -> FastAPI:
    settings = settings or Settings()
    if configure_logs:
        configure_logging(settings.log_level)
    if settings.auto_migrate:
        upgrade(settings.database_url)
    rt = Runtime.build(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        from guardline.service.workers import Workers

        workers = Workers(rt) if settings.workers_enabled else None
        if workers:
            workers.start()
        # The model and the app are long-lived: keep them out of the cyclic GC's full scans,
        # whose pauses otherwise show up in the request latency tail.
        gc.collect()
        gc.freeze()
        log.info("service started", extra={"model": rt.pool.model.name, "postgres": rt.postgres})
        try:
            yield
        finally:
            if workers:
                workers.stop()
            rt.close()

    app = FastAPI(
        title="guardline",
        version="1",
        description=API_DESCRIPTION,
        lifespan=lifespan,
    )
    app.state.rt = rt
    app.state.group_commit = GroupCommit(rt)
    problems.install(app)
    for r in (messages, participants, conversations, alerts, webhooks_api, scans, health):
        app.include_router(r.router)
    app.add_middleware(_Guard, rt=rt)  # type: ignore[arg-type]
    from guardline.console import mount as mount_console  # the moderators' console

    mount_console(app)
    return app


class _Guard:
    """ASGI middleware: request size limit (413), request metrics and a JSON access log.

    Under ``/v1`` a body declared (Content-Length) or found to be over the limit raises
    ``problems.BodyTooLarge`` when the app reads it (a body declared too large is never read):
    the app's handler answers it after routing, so a route that needs an API key answers
    401/403 first (service/problems.py); a route that reads no body ignores it. Elsewhere a
    body declared too large is refused before routing.
    """

    def __init__(self, app: Any, rt: Runtime) -> None:
        self.app = app
        self.rt = rt
        self.limit = rt.settings.max_body_bytes
        # archives have their own, usually larger, limit (plus room for the multipart framing)
        self.upload_limit = max(self.limit, rt.settings.max_upload_bytes + 1024 * 1024)

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        t0 = time.perf_counter()
        status = {"code": 500, "started": False}
        limit = self.upload_limit if scope.get("path") == "/v1/scans" else self.limit
        declared_too_big = False
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    declared_too_big = int(value) > limit
                except ValueError:
                    declared_too_big = False
        if declared_too_big and not scope.get("path", "").startswith("/v1/"):
            await self._reject(scope, send, limit)
            self._log(scope, 413, t0)
            return
        seen = {"n": 0}

        async def limited_receive() -> Any:
            if declared_too_big:
                raise problems.BodyTooLarge(limit)
            msg = await receive()
            if msg["type"] == "http.request":
                seen["n"] += len(msg.get("body", b""))
                if seen["n"] > limit:
                    raise problems.BodyTooLarge(limit)
            return msg

        async def send_wrapper(msg: Any) -> None:
            if msg["type"] == "http.response.start":
                status["code"] = msg["status"]
                status["started"] = True
            await send(msg)

        try:
            await self.app(scope, limited_receive, send_wrapper)
        except problems.BodyTooLarge:
            # not handled inside the app (no route read it there): answer it here
            if status["started"]:
                raise
            await self._reject(scope, send, limit)
            status["code"] = 413
        self._log(scope, status["code"], t0)

    async def _reject(self, scope: Any, send: Any, limit: int) -> None:
        import json

        body = json.dumps(
            {
                "type": "about:blank",
                "title": "Content Too Large",
                "status": 413,
                "detail": f"The request body is larger than {limit} bytes.",
                "instance": scope.get("path", ""),
            }
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", problems.PROBLEM_TYPE.encode()),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})

    def _log(self, scope: Any, code: int, t0: float) -> None:
        dt = time.perf_counter() - t0
        route = scope.get("route")
        path = getattr(route, "path", None) or "unmatched"
        if ":" in path:  # "{id:path}": the template as the OpenAPI schema names it, "{id}"
            path = route.path_format
        self.rt.metrics.requests.labels(scope.get("method", ""), path, str(code)).observe(dt)
        log.info(
            "request",
            extra={
                "method": scope.get("method"),
                "route": path,
                "status": code,
                "ms": round(dt * 1000, 2),
            },
        )
