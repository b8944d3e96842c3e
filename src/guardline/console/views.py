"""Data for the console pages: the queue, message segments with sign spans, the stage chart,
and the earlier conversations a flagged author was carried from (relationship memory)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from typing import Any

from sqlalchemy import ColumnElement, exists, func, select, true
from sqlalchemy.orm import Session, aliased, undefer

from guardline.console.actions import Actor
from guardline.core.model import Stage
from guardline.service.relationships import UPHELD
from guardline.store.models import (
    AlertRow,
    Case,
    ConversationRow,
    MessageRow,
    ParticipantRow,
    RelationshipFlag,
    User,
)

ACTIVE = ("open", "claimed", "escalated")
QUEUE_LIMIT = 300  # alerts listed at most (the riskiest first); the page says when more match
AGE_ORDER = ("child", "teen", "adult", "unknown")
STAGES = [s.value for s in Stage]
STAGE_LABELS = {
    "friendship_forming": "Friendship",
    "relationship_forming": "Relationship",
    "risk_assessment": "Risk assessment",
    "exclusivity": "Exclusivity",
    "sexual": "Sexual",
    "conclusion": "Meeting / off-platform",
}


def aware(dt: datetime | None) -> datetime | None:
    if dt is None:
        return None
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)


def fmt_delta(td: timedelta) -> str:
    s = int(abs(td.total_seconds()))
    d, s = divmod(s, 86400)
    h, s = divmod(s, 3600)
    m = s // 60
    if d:
        return f"{d}d {h}h"
    if h:
        return f"{h}h {m}m"
    return f"{m}m"


@dataclass
class QueueRow:
    alert_id: int
    conversation: str
    platform: str
    author: str
    risk: float
    stage: str | None
    signs: list[str]
    status: str
    assignee: str | None
    age_band: str
    waiting: str
    sla_left: str
    overdue: bool
    created_at: datetime
    #: the earlier conversation this alert was carried from (relationship memory), if any
    prior: str | None = None
    #: the other author of the chat, while the detector names them instead of this one
    outranked_by: str | None = None


def _age_band_is(band: str) -> ColumnElement[bool]:
    """SQL: the alert's age band (the youngest band among the conversation's other authors,
    "unknown" for an author without a participant record) is ``band``, as ``queue`` shows it.
    Part of the query, so that the queue's limit applies to the filtered alerts."""
    m, p = aliased(MessageRow), aliased(ParticipantRow)

    def other_in(bands: tuple[str, ...]) -> ColumnElement[bool]:
        return exists().where(
            m.conversation_id == AlertRow.conversation_id,
            m.author != AlertRow.author,
            p.tenant_id == AlertRow.tenant_id,
            p.external_id == m.author,
            p.age_band.in_(bands),
        )

    younger = AGE_ORDER[: AGE_ORDER.index(band)]
    clause = ~other_in(younger) if younger else true()
    # "unknown" needs no known band among the others (or no other author at all)
    return clause if band == "unknown" else clause & other_in((band,))


@dataclass
class QueueFilters:
    status: str = "active"
    platform: str = ""
    stage: str = ""
    age_band: str = ""
    mine: bool = False


