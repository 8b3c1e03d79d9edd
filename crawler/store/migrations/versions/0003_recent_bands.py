"""lsh_recent_bands for the newest band rows, moved into lsh_bands in bulk; band rows carry
no foreign key; every indexed article indexed again with signatures that leave out
shingles of nothing but function words

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 15:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from crawler.store.reindex import index_texts

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def _band_table(name: str, *, foreign_key: bool) -> None:
    keys = [sa.ForeignKeyConstraint(["article_id"], ["articles.id"])] if foreign_key else []
    op.create_table(
        name,
        sa.Column("bucket", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("indexed_day", sa.Integer(), nullable=False),
        *keys,
        sa.PrimaryKeyConstraint("bucket", "article_id"),
        sqlite_with_rowid=False,
    )


def _rebuild_bands(*, foreign_key: bool) -> None:
    """lsh_bands anew, every indexed article indexed again from its text under its day."""
    bind = op.get_bind()
    indexed = "SELECT id, indexed_day FROM articles WHERE indexed_day IS NOT NULL"
    days: dict[int, int] = {row[0]: row[1] for row in bind.execute(sa.text(indexed))}
    op.drop_table("lsh_bands")
    _band_table("lsh_bands", foreign_key=foreign_key)
    index_texts(bind, days)
    op.create_index("ix_lsh_bands_day_article", "lsh_bands", ["indexed_day", "article_id"])


def upgrade() -> None:
    # Articles are never deleted; checking every band row against them cost a third of
    # moving recent rows into the index.
    _rebuild_bands(foreign_key=False)
    _band_table("lsh_recent_bands", foreign_key=False)


def downgrade() -> None:
    op.drop_table("lsh_recent_bands")
    _rebuild_bands(foreign_key=True)
