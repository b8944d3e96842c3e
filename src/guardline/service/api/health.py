"""Liveness (/healthz), readiness (/readyz: database reachable, schema at head; also names the
model and which build of the hot path runs) and /metrics."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Response
from fastapi.responses import JSONResponse
from sqlalchemy import text

from guardline import _native
from guardline.service.deps import get_runtime
from guardline.service.metrics import CONTENT_TYPE
from guardline.service.runtime import Runtime
from guardline.service.schemas import Health
from guardline.store.migrate import current_revision, head_revision

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=Health)
def healthz() -> Health:
    """The process is up."""
    return Health(status="ok")


@router.get("/readyz", response_model=Health, responses={503: {"model": Health}})
def readyz(rt: Runtime = Depends(get_runtime)) -> Response:
    """Ready to serve: database reachable and migrated to the head revision."""
    checks: dict[str, str] = {}
    try:
        with rt.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        checks["database"] = "ok"
        current = current_revision(rt.engine)
        checks["schema"] = "ok" if current == head_revision() else f"at {current}"
    except Exception as exc:
        checks["database"] = f"unavailable ({type(exc).__name__})"
    checks["model"] = rt.pool.model.name
    build = _native.status()
    compiled = build["build"] == "compiled"
    checks["hot_path"] = "compiled" if compiled else f"python ({build['reason']})"
    ok = checks.get("database") == "ok" and checks.get("schema") == "ok"
    body = Health(status="ok" if ok else "unavailable", checks=checks)
    return JSONResponse(body.model_dump(), status_code=200 if ok else 503)


@router.get("/metrics", response_class=Response)
def metrics(rt: Runtime = Depends(get_runtime)) -> Response:
    """Prometheus text format."""
    return Response(rt.metrics.render(), media_type=CONTENT_TYPE)
