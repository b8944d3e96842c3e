"""Service settings from environment variables (prefix ``GUARDLINE_``) or a ``.env`` file."""

from __future__ import annotations

from functools import cached_property

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from guardline.detect.context import ContextRules
from guardline.service.schemas import HARD_MAX_TEXT
from guardline.store.db import DEFAULT_URL


class Settings(BaseSettings):
    """Every setting of ``guardline serve``; the README's settings table lists them all."""

    model_config = SettingsConfigDict(
        env_prefix="GUARDLINE_", env_file=".env", extra="ignore", frozen=True
    )

    database_url: str = Field(
        default=DEFAULT_URL, description="SQLAlchemy URL: sqlite:///path.db or postgresql://..."
    )
    auto_migrate: bool = Field(default=True, description="Run `db upgrade` when the service starts")
    host: str = Field(default="127.0.0.1", description="Address `guardline serve` binds")
    port: int = Field(default=8000, description="Port `guardline serve` binds")
    model: str = Field(
        default="default", description="Detector model: default, rules or a model path"
    )
    encryption_key: str | None = Field(
        default=None, description="Fernet key (base64, 32 bytes): message text is encrypted at rest"
    )
    max_batch: int = Field(
        default=1000, ge=1, le=1000, description="Largest batch POST /v1/messages"
    )
    group_commit: int = Field(
        default=64,
        ge=0,
        le=1000,
        description="Requests of at most this many messages that arrive while another is "
        "being written share the next transaction (0: every request has its own)",
    )
    max_message_chars: int = Field(
        default=10_000,
        ge=1,
        le=HARD_MAX_TEXT,  # the request schema's bound: a longer text is refused before this
        description="Longest message text accepted",
    )
    max_body_bytes: int = Field(
        default=16 * 1024 * 1024, ge=1024, description="Largest request body (413 above)"
    )
    max_upload_bytes: int = Field(
        default=64 * 1024 * 1024, ge=1024, description="Largest archive POST /v1/scans accepts"
    )
    retention_days: int = Field(
        default=30,
        ge=1,
        description="Messages of never-alerted conversations are purged after this",
    )
    preserve_days: int = Field(
        default=365, ge=365, description="Alerted conversations are kept at least this long"
    )
    retention_interval_s: float = Field(default=3600, gt=0, description="How often retention runs")
    workers_enabled: bool = Field(
        default=True, description="Run the webhook, scan and retention loops in this process"
    )
    webhook_timeout_s: float = Field(
        default=5.0, gt=0, description="Timeout of one webhook delivery"
    )
    webhook_max_attempts: int = Field(
        default=8, ge=1, description="Deliveries fail after this many"
    )
    webhook_backoff_s: float = Field(
        default=2.0, gt=0, description="First retry delay; doubles each attempt (capped at 1 hour)"
    )
    webhook_poll_s: float = Field(
        default=1.0, gt=0, description="Webhook/scan worker poll interval"
    )
    webhook_allow_private: bool = Field(
        default=False,
        description="Allow webhook URLs on loopback, private, link-local or reserved addresses",
    )
    webhook_ca_bundle: str | None = Field(
        default=None,
        description="PEM file of the CAs webhook receivers' certificates are checked against "
        "(default: the system's public CAs); for receivers behind a private CA",
    )
    state_cache_size: int = Field(
        default=50_000, ge=0, description="Conversations whose detector state is kept in memory"
    )
    context_policy: bool = Field(default=True, description="Apply the participant-context policy")
    context_first_contact_threshold: float = Field(
        default=0.85, ge=0, le=1, description="Alert threshold: adult → minor with no prior contact"
    )
    context_first_contact_k: int = Field(
        default=1, ge=1, description="k of n for adult → minor with no prior contact"
    )
    context_new_account_days: int = Field(
        default=30, ge=0, description="An account this young is new"
    )
    context_new_account_threshold: float = Field(
        default=0.92, ge=0, le=1, description="Alert threshold: new adult account → minor"
    )
    relationship_memory: bool = Field(
        default=True,
        description="Carry a flagged author into later conversations with the same partner "
        "(two-person chats; cleared when a moderator dismisses the case)",
    )
    relationship_memory_days: int = Field(
        default=365,
        ge=1,
        le=36500,
        description="A remembered flag carries into the pair's later conversations for this "
        "many days after it was stored (older flags stay as records but carry nothing)",
    )
    relationship_memory_max_quiet: int = Field(
        default=2,
        ge=0,
        le=1000,
        description="A carried flag expires after this many later conversations in a row in "
        "which the author's own risk stayed under 0.5 (0: never; a flag whose alert a "
        "moderator confirmed or escalated never expires this way)",
    )
    key_cache_s: float = Field(
        default=5.0,
        ge=0,
        description="Seconds a checked API key is trusted before re-checking (revocation delay)",
    )
    workers: int = Field(
        default=1, ge=1, le=64, description="uvicorn worker processes of `guardline serve`"
    )
    log_level: str = Field(default="INFO", description="Log level (JSON logs on stderr)")
    db_pool_size: int = Field(default=10, ge=1, description="Database connection pool size")

    @field_validator("webhook_ca_bundle")
    @classmethod
    def _check_ca_bundle(cls, v: str | None) -> str | None:
        if v in (None, ""):
            return None
        import ssl

        try:
            ssl.create_default_context(cafile=v)
        except (OSError, ssl.SSLError) as exc:
            raise ValueError(
                f"GUARDLINE_WEBHOOK_CA_BUNDLE must be a readable PEM file of CA certificates "
                f"({type(exc).__name__})"
            ) from exc
        return v

    @field_validator("encryption_key")
    @classmethod
    def _check_key(cls, v: str | None) -> str | None:
        if v in (None, ""):
            return None
        from cryptography.fernet import Fernet

        try:
            Fernet(v.encode())
        except (ValueError, TypeError) as exc:
            raise ValueError(
                "GUARDLINE_ENCRYPTION_KEY must be a Fernet key "
                "(python -c 'from cryptography.fernet import Fernet; "
                "print(Fernet.generate_key().decode())')"
            ) from exc
        return v

    @cached_property
    def context_rules(self) -> ContextRules:
        return ContextRules(
            enabled=self.context_policy,
            first_contact_threshold=self.context_first_contact_threshold,
            first_contact_k=self.context_first_contact_k,
            new_account_days=self.context_new_account_days,
            new_account_threshold=self.context_new_account_threshold,
        )
