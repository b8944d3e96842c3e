"""Relationship memory in the database: load a batch's pairs, store new flags, clear on dismissal.

The Detector's :class:`~guardline.detect.memory.RelationshipMemory` is filled, for each ingest
batch, from the live (not cleared) ``relationship_flags`` rows of the batch's authors (one
select), lent to the Detectors for that batch only, and what it remembered during the batch
is written back in the same transaction (insert-if-absent on the partial unique index, so
concurrent batches of the same pair keep the first row and neither fails), after the changes
to rows it loaded: a flag carried into one more quiet conversation (``quiet``,
``carried_into``), renewed, expired (cleared), or either side's evidence grown (``evidence``,
``partner_evidence``: a later flag of the other side takes the pair only with at least as
much), or the author's stages grown (the signs shown with the partner since the flag). A
flag whose alert a moderator confirmed or escalated is loaded as held and never expires. The
database is the truth: a process never trusts its own memory across batches, because another
process (or a moderator) may have written or cleared a pair meanwhile.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import Select, and_, bindparam, exists, or_, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import TextClause

from guardline.detect.memory import (
    DEFAULT_MAX_QUIET,
    STAGE_VALUES,
    FlagUpdate,
    PriorFlag,
    RelationshipMemory,
)
from guardline.store.models import AlertRow, ConversationRow, RelationshipFlag, utcnow

#: alert statuses by which a moderator stood by a flag: it is never cleared by a later
#: dismissal of a carried alert, and never expires for quiet conversations
UPHELD = ("confirmed", "escalated")


def load_memory(
    session: Session,
    tenant_id: int,
    authors: Iterable[str],
    max_age_days: int | None = None,
    now: datetime | None = None,
    max_quiet: int | None = DEFAULT_MAX_QUIET,
) -> RelationshipMemory:
    """A memory holding the live flags among ``authors`` (author and partner both in it),
    stored at most ``max_age_days`` ago (None: any age), expiring after ``max_quiet`` quiet
    carried conversations (None: never); a flag whose alert was confirmed or escalated is
    held."""
    names = sorted(set(authors))
    memory = RelationshipMemory(max_quiet=max_quiet)
    if not names:
        return memory
    params: dict[str, object] = {"tenant": tenant_id, "a": names, "p": names}
    if max_age_days is not None:
        params["since"] = (now or utcnow()) - timedelta(days=max_age_days)
    rows = session.connection().execute(_live_flags(max_age_days is not None), params)
    for author, partner, conversation, risk, stages, quiet, into, held, ev, pev in rows:
        # a row is data another version (or a person) may have written: unknown stage names
        # are dropped and the risk and count are clamped, so one odd row never fails a batch
        known = tuple(sorted({str(s) for s in stages or () if str(s) in STAGE_VALUES}))
        flag = PriorFlag(
            str(conversation),
            min(max(float(risk), 0.0), 1.0),
            known,
            max(int(quiet or 0), 0),
            None if into is None else str(into),
            bool(held),
            _evidence(ev),
            _evidence(pev),
        )
        memory.load(author, partner, flag)
    return memory


@cache
def _live_flags(since: bool) -> Select[Any]:
    """The live flags among the names bound to ``a`` and ``p`` (built once: this runs for
    every ingest transaction, and a prebuilt Core statement costs a fifth of building it)."""
    f, c, al = RelationshipFlag.__table__.c, ConversationRow.__table__.c, AlertRow.__table__.c
    upheld = exists().where(
        al.conversation_id == f.conversation_id,
        al.author == f.author,
        al.status.in_(UPHELD),
    )
    query = (
        select(
            f.author,
            f.partner,
            c.external_id,
            f.risk,
            f.stages,
            f.quiet,
            f.carried_into,
            upheld.label("held"),
            f.evidence,
            f.partner_evidence,
        )
        .join_from(RelationshipFlag.__table__, ConversationRow.__table__, c.id == f.conversation_id)
        .where(
            f.tenant_id == bindparam("tenant"),
            f.cleared_at.is_(None),
            f.author.in_(bindparam("a", expanding=True)),
            f.partner.in_(bindparam("p", expanding=True)),
        )
    )
    if since:
        query = query.where(f.created_at >= bindparam("since"))
    return query


def _evidence(value: object) -> float:
    """A stored evidence sum, read defensively: missing, negative or not a number is 0."""
    try:
        x = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 0.0
    return x if x > 0.0 and x != float("inf") else 0.0


def apply_updates(
    session: Session, tenant_id: int, updates: list[FlagUpdate], now: datetime | None = None
) -> int:
    """Write what a batch's carries did to flags it loaded: the new quiet count and last
    carried conversation, the author's stages (added to the row's: a union, so a concurrent
    batch's stages and stage names only another version knows are kept), the evidence both
    sides gained (added to the row's, so a concurrent batch's gain is kept), or (expired)
    clear the row. The row is the live one of (author, partner) stored for the flag's
    conversation (one that another process replaced or cleared meanwhile is left alone).
    Call before :func:`store_flags`. Returns rows changed."""
    now = now or utcnow()
    changed = 0
    postgres = session.get_bind().dialect.name == "postgresql"
    for u in updates:
        source = select(ConversationRow.id).where(
            ConversationRow.tenant_id == tenant_id,
            ConversationRow.external_id == u.flag.conversation_id,
        )
        values: dict[str, object]
        if u.expired:
            values = {"cleared_at": now}
        else:
            values = {"quiet": u.flag.quiet, "carried_into": u.flag.carried_into}
            if u.written is None or set(u.flag.stages) - set(u.written.stages):
                values["stages"] = _stages_union(postgres, u.flag.stages)
            if u.written is None:
                values["evidence"] = u.flag.evidence
                values["partner_evidence"] = u.flag.partner_evidence
            else:
                # add what this batch gained, so a concurrent batch's gain is kept too
                values["evidence"] = RelationshipFlag.evidence + (
                    u.flag.evidence - u.written.evidence
                )
                values["partner_evidence"] = RelationshipFlag.partner_evidence + (
                    u.flag.partner_evidence - u.written.partner_evidence
                )
        res = session.execute(
            update(RelationshipFlag)
            .where(
                RelationshipFlag.tenant_id == tenant_id,
                RelationshipFlag.author == u.author,
                RelationshipFlag.partner == u.partner,
                RelationshipFlag.cleared_at.is_(None),
                RelationshipFlag.conversation_id.in_(source.scalar_subquery()),
            )
            .values(**values),
            execution_options={"synchronize_session": False},
        )
        changed += int(res.rowcount or 0)  # type: ignore[attr-defined]
    return changed


def _stages_union(postgres: bool, stages: Sequence[str]) -> TextClause:
    """SQL for the row's stages together with ``stages``, each once, sorted (an odd stored
    value that is not a list counts as none)."""
    added = json.dumps(sorted(set(stages)))
    if postgres:
        sql = (
            "(SELECT coalesce(jsonb_agg(DISTINCT e ORDER BY e), '[]'::jsonb) FROM "
            "jsonb_array_elements(CASE jsonb_typeof(relationship_flags.stages) WHEN 'array' "
            "THEN relationship_flags.stages ELSE '[]'::jsonb END || CAST(:added AS jsonb)) AS e)"
        )
    else:
        sql = (
            "(SELECT json_group_array(value) FROM (SELECT value FROM json_each(CASE "
            "json_type(relationship_flags.stages) WHEN 'array' THEN relationship_flags.stages "
            "ELSE '[]' END) UNION SELECT value FROM json_each(:added) ORDER BY value))"
        )
    return text(sql).bindparams(added=added)


def _pair_lock_key(tenant_id: int, a: str, b: str) -> int:
    """A signed 64-bit advisory-lock key for the unordered pair {a, b} of a tenant."""
    lo, hi = sorted((a, b))
    digest = hashlib.sha256(f"{tenant_id}\x00{lo}\x00{hi}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def store_flags(
    session: Session,
    postgres: bool,
    tenant_id: int,
    entries: list[tuple[str, str, PriorFlag]],
    conversation_pks: Mapping[str, int],
    now: datetime | None = None,
    max_age_days: int | None = None,
) -> int:
    """Insert the flags a batch remembered unless the pair already has a live row, and clear
    the other side's live row of each pair (one side per pair, as the memory keeps it) and the
    same side's live row when it is older than ``max_age_days`` (it carries nothing any more,
    and must not block the new one); returns how many were offered (entries of conversations
    outside ``conversation_pks`` are skipped).

    On PostgreSQL each unordered pair is locked for the transaction first (an advisory lock,
    in one order), so two processes remembering the two sides of one pair at once end with one
    side live, the later one; SQLite serialises writers already."""
    now = now or utcnow()
    rows = [
        {
            "tenant_id": tenant_id,
            "author": author,
            "partner": partner,
            "conversation_id": conversation_pks[flag.conversation_id],
            "risk": flag.risk,
            "stages": list(flag.stages),
            "quiet": flag.quiet,
            "carried_into": flag.carried_into,
            "evidence": flag.evidence,
            "partner_evidence": flag.partner_evidence,
            "created_at": now,
        }
        for author, partner, flag in entries
        if flag.conversation_id in conversation_pks
    ]
    if not rows:
        return 0
    # one order for every batch: concurrent inserts of several pairs wait, never deadlock
    rows.sort(key=lambda r: (r["author"], r["partner"]))
    if postgres:
        pairs = {(str(r["author"]), str(r["partner"])) for r in rows}
        for key in sorted(_pair_lock_key(tenant_id, a, p) for a, p in pairs):
            session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": key})
    # one statement clears, per pair, the other side's live row and (past the window) the
    # same side's stale one
    reverse = [
        and_(RelationshipFlag.author == r["partner"], RelationshipFlag.partner == r["author"])
        for r in rows
    ]
    stale = []
    if max_age_days is not None:
        since = now - timedelta(days=max_age_days)
        stale = [
            and_(
                RelationshipFlag.author == r["author"],
                RelationshipFlag.partner == r["partner"],
                RelationshipFlag.created_at < since,
            )
            for r in rows
        ]
    session.execute(
        update(RelationshipFlag)
        .where(
            RelationshipFlag.tenant_id == tenant_id,
            RelationshipFlag.cleared_at.is_(None),
            or_(*reverse, *stale),
        )
        .values(cleared_at=now),
        execution_options={"synchronize_session": False},
    )
    dialect = postgresql if postgres else sqlite
    stmt = dialect.insert(RelationshipFlag).values(rows)
    session.execute(
        stmt.on_conflict_do_nothing(
            index_elements=["tenant_id", "author", "partner"],
            index_where=RelationshipFlag.cleared_at.is_(None),
        )
    )
    return len(rows)


def clear_flags(
    session: Session,
    tenant_id: int,
    conversation_pk: int,
    author: str | None,
    user_id: int | None,
    now: datetime | None = None,
    prior_conversation: str | None = None,
) -> int:
    """Clear the live flags stored for a conversation (of ``author`` only, unless None): the
    pair no longer carries into later conversations. When the dismissed alert was itself
    carried (``prior_conversation``, the platform's id of the conversation it was carried
    from), the flag stored for that earlier conversation is cleared too: the moderator said
    the carried alert is wrong; unless the author's alert there was confirmed or escalated
    (a moderator stood by that one, and a quiet later chat does not undo it). Returns how
    many rows were cleared."""
    conversations = [conversation_pk]
    if prior_conversation is not None:
        earlier = session.scalars(
            select(ConversationRow.id).where(
                ConversationRow.tenant_id == tenant_id,
                ConversationRow.external_id == prior_conversation,
            )
        ).all()
        for pk in earlier:
            upheld = session.scalar(
                select(AlertRow.id).where(
                    AlertRow.conversation_id == pk,
                    AlertRow.status.in_(UPHELD),
                    *([AlertRow.author == author] if author is not None else []),
                )
            )
            if upheld is None:
                conversations.append(pk)
    q = update(RelationshipFlag).where(
        RelationshipFlag.tenant_id == tenant_id,
        RelationshipFlag.conversation_id.in_(conversations),
        RelationshipFlag.cleared_at.is_(None),
    )
    if author is not None:
        q = q.where(RelationshipFlag.author == author)
    res = session.execute(
        q.values(cleared_at=now or utcnow(), cleared_by=user_id),
        execution_options={"synchronize_session": False},
    )
    return int(res.rowcount or 0)  # type: ignore[attr-defined]
