"""articles: an index that holds every column /metrics counts, so a scrape never reads the
article rows (with a million articles it read gigabytes of text to count them)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 21:40:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_articles_story_counts", "articles", ["story_id", "is_spun", "match_kind"]
    )


def downgrade() -> None:
    op.drop_index("ix_articles_story_counts", table_name="articles")
