"""The message path: a batch of messages → detector → store → alerts → webhook outbox.

``ingest(rt, tenant_id, messages)`` runs in ONE transaction: either every new message, the
conversations' states, alerts and webhook deliveries are written, or nothing is.

Per batch: messages are grouped by conversation; each conversation row is created if new and
locked once (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite serialises writers with
``BEGIN IMMEDIATE``); its detector state is taken from the in-process cache when the cached
version equals the row's ``state_version``, else restored from the row; all its messages are
scored with ``Detector.update``; the state is written back once with ``state_version + 1``;
messages are inserted in bulk. Duplicated platform message ids (already stored, or repeated
in the batch) are skipped and reported, which makes retries safe.

With ``GUARDLINE_RELATIONSHIP_MEMORY`` (default on) the batch's Detectors score with a
relationship memory read from ``relationship_flags`` for the batch's authors (one select),
lent for this batch only (:meth:`DetectorPool.lend`); the pairs it remembered are inserted in
the same transaction (see :mod:`guardline.service.relationships`).
"""

from __future__ import annotations

import json
import time
from contextlib import ExitStack, nullcontext
from dataclasses import dataclass, field
from datetime import timedelta
from functools import cache
from typing import Any, cast

from sqlalchemy import CursorResult, String, Table, any_, bindparam, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session

from guardline.core.model import (
    AgeBand,
    AuthorAssessment,
    ConversationAssessment,
    Message,
    Participant,
    Stage,
)
from guardline.detect.context import decide, pair_key
from guardline.detect.memory import RelationshipMemory
from guardline.service.logs import log
from guardline.service.problems import Problem
from guardline.service.relationships import apply_updates, load_memory, store_flags
from guardline.service.runtime import Runtime
from guardline.service.schemas import (
    IngestResponse,
    MessageIn,
    MessageResult,
    api_risk,
    api_time,
)
from guardline.service.state_cache import Key
from guardline.store.models import (
    AlertRow,
    ConversationRow,
    MessageRow,
    PairContext,
    ParticipantRow,
    Webhook,
    WebhookDelivery,
    utcnow,
)

_RETRIES = 4


@dataclass
class Outcome:
    """One transaction's result: a result per item, in the items' order, and its counts."""

    results: list[MessageResult]
    accepted: int = 0
    duplicates: int = 0
    alerts_created: int = 0
    deliveries: int = 0
    published: list[tuple[Key, int]] = field(default_factory=list)
    #: per alert created: the conversation and the id of the message that raised it (None when
    #: the alert dates from a message stored before this transaction)
    raised_by: list[tuple[str, str | None]] = field(default_factory=list)


def ingest(rt: Runtime, tenant_id: int, items: list[MessageIn]) -> IngestResponse:
    """Score and store ``items`` for ``tenant_id``; all or nothing."""
    out = write(rt, tenant_id, items)
    return IngestResponse(
        accepted=out.accepted,
        duplicates=out.duplicates,
        alerts_created=out.alerts_created,
        results=out.results,
    )


def write(rt: Runtime, tenant_id: int, items: list[MessageIn]) -> Outcome:
    """:func:`ingest`'s work, with the message ids whose messages raised each new alert
    (:attr:`Outcome.raised_by`), which a group commit needs to answer each request."""
    s = rt.settings
    if len(items) > s.max_batch:
        raise Problem(413, f"batch has {len(items)} messages; the limit is {s.max_batch}")
    for i, m in enumerate(items):
        if len(m.text) > s.max_message_chars:
            raise Problem(
                413,
                f"message {i} has {len(m.text)} characters; the limit is {s.max_message_chars}",
            )
    t0 = time.perf_counter()
    for attempt in range(_RETRIES):
        owner = object()
        touched: list[Key] = []
        try:
            with (
                rt.write_lock if not rt.postgres else nullcontext(),
                rt.sessions() as session,
                session.begin(),
            ):
                out = _ingest(session, rt, tenant_id, items, owner, touched)
        except IntegrityError as exc:
            _evict(rt, touched, owner)
            log.warning("ingest conflict", extra={"tenant_id": tenant_id, "attempt": attempt})
            if attempt + 1 == _RETRIES:
                raise Problem(409, "a message id was stored concurrently; retry") from exc
            continue
        except DBAPIError as exc:
            _evict(rt, touched, owner)
            if _retryable(exc) and attempt + 1 < _RETRIES:
                log.warning("ingest retry", extra={"tenant_id": tenant_id, "attempt": attempt})
                continue
            raise
        except BaseException:
            _evict(rt, touched, owner)
            raise
        for key, version in out.published:
            rt.pool.publish(key, version, owner)
        break
    metrics = rt.metrics
    metrics.messages.inc(out.accepted)
    if out.duplicates:
        metrics.duplicates.inc(out.duplicates)
    if out.alerts_created:
        metrics.alerts.inc(out.alerts_created)
    if out.deliveries:
        rt.webhook_wake.set()
    log.debug(
        "ingested",
        extra={
            "tenant_id": tenant_id,
            "accepted": out.accepted,
            "duplicates": out.duplicates,
            "alerts_created": out.alerts_created,
            "ms": round((time.perf_counter() - t0) * 1000, 2),
        },
    )
    return out


