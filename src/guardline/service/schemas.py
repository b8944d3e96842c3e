"""Request and response bodies of the /v1 API (pydantic; they define the OpenAPI schema)."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    TypeAdapter,
)

MAX_BATCH = 1000
HARD_MAX_TEXT = 100_000  # schema bound; GUARDLINE_MAX_MESSAGE_CHARS (413) is usually lower


def _storable(v: str) -> str:
    """Reject what a database cannot store: NUL characters and lone surrogates."""
    if "\x00" in v:
        raise ValueError("must not contain NUL characters")
    try:
        v.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError("must be valid Unicode (no lone surrogates)") from exc
    return v


def _display_name(v: str | None) -> str | None:
    """A name as people see it: trimmed, not blank, no control or format characters."""
    if v is None:
        return None
    v = _storable(v).strip()
    if not v:
        raise ValueError("must not be blank")
    if any(unicodedata.category(c) in ("Cc", "Cf") for c in v):
        raise ValueError("must not contain control or format characters")
    return v


def _utc(v: datetime | None) -> datetime | None:
    """Store UTC; reject dates that cannot be expressed in UTC."""
    if v is None:
        return None
    try:
        return v.replace(tzinfo=UTC) if v.tzinfo is None else v.astimezone(UTC)
    except OverflowError as exc:
        raise ValueError("date out of range") from exc


_TIME = TypeAdapter(datetime)
#: decimal places of every risk and strength the API and webhooks write
RISK_DIGITS = 6


def api_time(dt: datetime) -> str:
    """``dt`` as the API's JSON writes times (UTC with ``Z``, microseconds when there are
    any: ``2024-05-01T12:00:00.5Z``); webhook bodies use it too. A naive ``dt`` (SQLite
    reads times back naive) is UTC."""
    utc = dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)
    return str(_TIME.dump_python(utc, mode="json"))


def api_risk(risk: float) -> float:
    """A risk as the API and webhooks write it: rounded to ``RISK_DIGITS`` places."""
    return round(float(risk), RISK_DIGITS)


Id = Annotated[
    str,
    StringConstraints(min_length=1, max_length=200, pattern=r"^[^\x00]+$"),
    AfterValidator(_storable),
]
Label = Annotated[
    str, StringConstraints(max_length=100, pattern=r"^[^\x00]*$"), AfterValidator(_storable)
]
Text = Annotated[
    str,
    StringConstraints(max_length=HARD_MAX_TEXT, pattern=r"^[^\x00]*$"),
    AfterValidator(_storable),
]
AgeBandName = Literal["child", "teen", "adult", "unknown"]
#: what a moderator or an admin may set an alert to
AlertDecision = Literal["open", "claimed", "escalated", "confirmed", "dismissed"]
#: ``superseded``: set by the service only, when the alert policy's ``outrank`` rule moved the
#: name of a two-person chat to the other author before anyone took the alert
AlertStatus = Literal["open", "claimed", "escalated", "confirmed", "dismissed", "superseded"]
Event = Literal["alert.created", "alert.updated", "action.requested"]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class MessageIn(_In):
    """One chat message as the platform saw it."""

    message_id: Id = Field(
        description="The platform's message id: the idempotency key, unique per tenant "
        "(not per conversation)"
    )
    conversation_id: Id = Field(description="The platform's conversation id")
    author: Id = Field(description="The platform's account id of the author")
    text: Text
    sent_at: Annotated[datetime | None, AfterValidator(_utc)] = Field(
        default=None,
        description="When the platform saw it; stored, never used to order: messages are "
        "indexed and scored in arrival order",
    )
    platform: Label | None = None
    surface: Label | None = Field(default=None, description="e.g. dm, group, game_chat")


class MessageBatch(_In):
    messages: list[MessageIn] = Field(min_length=1, max_length=MAX_BATCH)


def _message_or_batch(v: Any) -> str | None:
    """The shape of a POST /v1/messages body: a batch has ``messages``, one message has not.
    Validating against that shape alone names only its own errors (a bad message inside a
    batch is not also reported as a single message missing every field)."""
    if isinstance(v, dict):
        return "batch" if "messages" in v else "message"
    if isinstance(v, MessageBatch | MessageIn):
        return "batch" if isinstance(v, MessageBatch) else "message"
    return None


MessagesBody = Annotated[
    Annotated[MessageIn, Tag("message")] | Annotated[MessageBatch, Tag("batch")],
    Discriminator(
        _message_or_batch,
        custom_error_type="body_shape",
        custom_error_message='The body must be a JSON object: one message, or {"messages": '
        "[...]}, sent with Content-Type: application/json",
    ),
]


class MessageResult(BaseModel):
    message_id: str
    conversation_id: str
    status: Literal["accepted", "duplicate"]
    index: int | None = Field(
        default=None,
        description="0-based position in the conversation, in arrival order (null: duplicate)",
    )
    risk: float | None = Field(default=None, description="Conversation risk after this message")
    alert: bool


class IngestResponse(BaseModel):
    accepted: int
    duplicates: int
    alerts_created: int
    results: list[MessageResult]


_CLEARED = "; left out: cleared by the PUT"


class ContactIn(_In):
    participant_id: Id
    had_contact_before: bool | None = Field(
        default=None,
        description="Whether the two accounts were in contact before; left out (null): "
        "unknown, also over an earlier value",
    )


class ParticipantIn(_In):
    """The whole record of an account (its fields are replaced) and contacts to merge."""

    age_band: AgeBandName = Field(default="unknown", description="Left out: `unknown`")
    declared_age: int | None = Field(
        default=None, ge=0, le=130, description="The age the user declared" + _CLEARED
    )
    account_age_days: int | None = Field(
        default=None, ge=0, le=100_000, description="Days since the account was made" + _CLEARED
    )
    #: the name others see and call the account by, when ids are numbers or hashes: lets the
    #: model tell which child an adult singles out in a group chat
    display_name: Annotated[str | None, AfterValidator(_display_name)] = Field(
        default=None,
        min_length=1,
        max_length=200,
        description="The name others see and call the account by" + _CLEARED,
    )
    contacts: list[ContactIn] = Field(
        default_factory=list,
        max_length=1000,
        description="Pair records to create or update (shared with the other account); "
        "contacts not listed are kept",
    )


class ContactOut(BaseModel):
    participant_id: str
    had_contact_before: bool | None


class ParticipantOut(BaseModel):
    id: str
    age_band: AgeBandName
    declared_age: int | None
    account_age_days: int | None
    display_name: str | None = None
    contacts: list[ContactOut]


class SignalOut(BaseModel):
    sign: str
    stage: str
    message_index: int
    author: str
    span: list[int]
    strength: float


class AuthorOut(BaseModel):
    author: str
    risk: float
    flagged: bool
    signs: list[str]
    stages: dict[str, int]
    #: in a group chat, the participant this author's risk is about (the one they single out)
    addressee: str | None = None
    prior: str | None = Field(
        default=None,
        description="An earlier conversation in which this author was flagged with the same "
        "partner (relationship memory): the risk was carried from it",
    )
    prior_stages: list[str] = Field(
        default_factory=list,
        description="The stages of the signs this author showed with the same partner from "
        "that earlier conversation on: the rest of it and the later conversations the flag "
        "was carried into before this one (empty unless `prior` is set)",
    )
    outranked_by: str | None = Field(
        default=None,
        description="In a two-person chat, the flagged author whose rank holds this author's "
        "name back although their risk met the alert policy (the policy's `outrank` rule: one "
        "person grooms the other); null once this author is flagged, and otherwise",
    )


class ConversationOut(BaseModel):
    id: str
    platform: str | None
    surface: str | None
    risk: float
    max_risk: float
    alert: bool
    first_alert_index: int | None
    stage: str | None
    message_count: int
    authors: list[AuthorOut]
    evidence: list[SignalOut]
    policy: dict[str, Any] | None = Field(
        default=None, description="Alert policy applied, with reasons"
    )
    created_at: datetime
    last_message_at: datetime | None


class ConversationSummary(BaseModel):
    id: str
    platform: str | None
    surface: str | None
    max_risk: float
    stage: str | None
    alerted: bool
    message_count: int
    last_message_at: datetime | None


class ConversationPage(BaseModel):
    items: list[ConversationSummary]
    next_cursor: str | None = Field(
        default=None,
        description="Pass as `cursor` (same filters) for the next page; null on the last page",
    )


class AlertOut(BaseModel):
    id: int
    conversation_id: str
    author: str
    risk: float
    stage: str | None
    signs: list[str]
    status: AlertStatus
    assignee_id: int | None
    first_alert_index: int | None
    prior_conversation: str | None = Field(
        default=None,
        description="The earlier conversation in which this author was flagged with the same "
        "partner, when the alert was carried from it (relationship memory)",
    )
    outranked_by: str | None = Field(
        default=None,
        description="While this alert's author is no longer named: the other author of the "
        "two-person chat who took the name (alert policy: outrank). Set with the status "
        "`superseded`, or on an alert a moderator already works on; cleared when this author "
        "is named again",
    )
    created_at: datetime
    updated_at: datetime


class AlertPage(BaseModel):
    items: list[AlertOut]
    next_cursor: str | None = Field(
        description="Pass as `cursor` (same filters) for the next page; null on the last page"
    )


class AlertPatch(_In):
    status: AlertDecision


def _every_event() -> list[Event]:
    """A webhook's events when none are named: every one."""
    return ["alert.created", "alert.updated", "action.requested"]


