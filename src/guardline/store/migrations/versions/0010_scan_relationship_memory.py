"""Archive scans may run with relationship memory.

``POST /v1/scans`` takes ``relationship_memory`` (default: the service's
``GUARDLINE_RELATIONSHIP_MEMORY``): the archive's conversations are then scored in file order
with a memory of their own (as ``guardline scan --relationship-memory``), never the live
``relationship_flags``. The scan row records which way it ran; scans stored before ran
without it (false).

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30 19:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("scans") as batch:
        batch.add_column(
            sa.Column(
                "relationship_memory", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("scans") as batch:
        batch.drop_column("relationship_memory")
