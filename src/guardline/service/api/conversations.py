"""GET /v1/conversations (the watch list: by highest risk reached) and GET
/v1/conversations/{id} (the latest assessment with its evidence); never message text."""

from __future__ import annotations

import math
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query
from sqlalchemy import select
from sqlalchemy.orm import undefer

from guardline.service.auth import Principal
from guardline.service.deps import (
    MAX_ID,
    PROBLEMS,
    aware,
    decode_cursor,
    encode_cursor,
    get_runtime,
    require,
)
from guardline.service.problems import Problem
from guardline.service.runtime import Runtime
from guardline.service.schemas import (
    AuthorOut,
    ConversationOut,
    ConversationPage,
    ConversationSummary,
    Id,
    SignalOut,
    api_risk,
)
from guardline.store.models import ConversationRow

router = APIRouter(prefix="/v1", tags=["conversations"], responses=PROBLEMS)


def _cursor(row: ConversationRow) -> str:
    """The position after ``row``: its exact highest risk (``float.hex``, so the next page
    compares with the stored value, not the rounded one shown) and row id."""
    return encode_cursor("c", f"{float(row.max_risk).hex()}_{row.id}")


def _position(position: str) -> tuple[float, int]:
    risk_s, _, id_s = position.partition("_")
    risk, pk = float.fromhex(risk_s), int(id_s)
    if not math.isfinite(risk) or not 0 <= pk <= MAX_ID:
        raise ValueError
    return risk, pk


def _parse_cursor(cursor: str) -> tuple[float, int]:
    return decode_cursor(cursor, "c", _position)


@router.get("/conversations", response_model=ConversationPage)
def list_conversations(
    alerted: bool | None = None,
    min_risk: Annotated[float, Query(ge=0.0, le=1.0)] = 0.0,
    platform: Annotated[
        str | None, Query(min_length=1, max_length=100, pattern=r"^[^\x00]+$")
    ] = None,
    cursor: Annotated[
        str | None,
        Query(
            max_length=128,
            pattern=r"^[A-Za-z0-9_-]+$",
            description="`next_cursor` of the previous page (keep the same filters)",
        ),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    p: Principal = Depends(require("read")),
    rt: Runtime = Depends(get_runtime),
) -> ConversationPage:
    """Conversations by the highest risk they reached (then oldest first). With
    ``alerted=false&min_risk=0.9`` this is the watch list: conversations whose risk has reached
    the bar but that have not alerted (the policy wants the risk to persist).

    Keyset pagination: pass ``next_cursor`` back as ``cursor`` (with the same filters) for the
    next page; it is null on the last page. A cursor is a position in the order (highest risk,
    then row id), not an offset: conversations created while you page never repeat or shift
    rows between pages; they appear on a later page if they sort after the cursor. A
    conversation whose highest risk rises past the cursor meanwhile moves to the part already
    read and is not listed again in this pass (start over to see it); none is listed twice,
    since a highest risk never falls."""
    after = _parse_cursor(cursor) if cursor else None
    q = ConversationRow.by_risk(p.tenant_id, min_risk, alerted, platform, limit + 1, after)
    with rt.sessions() as session:
        rows = list(session.scalars(q))
        page = rows[:limit]
        return ConversationPage(
            items=[
                ConversationSummary(
                    id=r.external_id,
                    platform=r.platform,
                    surface=r.surface,
                    max_risk=api_risk(r.max_risk),
                    stage=r.stage,
                    alerted=r.alerted,
                    message_count=r.message_count,
                    last_message_at=aware(r.last_message_at),
                )
                for r in page
            ],
            next_cursor=_cursor(page[-1]) if len(rows) > limit else None,
        )


# ``:path``: platform ids may contain "/" (sent as %2F, which the server decodes)
@router.get("/conversations/{conversation_id:path}", response_model=ConversationOut)
def get_conversation(
    conversation_id: Id = Path(min_length=1, max_length=200, pattern=r"^[^\x00]+$"),
    p: Principal = Depends(require("read")),
    rt: Runtime = Depends(get_runtime),
) -> ConversationOut:
    with rt.sessions() as session:
        row = session.scalar(
            select(ConversationRow)
            .options(undefer(ConversationRow.assessment))
            .where(
                ConversationRow.tenant_id == p.tenant_id,
                ConversationRow.external_id == conversation_id,
            )
        )
        if row is None:
            raise Problem(404, "No such conversation.")
        a = row.assessment or {}
        return ConversationOut(
            id=row.external_id,
            platform=row.platform,
            surface=row.surface,
            risk=api_risk(a.get("risk", 0.0)),
            max_risk=api_risk(row.max_risk),
            alert=bool(a.get("alert", False)),
            first_alert_index=a.get("first_alert_index"),
            stage=row.stage,
            message_count=row.message_count,
            authors=[
                AuthorOut(
                    author=au["author"],
                    risk=api_risk(au["risk"]),
                    flagged=au["flagged"],
                    signs=sorted({s["sign"] for s in au.get("signals", [])}),
                    stages=au.get("stages", {}),
                    addressee=au.get("addressee"),
                    prior=au.get("prior"),
                    prior_stages=au.get("prior_stages", []) if au.get("prior") else [],
                    outranked_by=None if au.get("flagged") else au.get("outranked_by"),
                )
                for au in a.get("authors", [])
            ],
            evidence=[SignalOut(**s) for s in a.get("evidence", [])],
            policy=a.get("policy"),
            created_at=aware(row.created_at),  # type: ignore[arg-type]
            last_message_at=aware(row.last_message_at),
        )
