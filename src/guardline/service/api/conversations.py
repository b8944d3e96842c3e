"""GET /v1/conversations/{id}: the latest assessment with its evidence (no message text)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Path
from sqlalchemy import select
from sqlalchemy.orm import undefer

from guardline.service.auth import Principal
from guardline.service.deps import PROBLEMS, aware, get_runtime, require
from guardline.service.problems import Problem
from guardline.service.runtime import Runtime
from guardline.service.schemas import AuthorOut, ConversationOut, Id, SignalOut
from guardline.store.models import ConversationRow

router = APIRouter(prefix="/v1", tags=["conversations"], responses=PROBLEMS)


@router.get("/conversations/{conversation_id}", response_model=ConversationOut)
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
            risk=float(a.get("risk", 0.0)),
            max_risk=row.max_risk,
            alert=bool(a.get("alert", False)),
            first_alert_index=a.get("first_alert_index"),
            stage=row.stage,
            message_count=row.message_count,
            authors=[
                AuthorOut(
                    author=au["author"],
                    risk=au["risk"],
                    flagged=au["flagged"],
                    signs=sorted({s["sign"] for s in au.get("signals", [])}),
                    stages=au.get("stages", {}),
                )
                for au in a.get("authors", [])
            ],
            evidence=[SignalOut(**s) for s in a.get("evidence", [])],
            policy=a.get("policy"),
            created_at=aware(row.created_at),  # type: ignore[arg-type]
            last_message_at=aware(row.last_message_at),
        )
