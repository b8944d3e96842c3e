"""POST /v1/messages: one message or a batch, idempotent on the platform message id."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from starlette.concurrency import run_in_threadpool

from guardline.service.auth import Principal
from guardline.service.deps import PROBLEMS, get_runtime, require
from guardline.service.ingest import ingest
from guardline.service.runtime import Runtime
from guardline.service.schemas import IngestResponse, MessageBatch, MessageIn

router = APIRouter(prefix="/v1", tags=["messages"], responses=PROBLEMS)


@router.post("/messages", response_model=IngestResponse)
async def post_messages(
    body: MessageIn | MessageBatch,
    p: Principal = Depends(require("ingest")),
    rt: Runtime = Depends(get_runtime),
) -> IngestResponse:
    """Score and store messages. Already-stored message ids are reported as duplicates."""
    items = body.messages if isinstance(body, MessageBatch) else [body]
    return await run_in_threadpool(ingest, rt, p.tenant_id, items)
