"""FastAPI dependencies: the process runtime, the caller's tenant (from its API key), scopes.

``access_problem`` runs the same key and scope checks for the exception handlers: FastAPI reads
and parses the body before a route's dependencies, so an error found there (malformed JSON,
invalid fields, a body over the size limit) is answered with the route's 401/403 first when
the credentials do not pass (service/problems.py).
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Path, Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from guardline.service.auth import Principal
from guardline.service.problems import Problem
from guardline.service.runtime import Runtime

T = TypeVar("T")

bearer = HTTPBearer(auto_error=False, description="API key: `Authorization: Bearer gl_...`")

PROBLEM = {"content": {"application/problem+json": {"schema": {"type": "object"}}}}
PROBLEMS: dict[int | str, dict[str, Any]] = {
    400: {"description": "The body cannot be read (not UTF-8, broken multipart)", **PROBLEM},
    401: {"description": "Missing or invalid API key", **PROBLEM},
    403: {"description": "The key lacks the scope", **PROBLEM},
    404: {"description": "Not found (or another tenant's)", **PROBLEM},
    409: {"description": "Conflict", **PROBLEM},
    413: {"description": "Too large", **PROBLEM},
    422: {"description": "Invalid request", **PROBLEM},
}


async def get_runtime(request: Request) -> Runtime:
    # async (like the other cheap dependencies): sync ones cost a thread hop per request
    return request.app.state.rt  # type: ignore[no-any-return]


def get_session(rt: Runtime = Depends(get_runtime)) -> Iterator[Session]:
    with rt.sessions() as session:
        yield session


async def principal(
    rt: Runtime = Depends(get_runtime),
    creds: HTTPAuthorizationCredentials | None = Security(bearer),
) -> Principal:
    """The key's principal; 401 when there is no key or it is unknown, wrong or revoked."""
    if creds is None:
        raise Problem(401, "Send an API key: Authorization: Bearer gl_...")
    p = rt.keys.cached(creds.credentials)
    if p is None:
        p = await run_in_threadpool(_check_key, rt, creds.credentials)
    if p is None:
        raise Problem(401, "The API key is not valid (unknown or revoked).")
    return p


def _check_key(rt: Runtime, presented: str) -> Principal | None:
    with rt.sessions() as session:
        return rt.keys.check(session, presented)


def check_scope(p: Principal, scope: str) -> Principal:
    """``p`` when its key has ``scope``; 403 otherwise."""
    if not p.allows(scope):
        raise Problem(403, f"This API key lacks the {scope!r} scope.")
    return p


def require(scope: str) -> Callable[..., Any]:
    async def dep(p: Principal = Depends(principal)) -> Principal:
        return check_scope(p, scope)

    dep.__name__ = f"require_{scope}"
    dep.guardline_scope = scope  # type: ignore[attr-defined]  # read by route_access
    return dep


def route_access(route: Any) -> tuple[str, ...] | None:
    """What a route's dependencies demand: None (public, or not an API route), or a key with
    these scopes (``require``; an empty tuple: a key of any scope, ``principal``). Reads the
    dependencies declared on the endpoint, where every guardline router declares them."""
    scopes: list[str] = []
    needs_key = False
    todo = list(getattr(getattr(route, "dependant", None), "dependencies", ()))
    while todo:
        d = todo.pop()
        scope = getattr(d.call, "guardline_scope", None)
        if scope is not None and scope not in scopes:
            scopes.append(scope)
        needs_key = needs_key or d.call is principal
        todo.extend(d.dependencies)
    return tuple(sorted(scopes)) if needs_key else None


async def access_problem(request: Request) -> Problem | None:
    """The 401/403 the matched route's dependencies would answer for this request's
    credentials (None when they pass, or the route is public), computed without the body:
    the same ``principal`` and ``check_scope`` code the dependencies run."""
    need = route_access(request.scope.get("route"))
    if need is None:
        return None
    try:
        p = await principal(await get_runtime(request), await bearer(request))
        for scope in need:
            check_scope(p, scope)
    except Problem as exc:
        return exc
    return None


def aware(dt: datetime | None) -> datetime | None:
    """Datetimes read back from SQLite are naive UTC: make them explicit."""
    if dt is None:
        return None
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)


def to_utc(dt: datetime) -> datetime:
    try:
        return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)
    except OverflowError as exc:
        raise Problem(422, "The date is out of range.") from exc


MAX_ID = 2**63 - 1
ObjectId = Annotated[int, Path(ge=1, le=MAX_ID, description="Object id")]


def encode_cursor(kind: str, position: str) -> str:
    """An opaque page cursor: ``kind`` (one letter per list) and the ``position`` after the
    page's last row, URL-safe base64 without padding."""
    return base64.urlsafe_b64encode(f"{kind}{position}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str, kind: str, parse: Callable[[str], T]) -> T:
    """The position of a cursor of ``kind``, read by ``parse`` (which raises ValueError or
    OverflowError when it is not one); any other cursor is a 422."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        if not raw.startswith(kind):
            raise ValueError
        return parse(raw[len(kind) :])
    except (ValueError, OverflowError, binascii.Error, UnicodeDecodeError) as exc:
        raise Problem(
            422, "The cursor is not valid; use next_cursor from a previous page."
        ) from exc
