"""Archive scans: an uploaded JSONL/CSV file is scanned in the background by the same detector.

``POST /v1/scans`` stores the upload in the ``scans`` row (status ``queued``); the worker claims
one queued scan at a time (``SKIP LOCKED`` on PostgreSQL; a scan left ``running`` for an hour by
a worker that died is claimed again), writes it to a private temporary
file, runs ``guardline.corpora.load`` + ``Detector.scan`` (the rows ``guardline scan`` writes),
stores the results and counts, and drops the upload. A scan with ``relationship_memory``
scores the file's conversations in order with a ``RelationshipMemory`` of its own (the rows
``guardline scan --relationship-memory`` writes); the live relationship flags are neither
read nor written, so an archive never changes what live traffic carries. Bad input fails the
scan with the loader's error, which names the line and field, never the text.
"""

from __future__ import annotations

import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import DBAPIError

from guardline.detect import Detector, RelationshipMemory
from guardline.service.logs import log
from guardline.service.runtime import Runtime
from guardline.store.models import Scan, utcnow

SUFFIXES = (".jsonl.gz", ".jsonl", ".ndjson", ".json", ".csv", ".csv.gz", ".gz")


def safe_suffix(file_name: str) -> str:
    name = file_name.lower()
    for suf in SUFFIXES:
        if name.endswith(suf):
            return suf
    return ""


STALE_AFTER = timedelta(hours=1)  # a 'running' scan this old lost its worker: run it again


def run_next_scan(rt: Runtime) -> bool:
    """Claim and run one queued (or abandoned) scan; False when there was none."""
    with rt.sessions() as session, session.begin():
        stale = utcnow() - STALE_AFTER
        q = (
            select(Scan.id)
            .where(
                (Scan.status == "queued") | ((Scan.status == "running") & (Scan.started_at < stale))
            )
            .order_by(Scan.id)
            .limit(1)
        )
        if rt.postgres:
            q = q.with_for_update(skip_locked=True)
        sid = session.scalar(q)
        if sid is None:
            return False
        session.execute(
            update(Scan).where(Scan.id == sid).values(status="running", started_at=utcnow())
        )
    with rt.sessions() as session:
        row = session.execute(
            select(Scan.file_name, Scan.upload, Scan.relationship_memory).where(Scan.id == sid)
        ).one()
    values: dict[str, Any]
    try:
        results = _scan_bytes(rt, row.upload or b"", row.file_name, bool(row.relationship_memory))
        values = {
            "status": "done",
            "results": results,
            "conversations": len(results),
            "messages": sum(r.pop("_messages") for r in results),
            "alerts": sum(1 for r in results if r["alert"]),
        }
    except (ValueError, OSError, UnicodeError) as exc:
        values = {"status": "failed", "error": str(exc)[:2000]}
    values.update(finished_at=utcnow(), upload=None)
    try:
        with rt.sessions() as session, session.begin():
            session.execute(update(Scan).where(Scan.id == sid).values(**values))
    except DBAPIError as exc:  # e.g. PostgreSQL refuses NUL characters in JSONB results
        values = {
            "status": "failed",
            "error": "the results could not be stored in the database "
            f"({type(exc.orig).__name__}); check the archive's ids and authors for NUL "
            "characters",
            "finished_at": utcnow(),
            "upload": None,
        }
        with rt.sessions() as session, session.begin():
            session.execute(update(Scan).where(Scan.id == sid).values(**values))
    log.info(
        "scan finished",
        extra={
            "scan_id": sid,
            "status": values["status"],
            "conversations": values.get("conversations", 0),
        },
    )
    return True


def _scan_bytes(
    rt: Runtime, data: bytes, file_name: str, memory: bool = False
) -> list[dict[str, Any]]:
    from guardline.corpora import load

    det = Detector(
        model=rt.pool.model,
        registry=rt.pool.registry,
        policy=rt.pool.base_policy,
        memory=RelationshipMemory(
            max_quiet=rt.settings.relationship_memory_max_quiet or None, track_changes=False
        )
        if memory
        else None,
    )
    out = []
    with tempfile.TemporaryDirectory(prefix="guardline-scan-") as tmp:
        path = Path(tmp) / ("upload" + safe_suffix(file_name))
        path.write_bytes(data)
        for conv in load(path):
            row = det.scan(conv).to_scan_row()
            row["_messages"] = len(conv.messages)
            out.append(row)
    return out
