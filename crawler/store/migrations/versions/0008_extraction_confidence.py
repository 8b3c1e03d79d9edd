"""articles.extraction_confidence: how much of the page's prose the extracted text holds

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 21:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("articles", sa.Column("extraction_confidence", sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("extraction_confidence")
