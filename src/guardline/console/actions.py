"""What moderators do to alerts and cases, as database operations in the caller's transaction.

Every action writes a ``case_events`` row (the case history) and an audit-log entry; status
changes also queue ``alert.updated`` webhooks, and an account-restriction request queues an
``action.requested`` webhook to every active webhook of the tenant subscribed to it (the
outbox the service's worker sends, signed). Dismissing a case also clears the relationship
memory its author got from that conversation (a ``relationship_cleared`` event), so the pair
no longer carries into their later conversations; confirming or escalating keeps it. Nothing
here logs or audits message text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from guardline.evidence import audit
from guardline.service.ingest import enqueue_events
from guardline.service.relationships import clear_flags
from guardline.service.schemas import api_time
from guardline.store.models import (
    CASE_OPEN_STATES,
    VICTIM_AGE_BANDS,
    AlertRow,
    Case,
    CaseEvent,
    ConversationRow,
    Note,
    User,
    Webhook,
    WebhookDelivery,
    utcnow,
)

CASEWORK = frozenset({"moderator", "lead", "admin"})
LEADS = frozenset({"lead", "admin"})
STATS = frozenset({"analyst", "lead", "admin"})
ADMINS = frozenset({"admin"})

DISMISS_REASONS = {
    "benign_context": "Benign context (family, school, club, work)",
    "peer_conversation": "Peers of similar age",
    "adults_only": "Adults only",
    "false_sign": "Sign misread by the detector",
    "duplicate": "Duplicate of another case",
    "other": "Other (explain in the detail)",
}
RESTRICTIONS = {
    "suspend_account": "Suspend the account",
    "restrict_messaging": "Stop the account messaging minors",
    "block_contact": "Block contact between these accounts",
}
OPEN_STATES = CASE_OPEN_STATES


class ActionError(Exception):
    """A refused action: ``status`` is the HTTP status the console answers with."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class Actor:
    user_id: int
    username: str
    role: str
    tenant_id: int | None

    def sees(self, tenant_id: int) -> bool:
        return self.tenant_id is None or self.tenant_id == tenant_id


def _require(actor: Actor, roles: frozenset[str], what: str) -> None:
    if actor.role not in roles:
        raise ActionError(403, f"Your role ({actor.role}) cannot {what}.")


_Row = TypeVar("_Row", AlertRow, Case)


def _get(
    session: Session, actor: Actor, model: type[_Row], row_id: int, lock: bool, what: str
) -> _Row:
    """The row ``row_id`` of ``model`` if the actor sees its tenant, else 404 ("No such
    {what}."); ``lock`` takes a row lock on PostgreSQL (SELECT ... FOR UPDATE)."""
    q = select(model).where(model.id == row_id)
    if lock and session.get_bind().dialect.name == "postgresql":
        q = q.with_for_update()
    row = session.scalar(q)
    if row is None or not actor.sees(row.tenant_id):
        raise ActionError(404, f"No such {what}.")
    return row


def get_alert(session: Session, actor: Actor, alert_id: int, lock: bool = False) -> AlertRow:
    return _get(session, actor, AlertRow, alert_id, lock, "alert")


def get_case(session: Session, actor: Actor, case_id: int, lock: bool = False) -> Case:
    return _get(session, actor, Case, case_id, lock, "case")


def case_of_alert(session: Session, alert_id: int) -> Case | None:
    return session.scalar(select(Case).where(Case.alert_id == alert_id).order_by(Case.id).limit(1))


def _event(session: Session, case: Case, actor: Actor, kind: str, **detail: Any) -> CaseEvent:
    event = CaseEvent(case_id=case.id, user_id=actor.user_id, kind=kind, detail=detail or None)
    session.add(event)
    audit.append(
        session,
        actor.username,
        f"case.{kind}",
        "case",
        case.id,
        {"tenant_id": case.tenant_id, "alert_id": case.alert_id, **detail},
    )
    return event


def _alert_status(session: Session, alert: AlertRow | None, status: str) -> None:
    if alert is None or alert.status == status:
        return
    now = utcnow()
    alert.status = status
    alert.updated_at = now
    ext = session.scalar(
        select(ConversationRow.external_id).where(ConversationRow.id == alert.conversation_id)
    )
    session.flush()
    enqueue_events(session, alert.tenant_id, [("alert.updated", alert, ext or "")], now)


def _open_case(session: Session, alert: AlertRow, actor: Actor) -> Case:
    case = case_of_alert(session, alert.id)
    if case is not None:
        return case
    conv = session.get(ConversationRow, alert.conversation_id)
    case = Case(
        tenant_id=alert.tenant_id,
        conversation_id=alert.conversation_id,
        alert_id=alert.id,
        status="open",
        platform=conv.platform if conv else None,
        surface=conv.surface if conv else None,
        victim_age_band="unknown",
        hold=False,
        created_at=utcnow(),
    )
    session.add(case)
    session.flush()
    _event(session, case, actor, "opened", risk_percent=round(alert.risk * 100))
    return case


