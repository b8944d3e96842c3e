"""/v1/scans: upload a JSONL or CSV archive; a background job scans it; fetch the results."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, UploadFile
from sqlalchemy import select
from sqlalchemy.orm import undefer

from guardline.service.auth import Principal
from guardline.service.deps import PROBLEMS, ObjectId, aware, get_runtime, require
from guardline.service.problems import Problem
from guardline.service.runtime import Runtime
from guardline.service.scans import safe_suffix
from guardline.service.schemas import ScanOut, ScanResults
from guardline.store.models import Scan, utcnow

router = APIRouter(prefix="/v1", tags=["scans"], responses=PROBLEMS)


def _out(s: Scan) -> ScanOut:
    return ScanOut(
        id=s.id,
        status=s.status,  # type: ignore[arg-type]
        file_name=s.file_name,
        relationship_memory=bool(s.relationship_memory),
        conversations=s.conversations,
        messages=s.messages,
        alerts=s.alerts,
        error=s.error,
        created_at=aware(s.created_at),  # type: ignore[arg-type]
        started_at=aware(s.started_at),
        finished_at=aware(s.finished_at),
    )


@router.post("/scans", response_model=ScanOut, status_code=202)
async def create_scan(
    file: UploadFile,
    relationship_memory: bool | None = Form(
        None,
        description="Score the archive's conversations in file order with a relationship memory "
        "of the scan's own (put them in time order); default: the service's "
        "GUARDLINE_RELATIONSHIP_MEMORY",
    ),
    p: Principal = Depends(require("ingest")),
    rt: Runtime = Depends(get_runtime),
) -> ScanOut:
    """Queue a scan of a JSONL(.gz) or CSV archive (the formats ``guardline scan`` reads)."""
    memory = rt.settings.relationship_memory if relationship_memory is None else relationship_memory
    name = (file.filename or "upload").replace("\x00", "")[-200:] or "upload"
    if not safe_suffix(name):
        raise Problem(422, "The file name must end in .jsonl, .jsonl.gz, .csv or .csv.gz.")
    limit = rt.settings.max_upload_bytes
    data = await file.read(limit + 1)
    if len(data) > limit:
        raise Problem(413, f"The archive is larger than {limit} bytes.")
    if not data:
        raise Problem(422, "The archive is empty.")

    def _store() -> ScanOut:
        with rt.sessions() as session, session.begin():
            s = Scan(
                tenant_id=p.tenant_id,
                status="queued",
                file_name=name,
                upload=data,
                relationship_memory=memory,
                conversations=0,
                messages=0,
                alerts=0,
                created_at=utcnow(),
            )
            session.add(s)
            session.flush()
            return _out(s)

    from starlette.concurrency import run_in_threadpool

    out = await run_in_threadpool(_store)
    rt.scan_wake.set()
    return out


def _get(session: object, tenant_id: int, scan_id: int, results: bool = False) -> Scan:
    q = select(Scan).where(Scan.tenant_id == tenant_id, Scan.id == scan_id)
    if results:
        q = q.options(undefer(Scan.results))
    s = session.scalar(q)  # type: ignore[attr-defined]
    if s is None:
        raise Problem(404, "No such scan.")
    return s  # type: ignore[no-any-return]


@router.get("/scans/{scan_id}", response_model=ScanOut)
def get_scan(
    scan_id: ObjectId, p: Principal = Depends(require("read")), rt: Runtime = Depends(get_runtime)
) -> ScanOut:
    with rt.sessions() as session:
        return _out(_get(session, p.tenant_id, scan_id))


@router.get("/scans/{scan_id}/results", response_model=ScanResults)
def get_scan_results(
    scan_id: ObjectId, p: Principal = Depends(require("read")), rt: Runtime = Depends(get_runtime)
) -> ScanResults:
    """One row per conversation, exactly as ``guardline scan`` writes them."""
    with rt.sessions() as session:
        s = _get(session, p.tenant_id, scan_id, results=True)
        if s.status != "done":
            raise Problem(409, f"The scan is {s.status}; results exist once it is done.")
        return ScanResults(id=s.id, status=s.status, results=list(s.results or []))
