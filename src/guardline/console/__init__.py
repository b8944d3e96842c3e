"""The moderators' web console at /console (Jinja2 + htmx, no JavaScript build step).

``mount(app)`` adds the console to the service's FastAPI app: routes, error pages and the
security-headers middleware. Settings come from ``GUARDLINE_CONSOLE_*`` (see
:class:`~guardline.console.settings.ConsoleSettings`); htmx is copied from the npm package by
``scripts/vendor-assets`` into ``static/vendor``.
"""

from __future__ import annotations

from typing import Any

from guardline.console.settings import ConsoleSettings


def mount(app: Any, settings: ConsoleSettings | None = None) -> None:
    from guardline.console import routes
    from guardline.console.security import SecurityHeaders
    from guardline.service.logs import log

    console = routes.Console(app.state.rt, settings or ConsoleSettings())
    app.state.console = console
    if not console.htmx:
        log.error(
            "console: htmx is missing (%s); run `npm ci && scripts/vendor-assets`. "
            "The console works without it, with full page loads.",
            routes.HTMX,
        )
    app.include_router(routes.router)
    routes.install_handlers(app)
    app.add_middleware(SecurityHeaders)


__all__ = ["ConsoleSettings", "mount"]