def _retryable(exc: DBAPIError) -> bool:
    code = getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)
    return code in ("40P01", "40001")  # deadlock detected, serialization failure


def _evict(rt: Runtime, keys: list[Key], owner: object) -> None:
    for k in keys:
        rt.pool.evict(k, owner)


# The statements of every ingest transaction are built once (Core, on the tables): building
# and caching an ORM statement per call cost four to five times its execution on SQLite.
_CONV = cast(Table, ConversationRow.__table__)
_MSG = cast(Table, MessageRow.__table__)
_C, _M = _CONV.c, _MSG.c


def _in(postgres: bool, column: Any, name: str) -> Any:
    """``column IN (:name)``; on PostgreSQL one array parameter (``= ANY(:name)``)."""
    if postgres:
        return column == any_(bindparam(name, type_=ARRAY(String)))
    return column.in_(bindparam(name, expanding=True))


@cache
def _lock_stmt(postgres: bool) -> Any:
    q = (
        select(
            _C.id,
            _C.external_id,
            _C.state_version,
            _C.message_count,
            _C.alerted,
            _C.max_risk,
            _C.platform,
            _C.surface,
        )
        .where(_C.tenant_id == bindparam("tenant"), _in(postgres, _C.external_id, "ids"))
        .order_by(_C.external_id)
    )
    return q.with_for_update() if postgres else q


@cache
def _new_conversations_stmt(postgres: bool) -> Any:
    dialect = postgresql if postgres else sqlite
    return dialect.insert(_CONV).on_conflict_do_nothing(index_elements=["tenant_id", "external_id"])


@cache
def _stored_ids_stmt(postgres: bool) -> Any:
    return select(_M.platform_message_id).where(
        _M.tenant_id == bindparam("tenant"), _in(postgres, _M.platform_message_id, "ids")
    )


_STATES = select(_C.id, _C.state).where(_C.id.in_(bindparam("pks", expanding=True)))


@cache
def _update_stmt(keys: tuple[str, ...]) -> Any:
    """``UPDATE conversations SET <keys> WHERE id = :b_id`` (one per set of columns)."""
    return (
        update(_CONV)
        .where(_C.id == bindparam("b_id"))
        .values({k: bindparam("b_" + k) for k in keys if k != "id"})
    )


def _update_conversations(session: Session, rows: list[dict[str, Any]]) -> None:
    by_keys: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for r in rows:
        by_keys.setdefault(tuple(r), []).append({"b_" + k: v for k, v in r.items()})
    conn = session.connection()
    for keys, params in by_keys.items():
        conn.execute(_update_stmt(keys), params)


def _insert_conversations(session: Session, rt: Runtime, rows: list[dict[str, Any]]) -> None:
    session.connection().execute(_new_conversations_stmt(rt.postgres), rows)


def _lock_conversations(
    session: Session, rt: Runtime, tenant_id: int, external_ids: list[str]
) -> dict[str, Any]:
    rows = session.connection().execute(
        _lock_stmt(rt.postgres), {"tenant": tenant_id, "ids": list(external_ids)}
    )
    return {r.external_id: r for r in rows.all()}


_MESSAGE_COLUMNS = (
    "tenant_id",
    "conversation_id",
    "platform_message_id",
    "author",
    "index",
    "sent_at",
    "text",
    "encrypted",
    "received_at",
)


