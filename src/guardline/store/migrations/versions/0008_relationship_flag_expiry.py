"""Relationship memory: carried flags expire after quiet conversations.

A flag carried into a later conversation of the pair must be renewed by the author's own
evidence there (their own risk reaching the memory's renew level); ``quiet`` counts the
carried conversations in a row without it, ``carried_into`` names the last one (the
platform's conversation id, so one conversation counts once). Ingest clears a row
(``cleared_at``, no ``cleared_by``) when it would be carried into one more conversation than
``GUARDLINE_RELATIONSHIP_MEMORY_MAX_QUIET`` allows. Existing rows start at 0.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 13:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "relationship_flags"


def upgrade() -> None:
    with op.batch_alter_table(TABLE) as batch:
        batch.add_column(sa.Column("quiet", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("carried_into", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table(TABLE) as batch:
        batch.drop_column("carried_into")
        batch.drop_column("quiet")
