"""Relationship memory in the database: load a batch's pairs, store new flags, clear on dismissal.

The Detector's :class:`~guardline.detect.memory.RelationshipMemory` is filled, for each ingest
batch, from the live (not cleared) ``relationship_flags`` rows of the batch's authors (one
select), lent to the Detectors for that batch only, and what it remembered during the batch
is written back in the same transaction (insert-if-absent on the partial unique index, so
concurrent batches of the same pair keep the first row and neither fails). The database is
the truth: a process never trusts its own memory across batches, because another process
(or a moderator) may have written or cleared a pair meanwhile.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from guardline.detect.memory import PriorFlag, RelationshipMemory
from guardline.store.models import ConversationRow, RelationshipFlag, utcnow


def load_memory(
    session: Session,
    tenant_id: int,
    authors: Iterable[str],
    max_age_days: int | None = None,
    now: datetime | None = None,
) -> RelationshipMemory:
    """A memory holding the live flags among ``authors`` (author and partner both in it),
    stored at most ``max_age_days`` ago (None: any age)."""
    names = sorted(set(authors))
    memory = RelationshipMemory()
    if not names:
        return memory
    query = (
        select(
            RelationshipFlag.author,
            RelationshipFlag.partner,
            ConversationRow.external_id,
            RelationshipFlag.risk,
            RelationshipFlag.stages,
        )
        .join(ConversationRow, ConversationRow.id == RelationshipFlag.conversation_id)
        .where(
            RelationshipFlag.tenant_id == tenant_id,
            RelationshipFlag.cleared_at.is_(None),
            RelationshipFlag.author.in_(names),
            RelationshipFlag.partner.in_(names),
        )
    )
    if max_age_days is not None:
        since = (now or utcnow()) - timedelta(days=max_age_days)
        query = query.where(RelationshipFlag.created_at >= since)
    rows = session.execute(query)
    for author, partner, conversation, risk, stages in rows:
        flag = PriorFlag.from_dict(
            {
                "conversation_id": conversation,
                "risk": min(max(float(risk), 0.0), 1.0),
                "stages": stages or [],
            }
        )
        memory.load(author, partner, flag)
    return memory


def store_flags(
    session: Session,
    postgres: bool,
    tenant_id: int,
    entries: list[tuple[str, str, PriorFlag]],
    conversation_pks: Mapping[str, int],
    now: datetime | None = None,
) -> int:
    """Insert the flags a batch remembered unless the pair already has a live row, and clear
    the other side's live row of each pair (one side per pair, as the memory keeps it); returns
    how many were offered (entries of conversations outside ``conversation_pks`` are skipped).
    """
    now = now or utcnow()
    rows = [
        {
            "tenant_id": tenant_id,
            "author": author,
            "partner": partner,
            "conversation_id": conversation_pks[flag.conversation_id],
            "risk": flag.risk,
            "stages": list(flag.stages),
            "created_at": now,
        }
        for author, partner, flag in entries
        if flag.conversation_id in conversation_pks
    ]
    if not rows:
        return 0
    # one order for every batch: concurrent inserts of several pairs wait, never deadlock
    rows.sort(key=lambda r: (r["author"], r["partner"]))
    session.execute(
        update(RelationshipFlag)
        .where(
            RelationshipFlag.tenant_id == tenant_id,
            RelationshipFlag.cleared_at.is_(None),
            or_(
                *(
                    and_(
                        RelationshipFlag.author == r["partner"],
                        RelationshipFlag.partner == r["author"],
                    )
                    for r in rows
                )
            ),
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
    the carried alert is wrong. Returns how many rows were cleared."""
    conversations = [conversation_pk]
    if prior_conversation is not None:
        conversations += session.scalars(
            select(ConversationRow.id).where(
                ConversationRow.tenant_id == tenant_id,
                ConversationRow.external_id == prior_conversation,
            )
        ).all()
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
