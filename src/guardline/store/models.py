"""SQLAlchemy 2 models: every table guardline stores.

Tables for the ingestion service (tenants, api_keys, participants, pair_contexts,
conversations, messages, alerts, relationship_flags, webhooks, webhook_deliveries, scans;
tenant-scoped), for the
moderators' console (users, cases, case_events, notes, audit_log) and for the bounded
streaming runner (stream_states, keyed by namespace, no tenant). Ids are integers. Times are
stored as timezone-aware UTC. The schema is created and changed only through the Alembic
migrations in ``guardline/store/migrations`` (``guardline db upgrade``); ``Base.metadata`` is
the model the migrations are checked against.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    and_,
    false,
    or_,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, deferred, mapped_column
from sqlalchemy.sql import Select

# integer primary keys: BIGINT on PostgreSQL, INTEGER (rowid alias, autoincrement) on SQLite
BigId = BigInteger().with_variant(Integer(), "sqlite")
# JSON documents: JSONB on PostgreSQL, JSON (text) on SQLite
Json = JSON().with_variant(JSONB(), "postgresql")

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

SCOPES = ("ingest", "read", "admin")
#: ``superseded``: the alert policy moved the name of a two-person chat to the other author
#: before anyone took this alert (set by the service, never by a moderator)
ALERT_STATUSES = ("open", "claimed", "escalated", "confirmed", "dismissed", "superseded")
CASE_STATUSES = ("open", "escalated", "confirmed", "dismissed")
USER_ROLES = ("moderator", "lead", "analyst", "admin")
VICTIM_AGE_BANDS = ("under_12", "12_15", "16_17", "unknown")
DELIVERY_STATUSES = ("pending", "delivered", "failed")
SCAN_STATUSES = ("queued", "running", "done", "failed")


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: Json, list[Any]: Json}  # noqa: RUF012


def _ts(nullable: bool = False, default: bool = True) -> Any:
    if default:
        return mapped_column(DateTime(timezone=True), nullable=nullable, default=utcnow)
    return mapped_column(DateTime(timezone=True), nullable=nullable)


def _tenant_fk() -> Any:
    return mapped_column(BigId, ForeignKey("tenants.id", ondelete="CASCADE"), nullable=False)


# ---------------------------------------------------------------------------------- service
class Tenant(Base):
    """A platform that streams its messages in."""

    __tablename__ = "tenants"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = _ts()


class ApiKey(Base):
    """A tenant's API key: ``gl_<prefix>_<secret>``; only sha256(secret) is stored."""

    __tablename__ = "api_keys"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    tenant_id: Mapped[int] = _tenant_fk()
    name: Mapped[str] = mapped_column(String(200), default="")
    prefix: Mapped[str] = mapped_column(String(32), unique=True)
    secret_hash: Mapped[str] = mapped_column(String(128))
    scopes: Mapped[list[Any]] = mapped_column(Json)  # subset of SCOPES
    created_at: Mapped[datetime] = _ts()
    revoked_at: Mapped[datetime | None] = _ts(nullable=True, default=False)
    last_used_at: Mapped[datetime | None] = _ts(nullable=True, default=False)


class ParticipantRow(Base):
    """What a platform knows about one of its accounts."""

    __tablename__ = "participants"
    __table_args__ = (UniqueConstraint("tenant_id", "external_id"),)
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    tenant_id: Mapped[int] = _tenant_fk()
    external_id: Mapped[str] = mapped_column(String(200))
    age_band: Mapped[str] = mapped_column(String(16), default="unknown")
    declared_age: Mapped[int | None] = mapped_column(Integer, nullable=True)
    account_age_days: Mapped[int | None] = mapped_column(Integer, nullable=True)
    #: the name other participants see (lets the model tell whom a group message addresses)
    display_name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    created_at: Mapped[datetime] = _ts()
    updated_at: Mapped[datetime] = _ts()


class PairContext(Base):
    """Context of a pair of accounts; ``participant_a`` < ``participant_b`` (external ids)."""

    __tablename__ = "pair_contexts"
    __table_args__ = (UniqueConstraint("tenant_id", "participant_a", "participant_b"),)
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    tenant_id: Mapped[int] = _tenant_fk()
    participant_a: Mapped[str] = mapped_column(String(200))
    participant_b: Mapped[str] = mapped_column(String(200))
    had_contact_before: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    updated_at: Mapped[datetime] = _ts()


