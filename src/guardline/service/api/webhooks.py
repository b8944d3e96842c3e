"""/v1/webhooks: register, list, delete endpoints and read their delivery log (admin scope)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response
from sqlalchemy import select

from guardline.service.auth import Principal
from guardline.service.deps import PROBLEMS, ObjectId, aware, get_runtime, require
from guardline.service.problems import Problem
from guardline.service.runtime import Runtime
from guardline.service.schemas import DeliveryOut, WebhookIn, WebhookOut
from guardline.service.webhooks import destination_refused
from guardline.store.models import Webhook, WebhookDelivery, utcnow

router = APIRouter(prefix="/v1", tags=["webhooks"], responses=PROBLEMS)


def _out(w: Webhook) -> WebhookOut:
    return WebhookOut(
        id=w.id,
        url=w.url,
        events=list(w.events),
        active=w.active,
        created_at=aware(w.created_at),  # type: ignore[arg-type]
    )


@router.post("/webhooks", response_model=WebhookOut, status_code=201)
def create_webhook(
    body: WebhookIn,
    p: Principal = Depends(require("admin")),
    rt: Runtime = Depends(get_runtime),
) -> WebhookOut:
    """Deliver ``alert.created`` / ``alert.updated`` to ``url``, signed with ``secret``."""
    refused = destination_refused(body.url, rt.settings.webhook_allow_private)
    if refused is not None:
        raise Problem(422, f"webhook URL refused: {refused}")
    with rt.sessions() as session, session.begin():
        w = Webhook(
            tenant_id=p.tenant_id,
            url=body.url,
            secret=rt.cipher.seal(body.secret),  # encrypted at rest with the key
            events=sorted(set(body.events)),
            active=True,
            created_at=utcnow(),
        )
        session.add(w)
        session.flush()
        return _out(w)


@router.get("/webhooks", response_model=list[WebhookOut])
def list_webhooks(
    p: Principal = Depends(require("admin")), rt: Runtime = Depends(get_runtime)
) -> list[WebhookOut]:
    with rt.sessions() as session:
        rows = session.scalars(
            select(Webhook).where(Webhook.tenant_id == p.tenant_id).order_by(Webhook.id)
        )
        return [_out(w) for w in rows]


def _get(session: object, tenant_id: int, webhook_id: int) -> Webhook:
    w = session.scalar(  # type: ignore[attr-defined]
        select(Webhook).where(Webhook.tenant_id == tenant_id, Webhook.id == webhook_id)
    )
    if w is None:
        raise Problem(404, "No such webhook.")
    return w  # type: ignore[no-any-return]


@router.delete("/webhooks/{webhook_id}", status_code=204, response_class=Response)
def delete_webhook(
    webhook_id: ObjectId,
    p: Principal = Depends(require("admin")),
    rt: Runtime = Depends(get_runtime),
) -> Response:
    """Deactivate a webhook: no new deliveries; its delivery log is kept."""
    with rt.sessions() as session, session.begin():
        _get(session, p.tenant_id, webhook_id).active = False
    return Response(status_code=204)


@router.get("/webhooks/{webhook_id}/deliveries", response_model=list[DeliveryOut])
def list_deliveries(
    webhook_id: ObjectId,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    p: Principal = Depends(require("admin")),
    rt: Runtime = Depends(get_runtime),
) -> list[DeliveryOut]:
    """Newest first: every delivery with its attempts, last status code and response time."""
    with rt.sessions() as session:
        _get(session, p.tenant_id, webhook_id)
        rows = session.scalars(
            select(WebhookDelivery)
            .where(
                WebhookDelivery.tenant_id == p.tenant_id,
                WebhookDelivery.webhook_id == webhook_id,
            )
            .order_by(WebhookDelivery.id.desc())
            .limit(limit)
        )
        return [
            DeliveryOut(
                id=d.id,
                webhook_id=d.webhook_id,
                event=d.event,
                status=d.status,  # type: ignore[arg-type]
                attempts=d.attempts,
                last_status_code=d.last_status_code,
                last_error=d.last_error,
                response_ms=d.response_ms,
                created_at=aware(d.created_at),  # type: ignore[arg-type]
                next_attempt_at=aware(d.next_attempt_at),  # type: ignore[arg-type]
                delivered_at=aware(d.delivered_at),
            )
            for d in rows
        ]
