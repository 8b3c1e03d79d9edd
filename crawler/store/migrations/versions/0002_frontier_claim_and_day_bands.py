"""frontier: drop the unused content_hash, index the claim query; stories' canonical key;
band rows keyed by (bucket, article) with an integer day, and the day on the article

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 12:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from crawler.store.reindex import index_texts

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

# claim_next reads due URLs (pending, or claimed with an expired lease) in (depth, id) order
# until one's host is free; only those two states are ever read, so only they are indexed.
_CLAIMABLE = sa.text("state IN ('pending', 'claimed')")


_ARTICLES = sa.table("articles", sa.column("id"), sa.column("indexed_day"))
# Old band rows' timestamps as days since 1970-01-01 (UTC), per backend.
_DAY_OF = {
    "sqlite": "CAST(julianday(substr(indexed_for, 1, 19)) - 2440587.5 AS INTEGER)",
    "postgresql": "CAST(floor(extract(epoch FROM indexed_for) / 86400) AS INTEGER)",
}


def _band_table() -> None:
    op.create_table(
        "lsh_bands",
        sa.Column("bucket", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("indexed_day", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"]),
        sa.PrimaryKeyConstraint("bucket", "article_id"),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_lsh_bands_day_article", "lsh_bands", ["indexed_day", "article_id"])


def _day_bands() -> None:
    """Band rows keyed by (bucket, article id) with integer days, rebuilt from the texts.

    The signatures changed with the table (fewer bands, 32-bit keys), so old rows could
    never match a new article: every article that was indexed is indexed again, under the
    day its rows had, and the article keeps that day.
    """
    bind = op.get_bind()
    day = _DAY_OF[bind.dialect.name]
    old = f"SELECT article_id, MIN({day}) FROM lsh_bands GROUP BY article_id"
    days: dict[int, int] = {row[0]: row[1] for row in bind.execute(sa.text(old))}
    op.drop_table("lsh_bands")
    _band_table()
    with op.batch_alter_table("articles", recreate="never") as batch_op:
        batch_op.add_column(sa.Column("indexed_day", sa.Integer(), nullable=True))
    if not days:
        return
    index_texts(bind, days)
    bind.execute(
        sa.update(_ARTICLES)
        .where(_ARTICLES.c.id == sa.bindparam("row_id"))
        .values(indexed_day=sa.bindparam("day")),
        [{"row_id": i, "day": day} for i, day in days.items()],
    )


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
    _day_bands()


def downgrade() -> None:
    # Band rows of the old shape cannot be computed any more: the index starts empty.
    op.drop_table("lsh_bands")
    with op.batch_alter_table("articles", recreate="never") as batch_op:
        batch_op.drop_column("indexed_day")
    op.create_table(
        "lsh_bands",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bucket", sa.BigInteger(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("indexed_for", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_lsh_bands_article_id", "lsh_bands", ["article_id"])
    op.create_index("ix_lsh_bands_bucket", "lsh_bands", ["bucket"])
    op.create_index("ix_lsh_bands_indexed_for", "lsh_bands", ["indexed_for"])
    if op.get_bind().dialect.name == "postgresql":
        op.drop_constraint("fk_stories_canonical", "stories", type_="foreignkey")
    op.drop_index("ix_frontier_claim", table_name="frontier")
    with op.batch_alter_table("frontier") as batch_op:
        batch_op.add_column(sa.Column("content_hash", sa.String(length=64), nullable=True))