class ConversationRow(Base):
    """One conversation: its detector state, latest assessment and alert/preservation flags."""

    __tablename__ = "conversations"
    __table_args__ = (
        UniqueConstraint("tenant_id", "external_id"),
        Index("ix_conversations_tenant_alerted", "tenant_id", "alerted"),
        Index("ix_conversations_tenant_alerted_risk", "tenant_id", "alerted", "max_risk"),
        Index("ix_conversations_last_message_at", "last_message_at"),
    )
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    tenant_id: Mapped[int] = _tenant_fk()
    external_id: Mapped[str] = mapped_column(String(200))
    platform: Mapped[str | None] = mapped_column(String(100), nullable=True)
    surface: Mapped[str | None] = mapped_column(String(100), nullable=True)
    # plain JSON (not JSONB) keeps key order, which the detector state relies on
    state: Mapped[dict[str, Any] | None] = deferred(mapped_column(JSON, nullable=True))
    assessment: Mapped[dict[str, Any] | None] = deferred(mapped_column(JSON, nullable=True))
    max_risk: Mapped[float] = mapped_column(Float, default=0.0)
    stage: Mapped[str | None] = mapped_column(String(40), nullable=True)
    alerted: Mapped[bool] = mapped_column(Boolean, default=False)
    message_count: Mapped[int] = mapped_column(Integer, default=0)
    state_version: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = _ts()
    last_message_at: Mapped[datetime | None] = _ts(nullable=True, default=False)
    preserve_until: Mapped[datetime | None] = _ts(nullable=True, default=False)
    hold: Mapped[bool] = mapped_column(Boolean, default=False)

    @classmethod
    def by_risk(
        cls,
        tenant_id: int | None,
        min_risk: float = 0.0,
        alerted: bool | None = None,
        platform: str | None = None,
        limit: int = 50,
        after: tuple[float, int] | None = None,
    ) -> Select[ConversationRow]:
        """Conversations (of one tenant; ``None``: every tenant) whose highest risk reached
        ``min_risk``, highest first, then oldest (by row id); ``alerted=False`` is the watch
        list. ``after``: the (max_risk, id) of the last row of the previous page (keyset
        pagination: only rows that sort after it)."""
        q = select(cls).where(cls.max_risk >= min_risk)
        if after is not None:
            risk, pk = after
            q = q.where(or_(cls.max_risk < risk, and_(cls.max_risk == risk, cls.id > pk)))
        if tenant_id is not None:
            q = q.where(cls.tenant_id == tenant_id)
        if alerted is not None:
            q = q.where(cls.alerted.is_(alerted))
        if platform is not None:
            q = q.where(cls.platform == platform)
        return q.order_by(cls.max_risk.desc(), cls.id.asc()).limit(limit)


class MessageRow(Base):
    """One message. ``text`` is a Fernet token when ``encrypted`` (GUARDLINE_ENCRYPTION_KEY)."""

    __tablename__ = "messages"
    __table_args__ = (
        UniqueConstraint("tenant_id", "platform_message_id"),
        Index("ix_messages_conversation_index", "conversation_id", "index"),
    )
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    tenant_id: Mapped[int] = _tenant_fk()
    conversation_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("conversations.id", ondelete="CASCADE")
    )
    platform_message_id: Mapped[str] = mapped_column(String(200))
    author: Mapped[str] = mapped_column(String(200))
    index: Mapped[int] = mapped_column(Integer)
    sent_at: Mapped[datetime | None] = _ts(nullable=True, default=False)
    text: Mapped[str] = mapped_column(Text)
    encrypted: Mapped[bool] = mapped_column(Boolean, default=False)
    received_at: Mapped[datetime] = _ts()


class AlertRow(Base):
    """A flagged author in a conversation: one alert per (conversation, author)."""

    __tablename__ = "alerts"
    __table_args__ = (
        UniqueConstraint("conversation_id", "author"),
        Index("ix_alerts_tenant_created", "tenant_id", "created_at"),
    )
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    tenant_id: Mapped[int] = _tenant_fk()
    conversation_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("conversations.id", ondelete="CASCADE")
    )
    author: Mapped[str] = mapped_column(String(200))
    risk: Mapped[float] = mapped_column(Float)
    stage: Mapped[str | None] = mapped_column(String(40), nullable=True)
    signs: Mapped[list[Any]] = mapped_column(Json, default=list)
    status: Mapped[str] = mapped_column(String(16), default="open")
    assignee_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    first_alert_index: Mapped[int | None] = mapped_column(Integer, nullable=True)
    #: the earlier conversation (external id) in which this author was flagged with the same
    #: partner, when the alert was carried from it by the relationship memory (migration 0007)
    prior_conversation: Mapped[str | None] = mapped_column(String(200), nullable=True)
    #: while this alert's author is no longer named: the other author of the two-person chat
    #: who took the name (the alert policy's ``outrank`` rule; cleared when this author is
    #: named again; migration 0011)
    outranked_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    created_at: Mapped[datetime] = _ts()
    updated_at: Mapped[datetime] = _ts()