def queue(
    session: Session,
    actor: Actor,
    f: QueueFilters,
    sla_high_h: float,
    sla_h: float,
    now: datetime | None = None,
    limit: int | None = None,
) -> tuple[list[QueueRow], list[str], bool]:
    """Alerts for the queue (risk first, then longest waiting), the platforms to filter by,
    and whether more alerts than ``limit`` (default ``QUEUE_LIMIT``) matched."""
    now = now or datetime.now(UTC)
    limit = QUEUE_LIMIT if limit is None else limit
    q = select(AlertRow, ConversationRow.external_id, ConversationRow.platform).join(
        ConversationRow, ConversationRow.id == AlertRow.conversation_id
    )
    plats = select(ConversationRow.platform).where(ConversationRow.alerted.is_(True)).distinct()
    if actor.tenant_id is not None:
        q = q.where(AlertRow.tenant_id == actor.tenant_id)
        plats = plats.where(ConversationRow.tenant_id == actor.tenant_id)
    if f.status == "active":
        q = q.where(AlertRow.status.in_(ACTIVE))
    elif f.status:
        q = q.where(AlertRow.status == f.status)
    if f.platform:
        q = q.where(ConversationRow.platform == f.platform)
    if f.stage:
        q = q.where(AlertRow.stage == f.stage)
    if f.mine:
        q = q.where(AlertRow.assignee_id == actor.user_id)
    if f.age_band:
        q = q.where(_age_band_is(f.age_band))
    # risk as the queue shows it (whole percent), so that alerts shown at the same risk
    # (often many at 100%) come longest waiting first rather than by invisible decimals
    shown = func.round(AlertRow.risk * 100)
    q = q.order_by(shown.desc(), AlertRow.created_at.asc(), AlertRow.id.asc())
    rows = session.execute(q.limit(limit + 1)).all()
    more = len(rows) > limit
    rows = rows[:limit]
    platforms = sorted(p for p in session.scalars(plats) if p)
    conv_ids = sorted({a.conversation_id for a, _, _ in rows})
    authors: dict[int, set[str]] = {}
    if conv_ids:
        for cid, author in session.execute(
            select(MessageRow.conversation_id, MessageRow.author)
            .where(MessageRow.conversation_id.in_(conv_ids))
            .distinct()
        ):
            authors.setdefault(cid, set()).add(author)
    tenants = {a.tenant_id for a, _, _ in rows}
    everyone = {x for s in authors.values() for x in s}
    bands: dict[tuple[int, str], str] = {}
    if everyone:
        for p in session.scalars(
            select(ParticipantRow).where(
                ParticipantRow.tenant_id.in_(tenants), ParticipantRow.external_id.in_(everyone)
            )
        ):
            bands[(p.tenant_id, p.external_id)] = p.age_band
    users = {u.id: u.username for u in session.scalars(select(User))}
    out: list[QueueRow] = []
    for a, ext, platform in rows:
        others = [x for x in authors.get(a.conversation_id, set()) if x != a.author]
        known = [bands.get((a.tenant_id, x), "unknown") for x in others] or ["unknown"]
        band = min(known, key=AGE_ORDER.index)
        created = aware(a.created_at) or now
        due = created + timedelta(hours=sla_high_h if a.risk >= 0.9 else sla_h)
        done = a.status in ("confirmed", "dismissed", "superseded")
        out.append(
            QueueRow(
                alert_id=a.id,
                conversation=ext,
                platform=platform or "—",
                author=a.author,
                risk=a.risk,
                stage=a.stage,
                signs=list(a.signs or []),
                status=a.status,
                assignee=users.get(a.assignee_id) if a.assignee_id else None,
                age_band=band,
                waiting=fmt_delta(now - created),
                sla_left="—" if done else ("overdue " if due < now else "") + fmt_delta(due - now),
                overdue=not done and due < now,
                created_at=created,
                prior=a.prior_conversation,
                outranked_by=a.outranked_by,
            )
        )
    return out, platforms, more


@dataclass
class WatchRow:
    conversation: str
    platform: str
    max_risk: float
    stage: str | None
    messages: int
    signs: list[str]  # signs of the riskiest author so far
    quiet_for: str  # time since the last message


