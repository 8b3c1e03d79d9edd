"""source_health and source_outcomes; indexes for the status page and extraction health

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07 20:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

_HAS_COPIES = sa.text("article_count > 1")


def upgrade() -> None:
    op.create_table(
        "source_health",
        sa.Column("source_id", sa.Integer(), sa.ForeignKey("sources.id"), primary_key=True),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "source_outcomes",
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("hour", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("reason", sa.String(40), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("source_id", "hour", "outcome", "reason"),
    )
    op.create_index("ix_frontier_source_fetched", "frontier", ["source_id", "fetched_at"])
    op.create_index("ix_articles_source_id", "articles", ["source", "id"])
    op.create_index("ix_articles_spun_id", "articles", ["is_spun", "id"])
    op.create_index(
        "ix_stories_with_copies",
        "stories",
        ["id"],
        postgresql_where=_HAS_COPIES,
        sqlite_where=_HAS_COPIES,
    )


def downgrade() -> None:
    op.drop_index("ix_stories_with_copies", "stories")
    op.drop_index("ix_articles_spun_id", "articles")
    op.drop_index("ix_articles_source_id", "articles")
    op.drop_index("ix_frontier_source_fetched", "frontier")
    op.drop_table("source_outcomes")
    op.drop_table("source_health")
