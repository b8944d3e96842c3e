"""Retention: purge what is no longer needed, preserve what must be kept.

* Conversations never alerted, idle for ``retention_days`` (default 30) and not on hold are
  deleted with their messages and detector state.
* Alerted conversations are preserved at least ``preserve_days`` (default 365, the US REPORT
  Act 2024 preservation period) from their first alert (``preserve_until``), and from the
  confirmation of a case of theirs and from each export of it (the Act counts the year from
  the report), and from the confirmation of one of its alerts through the API (``PATCH
  /v1/alerts/{id}``: a platform that reviews alerts in its own tools has no case); after that
  their message text is deleted unless the conversation is on hold or a case or an alert of
  it is still being worked (a case open or escalated, an alert escalated): evidence is not
  deleted from under a moderator. Alerts, cases and the audit log stay.

Each run that deletes anything appends ``retention.purged`` to the audit chain in the same
transaction (actor ``retention``): the counts, the periods in force and the ids of the
alerted conversations whose message text went (at most :data:`IDS_PER_ENTRY` per entry), so
that when and why evidence was deleted can be shown later. Never-alerted conversations are
counted, not listed.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import and_, delete, or_, select
from sqlalchemy.orm import Session

from guardline.evidence import audit
from guardline.service.settings import Settings
from guardline.store.models import (
    CASE_OPEN_STATES,
    AlertRow,
    Case,
    CaseEvent,
    ConversationRow,
    MessageRow,
    utcnow,
)

#: alerted conversations named per ``retention.purged`` audit entry (more: more entries)
IDS_PER_ENTRY = 500


def purge(session: Session, settings: Settings, now: datetime | None = None) -> dict[str, int]:
    """Apply the retention rules once (caller commits); returns what was deleted. A run
    that deleted anything is recorded in the audit chain (module docstring)."""
    now = now or utcnow()
    cutoff = now - timedelta(days=settings.retention_days)
    idle = select(ConversationRow.id).where(
        ConversationRow.alerted.is_(False),
        ConversationRow.hold.is_(False),
        ConversationRow.last_message_at < cutoff,
    )
    since = now - timedelta(days=settings.preserve_days)
    exported = select(CaseEvent.case_id).where(
        CaseEvent.kind == "exported", CaseEvent.created_at > since
    )
    reported = select(Case.conversation_id).where(
        Case.conversation_id.is_not(None),
        or_(
            Case.confirmed_at > since,
            Case.id.in_(exported),
            Case.status.in_(CASE_OPEN_STATES),
        ),
    )
    # a confirmed alert's updated_at is its confirmation or later (new signs in the
    # conversation, a moved name): the year runs from then at the earliest
    decided = select(AlertRow.conversation_id).where(
        or_(
            and_(AlertRow.status == "confirmed", AlertRow.updated_at > since),
            AlertRow.status == "escalated",
        )
    )
    expired = select(ConversationRow.id).where(
        and_(
            ConversationRow.alerted.is_(True),
            ConversationRow.hold.is_(False),
            ConversationRow.preserve_until < now,
            ConversationRow.id.not_in(reported),
            ConversationRow.id.not_in(decided),
        )
    )
    idle_ids = list(session.scalars(idle))
    expired_ids = list(session.scalars(expired))
    # the expired conversations that still hold text (earlier runs emptied the others)
    emptied: list[int] = []
    for chunk in _chunks(expired_ids):
        emptied += session.scalars(
            select(MessageRow.conversation_id)
            .where(MessageRow.conversation_id.in_(chunk))
            .distinct()
        )
    msgs = 0
    for chunk in _chunks(idle_ids + expired_ids):
        res = session.execute(delete(MessageRow).where(MessageRow.conversation_id.in_(chunk)))
        msgs += res.rowcount  # type: ignore[attr-defined]
    for chunk in _chunks(idle_ids):
        session.execute(delete(ConversationRow).where(ConversationRow.id.in_(chunk)))
    counts = {"conversations_deleted": len(idle_ids), "messages_deleted": msgs}
    if msgs or idle_ids:
        periods = {
            "retention_days": settings.retention_days,
            "preserve_days": settings.preserve_days,
        }
        for chunk in _chunks(sorted(emptied), IDS_PER_ENTRY) or [[]]:
            audit.append(
                session,
                "retention",
                "retention.purged",
                detail={**counts, **periods, "alerted_conversations_text_deleted": chunk},
            )
    return counts


def _chunks(ids: list[int], n: int = 500) -> list[list[int]]:
    return [ids[i : i + n] for i in range(0, len(ids), n)]