def watch(
    session: Session,
    actor: Actor,
    min_risk: float,
    now: datetime | None = None,
    limit: int = 200,
) -> list[WatchRow]:
    """Conversations without an alert whose risk has reached ``min_risk``: highest first.

    The alert policy wants the risk to persist (k of the last n messages); a conversation
    whose risk crossed the bar on its last message, or that stopped just short of it, shows
    here before it alerts. No message text: it opens only once an alert makes a case.
    """
    now = now or datetime.now(UTC)
    q = ConversationRow.by_risk(actor.tenant_id, min_risk, alerted=False, limit=limit)
    out: list[WatchRow] = []
    for row in session.scalars(q.options(undefer(ConversationRow.assessment))):
        authors = (row.assessment or {}).get("authors", [])
        top: dict[str, Any] = max(authors, key=lambda a: a.get("risk", 0.0), default={})
        last = aware(row.last_message_at)
        out.append(
            WatchRow(
                conversation=row.external_id,
                platform=row.platform or "—",
                max_risk=row.max_risk,
                stage=row.stage,
                messages=row.message_count,
                signs=sorted({s["sign"] for s in top.get("signals", [])}),
                quiet_for=fmt_delta(now - last) if last else "—",
            )
        )
    return out


@dataclass
class Segment:
    text: str
    signs: list[str]


def _mask(s: str) -> str:
    return "".join(c if c.isspace() else "•" for c in s)


def segments(text: str, spans: list[tuple[int, int, str]], reveal: bool) -> list[Segment]:
    """``text`` cut at the sign spans; each piece with the signs covering it (masked unless
    ``reveal``: the real text never reaches the browser before an audited reveal)."""
    n = len(text)
    cuts = {0, n}
    for a, b, _ in spans:
        cuts.add(max(0, min(n, a)))
        cuts.add(max(0, min(n, b)))
    pts = sorted(cuts)
    out: list[Segment] = []
    for a, b in pairwise(pts):
        if a == b:
            continue
        names = sorted({s for x, y, s in spans if x <= a and b <= y})
        piece = text[a:b]
        out.append(Segment(piece if reveal else _mask(piece), names))
    return out


def conversation_view(
    messages: list[dict[str, Any]], evidence: list[dict[str, Any]], reveal: bool
) -> list[dict[str, Any]]:
    by_msg: dict[int, list[tuple[int, int, str]]] = {}
    for s in evidence:
        a, b = s["span"]
        by_msg.setdefault(int(s["message_index"]), []).append((int(a), int(b), str(s["sign"])))
    return [
        {
            "index": m["index"],
            "author": m["author"],
            "sent_at": m["sent_at"],
            "segments": segments(m["text"], by_msg.get(m["index"], []), reveal),
            "signs": sorted({x[2] for x in by_msg.get(m["index"], [])}),
        }
        for m in messages
    ]


def timeline(
    evidence: list[dict[str, Any]], n_messages: int, suspect: str | None
) -> dict[str, Any]:
    """Coordinates of the stage timeline chart (an inline SVG, no script)."""
    left, top, row_h, width = 170, 16, 30, 760
    plot_w = width - left - 20
    n = max(n_messages, 1)

    def x(i: int) -> float:
        return left + (plot_w * (i + 0.5) / n)

    rows = [
        {"label": STAGE_LABELS[s], "y": top + i * row_h + row_h / 2, "stage": s}
        for i, s in enumerate(STAGES)
    ]
    ys = {r["stage"]: r["y"] for r in rows}
    points = [
        {
            "x": round(x(int(s["message_index"])), 1),
            "y": ys.get(s["stage"], top),
            "sign": s["sign"],
            "author": s["author"],
            "index": s["message_index"],
            "suspect": s["author"] == suspect,
        }
        for s in evidence
    ]
    ticks = sorted({0, n - 1, *[int(s["message_index"]) for s in evidence]})
    return {
        "width": width,
        "height": top + len(STAGES) * row_h + 36,
        "left": left,
        "right": width - 20,
        "top": top,
        "bottom": top + len(STAGES) * row_h,
        "rows": rows,
        "points": points,
        "ticks": [{"x": round(x(t), 1), "label": t + 1} for t in ticks if t < n],
    }


