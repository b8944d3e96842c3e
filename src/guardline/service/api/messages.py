"""POST /v1/messages: one message or a batch, idempotent on the platform message id.

Small requests go through the process's group commit (:mod:`guardline.service.group_commit`).
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from guardline.service.auth import Principal
from guardline.service.deps import PROBLEMS, require
from guardline.service.group_commit import GroupCommit
from guardline.service.schemas import IngestResponse, MessageBatch, MessagesBody

router = APIRouter(prefix="/v1", tags=["messages"], responses=PROBLEMS)


@router.post("/messages", response_model=IngestResponse)
async def post_messages(
    body: MessagesBody,
    request: Request,
    p: Principal = Depends(require("ingest")),
) -> IngestResponse:
    """Score and store messages. Already-stored message ids are reported as duplicates."""
    items = body.messages if isinstance(body, MessageBatch) else [body]
    group: GroupCommit = request.app.state.group_commit
    return await group.submit(p.tenant_id, items)