def _insert_messages(session: Session, rt: Runtime, rows: list[dict[str, Any]]) -> None:
    """Bulk insert; on PostgreSQL with COPY (several times cheaper for the server)."""
    if not rt.postgres or len(rows) < 50:
        session.connection().execute(insert(_MSG), rows)
        return
    import psycopg

    raw = session.connection().connection.driver_connection
    assert raw is not None  # an open session's connection
    cols = ", ".join(f'"{c}"' for c in _MESSAGE_COLUMNS)
    try:
        with raw.cursor() as cur, cur.copy(f"COPY messages ({cols}) FROM STDIN") as copy:
            for r in rows:
                copy.write_row(tuple(r[c] for c in _MESSAGE_COLUMNS))
    except psycopg.errors.IntegrityError as exc:
        raise IntegrityError("COPY messages", None, exc) from exc
    except psycopg.errors.OperationalError as exc:
        raise OperationalError("COPY messages", None, exc) from exc


def stage_of(stages: dict[str, int]) -> str | None:
    """The furthest grooming stage reached (by the stage order), or None."""
    best: Stage | None = None
    for k in stages:
        st = Stage(k)
        if best is None or st.order > best.order:
            best = st
    return best.value if best else None


def conversation_stage(a: ConversationAssessment) -> str | None:
    stages: dict[str, int] = {}
    for au in a.authors:
        stages.update(au.stages)
    return stage_of(stages)


