"""frontier: drop the unused content_hash, index the claim query; stories' canonical key

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 12:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

# claim_next reads due URLs (pending, or claimed with an expired lease) in (depth, id) order
# until one's host is free; only those two states are ever read, so only they are indexed.
_CLAIMABLE = sa.text("state IN ('pending', 'claimed')")


def upgrade() -> None:
    # SQLite (3.35+) drops the column in place: recreating the table would trip the foreign
    # keys of fetches and articles, which SQLite checks when the old table is dropped.
    with op.batch_alter_table("frontier", recreate="never") as batch_op:
        batch_op.drop_column("content_hash")
    op.create_index(
        "ix_frontier_claim",
        "frontier",
        ["depth", "id"],
        postgresql_where=_CLAIMABLE,
        sqlite_where=_CLAIMABLE,
    )
    if op.get_bind().dialect.name == "postgresql":
        # 0001 created it on SQLite only (a use_alter key inside create_table).
        op.create_foreign_key(
            "fk_stories_canonical", "stories", "articles", ["canonical_article_id"], ["id"]
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.drop_constraint("fk_stories_canonical", "stories", type_="foreignkey")
    op.drop_index("ix_frontier_claim", table_name="frontier")
    with op.batch_alter_table("frontier") as batch_op:
        batch_op.add_column(sa.Column("content_hash", sa.String(length=64), nullable=True))