@dataclass
class Prior:
    """An earlier conversation in which an author was flagged with the same partner."""

    conversation: str  # the platform's conversation id
    case_id: int | None  # that author's case there (else any case of it), if one was opened
    case_status: str | None
    stages: list[str] = field(default_factory=list)  # stage labels shown with the partner
    #: the flag's row now: still carried (True), cleared or lapsed since (False), None: none
    live: bool | None = None
    #: quiet conversations in a row it has been carried into (guardline.detect.memory)
    quiet: int = 0
    #: a moderator upheld it there (the same statuses the service's loader holds)
    held: bool = False


def outranked(authors: list[dict[str, Any]]) -> dict[str, str]:
    """The authors whose name the alert policy's ``outrank`` rule holds back -> the flagged
    author who outranks them (``outranked_by`` in the detector's assessment; see
    ``guardline.detect.policy``). In a two-person chat one person grooms the other: the case
    page says why the second is not named, so that a high unflagged risk does not read as a
    missed flag."""
    return {
        str(a["author"]): str(a["outranked_by"])
        for a in authors
        if a.get("outranked_by") and not a.get("flagged")
    }


def alerted_authors(session: Session, conversation_pk: int) -> set[str]:
    """The authors with an alert in a conversation, whatever its status (an author whose
    name the ``outrank`` rule later moved to the other author keeps theirs)."""
    return set(
        session.scalars(select(AlertRow.author).where(AlertRow.conversation_id == conversation_pk))
    )


def priors(session: Session, tenant_id: int, authors: list[dict[str, Any]]) -> dict[str, Prior]:
    """For each author of an assessment carried by the relationship memory (``prior``), the
    earlier conversation, its case and the flag's state now; three queries, none when no
    author was carried."""
    wanted = {str(a["author"]): str(a["prior"]) for a in authors if a.get("prior")}
    stages = {
        str(a["author"]): [str(s).replace("_", " ") for s in a.get("prior_stages") or []]
        for a in authors
        if a.get("prior")
    }
    if not wanted:
        return {}
    convs = dict(
        session.execute(
            select(ConversationRow.external_id, ConversationRow.id).where(
                ConversationRow.tenant_id == tenant_id,
                ConversationRow.external_id.in_(sorted(set(wanted.values()))),
            )
        ).all()
    )
    # Case.conversation_id is nullable in the schema (the query keeps only matches) and the
    # outer join's author is None for a case without an alert
    cases: dict[tuple[int | None, str | None], tuple[int, str]] = {}
    if convs:
        q = (
            select(Case.id, Case.status, Case.conversation_id, AlertRow.author)
            .outerjoin(AlertRow, AlertRow.id == Case.alert_id)
            .where(Case.tenant_id == tenant_id, Case.conversation_id.in_(list(convs.values())))
            .order_by(Case.id)
        )
        for case_id, status, conv_pk, author in session.execute(q):
            cases.setdefault((conv_pk, author), (case_id, status))
            cases.setdefault((conv_pk, None), (case_id, status))
    flags: dict[tuple[int, str], tuple[bool, int]] = {}
    if convs:
        fq = (
            select(
                RelationshipFlag.conversation_id,
                RelationshipFlag.author,
                RelationshipFlag.cleared_at,
                RelationshipFlag.quiet,
            )
            .where(
                RelationshipFlag.tenant_id == tenant_id,
                RelationshipFlag.conversation_id.in_(list(convs.values())),
                RelationshipFlag.author.in_(sorted(wanted)),
            )
            .order_by(RelationshipFlag.id)
        )
        for conv_pk, author, cleared, quiet in session.execute(fq):
            flags[(conv_pk, author)] = (cleared is None, int(quiet or 0))  # the latest row
    out: dict[str, Prior] = {}
    for author, ext in wanted.items():
        pk = convs.get(ext)
        hit = None if pk is None else cases.get((pk, author)) or cases.get((pk, None))
        flag = None if pk is None else flags.get((pk, author))
        out[author] = Prior(
            ext,
            hit[0] if hit else None,
            hit[1] if hit else None,
            stages.get(author, []),
            None if flag is None else flag[0],
            flag[1] if flag else 0,
            hit is not None and hit[1] in UPHELD,
        )
    return out
