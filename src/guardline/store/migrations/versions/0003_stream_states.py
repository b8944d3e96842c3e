"""Stream states: the bounded streaming runner's evicted conversation states (``stream_states``).

Before this revision ``DatabaseStateStore`` made the table itself (``MetaData.create_all``), so
an existing database may already hold it. Such a table is kept with its rows: its columns and
primary key are checked against the expected layout (a different table of that name stops the
upgrade before anything is changed) and its primary key is renamed to the naming convention's
``pk_stream_states``, so it ends exactly as a freshly created one.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "stream_states"
PK_NAME = "pk_stream_states"
COLUMNS = ("namespace", "id", "state")
PK_COLUMNS = ["namespace", "id"]


def upgrade() -> None:
    bind = op.get_bind()
    insp = sa.inspect(bind)
    if not insp.has_table(TABLE):
        op.create_table(
            TABLE,
            sa.Column("namespace", sa.String(length=100), nullable=False),
            sa.Column("id", sa.String(length=400), nullable=False),
            sa.Column("state", sa.Text(), nullable=False),
            sa.PrimaryKeyConstraint("namespace", "id", name=op.f(PK_NAME)),
        )
        return
    # made earlier by DatabaseStateStore's create_all: keep it (and its rows)
    columns = [c["name"] for c in insp.get_columns(TABLE)]
    pk = insp.get_pk_constraint(TABLE)
    if sorted(columns) != sorted(COLUMNS) or pk.get("constrained_columns") != PK_COLUMNS:
        raise RuntimeError(
            f"table {TABLE!r} exists but is not the streaming runner's "
            f"(columns {columns}, primary key {pk.get('constrained_columns')}; expected "
            f"{list(COLUMNS)}, primary key {PK_COLUMNS}): rename or drop it, then upgrade again"
        )
    if pk.get("name") == PK_NAME:
        return
    if bind.dialect.name == "sqlite":
        # SQLite cannot rename a constraint: rebuild the table (rows are copied)
        with op.batch_alter_table(TABLE, recreate="always") as batch_op:
            batch_op.create_primary_key(PK_NAME, PK_COLUMNS)
    elif old_name := pk.get("name"):
        quote = bind.dialect.identifier_preparer.quote
        op.execute(
            f"ALTER TABLE {quote(TABLE)} RENAME CONSTRAINT {quote(old_name)} TO {quote(PK_NAME)}"
        )


def downgrade() -> None:
    op.drop_table(TABLE)