class RelationshipFlag(Base):
    """An author flagged with a partner in a two-person conversation (relationship memory).

    Written by ingest when a conversation's first own-risk flag falls on one of its two
    writers; read back for every batch, so that in a later conversation of the same two
    accounts that author is scored at no less than ``risk``
    (``GUARDLINE_RELATIONSHIP_MEMORY``). Dismissing the case sets ``cleared_at``, and so does
    a later flag of the other side of the pair (one side per pair, as in
    :mod:`guardline.detect.memory`): a cleared row is kept as a record but no longer
    carries. At most one live (not cleared) row per (tenant, author, partner): the earliest
    flag is kept (migration 0007). A carried flag that is not renewed by the author's own
    evidence expires: ``quiet`` and ``carried_into`` (migration 0008). Which side of the pair
    is kept follows both sides' evidence (migration 0009).
    """

    __tablename__ = "relationship_flags"
    __table_args__ = (
        Index(
            "uq_relationship_flags_live_pair",
            "tenant_id",
            "author",
            "partner",
            unique=True,
            sqlite_where=text("cleared_at IS NULL"),
            postgresql_where=text("cleared_at IS NULL"),
        ),
        Index("ix_relationship_flags_conversation_id", "conversation_id"),
    )
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    tenant_id: Mapped[int] = _tenant_fk()
    author: Mapped[str] = mapped_column(String(200))
    partner: Mapped[str] = mapped_column(String(200))
    #: the conversation the author was flagged in (its external id is the memory's key)
    conversation_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("conversations.id", ondelete="CASCADE")
    )
    risk: Mapped[float] = mapped_column(Float)
    #: the stages (values) of the signs the author has shown with the partner since the flag:
    #: in that conversation (before and after it) and in the conversations it was carried into
    stages: Mapped[list[str] | None] = mapped_column(Json, nullable=True)
    created_at: Mapped[datetime] = _ts()
    #: set by a dismissal, or when the other side of the pair is flagged first on its own
    #: risk with at least as much evidence
    cleared_at: Mapped[datetime | None] = _ts(nullable=True, default=False)
    #: the console user who dismissed the case (None: cleared through the API, superseded, or
    #: expired after quiet conversations)
    cleared_by: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    #: later conversations it was carried into, in a row, without the author's own risk
    #: renewing it (migration 0008; see guardline.detect.memory)
    quiet: Mapped[int] = mapped_column(Integer, server_default="0")
    #: the platform's id of the last conversation it was carried into
    carried_into: Mapped[str | None] = mapped_column(String(200), nullable=True)
    #: over the pair's conversations since it was first flagged, the sum of the highest own
    #: risk the author (``evidence``) and the partner (``partner_evidence``) reached in each:
    #: the other side's later flag takes the pair only with at least as much (migration 0009)
    evidence: Mapped[float] = mapped_column(Float, server_default="0")
    partner_evidence: Mapped[float] = mapped_column(Float, server_default="0")


class Webhook(Base):
    __tablename__ = "webhooks"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    tenant_id: Mapped[int] = _tenant_fk()
    url: Mapped[str] = mapped_column(String(2000))
    secret: Mapped[str] = mapped_column(String(500))
    events: Mapped[list[Any]] = mapped_column(Json)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = _ts()


class WebhookDelivery(Base):
    """Outbox row: written in the transaction that raised the event, sent by the worker."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (Index("ix_webhook_deliveries_due", "status", "next_attempt_at"),)
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    tenant_id: Mapped[int] = _tenant_fk()
    webhook_id: Mapped[int] = mapped_column(BigId, ForeignKey("webhooks.id", ondelete="CASCADE"))
    event: Mapped[str] = mapped_column(String(40))
    payload: Mapped[str] = mapped_column(Text)  # the exact JSON body that is signed and sent
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    next_attempt_at: Mapped[datetime] = _ts()
    last_status_code: Mapped[int | None] = mapped_column(Integer, nullable=True)
    last_error: Mapped[str | None] = mapped_column(String(500), nullable=True)
    response_ms: Mapped[float | None] = mapped_column(Float, nullable=True)
    created_at: Mapped[datetime] = _ts()
    delivered_at: Mapped[datetime | None] = _ts(nullable=True, default=False)


class Scan(Base):
    """An uploaded archive scanned in the background; the upload is dropped once scanned."""

    __tablename__ = "scans"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    tenant_id: Mapped[int] = _tenant_fk()
    status: Mapped[str] = mapped_column(String(16), default="queued")
    file_name: Mapped[str] = mapped_column(String(500))
    upload: Mapped[bytes | None] = deferred(mapped_column(LargeBinary, nullable=True))
    conversations: Mapped[int] = mapped_column(Integer, default=0)
    messages: Mapped[int] = mapped_column(Integer, default=0)
    alerts: Mapped[int] = mapped_column(Integer, default=0)
    results: Mapped[list[Any] | None] = deferred(mapped_column(Json, nullable=True))
    error: Mapped[str | None] = mapped_column(String(2000), nullable=True)
    #: scored in file order with a memory of the scan's own (migration 0010)
    relationship_memory: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )
    created_at: Mapped[datetime] = _ts()
    started_at: Mapped[datetime | None] = _ts(nullable=True, default=False)
    finished_at: Mapped[datetime | None] = _ts(nullable=True, default=False)


# ---------------------------------------------------------------------------------- console
class User(Base):
    """A console user (moderator, lead, analyst, admin); tenant None = all tenants."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    username: Mapped[str] = mapped_column(String(200), unique=True)
    password_hash: Mapped[str] = mapped_column(String(500))
    role: Mapped[str] = mapped_column(String(16))
    tenant_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("tenants.id", ondelete="CASCADE"), nullable=True
    )
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = _ts()


