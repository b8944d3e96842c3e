"""Login failures: the console's login rate limit, counted in the database (``login_failures``).

Before this revision each console process counted failed logins in memory, so N processes
allowed N times the budget. One row per failed (or running) login attempt and key.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "login_failures"


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_failures")),
    )
    op.create_index("ix_login_failures_key_at", TABLE, ["key", "at"], unique=False)
    op.create_index("ix_login_failures_at", TABLE, ["at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_login_failures_at", table_name=TABLE)
    op.drop_index("ix_login_failures_key_at", table_name=TABLE)
    op.drop_table(TABLE)
