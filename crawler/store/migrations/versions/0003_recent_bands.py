"""lsh_recent_bands: the newest band rows, moved into lsh_bands in bulk

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 15:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "lsh_recent_bands",
        sa.Column("bucket", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("indexed_day", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"]),
        sa.PrimaryKeyConstraint("bucket", "article_id"),
        sqlite_with_rowid=False,
    )


def downgrade() -> None:
    op.execute(
        "INSERT INTO lsh_bands (bucket, article_id, indexed_day)"
        " SELECT bucket, article_id, indexed_day FROM lsh_recent_bands"
    )
    op.drop_table("lsh_recent_bands")