#: case statuses still being worked: their conversation's messages are never purged
CASE_OPEN_STATES = ("open", "escalated")


class Case(Base):
    __tablename__ = "cases"
    __table_args__ = (Index("ix_cases_tenant_status", "tenant_id", "status"),)
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    tenant_id: Mapped[int] = _tenant_fk()
    conversation_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("conversations.id", ondelete="SET NULL"), nullable=True
    )
    alert_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("alerts.id", ondelete="SET NULL"), nullable=True
    )
    status: Mapped[str] = mapped_column(String(16), default="open")
    platform: Mapped[str | None] = mapped_column(String(100), nullable=True)
    surface: Mapped[str | None] = mapped_column(String(100), nullable=True)
    victim_age_band: Mapped[str] = mapped_column(String(16), default="unknown")
    region: Mapped[str | None] = mapped_column(String(100), nullable=True)
    assignee_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = _ts()
    confirmed_at: Mapped[datetime | None] = _ts(nullable=True, default=False)
    closed_at: Mapped[datetime | None] = _ts(nullable=True, default=False)
    dismiss_reason: Mapped[str | None] = mapped_column(String(500), nullable=True)
    hold: Mapped[bool] = mapped_column(Boolean, default=False)


class CaseEvent(Base):
    __tablename__ = "case_events"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    case_id: Mapped[int] = mapped_column(BigId, ForeignKey("cases.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    kind: Mapped[str] = mapped_column(String(40))
    detail: Mapped[dict[str, Any] | None] = mapped_column(Json, nullable=True)
    created_at: Mapped[datetime] = _ts()


class Note(Base):
    __tablename__ = "notes"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    case_id: Mapped[int] = mapped_column(BigId, ForeignKey("cases.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = _ts()


class AuditLog(Base):
    """Append-only, hash-chained: ``hash`` = sha256(prev_hash + canonical entry)."""

    __tablename__ = "audit_log"
    seq: Mapped[int] = mapped_column(BigId, primary_key=True)
    created_at: Mapped[datetime] = _ts()
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(100))
    object_type: Mapped[str | None] = mapped_column(String(50), nullable=True)
    object_id: Mapped[str | None] = mapped_column(String(200), nullable=True)
    detail: Mapped[dict[str, Any] | None] = mapped_column(Json, nullable=True)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)


# ---------------------------------------------------------------------------------- engines
class StreamState(Base):
    """An evicted conversation's detector state, written by the bounded streaming runner
    (:class:`guardline.engines.stream.DatabaseStateStore`, migration 0003). ``state`` is the
    JSON text of ``Detector.state``; ``namespace`` separates runs sharing one database. It
    belongs to no tenant: the runner works outside the service's tenants."""

    __tablename__ = "stream_states"
    namespace: Mapped[str] = mapped_column(String(100), primary_key=True)
    id: Mapped[str] = mapped_column(String(400), primary_key=True)
    state: Mapped[str] = mapped_column(Text)


# ---------------------------------------------------------------------------------- console
class LoginFailure(Base):
    """One failed (or still running) console login for one rate-limit key: ``key`` is the
    sha256 of ``u:<username>`` or ``ip:<client address>`` (typed usernames are not kept in
    clear). The console's ``LoginLimiter`` counts these rows in a sliding window, so every
    process on the database shares one budget; rows older than the window are pruned
    (migration 0004)."""

    __tablename__ = "login_failures"
    __table_args__ = (
        Index("ix_login_failures_key_at", "key", "at"),
        Index("ix_login_failures_at", "at"),
    )
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    key: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
