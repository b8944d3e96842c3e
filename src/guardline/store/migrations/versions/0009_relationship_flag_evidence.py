"""Relationship memory: which side of a pair is kept follows both sides' evidence.

Each live flag adds up, over the pair's conversations since it was first flagged, the highest
own risk the flagged author (``evidence``) and the partner (``partner_evidence``) reached in
each. A later first flag of the other side takes the pair only if that side has at least as
much evidence; before, the side flagged most recently always took it, so a decoy or a child
flagged first once could take the memory from the adult. Existing rows start at 0 (the next
flag of either side takes the pair, as before, until evidence accrues).

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 17:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "relationship_flags"


def upgrade() -> None:
    with op.batch_alter_table(TABLE) as batch:
        batch.add_column(sa.Column("evidence", sa.Float(), nullable=False, server_default="0"))
        batch.add_column(
            sa.Column("partner_evidence", sa.Float(), nullable=False, server_default="0")
        )


def downgrade() -> None:
    with op.batch_alter_table(TABLE) as batch:
        batch.drop_column("partner_evidence")
        batch.drop_column("evidence")
