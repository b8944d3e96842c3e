"""GET /v1/alerts (cursor pagination, filters), GET/PATCH /v1/alerts/{id}.

PATCHing an alert to ``dismissed`` also clears the relationship memory its author got from
that conversation (see :mod:`guardline.service.relationships`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from sqlalchemy import select
from sqlalchemy.orm import Session

from guardline.service.auth import Principal
from guardline.service.deps import (
    MAX_ID,
    PROBLEMS,
    ObjectId,
    aware,
    decode_cursor,
    encode_cursor,
    get_runtime,
    require,
    to_utc,
)
from guardline.service.ingest import enqueue_events
from guardline.service.problems import Problem
from guardline.service.relationships import clear_flags
from guardline.service.runtime import Runtime
from guardline.service.schemas import AlertOut, AlertPage, AlertPatch, AlertStatus, api_risk
from guardline.store.models import AlertRow, ConversationRow, utcnow

router = APIRouter(prefix="/v1", tags=["alerts"], responses=PROBLEMS)


def _cursor(alert_id: int) -> str:
    return encode_cursor("a", str(alert_id))


def _alert_id(position: str) -> int:
    value = int(position)
    if not 0 <= value <= MAX_ID:
        raise ValueError
    return value


def _parse_cursor(cursor: str) -> int:
    return decode_cursor(cursor, "a", _alert_id)


def _out(row: AlertRow, ext: str) -> AlertOut:
    return AlertOut(
        id=row.id,
        conversation_id=ext,
        author=row.author,
        risk=api_risk(row.risk),
        stage=row.stage,
        signs=list(row.signs or []),
        status=row.status,  # type: ignore[arg-type]
        assignee_id=row.assignee_id,
        first_alert_index=row.first_alert_index,
        prior_conversation=row.prior_conversation,
        outranked_by=row.outranked_by,
        created_at=aware(row.created_at),  # type: ignore[arg-type]
        updated_at=aware(row.updated_at),  # type: ignore[arg-type]
    )


@router.get("/alerts", response_model=AlertPage)
def list_alerts(
    status: AlertStatus | None = None,
    stage: Annotated[str | None, Query(max_length=40, pattern=r"^[a-z_]+$")] = None,
    min_risk: Annotated[float | None, Query(ge=0.0, le=1.0)] = None,
    created_after: datetime | None = None,
    created_before: datetime | None = None,
    conversation_id: Annotated[
        str | None, Query(min_length=1, max_length=200, pattern=r"^[^\x00]+$")
    ] = None,
    cursor: Annotated[str | None, Query(max_length=64, pattern=r"^[A-Za-z0-9_-]+$")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    p: Principal = Depends(require("read")),
    rt: Runtime = Depends(get_runtime),
) -> AlertPage:
    """Newest first. Pass ``next_cursor`` back as ``cursor`` for the next page."""
    q = (
        select(AlertRow, ConversationRow.external_id)
        .join(ConversationRow, ConversationRow.id == AlertRow.conversation_id)
        .where(AlertRow.tenant_id == p.tenant_id)
    )
    if status is not None:
        q = q.where(AlertRow.status == status)
    if stage is not None:
        q = q.where(AlertRow.stage == stage)
    if min_risk is not None:
        q = q.where(AlertRow.risk >= min_risk)
    if created_after is not None:
        q = q.where(AlertRow.created_at >= to_utc(created_after))
    if created_before is not None:
        q = q.where(AlertRow.created_at < to_utc(created_before))
    if conversation_id is not None:
        q = q.where(ConversationRow.external_id == conversation_id)
    if cursor:
        q = q.where(AlertRow.id < _parse_cursor(cursor))
    q = q.order_by(AlertRow.id.desc()).limit(limit + 1)
    with rt.sessions() as session:
        rows = session.execute(q).all()
    items = [_out(r, ext) for r, ext in rows[:limit]]
    nxt = _cursor(items[-1].id) if len(rows) > limit else None
    return AlertPage(items=items, next_cursor=nxt)


def _get(session: Session, tenant_id: int, alert_id: int) -> tuple[AlertRow, str]:
    row = session.execute(
        select(AlertRow, ConversationRow.external_id)
        .join(ConversationRow, ConversationRow.id == AlertRow.conversation_id)
        .where(AlertRow.tenant_id == tenant_id, AlertRow.id == alert_id)
    ).first()
    if row is None:
        raise Problem(404, "No such alert.")
    return row[0], row[1]


@router.get("/alerts/{alert_id}", response_model=AlertOut)
def get_alert(
    alert_id: ObjectId,
    p: Principal = Depends(require("read")),
    rt: Runtime = Depends(get_runtime),
) -> AlertOut:
    with rt.sessions() as session:
        row, ext = _get(session, p.tenant_id, alert_id)
        return _out(row, ext)


@router.patch("/alerts/{alert_id}", response_model=AlertOut)
def patch_alert(
    body: AlertPatch,
    alert_id: ObjectId,
    p: Principal = Depends(require("admin")),
    rt: Runtime = Depends(get_runtime),
) -> AlertOut:
    """Change an alert's status; sends ``alert.updated`` to subscribed webhooks. Dismissing
    it clears the relationship memory its author got from this conversation: the pair no longer
    carries into their later conversations (setting it back does not restore that).
    Confirming it restarts the conversation's preservation year, and an escalated alert
    keeps the conversation's messages (:mod:`guardline.service.retention`)."""
    now = utcnow()
    with rt.sessions() as session, session.begin():
        row, ext = _get(session, p.tenant_id, alert_id)
        if row.status != body.status:
            row.status = body.status
            row.updated_at = now
            if body.status == "dismissed":
                clear_flags(
                    session,
                    p.tenant_id,
                    row.conversation_id,
                    row.author,
                    None,
                    now,
                    row.prior_conversation,
                )
            session.flush()
            if enqueue_events(session, p.tenant_id, [("alert.updated", row, ext)], now):
                rt.webhook_wake.set()
        return _out(row, ext)
