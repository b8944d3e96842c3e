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
    """Score and store messages: one message, or `{"messages": [...]}`.

    **Idempotency is per tenant, not per conversation.** A `message_id` is unique within
    the tenant: a message whose id the tenant already stored, in any conversation, is
    answered `duplicate` (no `index`, no risk) and changes nothing, also when this request
    names another conversation, where it is then not stored (that conversation is created
    empty if it did not exist). Give messages ids unique across all of a tenant's
    conversations. The same id under another tenant is another message.

    **Messages are indexed in arrival order.** Each accepted message gets the next `index`
    of its conversation in the order it reached the service (within a request: the order of
    the list) and is scored in that order. `sent_at` is stored but never reorders them: a
    message that arrives late with an earlier `sent_at` is still scored after the messages
    already stored. Send each conversation's messages in order.
    """
    items = body.messages if isinstance(body, MessageBatch) else [body]
    group: GroupCommit = request.app.state.group_commit
    return await group.submit(p.tenant_id, items)
