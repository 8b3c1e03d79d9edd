"""hosts: why a host is backed off (its circuit breaker tripped); frontier: a per-host
claim index, so a claim need not step over held hosts' backlogs

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07 20:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


_CLAIMABLE = sa.text("state IN ('pending', 'claimed')")


def upgrade() -> None:
    with op.batch_alter_table("hosts") as batch:
        batch.add_column(sa.Column("backoff_reason", sa.String(length=300), nullable=True))
    op.create_index(
        "ix_frontier_host_claim",
        "frontier",
        ["host", "depth", "id"],
        postgresql_where=_CLAIMABLE,
        sqlite_where=_CLAIMABLE,
    )


def downgrade() -> None:
    op.drop_index("ix_frontier_host_claim", table_name="frontier")
    with op.batch_alter_table("hosts") as batch:
        batch.drop_column("backoff_reason")
