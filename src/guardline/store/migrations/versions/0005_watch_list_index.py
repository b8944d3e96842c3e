"""Watch-list index: conversations of a tenant by alert flag and highest risk reached.

``GET /v1/conversations?alerted=false&min_risk=…`` and ``/console/watch`` list a tenant's
conversations without an alert, highest risk first; without this index that is a scan and a
sort over every open conversation of the tenant.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 02:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEX = "ix_conversations_tenant_alerted_risk"


def upgrade() -> None:
    op.create_index(INDEX, "conversations", ["tenant_id", "alerted", "max_risk"], unique=False)


def downgrade() -> None:
    op.drop_index(INDEX, table_name="conversations")