def _ingest(
    session: Session,
    rt: Runtime,
    tenant_id: int,
    items: list[MessageIn],
    owner: object,
    touched: list[Key],
) -> Outcome:
    now = utcnow()
    pool = rt.pool
    # 1. group by conversation; the first copy of a repeated message id wins
    groups: dict[str, list[MessageIn]] = {}
    seen: set[str] = set()
    for m in items:
        if m.message_id not in seen:
            seen.add(m.message_id)
            groups.setdefault(m.conversation_id, []).append(m)
    conv_ids = sorted(groups)

    # 2. lock the batch's conversations once (sorted); create the missing ones, lock those too
    rows = _lock_conversations(session, rt, tenant_id, conv_ids)
    missing = [cid for cid in conv_ids if cid not in rows]
    if missing:
        # a new conversation whose every message is already stored (under another
        # conversation: ids are unique per tenant) would only hold duplicates: not created
        stored = set(
            session.connection()
            .execute(
                _stored_ids_stmt(rt.postgres),
                {"tenant": tenant_id, "ids": [m.message_id for c in missing for m in groups[c]]},
            )
            .scalars()
        )
        if stored:
            for cid in [c for c in missing if all(m.message_id in stored for m in groups[c])]:
                del groups[cid]
            conv_ids = sorted(groups)
            missing = [cid for cid in missing if cid in groups]
    if missing:
        _insert_conversations(
            session,
            rt,
            [
                {
                    "tenant_id": tenant_id,
                    "external_id": cid,
                    "platform": groups[cid][0].platform,
                    "surface": groups[cid][0].surface,
                    "max_risk": 0.0,
                    "alerted": False,
                    "message_count": 0,
                    "state_version": 0,
                    "hold": False,
                    "created_at": now,
                }
                for cid in missing
            ],
        )
        rows.update(_lock_conversations(session, rt, tenant_id, missing))

    # 3. messages already stored (idempotency on the platform message id)
    existing = set(
        session.connection()
        .execute(_stored_ids_stmt(rt.postgres), {"tenant": tenant_id, "ids": list(seen)})
        .scalars()
    )

    out = Outcome(results=[])
    by_id: dict[str, MessageResult] = {}
    new_messages: list[dict[str, Any]] = []
    conv_updates: list[dict[str, Any]] = []
    assessments: dict[str, tuple[int, ConversationAssessment, dict[str, int]]] = {}
    settings = rt.settings
    scoring = rt.metrics.scoring

    memory: RelationshipMemory | None = None
    with pool.lock, ExitStack() as lending:
        # 4. detector state: cache when fresh, else the stored state (one query for all misses)
        misses = [
            cid for cid in conv_ids if not pool.is_fresh((tenant_id, cid), rows[cid].state_version)
        ]
        states: dict[int, Any] = {}
        miss_pks = [rows[c].id for c in misses if rows[c].state_version]
        if miss_pks:
            states = dict(session.connection().execute(_STATES, {"pks": miss_pks}).all())
        dets = {}
        for cid in conv_ids:
            key = (tenant_id, cid)
            row = rows[cid]
            touched.append(key)
            dets[cid] = pool.checkout(key, row.state_version, states.get(row.id), owner)

        # 5. participant context for every author involved (two queries for the batch)
        authors_of: dict[str, list[str]] = {}
        for cid in conv_ids:
            det = dets[cid]
            known: list[str] = []
            if _is_open(det, cid):
                known = [a.author for a in det.assessment(cid).authors]
            authors_of[cid] = list(dict.fromkeys(known + [m.author for m in groups[cid]]))
        participants, pairs = _context(session, tenant_id, authors_of)

        # 6. relationship memory: the live flags among the batch's authors (one select), lent
        # to the pool's Detectors until this block ends (also on errors), never kept
        if settings.relationship_memory:
            memory = load_memory(
                session,
                tenant_id,
                {a for v in authors_of.values() for a in v},
                settings.relationship_memory_days,
                now,
                settings.relationship_memory_max_quiet or None,
            )
            lending.enter_context(pool.lend(memory))

        for cid in conv_ids:
            key = (tenant_id, cid)
            row = rows[cid]
            reasons: tuple[str, ...] = ()
            if settings.context_policy and participants:
                decision = decide(
                    pool.base_policy,
                    authors_of[cid],
                    participants,
                    pairs,
                    settings.context_rules,
                )
                det = pool.set_policy(key, decision.policy)
                reasons = decision.reasons
                for author in authors_of[cid]:
                    if author in participants:
                        det.set_participant(cid, participants[author])
            else:
                det = pool.set_policy(key, pool.base_policy)
            prev_flagged: set[str] = set()
            if _is_open(det, cid):
                prev_flagged = set(det.assessment(cid).flagged_authors)
            flag_index: dict[str, int] = {}
            index = row.message_count
            a: ConversationAssessment | None = None
            for m in groups[cid]:
                if m.message_id in existing:
                    continue
                msg = Message(
                    cid,
                    index,
                    m.author,
                    m.text,
                    m.sent_at.isoformat() if m.sent_at else None,
                    m.message_id,
                )
                t = time.perf_counter()
                a = det.update(msg)
                scoring.observe(time.perf_counter() - t)
                if a.alert:
                    for au in a.authors:
                        if au.flagged and au.author not in prev_flagged:
                            flag_index.setdefault(au.author, index)
                by_id[m.message_id] = MessageResult(
                    message_id=m.message_id,
                    conversation_id=cid,
                    status="accepted",
                    index=index,
                    risk=api_risk(a.risk),
                    alert=a.alert,
                )
                new_messages.append(
                    {
                        "tenant_id": tenant_id,
                        "conversation_id": row.id,
                        "platform_message_id": m.message_id,
                        "author": m.author,
                        "index": index,
                        "sent_at": m.sent_at,
                        "text": rt.cipher.encrypt(m.text),
                        "encrypted": rt.cipher.enabled,
                        "received_at": now,
                    }
                )
                index += 1
            if a is None:  # nothing new in this conversation: leave its row alone
                continue
            version = row.state_version + 1
            alerted = a.alert
            upd: dict[str, Any] = {
                "id": row.id,
                "state": det.state(cid),
                "assessment": {
                    **a.to_dict(),
                    "policy": {**det.policy.to_dict(), "reasons": list(reasons)},
                },
                "max_risk": max(row.max_risk, a.risk),
                "stage": conversation_stage(a),
                "alerted": alerted,
                "message_count": index,
                "state_version": version,
                "last_message_at": now,
            }
            if alerted and not row.alerted:
                upd["preserve_until"] = now + timedelta(days=settings.preserve_days)
            first = groups[cid][0]
            if row.platform is None and first.platform is not None:
                upd["platform"] = first.platform
            if row.surface is None and first.surface is not None:
                upd["surface"] = first.surface
            conv_updates.append(upd)
            out.published.append((key, version))
            if a.alert:
                assessments[cid] = (row.id, a, flag_index)
        remembered = memory.drain() if memory is not None else []
        carried = memory.drain_updates() if memory is not None else []

    # 7. write: messages in bulk, each conversation once, then the pairs remembered
    if new_messages:
        _insert_messages(session, rt, new_messages)
    if conv_updates:
        _update_conversations(session, conv_updates)
    if carried:  # before the new flags: an expired row must not block a new one
        apply_updates(session, tenant_id, carried, now)
    if remembered:
        pks = {cid: rows[cid].id for cid in conv_ids}
        store_flags(
            session,
            rt.postgres,
            tenant_id,
            remembered,
            pks,
            now,
            settings.relationship_memory_days,
        )
    # conversations not in conv_updates keep their version: publish only what was written
    written = {u["id"] for u in conv_updates}
    for cid in conv_ids:
        if rows[cid].id not in written:
            pool.evict((tenant_id, cid), owner)

    # 8. alerts and their webhook deliveries, same transaction
    if assessments:
        raised, deliveries = _alerts(session, tenant_id, assessments, now)
        ids = {(r.conversation_id, r.index): i for i, r in by_id.items()}
        out.raised_by = [(cid, ids.get((cid, index))) for cid, index in raised]
        out.alerts_created = len(raised)
        out.deliveries = deliveries

    reported: set[str] = set()
    for m in items:
        r = by_id.get(m.message_id)
        if r is not None and m.message_id not in reported:
            reported.add(m.message_id)
            out.results.append(r)
            out.accepted += 1
            continue
        out.duplicates += 1
        out.results.append(
            MessageResult(
                message_id=m.message_id,
                conversation_id=m.conversation_id,
                status="duplicate",
                alert=(r is not None and r.alert)
                or bool(m.conversation_id in rows and rows[m.conversation_id].alerted),
            )
        )
    return out