def claim(session: Session, actor: Actor, alert_id: int) -> Case:
    """Take an alert: it becomes ``claimed`` by the actor and gets a case (made if new)."""
    _require(actor, CASEWORK, "claim alerts")
    alert = get_alert(session, actor, alert_id, lock=True)
    if alert.assignee_id not in (None, actor.user_id) and actor.role not in LEADS:
        owner = session.get(User, alert.assignee_id)
        raise ActionError(409, f"Already claimed by {owner.username if owner else 'someone'}.")
    if alert.status in ("confirmed", "dismissed"):
        raise ActionError(409, f"The alert is already {alert.status}.")
    case = _open_case(session, alert, actor)
    if alert.assignee_id != actor.user_id:
        alert.assignee_id = actor.user_id
        case.assignee_id = actor.user_id
        _event(session, case, actor, "claimed")
    if alert.status in ("open", "superseded"):
        _alert_status(session, alert, "claimed")
    return case


def assign(session: Session, actor: Actor, alert_id: int, user_id: int) -> Case:
    """A lead gives an alert to a moderator."""
    _require(actor, LEADS, "assign alerts")
    alert = get_alert(session, actor, alert_id, lock=True)
    target = session.get(User, user_id)
    if (
        target is None
        or not target.active
        or target.role not in CASEWORK
        or not (target.tenant_id is None or target.tenant_id == alert.tenant_id)
    ):
        raise ActionError(422, "Choose an active moderator, lead or admin of this tenant.")
    if alert.status in ("confirmed", "dismissed"):
        raise ActionError(409, f"The alert is already {alert.status}.")
    case = _open_case(session, alert, actor)
    alert.assignee_id = target.id
    case.assignee_id = target.id
    _event(session, case, actor, "assigned", to=target.username)
    if alert.status in ("open", "superseded"):
        _alert_status(session, alert, "claimed")
    return case


def require_worker(session: Session, actor: Actor, case: Case) -> AlertRow | None:
    """Casework (decisions, restriction requests, report exports) needs the case to be
    yours (or a lead's); returns the case's alert."""
    _require(actor, CASEWORK, "work on cases")
    if case.assignee_id != actor.user_id and actor.role not in LEADS:
        raise ActionError(409, "Claim the case first: it is not assigned to you.")
    return session.get(AlertRow, case.alert_id) if case.alert_id else None


def dismiss(session: Session, actor: Actor, case_id: int, reason: str, detail: str) -> Case:
    case = get_case(session, actor, case_id, lock=True)
    alert = require_worker(session, actor, case)
    if case.status not in OPEN_STATES:
        raise ActionError(409, f"The case is already {case.status}.")
    if reason not in DISMISS_REASONS:
        raise ActionError(422, "Choose a reason to dismiss the case.")
    detail = detail.strip()
    if reason == "other" and not detail:
        raise ActionError(422, "Explain the reason in the detail field.")
    if len(detail) > 400:
        raise ActionError(422, "The detail is limited to 400 characters.")
    case.status = "dismissed"
    case.closed_at = utcnow()
    case.dismiss_reason = reason + (f": {detail}" if detail else "")
    _event(session, case, actor, "dismissed", reason=reason)
    _alert_status(session, alert, "dismissed")
    if case.conversation_id:
        author = alert.author if alert is not None else None
        cleared = clear_flags(
            session,
            case.tenant_id,
            case.conversation_id,
            author,
            actor.user_id,
            case.closed_at,
            alert.prior_conversation if alert is not None else None,
        )
        if cleared:
            _event(session, case, actor, "relationship_cleared", pairs=cleared)
    return case


def escalate(session: Session, actor: Actor, case_id: int) -> Case:
    case = get_case(session, actor, case_id, lock=True)
    alert = require_worker(session, actor, case)
    if case.status != "open":
        raise ActionError(409, f"Only open cases can be escalated (this one is {case.status}).")
    case.status = "escalated"
    _event(session, case, actor, "escalated")
    _alert_status(session, alert, "escalated")
    return case


def confirm(
    session: Session, actor: Actor, case_id: int, victim_age_band: str, region: str
) -> Case:
    case = get_case(session, actor, case_id, lock=True)
    alert = require_worker(session, actor, case)
    if case.status not in OPEN_STATES:
        raise ActionError(409, f"The case is already {case.status}.")
    if victim_age_band not in VICTIM_AGE_BANDS:
        raise ActionError(422, "Choose the child's age band (or unknown).")
    region = region.strip()
    if len(region) > 100:
        raise ActionError(422, "The region is limited to 100 characters.")
    case.status = "confirmed"
    case.confirmed_at = utcnow()
    case.victim_age_band = victim_age_band
    case.region = region or None
    _event(session, case, actor, "confirmed", victim_age_band=victim_age_band)
    _alert_status(session, alert, "confirmed")
    return case


