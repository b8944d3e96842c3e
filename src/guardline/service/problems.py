"""RFC 9457 problem details: every 4xx/5xx answer is ``application/problem+json``.

Credentials come before the body: FastAPI reads, parses and validates a request's body before
the route's dependencies check its API key, so the handlers of the errors found there (422
validation, 400 unparseable body, 413 body over the size limit) first ask
``deps.access_problem`` and answer the route's 401/403 instead when the credentials do not
pass. An unauthenticated caller learns nothing about a body beyond 401.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from guardline.service.logs import log

PROBLEM_TYPE = "application/problem+json"
# errors raised while reading or parsing a body, before the route's dependencies run
BODY_ERRORS = frozenset({400, 413, 415, 422})


class BodyTooLarge(StarletteHTTPException):
    """The request body is over the size limit (raised by the size guard in app.py when the
    body is read, so the route is known and credentials are checked first)."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"The request body is larger than {limit} bytes.")


class Problem(Exception):
    """Raise to answer with a problem document."""

    def __init__(self, status: int, detail: str, *, title: str | None = None, **extra: Any) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.title = title or HTTPStatus(status).phrase
        self.extra = extra


def problem_response(
    request: Request, status: int, detail: str | None, title: str | None = None, **extra: Any
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": title or HTTPStatus(status).phrase,
        "status": status,
        "instance": request.url.path,
    }
    if detail:
        body["detail"] = detail
    body.update(extra)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(body, status_code=status, media_type=PROBLEM_TYPE, headers=headers)


def _clean_errors(errors: Any) -> list[dict[str, Any]]:
    """Validation errors without the offending input (it can be message text)."""
    out = []
    for e in errors:
        out.append(
            {
                "loc": list(e.get("loc", ())),
                "msg": str(e.get("msg", "")),
                "type": str(e.get("type", "")),
            }
        )
    return out


async def _credentials_first(request: Request) -> JSONResponse | None:
    """The route's 401/403 when the request's credentials do not pass, else None."""
    from guardline.service.deps import access_problem  # deps imports this module

    exc = await access_problem(request)
    if exc is None:
        return None
    return problem_response(request, exc.status, exc.detail, exc.title, **exc.extra)


def install(app: FastAPI) -> None:
    @app.exception_handler(Problem)
    async def _problem(request: Request, exc: Problem) -> JSONResponse:
        return problem_response(request, exc.status, exc.detail, exc.title, **exc.extra)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code in BODY_ERRORS and (denied := await _credentials_first(request)):
            return denied
        detail = exc.detail if isinstance(exc.detail, str) else None
        title = "Content Too Large" if isinstance(exc, BodyTooLarge) else None
        return problem_response(request, exc.status_code, detail, title)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        if denied := await _credentials_first(request):
            return denied
        return problem_response(
            request, 422, "The request is not valid.", errors=_clean_errors(exc.errors())
        )

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.error(
            "unhandled error", extra={"path": request.url.path, "exc_type": type(exc).__name__}
        )
        return problem_response(request, 500, "Internal error; nothing was written.")
