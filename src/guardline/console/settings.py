"""Console settings from environment variables (prefix ``GUARDLINE_CONSOLE_``) or ``.env``."""

from __future__ import annotations

from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class ConsoleSettings(BaseSettings):
    """Every console setting; docs/console.md lists them."""

    model_config = SettingsConfigDict(
        env_prefix="GUARDLINE_CONSOLE_", env_file=".env", extra="ignore", frozen=True
    )

    secure_cookies: Literal["auto", "always", "never"] = Field(
        default="auto",
        description="Secure cookie flag: auto = when the request is https "
        "(X-Forwarded-Proto from a trusted proxy counts), always, never",
    )
    session_hours: float = Field(
        default=8.0, gt=0, description="A session ends this long after login"
    )
    idle_minutes: float = Field(
        default=30.0, gt=0, description="…or after this long without a request"
    )
    login_max_failures: int = Field(
        default=5, ge=1, description="Failed logins per username or address before a lockout"
    )
    login_window_s: float = Field(
        default=300.0, gt=0, description="Window (and lockout) of failed logins"
    )
    sla_hours_high: float = Field(
        default=4.0, gt=0, description="Review SLA of alerts with risk ≥ 0.9"
    )
    sla_hours: float = Field(default=24.0, gt=0, description="Review SLA of the other alerts")
    reporter_first_name: str = Field(
        default="Safeguarding", description="Reports: reporter first name"
    )
    reporter_last_name: str = Field(default="Team", description="Reports: reporter last name")
    reporter_email: str = Field(
        default="safeguarding@example.org", description="Reports: reporter email"
    )
    reporter_company: str = Field(
        default="Example Platform", description="Reports: the platform's name"
    )