def _is_open(det: Any, cid: str) -> bool:
    try:
        det.assessment(cid)
    except KeyError:
        return False
    return True


_P, _PC = ParticipantRow.__table__.c, PairContext.__table__.c
_PARTICIPANTS = select(
    _P.external_id, _P.age_band, _P.declared_age, _P.account_age_days, _P.display_name
).where(_P.tenant_id == bindparam("tenant"), _P.external_id.in_(bindparam("a", expanding=True)))
_PAIRS = select(_PC.participant_a, _PC.participant_b, _PC.had_contact_before).where(
    _PC.tenant_id == bindparam("tenant"),
    _PC.participant_a.in_(bindparam("a", expanding=True)),
    _PC.participant_b.in_(bindparam("b", expanding=True)),
)


def _context(
    session: Session, tenant_id: int, authors_of: dict[str, list[str]]
) -> tuple[dict[str, Participant], dict[tuple[str, str], bool | None]]:
    authors = sorted({a for v in authors_of.values() for a in v})
    if not authors:
        return {}, {}
    conn = session.connection()
    participants = {
        ext: Participant(
            author=ext,
            age_band=AgeBand(band),
            declared_age=age,
            account_age_days=days,
            display_name=name,
        )
        for ext, band, age, days, name in conn.execute(
            _PARTICIPANTS, {"tenant": tenant_id, "a": authors}
        ).all()
    }
    if not participants:
        return {}, {}
    pairs = {
        pair_key(a, b): before
        for a, b, before in conn.execute(
            _PAIRS, {"tenant": tenant_id, "a": authors, "b": authors}
        ).all()
    }
    return participants, pairs


def alert_json(row: AlertRow, conversation_external_id: str) -> dict[str, Any]:
    """The alert as the API and webhooks show it (no message text)."""
    return {
        "id": row.id,
        "conversation_id": conversation_external_id,
        "author": row.author,
        "risk": api_risk(row.risk),
        "stage": row.stage,
        "signs": list(row.signs or []),
        "status": row.status,
        "assignee_id": row.assignee_id,
        "first_alert_index": row.first_alert_index,
        "prior_conversation": row.prior_conversation,
        "outranked_by": row.outranked_by,
        "created_at": api_time(row.created_at),
        "updated_at": api_time(row.updated_at),
    }


def _alert_fields(au: AuthorAssessment) -> tuple[float, str | None, list[str]]:
    return au.risk, stage_of(au.stages), sorted({s.sign for s in au.signals})