class WebhookIn(_In):
    url: Annotated[
        str, StringConstraints(min_length=8, max_length=2000, pattern=r"^https?://[^\s\x00]+$")
    ]
    secret: Annotated[
        str, StringConstraints(min_length=16, max_length=500, pattern=r"^[^\x00]+$")
    ] = Field(description="Shared secret for the HMAC-SHA256 signature (min 16 chars)")
    events: list[Event] = Field(
        default_factory=_every_event,
        min_length=1,
    )


class WebhookOut(BaseModel):
    id: int
    url: str
    events: list[str]
    active: bool
    created_at: datetime


class DeliveryOut(BaseModel):
    id: int
    webhook_id: int
    event: str
    status: Literal["pending", "delivered", "failed"]
    attempts: int
    last_status_code: int | None
    last_error: str | None
    response_ms: float | None
    created_at: datetime
    next_attempt_at: datetime
    delivered_at: datetime | None


class ScanOut(BaseModel):
    id: int
    status: Literal["queued", "running", "done", "failed"]
    file_name: str
    relationship_memory: bool = Field(
        description="The archive's conversations are scored in file order with a relationship "
        "memory of the scan's own (an author flagged with a partner is carried into the pair's "
        "later conversations in the file, as `guardline scan --relationship-memory`); the live "
        "relationship flags are neither read nor written"
    )
    conversations: int
    messages: int
    alerts: int
    error: str | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None


class ScanResults(BaseModel):
    id: int
    status: str
    results: list[dict[str, Any]]


class Health(BaseModel):
    status: Literal["ok", "unavailable"]
    checks: dict[str, str] = Field(default_factory=dict)
