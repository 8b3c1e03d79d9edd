"""articles: when the page says the article last changed, the UTC offsets the page gave for
its dates, section, tags, isAccessibleForFree and the evidence for each metadata field

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 20:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

_COLUMNS = (
    ("updated", lambda: sa.DateTime(timezone=True)),
    ("published_offset", sa.Integer),
    ("updated_offset", sa.Integer),
    ("section", sa.Text),
    ("tags", sa.JSON),
    ("accessible_for_free", sa.Boolean),
    ("metadata_evidence", sa.JSON),
)


def upgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        for name, kind in _COLUMNS:
            batch.add_column(sa.Column(name, kind(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        for name, _kind in reversed(_COLUMNS):
            batch.drop_column(name)