def request_restriction(
    session: Session,
    actor: Actor,
    case_id: int,
    restriction: str,
    moved_name_reviewed: bool = False,
) -> int:
    """Queue ``action.requested`` to the platform; returns how many deliveries were queued.

    When the detector no longer names the alert's account (the alert's ``outranked_by``: the
    name moved to the other participant of a two-person chat, who may be the child), the
    request needs ``moved_name_reviewed``; the history, the audit log and the request say
    whom the detector names instead."""
    case = get_case(session, actor, case_id, lock=True)
    alert = require_worker(session, actor, case)
    if restriction not in RESTRICTIONS:
        raise ActionError(422, "Choose the restriction to request.")
    if case.status == "dismissed":
        raise ActionError(409, "The case was dismissed.")
    if alert is None:
        raise ActionError(409, "The case has no alert (no account to restrict).")
    moved = alert.outranked_by
    if moved and not moved_name_reviewed:
        # the form's tick box was left empty: 422, so the case page shows the form again
        raise ActionError(
            422,
            f"The detector no longer names {alert.author}: in this two-person chat it now "
            f"names {moved}. Review the case; to restrict {alert.author} anyway, tick that "
            "you reviewed this.",
        )
    conv = session.get(ConversationRow, case.conversation_id) if case.conversation_id else None
    now = utcnow()
    detail: dict[str, Any] = {"restriction": restriction, "account": alert.author}
    if moved:
        detail["moved_name_reviewed"] = moved
    ev = CaseEvent(
        case_id=case.id,
        user_id=actor.user_id,
        kind="restriction_requested",
        detail=detail,
    )
    session.add(ev)
    session.flush()
    body = json.dumps(
        {
            "event": "action.requested",
            "created_at": api_time(now),
            "action": {
                "id": ev.id,
                "type": "account_restriction",
                "restriction": restriction,
                "account": alert.author,
                "conversation_id": conv.external_id if conv else None,
                "alert_id": alert.id,
                "case_id": case.id,
                "requested_by": actor.username,
                # the participant the detector names instead of ``account`` (reviewed by
                # the moderator who asks), else null
                "detector_named_instead": moved,
            },
        },
        separators=(",", ":"),
        sort_keys=True,
    )
    hooks = [
        h
        for h in session.scalars(
            select(Webhook).where(Webhook.tenant_id == case.tenant_id, Webhook.active.is_(True))
        )
        if "action.requested" in (h.events or [])
    ]
    rows = [
        {
            "tenant_id": case.tenant_id,
            "webhook_id": h.id,
            "event": "action.requested",
            "payload": body,
            "attempts": 0,
            "status": "pending",
            "next_attempt_at": now,
            "created_at": now,
        }
        for h in hooks
    ]
    if rows:
        session.execute(insert(WebhookDelivery), rows)
    audit.append(
        session,
        actor.username,
        "case.restriction_requested",
        "case",
        case.id,
        {
            "tenant_id": case.tenant_id,
            "alert_id": alert.id,
            "restriction": restriction,
            "account": alert.author,
            "deliveries": len(rows),
            **({"moved_name_reviewed": moved} if moved else {}),
        },
    )
    return len(rows)


def add_note(session: Session, actor: Actor, case_id: int, text: str) -> Note:
    case = get_case(session, actor, case_id)
    _require(actor, CASEWORK, "add notes")
    text = text.strip()
    if not text:
        raise ActionError(422, "A note cannot be empty.")
    if len(text) > 5000:
        raise ActionError(422, "A note is limited to 5000 characters.")
    note = Note(case_id=case.id, user_id=actor.user_id, text=text, created_at=utcnow())
    session.add(note)
    session.flush()
    _event(session, case, actor, "note_added", note_id=note.id)
    return note


def set_hold(session: Session, actor: Actor, case_id: int, hold: bool) -> Case:
    """A preservation hold keeps the conversation's messages past retention."""
    case = get_case(session, actor, case_id, lock=True)
    _require(actor, CASEWORK, "place preservation holds")
    if not hold:
        _require(actor, LEADS, "release preservation holds")
    if case.hold == hold:
        return case
    case.hold = hold
    if case.conversation_id:
        conv = session.get(ConversationRow, case.conversation_id)
        if conv is not None:
            others = session.scalar(
                select(Case.id).where(
                    Case.conversation_id == conv.id, Case.id != case.id, Case.hold.is_(True)
                )
            )
            conv.hold = hold or others is not None
    _event(session, case, actor, "hold_placed" if hold else "hold_released")
    return case


def record_reveal(session: Session, actor: Actor, case: Case) -> int:
    """Audit that the actor saw the message text (who, when, which case); returns the case
    event's id."""
    _require(actor, CASEWORK, "see message text")
    event = _event(session, case, actor, "revealed", conversation_pk=case.conversation_id or 0)
    session.flush()
    return event.id


def record_export(
    session: Session,
    actor: Actor,
    case: Case,
    kind: str,
    sha256: str,
    moved_name_reviewed: str | None = None,
) -> None:
    """Audit an export; ``moved_name_reviewed`` is the participant the detector named
    instead of the case's reported account when the moderator said they reviewed that."""
    _require(actor, CASEWORK, "export evidence")
    extra = {"moved_name_reviewed": moved_name_reviewed} if moved_name_reviewed else {}
    _event(session, case, actor, "exported", export=kind, sha256=sha256, **extra)
