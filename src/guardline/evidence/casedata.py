"""Everything known about one case, read from the store as plain data (no web imports).

``load_case(session, case_id, decrypt)`` gathers the case, its alert and conversation, the
messages in order (text decrypted with ``decrypt(stored, encrypted)``), the latest
assessment, notes and history. Evidence bundles and report exports are built from it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, undefer

from guardline.store.models import (
    AlertRow,
    Case,
    CaseEvent,
    ConversationRow,
    MessageRow,
    Note,
    ParticipantRow,
    Tenant,
    User,
)

Decrypt = Callable[[str, bool], str]


def iso(dt: datetime | None) -> str | None:
    if dt is None:
        return None
    dt = dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)
    return dt.isoformat(timespec="seconds")


def plain(stored: str, encrypted: bool) -> str:
    if encrypted:
        raise ValueError("message text is encrypted: pass a decrypt function")
    return stored


@dataclass
class CaseData:
    case_id: int
    tenant: str
    status: str
    created_at: str | None
    confirmed_at: str | None
    closed_at: str | None
    dismiss_reason: str | None
    hold: bool
    victim_age_band: str
    region: str | None
    platform: str | None
    surface: str | None
    conversation_id: str | None
    suspect: str | None  # the flagged author
    alert: dict[str, Any] | None
    assessment: dict[str, Any]
    messages: list[dict[str, Any]]
    participants: dict[str, dict[str, Any]]
    notes: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)

    @property
    def name_moved_to(self) -> str | None:
        """The participant the detector names instead of the suspect, when the alert policy's
        ``outrank`` rule moved the name after this case's alert was raised (the alert's
        ``outranked_by``); None while the suspect is still the one named."""
        return self.alert.get("outranked_by") if self.alert else None

    @property
    def signs(self) -> list[dict[str, Any]]:
        return list(self.assessment.get("evidence", []))

    def others(self) -> list[str]:
        """Participants other than the suspect, in order of first message."""
        seen: list[str] = []
        for m in self.messages:
            if m["author"] != self.suspect and m["author"] not in seen:
                seen.append(m["author"])
        return seen


def load_case(session: Session, case_id: int, decrypt: Decrypt = plain) -> CaseData:
    case = session.get(Case, case_id)
    if case is None:
        raise KeyError(f"no case {case_id}")
    tenant = session.get(Tenant, case.tenant_id)
    alert = session.get(AlertRow, case.alert_id) if case.alert_id else None
    conv = None
    if case.conversation_id:
        conv = session.scalar(
            select(ConversationRow)
            .options(undefer(ConversationRow.assessment))
            .where(ConversationRow.id == case.conversation_id)
        )
    messages: list[dict[str, Any]] = []
    participants: dict[str, dict[str, Any]] = {}
    if conv is not None:
        for m in session.scalars(
            select(MessageRow)
            .where(MessageRow.conversation_id == conv.id)
            .order_by(MessageRow.index)
        ):
            messages.append(
                {
                    "index": m.index,
                    "message_id": m.platform_message_id,
                    "author": m.author,
                    "sent_at": iso(m.sent_at),
                    "received_at": iso(m.received_at),
                    "text": decrypt(m.text, m.encrypted),
                }
            )
        authors = sorted({m["author"] for m in messages})
        if authors:
            for p in session.scalars(
                select(ParticipantRow).where(
                    ParticipantRow.tenant_id == case.tenant_id,
                    ParticipantRow.external_id.in_(authors),
                )
            ):
                participants[p.external_id] = {
                    "age_band": p.age_band,
                    "declared_age": p.declared_age,
                    "account_age_days": p.account_age_days,
                }
    users = {u.id: u.username for u in session.scalars(select(User))}
    notes = [
        {
            "id": n.id,
            "author": users.get(n.user_id or -1, "(deleted user)"),
            "created_at": iso(n.created_at),
            "text": n.text,
        }
        for n in session.scalars(select(Note).where(Note.case_id == case.id).order_by(Note.id))
    ]
    events = [
        {
            "id": e.id,
            "kind": e.kind,
            "user": users.get(e.user_id or -1, "system"),
            "created_at": iso(e.created_at),
            "detail": e.detail or {},
        }
        for e in session.scalars(
            select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(CaseEvent.id)
        )
    ]
    alert_d = None
    if alert is not None:
        alert_d = {
            "id": alert.id,
            "author": alert.author,
            "risk": round(alert.risk, 6),
            "stage": alert.stage,
            "signs": list(alert.signs or []),
            "status": alert.status,
            "first_alert_index": alert.first_alert_index,
            "outranked_by": alert.outranked_by,
            "created_at": iso(alert.created_at),
        }
    return CaseData(
        case_id=case.id,
        tenant=tenant.name if tenant else "",
        status=case.status,
        created_at=iso(case.created_at),
        confirmed_at=iso(case.confirmed_at),
        closed_at=iso(case.closed_at),
        dismiss_reason=case.dismiss_reason,
        hold=bool(case.hold),
        victim_age_band=case.victim_age_band,
        region=case.region,
        platform=case.platform or (conv.platform if conv else None),
        surface=case.surface or (conv.surface if conv else None),
        conversation_id=conv.external_id if conv else None,
        suspect=alert.author if alert else None,
        alert=alert_d,
        assessment=dict(conv.assessment or {}) if conv else {},
        messages=messages,
        participants=participants,
        notes=notes,
        events=events,
    )
