"""An alert records who took its author's name.

In a two-person chat the alert policy's ``outrank`` rule can move the name to the other
author after an alert was raised (``AuthorAssessment.outranked_by``). The alert row now keeps
that author in ``outranked_by`` while its own author is no longer named, and clears it when
they are named again, so the API, webhooks, the review queue and report exports can say so
without reading the conversation's assessment. Rows stored before are left empty: their
conversation's next message fills it in.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 18:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | Sequence[str] | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("alerts") as batch:
        batch.add_column(sa.Column("outranked_by", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("alerts") as batch:
        batch.drop_column("outranked_by")
