"""Relationship memory: authors flagged with a partner, carried into their later conversations.

A grooming relationship runs over many conversations between the same two accounts, and the
later ones often open mid-story. ``relationship_flags`` keeps, per tenant, the first author
flagged on their own risk in a two-person conversation with their partner, with the stages of
the signs they had shown there (``stages``, JSON list); ingest reads the live rows of a
batch's authors so that the Detector scores that author, in a later conversation of the same
two accounts, at no less than the remembered risk. Dismissing the case clears the row
(``cleared_at``, ``cleared_by``), and so does a flag of the other side of the pair (one side
per pair); a partial unique index keeps one live row per (author, partner).
``alerts.prior_conversation`` names the earlier conversation an alert was carried from.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 11:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "relationship_flags"
LIVE = "uq_relationship_flags_live_pair"
BY_CONVERSATION = "ix_relationship_flags_conversation_id"


def _id() -> sa.types.TypeEngine[int]:
    return sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("id", _id(), nullable=False),
        sa.Column("tenant_id", _id(), nullable=False),
        sa.Column("author", sa.String(length=200), nullable=False),
        sa.Column("partner", sa.String(length=200), nullable=False),
        sa.Column("conversation_id", _id(), nullable=False),
        sa.Column("risk", sa.Float(), nullable=False),
        sa.Column(
            "stages",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("cleared_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cleared_by", _id(), nullable=True),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_relationship_flags_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.id"],
            name=op.f("fk_relationship_flags_conversation_id_conversations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["cleared_by"],
            ["users.id"],
            name=op.f("fk_relationship_flags_cleared_by_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_relationship_flags")),
    )
    op.create_index(
        LIVE,
        TABLE,
        ["tenant_id", "author", "partner"],
        unique=True,
        sqlite_where=sa.text("cleared_at IS NULL"),
        postgresql_where=sa.text("cleared_at IS NULL"),
    )
    op.create_index(BY_CONVERSATION, TABLE, ["conversation_id"], unique=False)
    with op.batch_alter_table("alerts") as batch:
        batch.add_column(sa.Column("prior_conversation", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("alerts") as batch:
        batch.drop_column("prior_conversation")
    op.drop_index(BY_CONVERSATION, table_name=TABLE)
    op.drop_index(LIVE, table_name=TABLE)
    op.drop_table(TABLE)