def _alerts(
    session: Session,
    tenant_id: int,
    assessments: dict[str, tuple[int, ConversationAssessment, dict[str, int]]],
    now: Any,
) -> tuple[list[tuple[str, int | None]], int]:
    """Create/refresh one alert per flagged author; queue ``alert.*`` deliveries. Returns the
    (conversation, first alert index) of each alert created and the deliveries queued.

    When the alert policy's ``outrank`` rule moves the name of a two-person chat to the other
    author (``AuthorAssessment.outranked_by``), the first author's alert, if nobody has taken
    it yet (``open``), becomes ``superseded`` and leaves the review queue; one a moderator
    already works on keeps its status. Either way the alert records who took the name
    (``outranked_by``), which the API, webhooks, the queue and report exports show. A
    superseded alert whose author is named again opens again and its ``outranked_by`` is
    cleared. Every such change sends ``alert.updated``."""
    pks = [pk for pk, _, _ in assessments.values()]
    existing = {
        (r.conversation_id, r.author): r
        for r in session.scalars(select(AlertRow).where(AlertRow.conversation_id.in_(pks)))
    }
    events: list[tuple[str, AlertRow, str]] = []
    created: list[tuple[str, int | None]] = []
    for cid, (pk, a, flag_index) in assessments.items():
        for au in a.authors:
            row = existing.get((pk, au.author))
            if not au.flagged:
                if row is not None and au.outranked_by is not None:
                    moved = _move_status(session, row, "open", "superseded", now)
                    if row.outranked_by != au.outranked_by:
                        row.outranked_by, row.updated_at = au.outranked_by, now
                        moved = True
                    if moved:
                        events.append(("alert.updated", row, cid))
                continue
            risk, stage, signs = _alert_fields(au)
            if row is None:
                row = AlertRow(
                    tenant_id=tenant_id,
                    conversation_id=pk,
                    author=au.author,
                    risk=risk,
                    stage=stage,
                    signs=signs,
                    status="open",
                    first_alert_index=flag_index.get(au.author, a.first_alert_index),
                    prior_conversation=au.prior,
                    created_at=now,
                    updated_at=now,
                )
                session.add(row)
                events.append(("alert.created", row, cid))
                created.append((cid, row.first_alert_index))
            else:
                changed = row.stage != stage or list(row.signs or []) != signs
                if _move_status(session, row, "superseded", "open", now):
                    changed = True
                if row.outranked_by is not None:
                    row.outranked_by, changed = None, True
                if changed:
                    row.stage, row.signs, row.updated_at = stage, signs, now
                    events.append(("alert.updated", row, cid))
                if abs(row.risk - risk) > 1e-9:
                    row.risk = risk
                if row.prior_conversation is None and au.prior is not None:
                    row.prior_conversation = au.prior
    if not events:
        return created, 0
    session.flush()
    return created, enqueue_events(session, tenant_id, events, now)


def _move_status(session: Session, row: AlertRow, old: str, new: str, now: Any) -> bool:
    """Set an alert's status from ``old`` to ``new`` only if it is still ``old`` in the
    database (a moderator may have claimed it since it was read); True if it moved. The row
    stays locked to this transaction from then on."""
    if row.status != old:
        return False
    result = session.execute(
        update(AlertRow)
        .where(AlertRow.id == row.id, AlertRow.status == old)
        .values(status=new, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    moved = cast(CursorResult[Any], result).rowcount
    if moved:
        row.status, row.updated_at = new, now
    return bool(moved)


def enqueue_events(
    session: Session, tenant_id: int, events: list[tuple[str, AlertRow, str]], now: Any
) -> int:
    """Write one outbox row per (event, subscribed active webhook)."""
    hooks = session.scalars(
        select(Webhook).where(Webhook.tenant_id == tenant_id, Webhook.active.is_(True))
    ).all()
    if not hooks:
        return 0
    rows = []
    for event, alert, cid in events:
        body = json.dumps(
            {
                "event": event,
                "created_at": api_time(now),
                "alert": alert_json(alert, cid),
            },
            separators=(",", ":"),
            sort_keys=True,
        )
        for h in hooks:
            if event in (h.events or []):
                rows.append(
                    {
                        "tenant_id": tenant_id,
                        "webhook_id": h.id,
                        "event": event,
                        "payload": body,
                        "attempts": 0,
                        "status": "pending",
                        "next_attempt_at": now,
                        "created_at": now,
                    }
                )
    if rows:
        session.execute(insert(WebhookDelivery), rows)
    return len(rows)
